import { ensureRealmUsers, getToken } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { DEMO_INVESTOR_USERS, DEMO_NEED_COUNT, seedDemoNeeds } from '@qingshui/app-investment';
import { DEMO_COUNTY_CADRES, seedDemoProjects } from '@qingshui/app-investment';

// The county project library through the gateway and the investment service: who adds and edits,
// bad input, the field-level history and who sees who changed what, list filters, the yearly plan
// export of a county and of a pair, and the demo library seeded twice.

const project = (over: object = {}) => ({
  title: '淅川县丹江湿地生态修复与水质提升项目',
  fundingArea: 'water-quality',
  field: 'environmental-protection',
  investmentSought: { minYuan: 80_000_000, maxYuan: 120_000_000 },
  landMu: 300,
  site: '香花镇丹江沿岸',
  policySupport: '库区生态补偿资金配套。',
  description: '建设人工湿地与生态缓冲带，削减入库面源污染负荷。',
  ...over,
});

describe('the county project library (项目储备库)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'xichuan' | 'chaoyang' | 'haidian' | 'xixia' | 'enterprise' | 'admin', string>;
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
      ...DEMO_INVESTOR_USERS,
      ...DEMO_COUNTY_CADRES,
      {
        username: 'demo-cadre-haidian',
        role: 'cadre',
        org: 'gov-haidian',
        region: 'haidian',
        name: '海淀干部',
      },
    ]);
    platform = await startPlatform({ services: ['investment'] });
    url = platform.gateways[0]!.url;
    t.xichuan = await getToken('demo-cadre-county');
    t.chaoyang = await getToken('demo-cadre-beijing');
    t.haidian = await getToken('demo-cadre-haidian');
    t.xixia = await getToken('demo-cadre-xixia');
    t.enterprise = await getToken('demo-investor');
    t.admin = await getToken('demo-admin');
  }, 180_000);

  afterAll(() => platform?.close());

  it('lets a county’s cadres and admins add projects, refuses the rest and bad input, changing nothing', async () => {
    expect((await call(t.enterprise, 'POST', '/investment/projects', project())).status).toBe(403);
    expect((await call(t.chaoyang, 'POST', '/investment/projects', project())).status).toBe(403);
    expect((await call(t.xixia, 'POST', '/investment/projects', project({ county: 'xichuan' }))).status).toBe(
      403,
    );
    const bad = await call(t.xichuan, 'POST', '/investment/projects', {
      ...project(),
      fundingArea: 'space-travel',
      investmentSought: { minYuan: 5, maxYuan: 1 },
      inPlan: true,
      status: 'finished',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['fundingArea', 'investmentSought.maxYuan', 'status']),
    );
    const noYear = await call(t.xichuan, 'POST', '/investment/projects', { ...project(), inPlan: true });
    expect(noYear.status).toBe(400);
    expect(noYear.body.fields).toEqual([expect.objectContaining({ field: 'planYear' })]);
    const adminNoCounty = await call(t.admin, 'POST', '/investment/projects', project());
    expect(adminNoCounty.status).toBe(400);
    expect(adminNoCounty.body.fields).toEqual([expect.objectContaining({ field: 'county' })]);
    expect((await call(t.enterprise, 'GET', '/investment/projects')).body.total).toBe(0);

    const created = await call(t.xichuan, 'POST', '/investment/projects', project());
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.body).toMatchObject({
      county: 'xichuan',
      pairId: 'chaoyang-xichuan',
      status: 'reserve',
      inPlan: false,
      canEdit: true,
    });
    const byAdmin = await call(
      t.admin,
      'POST',
      '/investment/projects',
      project({ county: 'shennongjia', title: '神农架生态旅游康养度假区' }),
    );
    expect(byAdmin.body).toMatchObject({ county: 'shennongjia', pairId: 'mentougou-shennongjia' });
  });

  it('keeps every change field by field, shows who to the county’s and the pair’s cadres, and guards the version', async () => {
    const created = await call(
      t.xichuan,
      'POST',
      '/investment/projects',
      project({
        title: '淅川软籽石榴精深加工产业园',
        field: 'agriculture-processing',
        fundingArea: 'industrial-transformation',
      }),
    );
    const id = created.body.id as string;
    expect(
      (await call(t.chaoyang, 'PATCH', `/investment/projects/${id}`, { status: 'preparation' })).status,
    ).toBe(403);
    expect(
      (await call(t.xixia, 'PATCH', `/investment/projects/${id}`, { status: 'preparation' })).status,
    ).toBe(403);
    const changed = await call(
      t.xichuan,
      'PATCH',
      `/investment/projects/${id}`,
      { status: 'preparation', inPlan: true, planYear: 2027, landMu: 300 },
      { 'if-match': '"1"' },
    );
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).toBe('"2"');
    const stale = await call(
      t.xichuan,
      'PATCH',
      `/investment/projects/${id}`,
      { landMu: 999 },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    expect(
      (await call(t.xichuan, 'PATCH', `/investment/projects/${id}`, { inPlan: true, planYear: 1999 })).status,
    ).toBe(400);
    const byAdmin = await call(t.admin, 'PATCH', `/investment/projects/${id}`, {
      investmentSought: { minYuan: 90_000_000, maxYuan: 150_000_000 },
    });
    expect(byAdmin.body.version).toBe(3);
    // Repeating a change writes nothing.
    expect(
      (
        await call(t.admin, 'PATCH', `/investment/projects/${id}`, {
          investmentSought: { minYuan: 90_000_000, maxYuan: 150_000_000 },
        })
      ).body.version,
    ).toBe(3);

    const cadreView = await call(t.chaoyang, 'GET', `/investment/projects/${id}`);
    expect(cadreView.body.history).toEqual([
      expect.objectContaining({ action: 'created', by: expect.any(String), changes: [] }),
      expect.objectContaining({
        action: 'updated',
        by: expect.any(String),
        // landMu was 300 already: not a change.
        changes: [
          { field: 'status', from: 'reserve', to: 'preparation' },
          { field: 'inPlan', from: false, to: true },
          { field: 'planYear', to: 2027 },
        ],
      }),
      expect.objectContaining({
        action: 'updated',
        changes: [
          {
            field: 'investmentSought',
            from: { minYuan: 80_000_000, maxYuan: 120_000_000 },
            to: { minYuan: 90_000_000, maxYuan: 150_000_000 },
          },
        ],
      }),
    ]);
    expect(cadreView.body.canEdit).toBe(false);
    expect(cadreView.body.history[1].by).not.toBe(cadreView.body.history[2].by);
    for (const reader of [t.enterprise, t.haidian]) {
      const view = await call(reader, 'GET', `/investment/projects/${id}`);
      expect(view.status).toBe(200);
      expect(view.body.history).toHaveLength(3);
      for (const entry of view.body.history) {
        expect(entry.by).toBeUndefined();
        expect(entry.byName).toBeUndefined();
      }
    }
  });

  it('lists by county, pair, status, field and plan year, paged', async () => {
    await call(
      t.xixia,
      'POST',
      '/investment/projects',
      project({
        title: '西峡香菇全产业链数字化升级',
        field: 'agriculture-processing',
        status: 'preparation',
        inPlan: true,
        planYear: 2027,
      }),
    );
    const xichuan = await call(t.enterprise, 'GET', '/investment/projects?county=xichuan');
    expect(xichuan.body.items.every((p: { county: string }) => p.county === 'xichuan')).toBe(true);
    expect(xichuan.body.total).toBe(2);
    expect(xichuan.body.items[0].history).toBeUndefined();
    const pair = await call(t.enterprise, 'GET', '/investment/projects?pairId=shunyi-xixia');
    expect(pair.body.items.map((p: { title: string }) => p.title)).toEqual(['西峡香菇全产业链数字化升级']);
    const plan = await call(
      t.enterprise,
      'GET',
      '/investment/projects?inPlan=true&planYear=2027&field=agriculture-processing',
    );
    expect(plan.body.total).toBe(2);
    const prep = await call(t.enterprise, 'GET', '/investment/projects?status=preparation&county=xichuan');
    expect(prep.body.total).toBe(1);
    const paged = await call(t.enterprise, 'GET', '/investment/projects?pageSize=1&page=2');
    expect(paged.body).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.body.items).toHaveLength(1);
    const bad = await call(t.enterprise, 'GET', '/investment/projects?planYear=soon&county=atlantis');
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['planYear', 'county']),
    );
  });

  it('exports the yearly plan of a county and of a pair, with Chinese columns', async () => {
    await call(
      t.xichuan,
      'POST',
      '/investment/projects',
      project({
        title: '淅川县城乡污水处理提标改造',
        field: 'water-treatment',
        inPlan: true,
        planYear: 2027,
        status: 'under-construction',
      }),
    );
    await call(
      t.xichuan,
      'POST',
      '/investment/projects',
      project({ title: '淅川县2028年度储备项目', inPlan: true, planYear: 2028 }),
    );
    const download = async (path: string) => {
      const response = await fetch(`${url}/api/v1${path}`, {
        headers: { authorization: `Bearer ${t.enterprise}` },
      });
      return { response, text: Buffer.from(await response.arrayBuffer()).toString('utf8') };
    };
    const county = await download('/investment/projects/plan/xichuan/2027/export?format=csv');
    expect(county.response.status).toBe(200);
    expect(county.response.headers.get('content-disposition')).toContain(
      encodeURIComponent('2027年度计划-淅川县.csv'),
    );
    const lines = county.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toBe(
      '计划年度,区县,对口区,项目名称,资金领域,产业领域,拟引资下限（元）,拟引资上限（元）,用地（亩）,选址,政策支持,项目状态,项目简介,更新时间',
    );
    expect(lines).toHaveLength(3);
    expect(county.text).toContain('淅川软籽石榴精深加工产业园');
    expect(county.text).toContain('淅川县城乡污水处理提标改造');
    expect(county.text).not.toContain('2028年度储备项目');
    expect(county.text).toContain('在建');
    expect(county.text).toContain('朝阳区');
    const pair = await download('/investment/projects/plan/chaoyang-xichuan/2027/export?format=csv');
    expect(
      pair.text
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(3);
    expect(pair.response.headers.get('content-disposition')).toContain(encodeURIComponent('朝阳区—淅川县'));
    const xlsx = await download('/investment/projects/plan/xichuan/2027/export?format=xlsx');
    expect(xlsx.response.status).toBe(200);
    expect(xlsx.response.headers.get('content-type')).toContain('spreadsheetml');
    expect(
      (await download('/investment/projects/plan/atlantis/2027/export?format=csv')).response.status,
    ).toBe(400);
    expect((await download('/investment/projects/plan/xichuan/1990/export?format=csv')).response.status).toBe(
      400,
    );
  });

  it('seeds the demo library and needs through the API, idempotently, and the demo investor’s need finds its paired county first', async () => {
    const tokens = new Map<string, string>();
    const tokenOf = async (username: string) => {
      if (!tokens.has(username)) tokens.set(username, await getToken(username));
      return tokens.get(username)!;
    };
    const first = await seedDemoProjects({ gateway: url, tokenOf });
    // 51 demo projects; the four this suite entered already under the same titles are kept.
    expect(first.created + first.existing).toBe(51);
    expect(first.created).toBeGreaterThanOrEqual(45);
    const again = await seedDemoProjects({ gateway: url, tokenOf });
    expect(again).toEqual({ created: 0, existing: first.created + first.existing });
    const needs = await seedDemoNeeds({ gateway: url, tokenOf });
    expect(needs.created).toBe(DEMO_NEED_COUNT);
    expect((await seedDemoNeeds({ gateway: url, tokenOf })).created).toBe(0);
    for (const cadre of DEMO_COUNTY_CADRES) {
      const listed = await call(t.enterprise, 'GET', `/investment/projects?county=${cadre.region}`);
      expect({ county: cadre.region, enough: listed.body.total >= 3 }).toEqual({
        county: cadre.region,
        enough: true,
      });
    }
    const investor = await tokenOf('demo-investor');
    const mine = await call(investor, 'GET', '/investment/needs/mine');
    const sewage = mine.body.items.find(
      (n: { title: string }) => n.title === '库区城乡污水处理及再生水利用投资',
    );
    const matches = await call(investor, 'GET', `/investment/needs/${sewage.id}/matches?pageSize=5`);
    expect(matches.body.items[0].project.county).toBe('xichuan');
    expect(matches.body.items[0].project.field).toBe('water-treatment');
    expect(matches.body.total).toBeGreaterThanOrEqual(48);
  });
});
