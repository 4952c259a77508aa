import type { Socket } from 'socket.io-client';
import { EVENTS, EVENT_TOPICS, type AnyEvent } from '@qingshui/contracts';
import { connectSocket, decodeJwt, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

/**
 * Realtime follows REST for the exchange service, as realtime-audiences-investment.spec.ts checks
 * it for investment: people of every kind hold sockets in every room they may join while the
 * platform produces every `exchange.` event type (a posting's life, a cadre profile, a nomination
 * through both sides and the office, the quota figures, then the tenure and the inbox those feed);
 * then each delivery is checked against what that person reads over REST.
 */
const OBSERVERS = {
  /** A cadre of 淅川: the receiving side of the posting. */
  cadreCounty: 'demo-cadre-county',
  /** A cadre of 朝阳: the sending side. */
  cadreBeijing: 'demo-cadre-beijing',
  admin: 'demo-admin',
  /** A cadre of 西峡, a pair nothing here concerns. */
  outsiderCadre: 'rae-cadre-xixia',
  /** An enterprise of 淅川: in the county's region room, reads no posting. */
  enterprise: 'demo-enterprise',
  expert: 'demo-expert',
} as const;
type Observer = keyof typeof OBSERVERS;
// Coordinated at run time: every exchange topic declared, the tracking and inbox parts' too.
const EXCHANGE_TOPICS = EVENT_TOPICS.filter((t) => t.startsWith('exchange.'));
const RUN = Date.now().toString(36);
/**
 * A tracking "day" of 100 ms: the posting's 200 days end 20 s after the confirmation, its deadlines
 * come before that. The clock runs from the confirmation, not from when the tenure is filed, so a
 * shorter day (2 ms ended the tenure 0.4 s later) lets a slow hand-over to tracking find the end
 * already passed and plan no deadline at all.
 */
const TRACKING_DAY_MS = 100;

type Payload = Record<string, unknown>;
interface Received {
  observer: Observer;
  event: string;
  data: { actor?: string; correlationId?: string; causationId?: string; payload?: Payload };
}
const field = (payload: Payload | undefined, key: string) =>
  (payload?.[key] ?? {}) as Record<string, unknown>;

describe('realtime audiences of exchange: nobody receives over a socket what they could not read over REST', () => {
  let platform: Platform;
  let url: string;
  const tokens = {} as Record<Observer, string>;
  const userIds = {} as Record<Observer, string>;
  const sockets = {} as Record<Observer, Socket>;
  const received: Received[] = [];
  let year = 0;

  const call = (who: Observer, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, { token: tokens[who], ...(body !== undefined ? { body } : {}) });
  const ok = async (response: Promise<{ status: number; body: Record<string, unknown> }>) => {
    const r = await response;
    if (r.status >= 300) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const everyoneJoins = async (room: string) => {
    for (const who of Object.keys(OBSERVERS) as Observer[])
      await sockets[who].timeout(5000).emitWithAck('subscribe', { room });
  };
  const seenInFull = (topic: string) => received.some((r) => r.event === topic && r.data.actor !== undefined);

  beforeAll(async () => {
    await ensureRealmUsers([
      { username: OBSERVERS.outsiderCadre, role: 'cadre', org: 'gov-xixia', region: 'xixia' },
    ]);
    platform = await startPlatform({
      services: ['exchange'],
      config: { exchange: { trackingDayMs: TRACKING_DAY_MS } },
    });
    url = platform.gateways[0]!.url;
    for (const [who, username] of Object.entries(OBSERVERS) as [Observer, string][]) {
      tokens[who] = await getToken(username);
      userIds[who] = String(decodeJwt(tokens[who])['sub']);
      const socket = await connectSocket(url, tokens[who]);
      socket.onAny((event: string, data: Received['data']) => received.push({ observer: who, event, data }));
      sockets[who] = socket;
    }
    for (const room of ['region:xichuan', 'region:chaoyang', 'pair:chaoyang-xichuan'])
      for (const who of Object.keys(OBSERVERS) as Observer[])
        await sockets[who].timeout(5000).emitWithAck('subscribe', { room });
  }, 180_000);

  afterAll(async () => {
    Object.values(sockets).forEach((s) => s.close());
    await platform?.close();
  }, 60_000);

  it('produces every exchange event type while everyone watches', async () => {
    // Starting now, so that the tenure's deadlines come within the test's (accelerated) time.
    const start = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const end = new Date(Date.now() + 200 * 86_400_000).toISOString().slice(0, 10);
    year = Number(start.slice(0, 4));
    await ok(call('admin', 'PUT', `/exchange/quotas/${year}/to-county`, { total: 24 }));
    // --- a posting of 淅川 for a cadre of 朝阳: a draft, edited, opened ---
    const posting = await ok(
      call('cadreCounty', 'POST', '/exchange/postings', {
        title: `淅川县人民政府副县长（挂职）${RUN}`,
        unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
        pairId: 'chaoyang-xichuan',
        direction: 'to-county',
        kind: 'secondment',
        startDate: start,
        endDate: end,
        level: 'division',
        requirements: '熟悉对口协作政策。',
        places: 1,
      }),
    );
    const postingId = posting['id'] as string;
    await everyoneJoins(`posting:${postingId}`);
    await ok(
      call('cadreCounty', 'PATCH', `/exchange/postings/${postingId}`, {
        requirements: '熟悉对口协作和产业招商。',
      }),
    );
    await ok(call('cadreCounty', 'POST', `/exchange/postings/${postingId}/open`));
    await everyoneJoins(`posting:${postingId}`);
    // --- a cadre of 朝阳, nominated, released, accepted, confirmed ---
    const profile = await ok(
      call('cadreBeijing', 'POST', '/exchange/cadres', {
        name: '张卫东',
        unit: { id: 'gov-chaoyang', name: '朝阳区人民政府', region: 'chaoyang' },
        position: '朝阳区发展和改革委员会副主任',
        level: 'division',
        fields: ['产业招商'],
      }),
    );
    await everyoneJoins(`cadre:${profile['id'] as string}`);
    const nomination = await ok(
      call('cadreBeijing', 'POST', `/exchange/postings/${postingId}/nominations`, {
        profileId: profile['id'],
        rank: 1,
        statement: '该同志长期从事对口协作工作，熟悉库区情况。',
      }),
    );
    const nominationId = nomination['id'] as string;
    await ok(call('cadreBeijing', 'POST', `/exchange/nominations/${nominationId}/release`));
    await ok(call('cadreCounty', 'POST', `/exchange/nominations/${nominationId}/accept`));
    await ok(call('admin', 'POST', `/exchange/nominations/${nominationId}/confirm`));
    // --- the tenure the confirmation opens (tracking part), its arrival; the inbox (inbox part) ---
    if (EXCHANGE_TOPICS.includes('exchange.tenure.changed.v1' as never)) {
      await waitFor(
        async () => (await call('cadreCounty', 'GET', `/exchange/tenures/${nominationId}`)).status === 200,
        'the tenure of the confirmed placement',
        30_000,
      );
      await everyoneJoins(`tenure:${nominationId}`);
      // Arrived today in China (the service's calendar): the posting starts tomorrow, which at
      // some hours of the day is still the future there.
      const chinaToday = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      await ok(
        call('cadreCounty', 'POST', `/exchange/tenures/${nominationId}/arrival`, { date: chinaToday }),
      );
    }
    if (EXCHANGE_TOPICS.includes('exchange.inbox.read.v1' as never)) {
      await waitFor(
        async () =>
          ((await call('cadreCounty', 'GET', '/exchange/inbox')).body['items'] as unknown[]).length > 0,
        'an inbox item of the receiving side',
        30_000,
      );
      const first = (
        (await call('cadreCounty', 'GET', '/exchange/inbox')).body['items'] as { id: string }[]
      )[0]!;
      await ok(call('cadreCounty', 'POST', `/exchange/inbox/${first.id}/read`));
    }
    await waitFor(() => EXCHANGE_TOPICS.every(seenInFull), 'every exchange event type', 90_000).catch(
      () => undefined,
    );
  }, 240_000);

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
    if (topic.startsWith('exchange.posting.'))
      return `/exchange/postings/${field(payload, 'posting')['id'] as string}`;
    if (topic.startsWith('exchange.cadre.'))
      return `/exchange/cadres/${field(payload, 'profile')['id'] as string}`;
    if (topic === 'exchange.placement.confirmed.v1')
      return `/exchange/nominations/${field(payload, 'placement')['id'] as string}`;
    if (topic.startsWith('exchange.nomination.') || topic.startsWith('exchange.placement.'))
      return `/exchange/nominations/${field(payload, 'nomination')['id'] as string}`;
    if (topic === 'exchange.quota.changed.v1')
      return `/exchange/quotas?year=${field(payload, 'quota')['year'] as number}`;
    if (topic === 'exchange.tenure.changed.v1')
      return `/exchange/tenures/${field(payload, 'tenure')['id'] as string}`;
    if (topic === 'exchange.tenure.deadline.v1')
      return `/exchange/tenures/${payload?.['tenureId'] as string}`;
    return '/exchange/inbox?pageSize=100';
  };

  async function entitledToFull(
    who: Observer,
    topic: string,
    payload: Payload | undefined,
  ): Promise<boolean> {
    const path = pathOf(topic, payload);
    if (topic === 'exchange.inbox.delivered.v1') {
      const items = ((await read(who, path)).body['items'] ?? []) as { id: string }[];
      return items.some((i) => i.id === field(payload, 'item')['id']);
    }
    if (topic === 'exchange.inbox.read.v1') return payload?.['userId'] === userIds[who];
    return (await read(who, path)).status === 200;
  }

  it('gives the full event only to people entitled to all of it, over REST', async () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      if (!event.startsWith('exchange.') || !EVENTS.has(event) || data.actor === undefined) continue;
      if (!(await entitledToFull(observer, event, data.payload)))
        wrong.push(`${observer} got ${event} in full (actor ${data.actor})`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('gives everyone else the declared public view: no actor, no correlation, no other field', () => {
    const wrong: string[] = [];
    for (const { observer, event, data } of received) {
      const contract: AnyEvent | undefined = EVENTS.get(event);
      if (!event.startsWith('exchange.') || !contract || data.actor !== undefined) continue;
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
      if (!event.startsWith('exchange.') || !EVENTS.has(event)) continue;
      if (event.startsWith('exchange.inbox.')) continue; // checked item by item above
      if ((await read(observer, pathOf(event, data.payload))).status !== 200)
        wrong.push(`${observer} got ${event}`);
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('delivers every exchange event type in full to someone it concerns', () => {
    expect(EXCHANGE_TOPICS.length).toBeGreaterThan(0);
    expect(EXCHANGE_TOPICS.filter((t) => !seenInFull(t))).toEqual([]);
  });

  it('keeps profiles, nominations and postings from people they do not concern', () => {
    const got = (who: Observer, prefix: string) =>
      received.filter((r) => r.observer === who && r.event.startsWith(prefix));
    for (const who of ['outsiderCadre', 'enterprise', 'expert'] as const) {
      for (const prefix of [
        'exchange.posting.',
        'exchange.cadre.',
        'exchange.nomination.',
        'exchange.placement.',
      ])
        expect(got(who, prefix)).toEqual([]);
      expect(received.some((r) => r.observer === who && JSON.stringify(r.data).includes('张卫东'))).toBe(
        false,
      );
    }
    // Both sides see the approvals change in place, in full.
    for (const who of ['cadreCounty', 'cadreBeijing'] as const)
      expect(got(who, 'exchange.placement.agreed.v1').some((r) => r.data.actor !== undefined)).toBe(true);
    // The sending side never heard of the draft in full.
    expect(
      got('cadreBeijing', 'exchange.posting.created.v1').filter((r) => r.data.actor !== undefined),
    ).toEqual([]);
  });
});
