import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Producer } from 'kafkajs';
import { createEnvelope, eventContract, type EventTopic, type PlacementSnapshot } from '@qingshui/contracts';
import { createKafka, outboxEntry, scoped, scopedQueue, toKafkaMessage } from '@qingshui/messaging';
import { connectSocket, ensureRealmUsers, getToken, infraEnv, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Tracking and the rotation plan (issue #12, item 5) through the gateway, Kafka and the exchange
// service on FerretDB and Redis. Confirmed placements are produced on
// exchange.placement.confirmed.v1 as the placements part writes them (its snapshot), so this suite
// does not depend on postings or nominations: one tenure per placement whatever the repeats; steps
// with who and when, every refusal changing nothing; deadline jobs that move with a date and never
// fire for a completed tenure; the rotation plan's gaps.

/** A tracking "day" in this suite: a year passes in about 7 s. */
const DAY_MS = 20;
const RUN = Date.now().toString(36);
const CONFIRMED = 'exchange.placement.confirmed.v1';
const OUTSIDER = {
  username: 'et-cadre-haidian',
  role: 'cadre' as const,
  org: 'gov-haidian',
  region: 'haidian',
};
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
/** China's calendar day, `days` from today. */
const day = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const XICHUAN = { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' };
const CHAOYANG = { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' };

function placement(n: string, extra: Partial<PlacementSnapshot> = {}): PlacementSnapshot {
  return {
    id: `et-${RUN}-${n}`,
    postingId: `et-po-${RUN}-${n}`,
    postingTitle: `淅川县发展和改革委员会副主任（挂职）${n}`,
    pairId: 'chaoyang-xichuan',
    direction: 'to-county',
    kind: 'secondment',
    year: Number(day().slice(0, 4)),
    receivingUnit: XICHUAN,
    sendingUnit: CHAOYANG,
    cadre: { profileId: `et-cp-${RUN}-${n}`, name: '李明远' },
    startDate: day(),
    endDate: day(365),
    confirmedAt: new Date().toISOString(),
    version: 1,
    ...extra,
  };
}

describe('exchange tracking: tenures, deadlines and the rotation plan', () => {
  let platform: Platform;
  let url: string;
  let producer: Producer;
  let queue: Queue;
  let redis: Redis;
  const t = {} as Record<'county' | 'district' | 'admin' | 'expert' | 'outsider', string>;
  const call = (
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}), headers });
  const confirm = async (
    p: PlacementSnapshot,
    envelope = createEnvelope({ type: CONFIRMED, key: p.id, actor: 'u-office', payload: { placement: p } }),
  ) => {
    await producer.send({
      topic: scoped(platform.environment, CONFIRMED),
      messages: [toKafkaMessage(outboxEntry(CONFIRMED as EventTopic, envelope))],
    });
    return envelope;
  };
  const tenure = (id: string, token = t.county) => call(token, 'GET', `/exchange/tenures/${id}`);
  const opened = (id: string) =>
    waitFor(
      async () => {
        const r = await tenure(id, t.admin);
        return r.status === 200 ? r.body : undefined;
      },
      `tenure ${id}`,
      30_000,
    );
  const jobIds = async (id: string) =>
    (await queue.getJobs(['delayed', 'waiting', 'active']))
      .map((j) => j.id ?? '')
      .filter((j) => j.includes(id));

  beforeAll(async () => {
    if (!eventContract(CONFIRMED))
      throw new Error(`${CONFIRMED} is not declared (the placements part declares it): nothing to produce`);
    platform = await startPlatform({
      services: ['exchange'],
      config: { exchange: { trackingDayMs: DAY_MS } },
    });
    url = platform.gateways[0]!.url;
    const config = platform.configs['exchange'] as unknown as { kafka: Parameters<typeof createKafka>[0] };
    producer = createKafka({ ...config.kafka, clientId: `tracking-test-${RUN}` }).producer({
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    redis = new Redis(infraEnv().redisUrl, { maxRetriesPerRequest: null });
    queue = new Queue(scopedQueue(platform.environment, 'exchange-tenures'), { connection: redis });
    await ensureRealmUsers([OUTSIDER]);
    t.county = await getToken('demo-cadre-county');
    t.district = await getToken('demo-cadre-beijing');
    t.admin = await getToken('demo-admin');
    t.expert = await getToken('demo-expert');
    t.outsider = await getToken(OUTSIDER.username);
  }, 180_000);

  afterAll(async () => {
    await queue?.close();
    redis?.disconnect();
    await producer?.disconnect();
    await platform?.close();
  });

  it('opens one tenure per confirmed placement, whatever the repeats, read only by those entitled', async () => {
    const p = placement('open', { endDate: day(6000) });
    const first = await confirm(p);
    await confirm(p, first); // redelivered
    await confirm(p); // the same snapshot under another event id
    const view = await opened(p.id);
    await sleep(1500);
    const settled = await tenure(p.id);
    expect(settled.status).toBe(200);
    expect(settled.headers.get('etag')).toBe(`"${settled.body.version}"`);
    expect(settled.body).toMatchObject({
      id: p.id,
      state: 'awaiting-arrival',
      receivingUnit: XICHUAN,
      sendingUnit: CHAOYANG,
      version: view.version,
      can: { arrive: true, review: false },
    });
    expect(settled.body.steps.map((s: { kind: string }) => s.kind)).toEqual(['opened']);
    expect(settled.body.deadlines.map((d: { kind: string; state: string }) => [d.kind, d.state])).toEqual([
      ['review-due', 'upcoming'],
      ['end-approaching', 'upcoming'],
    ]);
    expect((await tenure(p.id, t.district)).body.can.arrive).toBe(false);
    for (const token of [t.outsider, t.expert]) expect((await tenure(p.id, token)).status).toBe(404);
    expect((await tenure(`et-${RUN}-ghost`)).status).toBe(404);
    expect((await tenure('bad id!')).status).toBe(400);
  }, 60_000);

  it('records arrival, review and completion with who and when; every refusal is clear and changes nothing', async () => {
    const p = placement('steps', { endDate: day(6000) });
    await confirm(p);
    const start = await opened(p.id);
    const path = `/exchange/tenures/${p.id}`;
    const refusals: [string, string, unknown, number, string, string?][] = [
      [t.outsider, 'arrival', { date: day() }, 404, 'NOT_FOUND'],
      [t.expert, 'arrival', { date: day() }, 403, 'FORBIDDEN'],
      [t.district, 'arrival', { date: day() }, 403, 'FORBIDDEN'],
      [t.county, 'review', { date: day(), note: '表现良好' }, 409, 'CONFLICT'],
      [t.county, 'arrival', { date: day(2) }, 400, 'VALIDATION_FAILED', 'date'],
      [t.county, 'arrival', { date: '2027-13-45' }, 400, 'VALIDATION_FAILED', 'date'],
      [t.county, 'arrival', { date: day(), extra: 1 }, 400, 'VALIDATION_FAILED', 'extra'],
      [t.county, 'completion', { date: day(), report: '短' }, 400, 'VALIDATION_FAILED', 'report'],
      [t.county, 'end-date', { endDate: day(-1), reason: '调整' }, 400, 'VALIDATION_FAILED', 'endDate'],
    ];
    for (const [token, step, body, status, code, field] of refusals) {
      const refused = await call(token, 'POST', `${path}/${step}`, body);
      expect([step, refused.status, refused.body.code]).toEqual([step, status, code]);
      if (field) expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain(field);
    }
    const stale = await call(
      t.county,
      'POST',
      `${path}/arrival`,
      { date: day() },
      { 'if-match': `"${start.version + 5}"` },
    );
    expect([stale.status, stale.body.code]).toEqual([409, 'STALE_VERSION']);
    expect((await tenure(p.id)).body.version).toBe(start.version);

    const arrived = await call(
      t.county,
      'POST',
      `${path}/arrival`,
      { date: day(), note: '已到淅川县发改委报到' },
      {
        'if-match': `"${start.version}"`,
      },
    );
    expect(arrived.status).toBe(200);
    expect(arrived.headers.get('etag')).toBe(`"${start.version + 1}"`);
    expect(arrived.body).toMatchObject({ state: 'on-post', arrivalDate: day() });
    expect(arrived.body.steps.at(-1)).toMatchObject({ kind: 'arrival', by: { userId: subOf(t.county) } });
    expect((await call(t.county, 'POST', `${path}/arrival`, { date: day() })).status).toBe(409);
    expect(
      (
        await call(t.county, 'POST', `${path}/completion`, {
          date: day(),
          report: '挂职期间完成软籽石榴产业规划编制。',
        })
      ).body.code,
    ).toBe('CONFLICT');
    const reviewed = await call(t.admin, 'POST', `${path}/review`, { date: day(), note: '中期考核：优秀' });
    expect(reviewed.body).toMatchObject({ reviewedOn: day() });
    expect(reviewed.body.deadlines.filter((d: { kind: string }) => d.kind === 'review-due')).toEqual([]);
    const done = await call(t.county, 'POST', `${path}/completion`, {
      date: day(),
      report: '挂职期间牵头完成淅川县软籽石榴产业园规划，协调朝阳区企业投资 1.2 亿元。',
    });
    expect(done.body).toMatchObject({ state: 'completed', returnedOn: day(), deadlines: [] });
    expect(
      done.body.steps.map((s: { kind: string; by: { userId: string } }) => [s.kind, s.by.userId]),
    ).toEqual([
      ['opened', 'u-office'],
      ['arrival', subOf(t.county)],
      ['review', subOf(t.admin)],
      ['completion', subOf(t.county)],
    ]);
    expect(
      (await call(t.county, 'POST', `${path}/early-return`, { date: day(), reason: '家中有事' })).status,
    ).toBe(409);
    expect(
      (await call(t.county, 'POST', `${path}/end-date`, { endDate: day(30), reason: '延期' })).status,
    ).toBe(409);
    expect(await jobIds(p.id)).toEqual([]);

    // The sending unit may recall its cadre (an early return); the receiving unit too.
    const q = placement('recall', { endDate: day(6000) });
    await confirm(q);
    await opened(q.id);
    await call(t.county, 'POST', `/exchange/tenures/${q.id}/arrival`, { date: day() });
    const back = await call(t.district, 'POST', `/exchange/tenures/${q.id}/early-return`, {
      date: day(),
      reason: '因工作需要召回',
    });
    expect(back.body).toMatchObject({ state: 'returned-early', returnedOn: day() });
  }, 60_000);

  it('moves the deadline jobs with a date change and never fires them for a completed tenure', async () => {
    const county = await connectSocket(url, t.county);
    const district = await connectSocket(url, t.district);
    const heard: { who: string; tenureId: string; kind: string; dueDate: string }[] = [];
    for (const [who, socket] of [
      ['county', county],
      ['district', district],
    ] as const)
      socket.on(
        'exchange.tenure.deadline.v1',
        (e: { payload: { tenureId: string; kind: string; dueDate: string } }) =>
          heard.push({ who, tenureId: e.payload.tenureId, kind: e.payload.kind, dueDate: e.payload.dueDate }),
      );
    try {
      const moved = placement('moved', { endDate: day(365) });
      const done = placement('done', { endDate: day(365) });
      await Promise.all([confirm(moved), confirm(done)]);
      const before = await opened(moved.id);
      await opened(done.id);
      const oldDates = before.deadlines.map((d: { dueDate: string }) => d.dueDate) as string[];
      const oldJobs = await jobIds(moved.id);
      expect(oldJobs.sort()).toEqual(
        [
          `exc-tn-${moved.id}-end-approaching-${oldDates[1]}`,
          `exc-tn-${moved.id}-review-due-${oldDates[0]}`,
        ].sort(),
      );
      // The end moves a year later: both deadlines move (the review is at the new midpoint).
      const changed = await call(t.county, 'POST', `/exchange/tenures/${moved.id}/end-date`, {
        endDate: day(730),
        reason: '经双方协商延长挂职一年',
      });
      expect(changed.status).toBe(200);
      const newDates = changed.body.deadlines.map((d: { dueDate: string }) => d.dueDate) as string[];
      expect(newDates).toEqual([day(365), day(700)]);
      const nowJobs = await jobIds(moved.id);
      for (const id of oldJobs) expect(nowJobs).not.toContain(id);
      expect(nowJobs.length).toBe(2);
      // The other tenure ends before any deadline: its jobs go with it.
      const path = `/exchange/tenures/${done.id}`;
      await call(t.county, 'POST', `${path}/arrival`, { date: day() });
      await call(t.county, 'POST', `${path}/review`, { date: day(), note: '中期考核合格' });
      await call(t.county, 'POST', `${path}/completion`, {
        date: day(),
        report: '短期内完成对口协作调研任务并返回。',
      });
      expect(await jobIds(done.id)).toEqual([]);

      const fired = await waitFor(
        async () => {
          const v = (await tenure(moved.id)).body;
          return v.deadlines.every((d: { state: string }) => d.state === 'fired') ? v : undefined;
        },
        'both moved deadlines fired',
        40_000,
      );
      expect(fired.deadlines.map((d: { dueDate: string }) => d.dueDate)).toEqual(newDates);
      await sleep(1500);
      const mine = heard.filter((h) => [moved.id, done.id].includes(h.tenureId));
      // Only the receiving unit hears them, once each, at the new dates; none for the completed tenure.
      expect(mine.filter((h) => h.who === 'district')).toEqual([]);
      expect(mine.map((h) => [h.tenureId, h.kind, h.dueDate])).toEqual([
        [moved.id, 'review-due', newDates[0]],
        [moved.id, 'end-approaching', newDates[1]],
      ]);
      expect((await tenure(done.id)).body.deadlines).toEqual([]);
    } finally {
      county.close();
      district.close();
    }
  }, 90_000);

  it('plans rotations by month with the gaps a unit will have, for the pair’s cadres and admins', async () => {
    const xixia = { id: 'gov-xixia', name: '西峡县人民政府', region: 'xixia' };
    const xixiaAgri = { id: 'gov-xixia-nyj', name: '西峡县农业农村局', region: 'xixia' };
    const shunyi = { id: 'gov-shunyi', name: '北京市顺义区人民政府', region: 'shunyi' };
    const base = { pairId: 'shunyi-xixia', confirmedAt: new Date().toISOString() };
    const to = { ...base, receivingUnit: xixia, sendingUnit: shunyi };
    const rows = [
      placement('r1', { ...to, startDate: '2031-01-01', endDate: '2031-06-30' }),
      placement('r2', { ...to, startDate: '2031-07-10', endDate: '2032-07-09' }),
      placement('r3', { ...to, receivingUnit: xixiaAgri, startDate: '2031-03-01', endDate: '2031-09-30' }),
      placement('r4', {
        ...base,
        direction: 'to-beijing',
        receivingUnit: shunyi,
        sendingUnit: xixia,
        startDate: '2031-04-01',
        endDate: '2032-03-31',
      }),
      placement('r5', {
        ...base,
        direction: 'to-beijing',
        receivingUnit: shunyi,
        sendingUnit: xixia,
        startDate: '2032-06-01',
        endDate: '2033-05-31',
      }),
    ];
    for (const p of rows) await confirm(p);
    const plan = await waitFor(
      async () => {
        const r = await call(t.admin, 'GET', '/exchange/rotation?pairId=shunyi-xixia&from=2031-01&months=18');
        return r.status === 200 && r.body.units.flatMap((u: { bars: unknown[] }) => u.bars).length === 5
          ? r.body
          : undefined;
      },
      'the pair’s rotation plan',
      30_000,
    );
    expect(plan.months).toHaveLength(18);
    // County units first (by name, in Chinese order), then the district's.
    const units = plan.units.map((u: { unit: { id: string }; side: string }) => [u.unit.id, u.side]);
    expect(units.map((u: string[]) => u[1])).toEqual(['county', 'county', 'beijing']);
    expect(units.map((u: string[]) => u[0]).sort()).toEqual(['gov-shunyi', 'gov-xixia', 'gov-xixia-nyj']);
    // 西峡县政府: r2 follows r1 within the grace, no gap; 农业农村局: r3 returns with no successor;
    // 顺义区: r4 returns 2032-03-31 and r5 starts only 2032-06-01.
    expect(
      plan.gaps.map((g: { unitId: string; from: string; until?: string }) => [g.unitId, g.from, g.until]),
    ).toEqual([
      ['gov-xixia-nyj', '2031-09-30', undefined],
      ['gov-shunyi', '2032-03-31', '2032-06-01'],
    ]);
    const june2031 = plan.byMonth.find((m: { month: string }) => m.month === '2031-06');
    expect(june2031.returning.map((r: { tenureId: string }) => r.tenureId)).toEqual([rows[0]!.id]);
    expect(june2031.gapUnitIds).toEqual([]);
    const april2032 = plan.byMonth.find((m: { month: string }) => m.month === '2032-04');
    expect(april2032.gapUnitIds.sort()).toEqual(['gov-shunyi', 'gov-xixia-nyj']);

    expect((await call(t.county, 'GET', '/exchange/rotation?pairId=shunyi-xixia')).status).toBe(403);
    expect((await call(t.expert, 'GET', '/exchange/rotation?pairId=chaoyang-xichuan')).status).toBe(403);
    expect((await call(t.county, 'GET', '/exchange/rotation?pairId=chaoyang-xichuan')).status).toBe(200);
    for (const query of [
      'pairId=atlantis-nowhere',
      'pairId=shunyi-xixia&months=0',
      'pairId=shunyi-xixia&from=2031-13',
      'months=3',
    ]) {
      const refused = await call(t.admin, 'GET', `/exchange/rotation?${query}`);
      expect([query, refused.status, refused.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
  }, 60_000);
});
