import { ExpertsService } from '@qingshui/app-talent';
import type { Socket } from 'socket.io-client';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  connectSocket,
  DEMO_EXPERT_PROFILES,
  emitWithAck,
  getToken,
  infraEnv,
  waitFor,
  waitForSocketEvent,
} from '@qingshui/testing';
import type {
  ApplicationEventPayload,
  ChallengeEventPayload,
  ChallengeView,
  Envelope,
} from '@qingshui/contracts';
import { api, startPlatform, type Platform } from '../support/platform';

type ChallengeEvent = Envelope<ChallengeEventPayload>;
type ApplicationEvent = Envelope<ApplicationEventPayload>;

const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();

const pomegranate = () => ({
  title: '软籽石榴病虫害绿色防控',
  publicSummary:
    '淅川县软籽石榴基地近两年干腐病、桃蛀螟危害加重，寻求不依赖高毒农药的绿色防控方案，兼顾库区水质保护。',
  confidentialDetails:
    '基地位于上集镇，面积1200亩；附近三年病害发生数据、现用药清单及检测报告见附件，仅限接受保密条款者阅读。',
  field: 'agriculture',
  requiredSkills: ['病虫害防治', '生物防治', '面源污染治理'],
  county: 'xichuan',
  reward: { amountYuan: 300000, budgetNote: '分两期支付，验收后付尾款' },
  deadline: inSeconds(3600),
  terms: { ip: 'shared', confidentiality: true, note: '成果由企业与专家团队共享' },
});

const nonPointPollution = (deadline: string) => ({
  title: '丹江口库区面源污染治理',
  publicSummary: '淅川县环库区农田退水总氮、总磷偏高，征集生态沟渠与湿地拦截的综合治理方案。',
  confidentialDetails: '涉及12个入库支流断面的月度监测数据。',
  field: 'ecology-water',
  requiredSkills: ['面源污染治理', '人工湿地'],
  county: 'xichuan',
  deadline,
  terms: { ip: 'negotiable', confidentiality: false },
});

describe('challenge list (揭榜挂帅) through gateway, Kafka, talent service, BullMQ and Socket.IO', () => {
  let platform: Platform;
  let url: string;
  let queue: Queue;
  let redis: Redis;
  const sockets: Socket[] = [];
  const t: Record<string, string> = {};
  const expertIds: Record<string, string> = {};

  beforeAll(async () => {
    platform = await startPlatform({ gateways: 1 });
    url = platform.gateways[0]!.url;
    for (const [key, user] of Object.entries({
      enterprise: 'demo-enterprise',
      expert: 'demo-expert',
      expert2: 'demo-expert2',
      cadreCounty: 'demo-cadre-county',
      cadreBeijing: 'demo-cadre-beijing',
      admin: 'demo-admin',
    })) {
      t[key] = await getToken(user);
    }
    for (const key of ['expert', 'expert2'] as const) {
      const user = key === 'expert' ? 'demo-expert' : 'demo-expert2';
      const created = await api(url, 'POST', '/api/v1/experts', {
        token: t[key],
        body: DEMO_EXPERT_PROFILES[user],
      });
      expect(created.status).toBe(201);
      expertIds[key] = created.body.id;
    }
    redis = new Redis(infraEnv().redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(platform.talentQueue, { connection: redis });
  }, 120_000);

  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await queue?.obliterate({ force: true }).catch(() => undefined);
    await queue?.close();
    redis?.disconnect();
    await platform?.close();
  }, 60_000);

  const socket = async (token: string) => {
    const s = await connectSocket(url, token);
    sockets.push(s);
    return s;
  };
  const post = (path: string, token: string, body?: unknown) =>
    api(url, 'POST', `/api/v1/challenges${path}`, { token, ...(body !== undefined ? { body } : {}) });
  const get = (path: string, token: string) => api(url, 'GET', `/api/v1/challenges${path}`, { token });

  let challenge: ChallengeView;

  describe('posting', () => {
    it('lets the enterprise post a draft for its organisation', async () => {
      const created = await post('', t.enterprise!, pomegranate());
      expect(created.status).toBe(201);
      challenge = created.body;
      expect(challenge).toMatchObject({
        status: 'draft',
        county: 'xichuan',
        pairedDistrict: 'chaoyang',
        poster: { kind: 'enterprise', orgId: 'ent-qushou-agri' },
        canManage: true,
        canSeeConfidential: true,
        version: 1,
      });
      expect(challenge.history).toEqual([expect.objectContaining({ from: null, to: 'draft' })]);
      expect(created.headers.get('location')).toBe(`/api/v1/challenges/${challenge.id}`);
    });

    it('lets a county cadre post for their own county only, and no Beijing cadre or expert', async () => {
      const own = await post('', t.cadreCounty!, nonPointPollution(inSeconds(3600)));
      expect(own.status).toBe(201);
      expect(own.body.poster).toMatchObject({ kind: 'county', orgId: 'gov-xichuan' });

      const otherCounty = await post('', t.cadreCounty!, {
        ...nonPointPollution(inSeconds(3600)),
        county: 'yunyang',
      });
      expect(otherCounty.status).toBe(403);
      const beijing = await post('', t.cadreBeijing!, nonPointPollution(inSeconds(3600)));
      expect(beijing.status).toBe(403);
      expect(beijing.body.code).toBe('FORBIDDEN');
      expect((await post('', t.expert!, pomegranate())).status).toBe(403);
    });

    it('answers 400 naming the fields for a past deadline or an unknown county', async () => {
      const bad = await post('', t.enterprise!, {
        ...pomegranate(),
        deadline: inSeconds(-60),
        county: 'atlantis',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['deadline', 'county']),
      );
    });
  });

  describe('drafts and the lifecycle rights', () => {
    it('keeps a draft from experts but shows it to the paired Beijing cadre and admin', async () => {
      expect((await get(`/${challenge.id}`, t.expert!)).status).toBe(404);
      const listed = await get('?status=draft', t.expert!);
      expect(listed.body.items.map((c: ChallengeView) => c.id)).not.toContain(challenge.id);
      const s = await socket(t.expert!);
      expect(await emitWithAck(s, 'subscribe', { room: `challenge:${challenge.id}` })).toMatchObject({
        ok: false,
        code: 'NOT_FOUND',
      });
      for (const token of [t.cadreBeijing!, t.cadreCounty!, t.admin!]) {
        expect((await get(`/${challenge.id}`, token)).status).toBe(200);
      }
      const forEnterprise = await get('?status=draft&county=xichuan', t.enterprise!);
      expect(forEnterprise.body.items.map((c: ChallengeView) => c.id)).toContain(challenge.id);
    });

    it('refuses to publish for cadres who do not manage an enterprise’s challenge (403)', async () => {
      expect((await post(`/${challenge.id}/publish`, t.cadreBeijing!)).status).toBe(403);
      expect((await post(`/${challenge.id}/publish`, t.cadreCounty!)).status).toBe(403);
    });

    it('publishes for the poster, records who and when, and schedules the deadline job', async () => {
      const published = await post(`/${challenge.id}/publish`, t.enterprise!);
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('published');
      expect(published.body.history.at(-1)).toMatchObject({ from: 'draft', to: 'published' });
      const job = await queue.getJob(`deadline-${challenge.id}`);
      expect(job).toBeDefined();
      expect(await job!.isDelayed()).toBe(true);
      expect((await post(`/${challenge.id}/publish`, t.enterprise!)).status).toBe(409);
      challenge = published.body;
    });
  });

  describe('confidential details', () => {
    it('shows them to the poster organisation, county and paired cadres and admin only', async () => {
      for (const token of [t.enterprise!, t.cadreCounty!, t.cadreBeijing!, t.admin!]) {
        const seen = await get(`/${challenge.id}`, token);
        expect(seen.status).toBe(200);
        expect(seen.body.canSeeConfidential).toBe(true);
        expect(seen.body.confidentialDetails).toContain('上集镇');
      }
      const expert = await get(`/${challenge.id}`, t.expert!);
      expect(expert.status).toBe(200);
      expect(expert.body.canSeeConfidential).toBe(false);
      expect(expert.body).not.toHaveProperty('confidentialDetails');
      expect(expert.body.publicSummary).toContain('软籽石榴');
      const list = await get('?county=xichuan&field=agriculture', t.expert!);
      const item = list.body.items.find((c: ChallengeView) => c.id === challenge.id);
      expect(item).toBeDefined();
      expect(item).not.toHaveProperty('confidentialDetails');
    });

    it('shows them to an expert once they accept the terms, and tells the challenge room', async () => {
      const watcher = await socket(t.expert2!);
      expect(await emitWithAck(watcher, 'subscribe', { room: `challenge:${challenge.id}` })).toEqual({
        ok: true,
      });
      const seen = waitForSocketEvent<ChallengeEvent>(
        watcher,
        'talent.challenge.terms-accepted.v1',
        (e) => e.key === challenge.id,
      );
      const accepted = await post(`/${challenge.id}/terms/accept`, t.expert!);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ termsAccepted: true, canSeeConfidential: true });
      expect(accepted.body.confidentialDetails).toContain('上集镇');
      const event = await seen;
      expect(event.payload.challenge).not.toHaveProperty('confidentialDetails');
      expect((await post(`/${challenge.id}/terms/accept`, t.expert!)).status).toBe(200);
      expect((await get(`/${challenge.id}`, t.expert2!)).body.canSeeConfidential).toBe(false);
    });
  });

  describe('applications (揭榜)', () => {
    let applicationId: string;

    it('requires the confidentiality terms before applying', async () => {
      const refused = await post(`/${challenge.id}/applications`, t.expert2!, {
        proposal: '以远程会诊经验协助建立病害监测与预警的数字化流程，配合基层农技人员培训。',
      });
      expect(refused.status).toBe(403);
    });

    it('takes a team application led by an expert and tells the team member', async () => {
      const member = await socket(t.expert2!);
      const toMember = waitForSocketEvent<ApplicationEvent>(
        member,
        'talent.application.submitted.v1',
        (e) => e.key === challenge.id,
      );
      const applied = await post(`/${challenge.id}/applications`, t.expert!, {
        proposal:
          '采用性诱剂+天敌释放+生物农药的绿色防控组合，配套生态沟渠拦截径流，三年内化学农药用量下降60%。',
        teamExpertIds: [expertIds.expert2],
      });
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({
        status: 'submitted',
        leaderExpertId: expertIds.expert,
        expertIds: [expertIds.expert, expertIds.expert2],
      });
      applicationId = applied.body.id;
      const event = await toMember;
      expect(event.payload.application.id).toBe(applicationId);
      expect(event.payload.application).not.toHaveProperty('proposal');
    });

    it('allows one application per expert, as leader or team member (409)', async () => {
      const again = await post(`/${challenge.id}/applications`, t.expert!, {
        proposal: '再次提交一个不同的方案，应当被拒绝。',
      });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('DUPLICATE');
      expect((await post(`/${challenge.id}/terms/accept`, t.expert2!)).status).toBe(200);
      const member = await post(`/${challenge.id}/applications`, t.expert2!, {
        proposal: '团队成员单独揭榜，应当被拒绝，因为已在团队申请中。',
      });
      expect(member.status).toBe(409);
      expect(member.body.code).toBe('DUPLICATE');
      expect((await get(`/${challenge.id}`, t.admin!)).body.applicationCount).toBe(1);
    });

    it('shows all applications to the poster side and an expert their own', async () => {
      const poster = await get(`/${challenge.id}/applications`, t.enterprise!);
      expect(poster.body.items).toHaveLength(1);
      expect(poster.body.items[0].proposal).toContain('性诱剂');
      expect((await get(`/${challenge.id}/applications`, t.expert2!)).body.items).toHaveLength(1);
      expect((await get(`/${challenge.id}/applications`, t.cadreBeijing!)).body.items).toHaveLength(0);
    });

    it('lets only the poster side shortlist, and awards only once closed', async () => {
      expect(
        (await post(`/${challenge.id}/applications/${applicationId}/shortlist`, t.cadreBeijing!)).status,
      ).toBe(403);
      const shortlisted = await post(
        `/${challenge.id}/applications/${applicationId}/shortlist`,
        t.enterprise!,
      );
      expect(shortlisted.status).toBe(200);
      expect(shortlisted.body.status).toBe('shortlisted');
      expect((await post(`/${challenge.id}/award`, t.enterprise!, { applicationId })).status).toBe(409);
    });

    it('closes on the poster’s word; then no application and no second close', async () => {
      const closed = await post(`/${challenge.id}/close`, t.enterprise!);
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      expect(await queue.getJob(`deadline-${challenge.id}`)).toBeUndefined();
      const late = await post(`/${challenge.id}/applications`, t.expert2!, {
        proposal: '截止后提交的方案，应当被拒绝。',
      });
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('CONFLICT');
      expect((await post(`/${challenge.id}/close`, t.enterprise!)).status).toBe(409);
    });

    it('awards, then the team delivers and the poster completes; each step recorded and pushed', async () => {
      const leader = await socket(t.expert!);
      const awardedEvent = waitForSocketEvent<ApplicationEvent>(
        leader,
        'talent.application.awarded.v1',
        (e) => e.payload.application.id === applicationId,
      );
      const awarded = await post(`/${challenge.id}/award`, t.enterprise!, { applicationId });
      expect(awarded.status).toBe(200);
      expect(awarded.body).toMatchObject({ status: 'awarded', awardedApplicationId: applicationId });
      expect((await awardedEvent).payload.application.status).toBe('awarded');

      expect((await post(`/${challenge.id}/complete`, t.expert!)).status).toBe(403);
      expect((await post(`/${challenge.id}/deliver`, t.cadreBeijing!)).status).toBe(403);
      const delivered = await post(`/${challenge.id}/deliver`, t.expert2!);
      expect(delivered.status).toBe(200);
      expect(
        (await post(`/${challenge.id}/cancel`, t.enterprise!, { reason: '已交付，不能取消' })).status,
      ).toBe(409);
      const completed = await post(`/${challenge.id}/complete`, t.enterprise!);
      expect(completed.status).toBe(200);
      expect(completed.body.history.map((h: { to: string }) => h.to)).toEqual([
        'draft',
        'published',
        'closed',
        'awarded',
        'delivered',
        'completed',
      ]);
      expect(completed.body.history[4]).toMatchObject({ from: 'awarded', to: 'delivered' });
      expect(completed.body.history[4].by).not.toBe(completed.body.history[5].by);

      // The platform counts the solved challenge in each awarded expert's track record.
      for (const key of ['expert', 'expert2'] as const) {
        const solved = async () =>
          (await api(url, 'GET', `/api/v1/experts/${expertIds[key]}`, { token: t.admin! })).body.engagements
            .challengesSolved as number;
        await waitFor(async () => (await solved()) === 1, `${key}'s track record`);
      }
      // A redelivered completion counts nothing twice.
      await platform
        .talent!.app.get(ExpertsService)
        .creditSolvedChallenge(expertIds.expert!, challenge.id, 'replayed');
      const again = await api(url, 'GET', `/api/v1/experts/${expertIds.expert}`, { token: t.admin! });
      expect(again.body.engagements.challengesSolved).toBe(1);
    });
  });

  describe('concurrent applications', () => {
    it('lets exactly one of two simultaneous applications by the same expert through', async () => {
      const created = await post('', t.cadreCounty!, nonPointPollution(inSeconds(3600)));
      const id = created.body.id as string;
      expect((await post(`/${id}/publish`, t.cadreCounty!)).status).toBe(200);
      const proposal = (n: number) =>
        `生态沟渠+人工湿地组合拦截方案（第${n}稿），分三年实施，逐月监测总氮总磷。`;
      const results = await Promise.all([
        post(`/${id}/applications`, t.expert!, { proposal: proposal(1) }),
        post(`/${id}/applications`, t.expert!, { proposal: proposal(2) }),
        post(`/${id}/applications`, t.expert2!, { proposal: proposal(3), teamExpertIds: [expertIds.expert] }),
      ]);
      expect(results.map((r) => r.status).filter((s) => s === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(2);
      const all = await get(`/${id}/applications`, t.cadreCounty!);
      expect(all.body.items).toHaveLength(1);
      expect((await post(`/${id}/cancel`, t.cadreCounty!, { reason: '测试结束，撤回榜单' })).status).toBe(
        200,
      );
    });
  });

  describe('the deadline job', () => {
    it('closes applications by itself at the deadline and pushes talent.challenge.closed.v1', async () => {
      const county = await socket(t.cadreCounty!);
      const created = await post('', t.cadreCounty!, nonPointPollution(inSeconds(6)));
      expect(created.status).toBe(201);
      const id = created.body.id as string;
      const closedEvent = waitForSocketEvent<ChallengeEvent>(
        county,
        'talent.challenge.closed.v1',
        (e) => e.key === id,
        20_000,
      );
      expect((await post(`/${id}/publish`, t.cadreCounty!)).status).toBe(200);
      expect(await queue.getJob(`deadline-${id}`)).toBeDefined();

      const event = await closedEvent;
      expect(event.actor).toBe('system:deadline');
      expect(event.payload.transition).toMatchObject({
        from: 'published',
        to: 'closed',
        by: 'system:deadline',
      });
      const read = await get(`/${id}`, t.expert!);
      expect(read.body.status).toBe('closed');
      const late = await post(`/${id}/applications`, t.expert!, { proposal: '截止时间已过，提交应当失败。' });
      expect(late.status).toBe(409);
      await waitFor(
        async () => (await queue.getJob(`deadline-${id}`)) === undefined,
        'the finished job removed',
      );
    }, 30_000);

    it('moves the job with the deadline, and removes it when the challenge is cancelled', async () => {
      const created = await post('', t.cadreCounty!, nonPointPollution(inSeconds(3600)));
      const id = created.body.id as string;
      expect((await post(`/${id}/publish`, t.cadreCounty!)).status).toBe(200);
      const first = await queue.getJob(`deadline-${id}`);
      const later = inSeconds(7200);
      const moved = await api(url, 'PATCH', `/api/v1/challenges/${id}`, {
        token: t.cadreCounty,
        body: { deadline: later },
        headers: { 'if-match': '"2"' },
      });
      expect(moved.status).toBe(200);
      expect(moved.body.deadline).toBe(later);
      const second = await queue.getJob(`deadline-${id}`);
      expect(second!.timestamp + second!.delay - (first!.timestamp + first!.delay)).toBeGreaterThan(
        3_500_000,
      );

      expect(
        (
          await api(url, 'PATCH', `/api/v1/challenges/${id}`, {
            token: t.cadreCounty,
            body: { terms: { ip: 'poster', confidentiality: true } },
          })
        ).status,
      ).toBe(409);
      expect((await post(`/${id}/cancel`, t.cadreCounty!, {})).status).toBe(400);
      expect((await post(`/${id}/cancel`, t.cadreBeijing!, { reason: '资金未落实' })).status).toBe(403);
      const cancelled = await post(`/${id}/cancel`, t.cadreCounty!, { reason: '资金未落实，暂缓征集' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.history.at(-1)).toMatchObject({
        to: 'cancelled',
        reason: '资金未落实，暂缓征集',
      });
      expect(await queue.getJob(`deadline-${id}`)).toBeUndefined();
    });
  });
});
