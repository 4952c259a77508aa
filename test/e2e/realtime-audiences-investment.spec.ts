import type { Socket } from 'socket.io-client';
import { EVENTS, EVENT_TOPICS, type AnyEvent } from '@qingshui/contracts';
import { connectSocket, decodeJwt, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import { DEMO_INVESTOR_USERS } from '@qingshui/app-investment';
import { api, startPlatform, type Platform } from '../support/platform';

/**
 * Realtime follows REST for investment, checked from outside as realtime-audiences.spec.ts does
 * for the other services: people of every kind hold sockets in every room they may join while
 * the investment service produces every one of its event types (needs, projects, enterprises and
 * a merge, a lead through a stage and an owner change, a follow-up reminder); then each event a
 * socket received is checked against what that person may read over REST.
 */
const OBSERVERS = {
  /** A Beijing enterprise (朝阳) that posts a need for 淅川. */
  investor: 'demo-investor',
  /** The 淅川 enterprise a lead is about (ent-qushou-agri). */
  enterprise: 'demo-enterprise',
  /** A cadre of 淅川: keeps the project library, owns the lead. */
  cadreCounty: 'demo-cadre-county',
  /** A cadre of 朝阳, the paired district. */
  cadreBeijing: 'demo-cadre-beijing',
  admin: 'demo-admin',
  /** A cadre of 西峡, a county nothing here concerns. */
  outsiderCadre: 'ria-cadre-xixia',
  /** An enterprise of 海淀 that has nothing to do with any of it. */
  otherEnterprise: 'ria-ent-haidian',
  expert: 'demo-expert',
} as const;
type Observer = keyof typeof OBSERVERS;
const INVESTMENT_TOPICS = EVENT_TOPICS.filter((t) => t.startsWith('investment.'));
const RUN = Date.now().toString(36);

type Payload = Record<string, unknown>;
interface Received {
  observer: Observer;
  event: string;
  data: { actor?: string; correlationId?: string; causationId?: string; payload?: Payload };
}
const record = (payload: Payload | undefined, key: string) =>
  (payload?.[key] ?? {}) as { id?: string; leadId?: string; history?: { by?: string }[] };

describe('realtime audiences of investment: nobody receives over a socket what they could not read over REST', () => {
  let platform: Platform;
  let url: string;
  const tokens = {} as Record<Observer, string>;
  const userIds = {} as Record<Observer, string>;
  const sockets = {} as Record<Observer, Socket>;
  const received: Received[] = [];

  const call = (who: Observer, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const r = await response;
    if (r.status >= 300) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** Every observer asks to join the room; those who may not read the record are refused. */
  const everyoneJoins = async (room: string) => {
    for (const who of Object.keys(OBSERVERS) as Observer[])
      await sockets[who].timeout(5000).emitWithAck('subscribe', { room });
  };
  const seenInFull = (topic: string) => received.some((r) => r.event === topic && r.data.actor !== undefined);

  beforeAll(async () => {
    await ensureRealmUsers([
      ...DEMO_INVESTOR_USERS,
      { username: OBSERVERS.outsiderCadre, role: 'cadre', org: 'gov-xixia', region: 'xixia' },
      { username: OBSERVERS.otherEnterprise, role: 'enterprise', org: 'ent-ria-haidian', region: 'haidian' },
    ]);
    // A follow-up "day" of 100 ms: a lead's idle reminder fires while the test watches.
    platform = await startPlatform({
      services: ['investment'],
      config: { investment: { followUpDayMs: 100, followUpEscalationDays: 3 } },
    });
    url = platform.gateways[0]!.url;
    for (const [who, username] of Object.entries(OBSERVERS) as [Observer, string][]) {
      tokens[who] = await getToken(username);
      userIds[who] = String(decodeJwt(tokens[who])['sub']);
      const socket = await connectSocket(url, tokens[who]);
      socket.onAny((event: string, data: Received['data']) => received.push({ observer: who, event, data }));
      sockets[who] = socket;
    }
    // Who may own 淅川's leads, and the paired district's coordinator (the assignment part's rosters).
    await ok(
      call('cadreCounty', 'PUT', '/investment/rosters/xichuan', {
        members: [{ userId: userIds.cadreCounty, name: '淅川县投资促进中心 王主任', capacity: 500 }],
      }),
    );
    await ok(
      call('cadreBeijing', 'PUT', '/investment/rosters/chaoyang', {
        members: [
          { userId: userIds.cadreBeijing, name: '朝阳区投资促进局 张处长', capacity: 500, coordinator: true },
        ],
      }),
    );
    for (const room of ['region:xichuan', 'region:chaoyang', 'pair:chaoyang-xichuan'])
      for (const who of ['cadreBeijing', 'admin', 'outsiderCadre', 'otherEnterprise'] as const)
        await sockets[who].timeout(5000).emitWithAck('subscribe', { room });
  }, 180_000);

  afterAll(async () => {
    Object.values(sockets).forEach((s) => s.close());
    await platform?.close();
  }, 60_000);

  it('produces every investment event type while everyone watches', async () => {
    // --- a need of a Beijing enterprise for 淅川: posted, changed, closed ---
    const need = await ok(
      call('investor', 'POST', '/investment/needs', {
        title: `库区污水处理及再生水利用投资 ${RUN}`,
        enterpriseName: '北京清源环保科技有限公司',
        fields: ['water-treatment'],
        amount: { minYuan: 50_000_000, maxYuan: 200_000_000 },
        counties: ['xichuan'],
        timeline: { startBy: '2027-09', years: 25 },
        publicSummary: '拟投资库区县城污水处理提标改造和再生水回用项目。',
        confidentialDetails: '机密：首期自有资金八千万元已获董事会批准。',
      }),
    );
    await everyoneJoins(`need:${need['id'] as string}`);
    await ok(call('investor', 'PATCH', `/investment/needs/${need['id'] as string}`, { landMu: 80 }));
    await ok(
      call('investor', 'POST', `/investment/needs/${need['id'] as string}/close`, { reason: 'withdrawn' }),
    );

    // --- a project of 淅川's library: created, changed ---
    const project = await ok(
      call('cadreCounty', 'POST', '/investment/projects', {
        title: `淅川县丹江湿地生态修复与水质提升项目 ${RUN}`,
        fundingArea: 'water-quality',
        field: 'environmental-protection',
        investmentSought: { minYuan: 80_000_000, maxYuan: 120_000_000 },
        site: '香花镇丹江沿岸',
        description: '建设人工湿地与生态缓冲带，削减入库面源污染负荷。',
      }),
    );
    await everyoneJoins(`project:${project['id'] as string}`);
    await ok(
      call('cadreCounty', 'PATCH', `/investment/projects/${project['id'] as string}`, { landMu: 300 }),
    );

    // --- two records of one enterprise, merged by the admin ---
    const enterprise = async (name: string) =>
      (
        (await ok(call('cadreCounty', 'POST', '/investment/enterprises', { name }))) as {
          enterprise: { id: string };
        }
      ).enterprise.id;
    const survivor = await enterprise(`淅川丹水生态旅游${RUN}有限公司`);
    const duplicate = await enterprise(`丹水生态旅游${RUN}（淅川）有限责任公司`);
    await everyoneJoins(`enterprise:${survivor}`);
    await everyoneJoins(`enterprise:${duplicate}`);
    await ok(
      call('admin', 'POST', `/investment/enterprises/${survivor}/merge`, {
        duplicateId: duplicate,
        reason: '重复录入',
      }),
    );

    // --- a lead of 淅川's enterprise: opened, assigned, handed to the paired district's cadre ---
    const lead = await ok(
      call('cadreCounty', 'POST', '/investment/leads', {
        title: `淅川县丹江口库区光伏农业一体化项目 ${RUN}`,
        enterprise: {
          enterpriseId: `ent-ria-${RUN}`,
          name: '淅川县渠首农业有限公司',
          orgId: 'ent-qushou-agri',
        },
        county: 'xichuan',
        field: 'solar',
        ownerId: userIds.cadreCounty,
      }),
    );
    const leadId = lead['id'] as string;
    await everyoneJoins(`lead:${leadId}`);
    await ok(
      call('cadreCounty', 'POST', `/investment/leads/${leadId}/move`, {
        to: 'assigned',
        values: { estimatedAmountYuan: 120_000_000 },
      }),
    );
    // The owner's idle reminder (14 "days" of 100 ms at this stage) fires while it stays put.
    await waitFor(() => seenInFull('investment.lead.reminder.v1'), 'the idle reminder', 30_000);
    await ok(
      call('cadreCounty', 'POST', `/investment/leads/${leadId}/owner`, {
        ownerId: userIds.cadreBeijing,
        reason: '改由朝阳区对口协作办跟进',
      }),
    );
    await waitFor(() => INVESTMENT_TOPICS.every(seenInFull), 'every investment event type', 30_000);
  }, 180_000);

  // What each person may read over REST, asked once per path.
  const reads = new Map<string, Promise<{ status: number; body: Record<string, unknown> }>>();
  const read = (who: Observer, path: string) => {
    const key = `${who} ${path}`;
    if (!reads.has(key))
      reads.set(
        key,
        call(who, 'GET', path).then((r) => ({ status: r.status, body: r.body })),
      );
    return reads.get(key)!;
  };
  /** The path of the record an event is about. */
  const pathOf = (topic: string, payload: Payload | undefined): string => {
    if (topic.startsWith('investment.need.')) return `/investment/needs/${record(payload, 'need').id!}`;
    if (topic.startsWith('investment.project.'))
      return `/investment/projects/${record(payload, 'project').id!}`;
    if (topic.startsWith('investment.enterprise.'))
      return `/investment/enterprises/${record(payload, 'enterprise').id!}`;
    if (topic === 'investment.lead.reminder.v1')
      return `/investment/leads/${record(payload, 'reminder').leadId!}`;
    return `/investment/leads/${record(payload, 'lead').id!}`;
  };

  /** May this person read, over REST, everything the full event says? */
  async function entitledToFull(
    who: Observer,
    topic: string,
    payload: Payload | undefined,
  ): Promise<boolean> {
    const path = pathOf(topic, payload);
    if (topic.startsWith('investment.need.'))
      return (await read(who, path)).body['canSeeConfidential'] === true;
    // Who changed a project is for the cadres of its county and pair (and admins).
    if (topic.startsWith('investment.project.'))
      return (
        ((await read(who, path)).body['history'] as { by?: string }[] | undefined)?.[0]?.by !== undefined
      );
    if (topic === 'investment.lead.reminder.v1') {
      const reminders = (await read(who, '/investment/reminders/mine?pageSize=100')).body['items'] ?? [];
      const id = record(payload, 'reminder').id;
      const heldNow = (reminders as { id: string }[]).some((r) => r.id === id);
      // A reminder the owner was sent stays theirs to read in the lead's follow-ups.
      return heldNow || (await read(who, `${path}/follow-ups`)).status === 200;
    }
    return (await read(who, path)).status === 200;
  }

  it('gives the full event only to people entitled to all of it, over REST', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      if (!event.startsWith('investment.') || !EVENTS.has(event) || data.actor === undefined) continue;
      if (!(await entitledToFull(observer, event, data.payload)))
        wrong.push(`${observer} got ${event} in full (actor ${data.actor})`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives everyone else the declared public view: no actor, no correlation, no other field', () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      const contract: AnyEvent | undefined = EVENTS.get(event);
      if (!event.startsWith('investment.') || !contract || data.actor !== undefined) continue;
      if (data.correlationId !== undefined || data.causationId !== undefined)
        wrong.push(`${observer} got ${event} with correlation ids`);
      if (!contract.publicView.schema.safeParse(data.payload).success)
        wrong.push(
          `${observer} got ${event} with fields beyond its public view: ${Object.keys(data.payload ?? {})}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  it('sends nobody an event about a record they may not read', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      if (!event.startsWith('investment.') || !EVENTS.has(event)) continue;
      if ((await read(observer, pathOf(event, data.payload))).status !== 200)
        wrong.push(`${observer} got ${event}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('delivers every investment event type in full to someone it concerns', () => {
    expect(INVESTMENT_TOPICS.length).toBeGreaterThan(0);
    expect(INVESTMENT_TOPICS.filter((t) => !seenInFull(t))).toEqual([]);
  });

  it('keeps a need’s confidential details and a lead from people they do not concern', () => {
    const got = (who: Observer, prefix: string) =>
      received.filter((r) => r.observer === who && r.event.startsWith(prefix));
    // The stranger cadre and enterprise, and the expert: no need in full, no lead at all.
    for (const who of ['outsiderCadre', 'otherEnterprise', 'expert'] as const) {
      expect(got(who, 'investment.need.').filter((r) => r.data.actor !== undefined)).toEqual([]);
      expect(got(who, 'investment.need.').some((r) => JSON.stringify(r.data).includes('机密'))).toBe(false);
      expect(got(who, 'investment.lead.')).toEqual([]);
    }
    // The lead's enterprise hears its lead; the need's poster hears its need in full.
    expect(got('enterprise', 'investment.lead.opened.v1').length).toBeGreaterThan(0);
    expect(got('investor', 'investment.need.posted.v1').some((r) => r.data.actor !== undefined)).toBe(true);
  });
});
