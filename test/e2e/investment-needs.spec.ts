import { connectSocket, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { DEMO_INVESTOR_USERS } from '@qingshui/app-investment';
import { DEMO_COUNTY_CADRES } from '@qingshui/app-investment';

// Investment needs through the gateway, Kafka and the investment service on FerretDB: posting,
// bad input, the confidential details' readers in REST and over sockets, guarded edits, closing,
// lists, and matching both ways with its explanation.

const need = (over: object = {}) => ({
  title: '库区污水处理及再生水利用投资',
  enterpriseName: '北京清源环保科技有限公司',
  fields: ['water-treatment', 'environmental-protection'],
  amount: { minYuan: 50_000_000, maxYuan: 200_000_000 },
  counties: ['xichuan'],
  landMu: 80,
  waterM3PerDay: 500,
  timeline: { startBy: '2027-09', years: 25 },
  publicSummary: '拟投资库区县城污水处理提标改造和再生水回用项目，保护丹江口水库水质。',
  confidentialDetails: '机密：首期自有资金八千万元已获董事会批准。',
  ...over,
});
const project = (over: object = {}) => ({
  title: '淅川县城乡污水处理提标改造',
  fundingArea: 'water-quality',
  field: 'water-treatment',
  investmentSought: { minYuan: 100_000_000, maxYuan: 150_000_000 },
  landMu: 60,
  site: '淅川县城东污水处理厂',
  status: 'under-construction',
  description: '县城污水处理厂提标改造，新建再生水回用管网。',
  ...over,
});

describe('investment needs (投资需求)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<
    'investor' | 'otherEnterprise' | 'xichuan' | 'chaoyang' | 'danjiangkou' | 'xixia' | 'admin',
    string
  >;
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
    await ensureRealmUsers([...DEMO_INVESTOR_USERS, ...DEMO_COUNTY_CADRES]);
    platform = await startPlatform({ services: ['investment'] });
    url = platform.gateways[0]!.url;
    t.investor = await getToken('demo-investor');
    t.otherEnterprise = await getToken('demo-investor-haidian');
    t.xichuan = await getToken('demo-cadre-county');
    t.chaoyang = await getToken('demo-cadre-beijing');
    t.danjiangkou = await getToken('demo-cadre-danjiangkou');
    t.xixia = await getToken('demo-cadre-xixia');
    t.admin = await getToken('demo-admin');
  }, 180_000);

  afterAll(() => platform?.close());

  it('posts a need, refuses bad input with its fields and changes nothing', async () => {
    const bad = await call(t.investor, 'POST', '/investment/needs', {
      ...need(),
      fields: [],
      amount: { minYuan: 9, maxYuan: 1 },
      counties: ['atlantis'],
      timeline: { startBy: '2027-13', years: 0 },
      isAdmin: true,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining([
        'fields',
        'amount.maxYuan',
        'counties.0',
        'timeline.startBy',
        'timeline.years',
        'isAdmin',
      ]),
    );
    // A cadre does not post needs; an enterprise does not post for another organisation.
    expect((await call(t.xichuan, 'POST', '/investment/needs', need())).status).toBe(403);
    expect((await call(t.investor, 'POST', '/investment/needs', need({ orgId: 'ent-other' }))).status).toBe(
      403,
    );
    expect((await call(t.investor, 'GET', '/investment/needs/mine')).body.total).toBe(0);

    const created = await call(t.investor, 'POST', '/investment/needs', need());
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.headers.get('location')).toBe(`/api/v1/investment/needs/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'open',
      orgId: 'ent-bj-qingyuan-env',
      region: 'chaoyang',
      canEdit: true,
      canSeeConfidential: true,
    });
    // An admin posts on behalf of an organisation it names.
    const onBehalf = await call(
      t.admin,
      'POST',
      '/investment/needs',
      need({
        orgId: 'ent-bj-huachen-energy',
        region: 'haidian',
        title: '代为发布的需求',
        enterpriseName: '北京华辰新能源科技有限公司',
      }),
    );
    expect(onBehalf.status).toBe(201);
    expect(
      (await call(t.otherEnterprise, 'GET', '/investment/needs/mine')).body.items.map(
        (n: { id: string }) => n.id,
      ),
    ).toEqual([onBehalf.body.id]);
  });

  it('shows the confidential details to the poster, the county’s and the paired district’s cadres and admins only, in REST and over sockets', async () => {
    const created = await call(
      t.investor,
      'POST',
      '/investment/needs',
      need({ title: '保密可见性测试需求' }),
    );
    const id = created.body.id as string;
    const secret = '机密：首期自有资金八千万元已获董事会批准。';
    for (const who of ['investor', 'xichuan', 'chaoyang', 'admin'] as const) {
      const read = await call(t[who], 'GET', `/investment/needs/${id}`);
      expect(read.status).toBe(200);
      expect({ who, details: read.body.confidentialDetails }).toEqual({ who, details: secret });
    }
    for (const who of ['otherEnterprise', 'danjiangkou'] as const) {
      const read = await call(t[who], 'GET', `/investment/needs/${id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ canSeeConfidential: false, publicSummary: expect.any(String) });
      expect(JSON.stringify(read.body)).not.toContain('机密');
      expect(read.body.createdBy).toBeUndefined();
      const listed = await call(t[who], 'GET', '/investment/needs?county=xichuan');
      const item = listed.body.items.find((n: { id: string }) => n.id === id);
      expect(item).toMatchObject({ canSeeConfidential: false });
      expect(JSON.stringify(item)).not.toContain('机密');
    }

    // Sockets: the poster's organisation and the county's cadres hear the whole change; a watcher
    // of the need's room who may not read the details hears the public view.
    const posterSocket = await connectSocket(url, t.investor);
    const cadreSocket = await connectSocket(url, t.xichuan);
    const watcher = await connectSocket(url, t.otherEnterprise);
    const heard = { poster: [] as unknown[], cadre: [] as unknown[], watcher: [] as unknown[] };
    posterSocket.onAny((event: string, data: unknown) => heard.poster.push({ event, data }));
    cadreSocket.onAny((event: string, data: unknown) => heard.cadre.push({ event, data }));
    watcher.onAny((event: string, data: unknown) => heard.watcher.push({ event, data }));
    try {
      expect(await watcher.timeout(5000).emitWithAck('subscribe', { room: `need:${id}` })).toEqual({
        ok: true,
      });
      const changed = await call(
        t.investor,
        'PATCH',
        `/investment/needs/${id}`,
        { confidentialDetails: '机密：追加预算两千万元。' },
        { 'if-match': '"1"' },
      );
      expect(changed.status).toBe(200);
      const updated = (list: unknown[]) =>
        list.find((h) => (h as { event: string }).event === 'investment.need.updated.v1') as
          { data: { payload: { need: Record<string, unknown>; changed: string[] } } } | undefined;
      const forPoster = await waitFor(() => updated(heard.poster), 'the poster hears the change', 15_000);
      expect(forPoster.data.payload.need.confidentialDetails).toBe('机密：追加预算两千万元。');
      expect(forPoster.data.payload.changed).toEqual(['confidentialDetails']);
      const forCadre = await waitFor(
        () => updated(heard.cadre),
        'the county’s cadre hears the change',
        15_000,
      );
      expect(forCadre.data.payload.need.confidentialDetails).toBe('机密：追加预算两千万元。');
      const forWatcher = await waitFor(
        () => updated(heard.watcher),
        'the watcher hears the public view',
        15_000,
      );
      expect(forWatcher.data.payload.need.publicSummary).toEqual(expect.any(String));
      expect(JSON.stringify(heard.watcher)).not.toContain('机密');
    } finally {
      posterSocket.close();
      cadreSocket.close();
      watcher.close();
    }
  });

  it('guards edits by version and by organisation, and closes once', async () => {
    const created = await call(
      t.investor,
      'POST',
      '/investment/needs',
      need({ title: '版本与关闭测试需求' }),
    );
    const id = created.body.id as string;
    expect(
      (await call(t.otherEnterprise, 'PATCH', `/investment/needs/${id}`, { title: '冒名修改' })).status,
    ).toBe(403);
    expect((await call(t.xichuan, 'PATCH', `/investment/needs/${id}`, { title: '冒名修改' })).status).toBe(
      403,
    );
    const first = await call(
      t.investor,
      'PATCH',
      `/investment/needs/${id}`,
      { amount: { minYuan: 60_000_000, maxYuan: 200_000_000 } },
      { 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    expect(first.headers.get('etag')).toBe('"2"');
    const stale = await call(
      t.investor,
      'PATCH',
      `/investment/needs/${id}`,
      { title: '基于旧版本的修改' },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('STALE_VERSION');
    const badPatch = await call(t.investor, 'PATCH', `/investment/needs/${id}`, { landMu: -5, counties: [] });
    expect(badPatch.status).toBe(400);
    expect(badPatch.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining(['landMu', 'counties']),
    );
    const read = await call(t.investor, 'GET', `/investment/needs/${id}`);
    expect(read.body).toMatchObject({
      title: '版本与关闭测试需求',
      landMu: 80,
      version: 2,
      amount: { minYuan: 60_000_000 },
    });

    expect(
      (await call(t.investor, 'POST', `/investment/needs/${id}/close`, { reason: 'sometime' })).status,
    ).toBe(400);
    const closed = await call(t.investor, 'POST', `/investment/needs/${id}/close`, { reason: 'withdrawn' });
    expect(closed.body).toMatchObject({
      status: 'closed',
      closeReason: 'withdrawn',
      canEdit: false,
      version: 3,
    });
    expect(
      (await call(t.investor, 'POST', `/investment/needs/${id}/close`, { reason: 'withdrawn' })).body.version,
    ).toBe(3);
    const late = await call(t.investor, 'PATCH', `/investment/needs/${id}`, { title: '关闭后修改' });
    expect(late.status).toBe(409);
    expect(
      (await call(t.investor, 'GET', '/investment/needs?status=closed')).body.items.map(
        (n: { id: string }) => n.id,
      ),
    ).toContain(id);
  });

  it('lists by field and county (preferred or any), paged', async () => {
    const any = await call(
      t.investor,
      'POST',
      '/investment/needs',
      need({ title: '不限区县的光伏需求', fields: ['solar'], counties: 'any' }),
    );
    const solar = await call(t.otherEnterprise, 'GET', '/investment/needs?field=solar');
    expect(solar.body.items.map((n: { id: string }) => n.id)).toEqual([any.body.id]);
    const danjiangkou = await call(t.otherEnterprise, 'GET', '/investment/needs?county=danjiangkou');
    expect(danjiangkou.body.items.map((n: { id: string }) => n.id)).toEqual([any.body.id]);
    // Open to any county: every county's cadres (and their pairs') read its details.
    expect(
      (await call(t.danjiangkou, 'GET', `/investment/needs/${any.body.id}`)).body.canSeeConfidential,
    ).toBe(true);
    const page = await call(t.otherEnterprise, 'GET', '/investment/needs?pageSize=2&page=1');
    expect(page.body).toMatchObject({ page: 1, pageSize: 2 });
    expect(page.body.items).toHaveLength(2);
    expect(page.body.total).toBeGreaterThan(2);
    expect((await call(t.otherEnterprise, 'GET', '/investment/needs?pageSize=500')).status).toBe(400);
    expect((await call(t.otherEnterprise, 'GET', '/investment/needs?county=beijing')).status).toBe(400);
  });

  it('matches both ways, ranked, with the parts and what is missing, for those allowed', async () => {
    const wanted = await call(
      t.investor,
      'POST',
      '/investment/needs',
      need({ title: '匹配测试：库区污水处理' }),
    );
    const id = wanted.body.id as string;
    const best = await call(t.xichuan, 'POST', '/investment/projects', project());
    const otherCounty = await call(
      t.xixia,
      'POST',
      '/investment/projects',
      project({ title: '西峡县污水处理厂扩建', site: '' }),
    );
    const otherField = await call(
      t.xichuan,
      'POST',
      '/investment/projects',
      project({
        title: '淅川县渠首文化旅游度假区',
        fundingArea: 'exchange-cooperation',
        field: 'cultural-tourism',
        investmentSought: { minYuan: 500_000_000, maxYuan: 800_000_000 },
        status: 'reserve',
      }),
    );
    for (const made of [best, otherCounty, otherField]) expect(made.status).toBe(201);

    const matches = await call(t.investor, 'GET', `/investment/needs/${id}/matches?pageSize=50`);
    expect(matches.status).toBe(200);
    const order = matches.body.items.map((m: { project: { id: string } }) => m.project.id);
    expect(order.indexOf(best.body.id)).toBe(0);
    expect(order.indexOf(otherCounty.body.id)).toBeLessThan(order.indexOf(otherField.body.id));
    const top = matches.body.items[0];
    expect(top.parts.map((p: { part: string }) => p.part)).toEqual([
      'field',
      'amount',
      'county',
      'pairing',
      'timing',
      'text',
    ]);
    expect(top.parts.find((p: { part: string }) => p.part === 'pairing')).toMatchObject({
      score: 1,
      code: 'pairing.paired',
    });
    const second = matches.body.items[1];
    expect(second.missing.map((g: { code: string }) => g.code)).toEqual(
      expect.arrayContaining(['county.not-preferred', 'site.unknown']),
    );
    const last = matches.body.items.find(
      (m: { project: { id: string } }) => m.project.id === otherField.body.id,
    );
    expect(last.missing.map((g: { code: string }) => g.code)).toEqual(
      expect.arrayContaining(['field.mismatch', 'amount.above-maximum', 'timing.late']),
    );
    // The county's and the pair's cadres and admins see a need's matches; others do not.
    expect((await call(t.chaoyang, 'GET', `/investment/needs/${id}/matches`)).status).toBe(200);
    expect((await call(t.admin, 'GET', `/investment/needs/${id}/matches`)).status).toBe(200);
    expect((await call(t.otherEnterprise, 'GET', `/investment/needs/${id}/matches`)).status).toBe(403);
    expect((await call(t.danjiangkou, 'GET', `/investment/needs/${id}/matches`)).status).toBe(403);

    // The other way: a project's needs, for the cadres of its county and pair.
    const forProject = await call(
      t.chaoyang,
      'GET',
      `/investment/projects/${best.body.id}/matches?pageSize=50`,
    );
    expect(forProject.status).toBe(200);
    const mine = forProject.body.items.find((m: { need: { id: string } }) => m.need.id === id);
    expect(mine.need.confidentialDetails).toContain('机密');
    expect(forProject.body.items[0].score).toBeGreaterThanOrEqual(mine.score);
    expect((await call(t.danjiangkou, 'GET', `/investment/projects/${best.body.id}/matches`)).status).toBe(
      403,
    );
    expect((await call(t.investor, 'GET', `/investment/projects/${best.body.id}/matches`)).status).toBe(403);
    // A need for another county shows the Xixia project's cadre no details.
    const xixiaSide = await call(
      t.xixia,
      'GET',
      `/investment/projects/${otherCounty.body.id}/matches?pageSize=50`,
    );
    const seen = xixiaSide.body.items.find((m: { need: { id: string } }) => m.need.id === id);
    expect(seen.need.canSeeConfidential).toBe(false);
    expect(JSON.stringify(seen)).not.toContain('机密');
    expect((await call(t.investor, 'GET', '/investment/needs/no-such-need/matches')).status).toBe(404);
  });
});
