import ExcelJS from 'exceljs';
import { connectSocket, getToken, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';

// Trade fairs (展销会) through the gateway, Kafka and the fairs service on FerretDB: who may create,
// read and move a fair, its lifecycle, bad input, stale versions, and who hears of it.

const fairBody = () => ({
  title: '2027 淅川农产品北京推介会',
  description: '淅川香菇、软籽石榴、丹江口库区茶叶进京展销。',
  pairIds: ['chaoyang-xichuan'],
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  days: [
    { date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' },
    { date: '2027-05-19', opensAt: '09:00', closesAt: '16:00' },
  ],
  zones: [
    { id: 'fresh', name: '生鲜果蔬区' },
    { id: 'tea', name: '茶叶与特产区' },
  ],
  boothTypes: [
    { id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 40, zoneId: 'fresh' },
    { id: 'big', name: '特装展位', sizeM2: 36, priceYuan: 6000, count: 6, zoneId: 'tea' },
  ],
});

describe('trade fairs (展销会)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'cadreCounty' | 'cadreBeijing' | 'expert' | 'enterprise' | 'admin', string>;

  beforeAll(async () => {
    platform = await startPlatform({ services: ['fairs'] });
    url = platform.gateways[0]!.url;
    t.cadreCounty = await getToken('demo-cadre-county');
    t.cadreBeijing = await getToken('demo-cadre-beijing');
    t.expert = await getToken('demo-expert');
    t.enterprise = await getToken('demo-enterprise');
    t.admin = await getToken('demo-admin');
  }, 120_000);

  afterAll(() => platform?.close());

  const create = (token: string, body: unknown = fairBody()) =>
    api(url, 'POST', '/api/v1/fairs', { token, body });

  it('lets the county’s cadres create a draft for their pair, seen by the pair’s cadres and not the public', async () => {
    const created = await create(t.cadreCounty);
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/fairs/${created.body.id}`);
    expect(created.body).toMatchObject({
      status: 'draft',
      organiser: { kind: 'county', region: 'xichuan', orgId: 'gov-xichuan' },
      regions: ['chaoyang', 'xichuan'],
      boothCount: 46,
      canManage: true,
    });
    const id = created.body.id as string;
    expect((await api(url, 'GET', `/api/v1/fairs/${id}`, { token: t.cadreBeijing })).body).toMatchObject({
      canManage: false,
    });
    expect((await api(url, 'GET', `/api/v1/fairs/${id}`, { token: t.expert })).status).toBe(404);
    const listed = await api(url, 'GET', '/api/v1/fairs?region=xichuan&pageSize=100', { token: t.expert });
    expect(listed.body.items.map((f: { id: string }) => f.id)).not.toContain(id);
    // Past its draft, everyone sees it, without who created or moved it.
    const opened = await api(url, 'POST', `/api/v1/fairs/${id}/open-exhibitors`, { token: t.cadreCounty });
    expect(opened.status).toBe(200);
    expect(opened.headers.get('etag')).toBe('"2"');
    const seen = await api(url, 'GET', `/api/v1/fairs/${id}`, { token: t.expert });
    expect(seen.status).toBe(200);
    expect(seen.body.createdBy).toBeUndefined();
    expect(JSON.stringify(seen.body.history)).not.toContain(String(created.body.createdBy));
    const byPair = await api(url, 'GET', '/api/v1/fairs?pairId=chaoyang-xichuan&status=exhibitors-open', {
      token: t.enterprise,
    });
    expect(byPair.body.items.map((f: { id: string }) => f.id)).toContain(id);
  });

  it('refuses fairs from those who may not organise them, and for other pairs, naming the fields', async () => {
    expect((await create(t.enterprise)).status).toBe(403);
    const otherPair = await create(t.cadreCounty, { ...fairBody(), pairIds: ['haidian-danjiangkou'] });
    expect(otherPair.status).toBe(400);
    expect(otherPair.body.fields).toEqual([expect.objectContaining({ field: 'pairIds' })]);
    const bad = await create(t.cadreCounty, {
      ...fairBody(),
      title: '',
      days: [{ date: '2027-02-30', opensAt: '18:00', closesAt: '09:00' }],
      boothTypes: [{ id: 'std', name: '标准', sizeM2: 9, priceYuan: -1, count: 0, zoneId: 'nowhere' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
      expect.arrayContaining([
        'title',
        'days.0.date',
        'days.0.closesAt',
        'boothTypes.0.priceYuan',
        'boothTypes.0.count',
        'boothTypes.0.zoneId',
      ]),
    );
    // The office organises for any pair.
    const office = await create(t.admin, {
      ...fairBody(),
      pairIds: ['haidian-danjiangkou', 'chaoyang-xichuan'],
    });
    expect(office.status).toBe(201);
    expect(office.body.organiser.kind).toBe('office');
  });

  it('moves through its lifecycle in order, changes only what its status allows, and checks versions', async () => {
    const id = (await create(t.cadreCounty)).body.id as string;
    const step = (name: string, token = t.cadreCounty, headers?: Record<string, string>) =>
      api(url, 'POST', `/api/v1/fairs/${id}/${name}`, { token, ...(headers ? { headers } : {}) });
    expect((await step('start')).status).toBe(409);
    expect((await step('open-exhibitors', t.cadreBeijing)).status).toBe(403);
    expect((await step('open-exhibitors')).status).toBe(200);
    // A repeat is the same answer, no second change.
    const again = await step('open-exhibitors');
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(2);
    expect((await step('open-visitors', t.cadreCounty, { 'if-match': '"1"' })).body.code).toBe(
      'STALE_VERSION',
    );
    expect((await step('open-visitors', t.cadreCounty, { 'if-match': '"2"' })).status).toBe(200);
    const tooLate = await api(url, 'PATCH', `/api/v1/fairs/${id}`, {
      token: t.cadreCounty,
      body: { days: [{ date: '2027-06-01', opensAt: '09:00', closesAt: '17:00' }] },
    });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.fields).toEqual([expect.objectContaining({ field: 'days' })]);
    const renamed = await api(url, 'PATCH', `/api/v1/fairs/${id}`, {
      token: t.cadreCounty,
      body: { title: '2027 淅川香菇与软籽石榴北京推介会' },
    });
    expect(renamed.status).toBe(200);
    expect((await step('start')).status).toBe(200);
    expect((await step('close')).status).toBe(200);
    const cancelClosed = await api(url, 'POST', `/api/v1/fairs/${id}/cancel`, {
      token: t.cadreCounty,
      body: { reason: '已经结束' },
    });
    expect(cancelClosed.status).toBe(409);
    const final = await api(url, 'GET', `/api/v1/fairs/${id}`, { token: t.cadreCounty });
    expect(final.body.history.map((h: { to: string }) => h.to)).toEqual([
      'draft',
      'exhibitors-open',
      'visitors-open',
      'running',
      'closed',
    ]);
  });

  it('tells the organiser’s staff in full and the region’s people the public view, once past the draft', async () => {
    const enterpriseSocket = await connectSocket(url, t.enterprise);
    const cadreSocket = await connectSocket(url, t.cadreCounty);
    const heard: {
      who: string;
      event: string;
      data: { actor?: string; payload: { fair: Record<string, unknown> } };
    }[] = [];
    enterpriseSocket.onAny((event, data) => heard.push({ who: 'enterprise', event, data }));
    cadreSocket.onAny((event, data) => heard.push({ who: 'cadre', event, data }));
    try {
      const id = (await create(t.cadreCounty)).body.id as string;
      await waitFor(
        () => heard.some((h) => h.who === 'cadre' && h.data?.payload?.fair?.['id'] === id),
        'the draft',
      );
      const cancel = await api(url, 'POST', `/api/v1/fairs/${id}/cancel`, {
        token: t.cadreCounty,
        body: { reason: '场馆检修，改期举办' },
      });
      expect(cancel.status).toBe(200);
      // A cancelled draft was never public: the county's enterprise hears nothing of it.
      const open = (await create(t.cadreCounty)).body.id as string;
      await api(url, 'POST', `/api/v1/fairs/${open}/open-exhibitors`, { token: t.cadreCounty });
      await waitFor(
        () => heard.some((h) => h.who === 'enterprise' && h.data?.payload?.fair?.['id'] === open),
        'the opened fair in the region room',
      );
      const toEnterprise = heard.filter((h) => h.who === 'enterprise');
      expect(toEnterprise.map((h) => h.data.payload.fair['id'])).not.toContain(id);
      for (const h of toEnterprise) {
        expect(h.data.actor).toBeUndefined();
        expect(h.data.payload.fair['createdBy']).toBeUndefined();
      }
      const toCadre = heard.filter((h) => h.who === 'cadre' && h.data?.payload?.fair?.['id'] === id);
      expect(toCadre.map((h) => h.event)).toEqual(['fairs.fair.created.v1', 'fairs.fair.moved.v1']);
      expect(toCadre[0]!.data.actor).toBeDefined();
    } finally {
      enterpriseSocket.close();
      cadreSocket.close();
    }
  });
  it('exports the list as CSV and XLSX: its filters, its visibility, Chinese headers, every page', async () => {
    // 105 fairs of one fresh pair is more than one page of the export (100 each).
    const pair = 'pinggu-yunxi';
    const ids: string[] = [];
    for (let i = 0; i < 105; i += 1) {
      const made = await create(t.admin, {
        ...fairBody(),
        title: `郧西绿松石与茶叶推介会 第${i + 1}场`,
        pairIds: [pair],
      });
      ids.push(made.body.id as string);
    }
    await api(url, 'POST', `/api/v1/fairs/${ids[0]}/open-exhibitors`, { token: t.admin });
    const download = async (token: string, query: string) => {
      const response = await fetch(`${url}/api/v1/fairs/export?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return { response, bytes: Buffer.from(await response.arrayBuffer()) };
    };
    const csv = await download(t.admin, `pairId=${pair}&format=csv`);
    expect(csv.response.status).toBe(200);
    expect(csv.response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.response.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('展销会.csv')}`,
    );
    const text = csv.bytes.toString('utf8');
    expect(text.startsWith('\ufeff名称,状态,')).toBe(true);
    const lines = text.trim().split(/\r?\n/);
    expect(lines).toHaveLength(1 + 105);
    expect(lines.filter((line) => line.includes('平谷区—郧西县'))).toHaveLength(105);
    expect(text).toContain('招展中');
    // The filter holds: only the opened one.
    const opened = await download(t.admin, `pairId=${pair}&status=exhibitors-open`);
    expect(opened.bytes.toString('utf8').trim().split(/\r?\n/)).toHaveLength(2);
    // The public's export holds what its list holds: drafts are not theirs.
    const publicCsv = await download(t.enterprise, `pairId=${pair}`);
    expect(publicCsv.bytes.toString('utf8').trim().split(/\r?\n/)).toHaveLength(2);
    const xlsx = await download(t.admin, `pairId=${pair}&format=xlsx`);
    expect(xlsx.response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('展销会')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('名称');
    expect(sheet.rowCount).toBe(1 + 105);
    const bad = await api(url, 'GET', '/api/v1/fairs/export?format=pdf&status=open', { token: t.admin });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['format', 'status']);
    expect((await fetch(`${url}/api/v1/fairs/export`)).status).toBe(401);
  }, 120_000);
  it('sums a fair up for its organiser and its regions’ cadres: exhibitors by county, places, check-ins, leads', async () => {
    const id = (await create(t.cadreCounty)).body.id as string;
    const call = (token: string, method: string, path: string, body?: unknown) =>
      api(url, method, `/api/v1/fairs/${id}${path}`, { token, ...(body === undefined ? {} : { body }) });
    expect(
      (
        await call(t.cadreCounty, 'PUT', '/ticket-types', {
          types: [{ id: 'public', name: '普通观众', kind: 'public', quotaPerDay: 100, perPersonLimit: 3 }],
        })
      ).status,
    ).toBe(200);
    await call(t.cadreCounty, 'POST', '/open-exhibitors');
    const org = 'ent-qushou-agri';
    expect(
      (
        await call(t.enterprise, 'PUT', `/exhibitors/${org}`, {
          enterpriseName: '淅川县渠首农业有限公司',
          products: [
            { name: '淅川软籽石榴', category: '水果', county: 'xichuan', certifications: ['地理标志'] },
            { name: '淅川香菇', category: '食用菌', county: 'xichuan', certifications: ['绿色食品'] },
          ],
          boothTypeId: 'std',
          booths: 2,
          note: '',
        })
      ).status,
    ).toBe(200);
    await call(t.enterprise, 'POST', `/exhibitors/${org}/submit`);
    expect((await call(t.cadreCounty, 'POST', `/exhibitors/${org}/accept`)).status).toBe(200);
    await call(t.cadreCounty, 'POST', '/open-visitors');
    expect(
      (await call(t.expert, 'POST', '/registrations', { typeId: 'public', days: ['2027-05-18'], size: 3 }))
        .status,
    ).toBe(201);

    const report = await call(t.cadreCounty, 'GET', '/report');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({
      fair: { id, status: 'visitors-open', days: ['2027-05-18', '2027-05-19'] },
      exhibitors: {
        byStatus: { accepted: 1 },
        booths: { total: 46, assigned: 2 },
        byCounty: [{ county: 'xichuan', exhibitors: 1, booths: 2 }],
        products: 2,
      },
      registrations: {
        byStatus: { confirmed: { registrations: 1, places: 3 } },
        byType: [{ typeId: 'public', name: '普通观众', places: 3 }],
      },
      leads: { total: 0, averageRating: null },
    });
    // The paired district's cadres read it; an expert (who may read the fair) may not.
    expect((await call(t.cadreBeijing, 'GET', '/report')).status).toBe(200);
    const refused = await call(t.expert, 'GET', '/report');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
  }, 60_000);
});
