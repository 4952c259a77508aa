import { ensureRealmUsers, getToken } from '@qingshui/testing';
import { DEMO_EXCHANGE_USERS, seedDemoExchange } from '@qingshui/app-exchange';
import { api, startPlatform, type Platform } from '../support/platform';

// Postings (挂职岗位) through the gateway and the exchange service: who posts and reads, bad input,
// the lifecycle, If-Match with a 409 that names who saved the newer version, and the list.

const RUN = Date.now().toString(36);
export const postingBody = (over: object = {}) => ({
  title: `淅川县发展和改革委员会副主任（挂职）${RUN}`,
  unit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  startDate: '2031-03-01',
  endDate: '2033-02-28',
  level: 'deputy-division',
  requirements: '熟悉产业招商和项目管理，有基层工作经历。',
  places: 2,
  ...over,
});

describe('exchange postings (挂职岗位)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'xichuan' | 'chaoyang' | 'xixia' | 'expert' | 'admin', string>;
  const call = (
    token: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) =>
    api(url, method, `/api/v1${path}`, {
      token,
      ...(body !== undefined ? { body } : {}),
      ...(headers ? { headers } : {}),
    });

  beforeAll(async () => {
    await ensureRealmUsers([
      ...DEMO_EXCHANGE_USERS,
      { username: 'ex-cadre-xixia', role: 'cadre', org: 'gov-xixia', region: 'xixia' },
    ]);
    platform = await startPlatform({ services: ['exchange'] });
    url = platform.gateways[0]!.url;
    t.xichuan = await getToken('demo-cadre-county');
    t.chaoyang = await getToken('demo-cadre-beijing');
    t.xixia = await getToken('ex-cadre-xixia');
    t.expert = await getToken('demo-expert');
    t.admin = await getToken('demo-admin');
  }, 180_000);
  afterAll(async () => platform?.close(), 60_000);

  it('lets the receiving side post a draft, which only it and admins read until it opens', async () => {
    const created = await call(t.xichuan, 'POST', '/exchange/postings', postingBody());
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({ status: 'draft', year: 2031, placed: 0, sendingRegion: 'chaoyang' });
    const id = created.body.id as string;
    expect((await call(t.chaoyang, 'GET', `/exchange/postings/${id}`)).status).toBe(404);
    expect((await call(t.admin, 'GET', `/exchange/postings/${id}`)).status).toBe(200);
    const opened = await call(t.xichuan, 'POST', `/exchange/postings/${id}/open`, undefined, {
      'if-match': '"1"',
    });
    expect(opened.body).toMatchObject({ status: 'open', version: 2 });
    expect((await call(t.chaoyang, 'GET', `/exchange/postings/${id}`)).status).toBe(200);
    // Other pairs' cadres, experts: never.
    expect((await call(t.xixia, 'GET', `/exchange/postings/${id}`)).status).toBe(404);
    expect((await call(t.expert, 'GET', `/exchange/postings/${id}`)).status).toBe(404);
    const list = await call(t.chaoyang, 'GET', '/exchange/postings?year=2031');
    expect(list.body.items.map((p: { id: string }) => p.id)).toContain(id);
    expect((await call(t.xixia, 'GET', '/exchange/postings?year=2031')).body.items).toEqual([]);
    expect((await call(t.expert, 'GET', '/exchange/postings')).status).toBe(403);
  });

  it('refuses bad input, naming the fields, and the wrong people', async () => {
    const bad = await call(
      t.xichuan,
      'POST',
      '/exchange/postings',
      postingBody({ places: 0, endDate: '2030-01-01', pairId: 'nowhere' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual([
      'endDate',
      'pairId',
      'places',
    ]);
    const wrongUnit = await call(
      t.xichuan,
      'POST',
      '/exchange/postings',
      postingBody({ unit: { id: 'gov-xixia', name: '西峡县人民政府', region: 'xixia' } }),
    );
    expect(wrongUnit.status).toBe(400);
    expect(wrongUnit.body.fields[0].field).toBe('unit.region');
    // The sending side does not post the receiving side's positions.
    expect((await call(t.chaoyang, 'POST', '/exchange/postings', postingBody())).status).toBe(403);
    expect((await call(t.expert, 'POST', '/exchange/postings', postingBody())).status).toBe(403);
    // The other direction: 朝阳 receives a cadre of 淅川.
    const toBeijing = await call(
      t.chaoyang,
      'POST',
      '/exchange/postings',
      postingBody({
        direction: 'to-beijing',
        unit: { id: 'gov-chaoyang-swj', name: '朝阳区商务局', region: 'chaoyang' },
        title: `朝阳区商务局挂职干部 ${RUN}`,
      }),
    );
    expect(toBeijing.status).toBe(201);
    expect(toBeijing.body.sendingRegion).toBe('xichuan');
  });

  it('keeps If-Match: a stale save is a 409 that says who saved the newer version and when', async () => {
    const { body: p } = await call(
      t.xichuan,
      'POST',
      '/exchange/postings',
      postingBody({ title: `淅川县文广旅局副局长 ${RUN}` }),
    );
    const first = await call(
      t.xichuan,
      'PATCH',
      `/exchange/postings/${p.id}`,
      { places: 3 },
      { 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    expect(first.body.history.at(-1)).toMatchObject({ action: 'updated', fields: ['places'] });
    const stale = await call(
      t.admin,
      'PATCH',
      `/exchange/postings/${p.id}`,
      { requirements: '新的要求' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const fields = Object.fromEntries(
      stale.body.fields.map((f: { field: string; message: string }) => [f.field, f.message]),
    );
    expect(fields['version']).toBe('2');
    expect(fields['updatedAt']).toBe(first.body.updatedAt);
    expect(fields['updatedBy']).toBeTruthy();
    // Nothing changed.
    expect((await call(t.xichuan, 'GET', `/exchange/postings/${p.id}`)).body.requirements).not.toBe(
      '新的要求',
    );
    expect((await call(t.chaoyang, 'PATCH', `/exchange/postings/${p.id}`, { places: 1 })).status).toBe(404);
  });

  it('moves through its lifecycle only as allowed; a cancel needs a reason', async () => {
    const { body: p } = await call(
      t.xichuan,
      'POST',
      '/exchange/postings',
      postingBody({ title: `淅川县卫健委挂职 ${RUN}` }),
    );
    expect((await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/complete`)).status).toBe(409);
    expect((await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/start`)).status).toBe(409);
    expect((await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/cancel`, {})).status).toBe(400);
    const cancelled = await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/cancel`, {
      reason: '机构调整，岗位取消',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '机构调整，岗位取消' });
    expect((await call(t.xichuan, 'PATCH', `/exchange/postings/${p.id}`, { places: 1 })).status).toBe(409);
    expect((await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/open`)).status).toBe(409);
  });

  it('seeds the demo through the API, matching the quotas, and again without change', async () => {
    const options = { gateway: url, tokenOf: getToken };
    const first = await seedDemoExchange(options);
    expect(first.postings).toBeGreaterThan(60);
    const board = await call(t.xichuan, 'GET', '/exchange/quotas?year=2025');
    expect(board.body.directions.map((d: { used: number; total: number }) => [d.used, d.total])).toEqual([
      [24, 24],
      [40, 40],
    ]);
    const again = await seedDemoExchange(options);
    expect(again).toMatchObject({ postings: 0, existing: first.postings, placements: 0, nominations: 0 });
    const mine = await call(t.xichuan, 'GET', '/exchange/postings?year=2027&status=open');
    expect(mine.body.total).toBeGreaterThan(0);
    const nominations = await call(
      t.xichuan,
      'GET',
      `/exchange/postings/${mine.body.items[0].id}/nominations`,
    );
    expect(new Set(nominations.body.items.map((n: { status: string }) => n.status)).size).toBeGreaterThan(1);
  }, 600_000);
});
