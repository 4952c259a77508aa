import { ensureRealmUsers, getToken } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Cadre profiles and nominations through the gateway: who keeps and who reads a profile (only the
// two units' regions, admins and the cadre), the sending side's ranked nominations with a
// statement, and every refusal (a draft, the wrong side, another region's cadre, a repeat).

const RUN = Date.now().toString(36);
const chaoyangUnit = { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' };
const profile = (over: object = {}) => ({
  name: '王建国',
  unit: chaoyangUnit,
  position: '产业发展科科长',
  level: 'section',
  fields: ['产业招商', '项目管理'],
  languages: ['普通话', '英语'],
  priorPostings: [
    { title: '驻村第一书记', unitName: '延庆区旧县镇', startDate: '2019-03-01', endDate: '2021-02-28' },
  ],
  ...over,
});
const posting = (over: object = {}) => ({
  title: `淅川县商务局副局长（挂职）${RUN}`,
  unit: { id: 'gov-xichuan-swj', name: '淅川县商务局', region: 'xichuan' },
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  startDate: '2032-03-01',
  endDate: '2034-02-28',
  level: 'deputy-division',
  requirements: '熟悉电子商务和农产品流通。',
  places: 2,
  ...over,
});

describe('cadre profiles and nominations (干部档案、推荐人选)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'xichuan' | 'chaoyang' | 'xixia' | 'expert' | 'admin', string>;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });

  beforeAll(async () => {
    await ensureRealmUsers([
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

  it('keeps a profile for the two units’ regions and admins only', async () => {
    const made = await call(t.chaoyang, 'POST', '/exchange/cadres', profile());
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    for (const who of [t.chaoyang, t.xichuan, t.admin])
      expect((await call(who, 'GET', `/exchange/cadres/${id}`)).body.name).toBe('王建国');
    expect((await call(t.xixia, 'GET', `/exchange/cadres/${id}`)).status).toBe(404);
    expect((await call(t.expert, 'GET', `/exchange/cadres/${id}`)).status).toBe(404);
    expect(
      (await call(t.xichuan, 'GET', '/exchange/cadres')).body.items.map((c: { id: string }) => c.id),
    ).toContain(id);
    expect(
      (await call(t.xixia, 'GET', '/exchange/cadres')).body.items.map((c: { id: string }) => c.id),
    ).not.toContain(id);
    // The paired county reads, it does not keep.
    expect((await call(t.xichuan, 'PATCH', `/exchange/cadres/${id}`, { level: 'division' })).status).toBe(
      403,
    );
    expect((await call(t.xichuan, 'POST', '/exchange/cadres', profile())).status).toBe(403);
    const bad = await call(t.chaoyang, 'POST', '/exchange/cadres', profile({ level: 'general', name: '' }));
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['level', 'name']);
    const changed = await call(t.chaoyang, 'PATCH', `/exchange/cadres/${id}`, {
      fields: ['产业招商', '乡村振兴'],
    });
    expect(changed.body).toMatchObject({ version: 2, fields: ['产业招商', '乡村振兴'] });
  });

  it('lets the sending side nominate its cadres for an open posting, ranked, with a statement', async () => {
    const { body: p } = await call(t.xichuan, 'POST', '/exchange/postings', posting());
    const a = (await call(t.chaoyang, 'POST', '/exchange/cadres', profile({ name: '李明' }))).body
      .id as string;
    const b = (await call(t.chaoyang, 'POST', '/exchange/cadres', profile({ name: '赵雪' }))).body
      .id as string;
    const county = (
      await call(
        t.xichuan,
        'POST',
        '/exchange/cadres',
        profile({ name: '刘丹', unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' } }),
      )
    ).body.id as string;
    const nominate = (token: string, profileId: string, rank: number) =>
      call(token, 'POST', `/exchange/postings/${p.id}/nominations`, {
        profileId,
        rank,
        statement: '政治素质好，熟悉招商引资工作。',
      });
    // A draft is the receiving side's alone: hidden is missing, and it takes no nominations.
    expect((await nominate(t.chaoyang, a, 1)).status).toBe(404);
    expect((await nominate(t.admin, a, 1)).status).toBe(409);
    await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/open`);
    const second = await nominate(t.chaoyang, b, 2);
    expect(second.status).toBe(201);
    const first = await nominate(t.chaoyang, a, 1);
    expect(first.body).toMatchObject({
      status: 'nominated',
      released: false,
      accepted: false,
      sendingRegion: 'chaoyang',
    });
    expect(first.body.steps[0]).toMatchObject({ action: 'nominated', side: 'sending' });
    // The receiving side does not nominate; a cadre of the receiving side is not nominated; no repeats.
    expect((await nominate(t.xichuan, a, 3)).status).toBe(403);
    const wrong = await nominate(t.chaoyang, county, 3);
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields[0].field).toBe('profileId');
    expect((await nominate(t.chaoyang, a, 3)).status).toBe(409);
    const noStatement = await call(t.chaoyang, 'POST', `/exchange/postings/${p.id}/nominations`, {
      profileId: a,
      rank: 1,
    });
    expect(noStatement.status).toBe(400);
    const list = await call(t.xichuan, 'GET', `/exchange/postings/${p.id}/nominations`);
    expect(list.body.items.map((n: { cadre: { name: string } }) => n.cadre.name)).toEqual(['李明', '赵雪']);
    expect((await call(t.xixia, 'GET', `/exchange/postings/${p.id}/nominations`)).status).toBe(404);
    expect((await call(t.xixia, 'GET', `/exchange/nominations/${first.body.id}`)).status).toBe(404);
    expect((await call(t.expert, 'GET', `/exchange/nominations/${first.body.id}`)).status).toBe(403);
    expect((await call(t.admin, 'GET', `/exchange/nominations/${first.body.id}`)).status).toBe(200);
  });
});
