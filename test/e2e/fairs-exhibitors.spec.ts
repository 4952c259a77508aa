import { connectSocket, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { DEMO_EXHIBITOR_USERS, demoFairs, seedDemoExhibitors } from '@qingshui/app-fairs';

// The call for exhibitors through the gateway, Kafka and the fairs service on FerretDB: applying,
// review one by one and in bulk, booth rules and fair assignment under concurrent decisions,
// pending changes of accepted exhibitors, and who reads and hears what.

const RUN = Date.now().toString(36);
const fairBody = (stdCount: number) => ({
  title: `2027 淅川农产品北京推介会 ${RUN}`,
  description: '淅川香菇、软籽石榴进京展销。',
  pairIds: ['chaoyang-xichuan'],
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  days: [{ date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' }],
  zones: [],
  boothTypes: [
    { id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: stdCount },
    { id: 'big', name: '特装展位', sizeM2: 36, priceYuan: 6000, count: 2 },
  ],
});
const application = (name: string, county: string, over: object = {}) => ({
  enterpriseName: name,
  products: [
    {
      name: '淅川软籽石榴',
      category: '水果',
      county,
      certifications: ['地理标志'],
      photos: ['https://img.example.cn/a.jpg'],
    },
  ],
  boothTypeId: 'std',
  booths: 1,
  note: '需要一台冷柜',
  ...over,
});

// 20 enterprises of three counties racing for 10 booths, 2 held for 西峡 and 2 for 内乡.
const RACERS = Array.from({ length: 20 }, (_, i) => {
  const county = i < 10 ? 'xichuan' : i < 15 ? 'xixia' : 'neixiang';
  return {
    username: `fx-ent-${i}`,
    role: 'enterprise' as const,
    org: `ent-fx-${i}`,
    region: county,
    name: `企业${i}`,
  };
});

describe('the call for exhibitors (展商招募)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'cadreCounty' | 'cadreBeijing' | 'enterprise' | 'admin', string>;
  const racers: string[] = [];
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
  const newFair = async (stdCount: number) => {
    const created = await call(t.cadreCounty, 'POST', '/fairs', fairBody(stdCount));
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(t.cadreCounty, 'POST', `/fairs/${id}/open-exhibitors`)).status).toBe(200);
    return id;
  };

  beforeAll(async () => {
    await ensureRealmUsers([...RACERS, ...DEMO_EXHIBITOR_USERS]);
    platform = await startPlatform({ services: ['fairs'] });
    url = platform.gateways[0]!.url;
    t.cadreCounty = await getToken('demo-cadre-county');
    t.cadreBeijing = await getToken('demo-cadre-beijing');
    t.enterprise = await getToken('demo-enterprise');
    t.admin = await getToken('demo-admin');
    for (const racer of RACERS) racers.push(await getToken(racer.username));
  }, 180_000);

  afterAll(() => platform?.close());

  it('takes an application from draft to accepted, keeps notes internal and shows others only the card', async () => {
    const fairId = await newFair(10);
    const org = 'ent-qushou-agri';
    const socket = await connectSocket(url, t.enterprise);
    const heard: { event: string; data: unknown }[] = [];
    socket.onAny((event: string, data: unknown) => heard.push({ event, data }));
    // Someone else watching the fair's room hears only accepted exhibitors' public cards.
    const watcher = await connectSocket(url, t.cadreBeijing);
    const watched: { event: string; data: { payload?: Record<string, unknown> } }[] = [];
    watcher.onAny((event: string, data: { payload?: Record<string, unknown> }) =>
      watched.push({ event, data }),
    );
    expect(await watcher.timeout(5000).emitWithAck('subscribe', { room: `fair:${fairId}` })).toEqual({
      ok: true,
    });
    try {
      // Another enterprise may not write this one's application.
      expect(
        (
          await call(
            racers[0]!,
            'PUT',
            `/fairs/${fairId}/exhibitors/${org}`,
            application('冒名公司', 'xichuan'),
          )
        ).status,
      ).toBe(403);
      const bad = await call(t.enterprise, 'PUT', `/fairs/${fairId}/exhibitors/${org}`, {
        ...application('淅川县渠首农业开发有限公司', 'xichuan'),
        products: [
          {
            name: '石榴',
            category: '水果',
            county: 'xichuan',
            certifications: ['特级'],
            photos: ['http://x.cn/a.jpg'],
          },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.fields.map((f: { field: string }) => f.field)).toEqual(
        expect.arrayContaining(['products.0.certifications.0', 'products.0.photos.0']),
      );
      const draft = await call(
        t.enterprise,
        'PUT',
        `/fairs/${fairId}/exhibitors/${org}`,
        application('淅川县渠首农业开发有限公司', 'xichuan', { booths: 2 }),
      );
      expect(draft.status).toBe(200);
      expect(draft.body).toMatchObject({
        status: 'draft',
        canSubmit: true,
        enterprise: { orgId: org, region: 'xichuan' },
      });
      // A draft is the enterprise's own: not in the reviewers' queue.
      const queue0 = await call(t.cadreCounty, 'GET', `/fairs/${fairId}/exhibitors`);
      expect(queue0.body).toMatchObject({ reviewer: true, total: 0 });
      const submitted = await call(
        t.enterprise,
        'POST',
        `/fairs/${fairId}/exhibitors/${org}/submit`,
        undefined,
        {
          'if-match': draft.headers.get('etag')!,
        },
      );
      expect(submitted.body.status).toBe('submitted');
      expect(
        (
          await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${org}/notes`, {
            text: '资质待核实：内部备注',
          })
        ).status,
      ).toBe(200);
      expect((await call(t.enterprise, 'POST', `/fairs/${fairId}/exhibitors/${org}/accept`)).status).toBe(
        403,
      );
      const accepted = await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${org}/accept`);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', boothIds: ['std-1', 'std-2'] });
      expect(accepted.body.notes).toEqual([expect.objectContaining({ text: '资质待核实：内部备注' })]);
      // A retried accept changes nothing.
      expect(
        (await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${org}/accept`)).body.boothIds,
      ).toEqual(['std-1', 'std-2']);

      const own = await call(t.enterprise, 'GET', `/fairs/${fairId}/exhibitors/${org}`);
      expect(own.body).toMatchObject({ status: 'accepted', note: '需要一台冷柜' });
      expect(JSON.stringify(own.body)).not.toContain('内部备注');
      const seen = await call(t.cadreBeijing, 'GET', `/fairs/${fairId}/exhibitors`);
      expect(seen.body).toMatchObject({ reviewer: false, total: 1 });
      expect(seen.body.items[0].card).toMatchObject({
        enterpriseName: '淅川县渠首农业开发有限公司',
        boothIds: ['std-1', 'std-2'],
      });
      expect(seen.body.items[0].note).toBeUndefined();
      const booths = await call(t.cadreBeijing, 'GET', `/fairs/${fairId}/booths`);
      expect(booths.body.booths).toHaveLength(12);
      expect(booths.body.booths[0]).toMatchObject({
        id: 'std-1',
        state: 'assigned',
        enterpriseName: '淅川县渠首农业开发有限公司',
      });
      const mine = await call(t.enterprise, 'GET', '/me/exhibits');
      expect(mine.body.items.map((i: { fairId: string }) => i.fairId)).toContain(fairId);

      await waitFor(
        () => heard.some((h) => h.event === 'fairs.exhibitor.accepted.v1') || undefined,
        'the accepted event',
        15_000,
      );
      expect(JSON.stringify(heard)).not.toContain('内部备注');
      expect(heard.some((h) => h.event === 'fairs.exhibitor.noted.v1')).toBe(false);
      const card = await waitFor(
        () => watched.find((w) => w.event === 'fairs.exhibitor.accepted.v1'),
        'the public card in the fair’s room',
        15_000,
      );
      expect(card.data.payload).toEqual({
        fairId,
        orgId: org,
        status: 'accepted',
        card: expect.objectContaining({
          enterpriseName: '淅川县渠首农业开发有限公司',
          boothIds: ['std-1', 'std-2'],
        }),
      });
      expect(watched.map((w) => w.event)).not.toContain('fairs.exhibitor.submitted.v1');
      expect(JSON.stringify(watched)).not.toContain('需要一台冷柜');
      expect(JSON.stringify(watched)).not.toContain('内部备注');
    } finally {
      socket.close();
      watcher.close();
    }
  }, 60_000);

  it('assigns 10 booths exactly to 20 racing accepts, holding the counties’ reservations and the cap', async () => {
    const fairId = await newFair(10);
    const rules = await call(t.cadreCounty, 'PUT', `/fairs/${fairId}/booth-rules`, {
      maxBoothsPerEnterprise: 2,
      reservedPerCounty: [
        { county: 'xixia', booths: 2 },
        { county: 'neixiang', booths: 2 },
      ],
    });
    expect(rules.status).toBe(200);
    expect(rules.body.counties).toEqual(expect.arrayContaining([{ county: 'xixia', reserved: 2, used: 0 }]));
    expect(
      (await call(t.enterprise, 'PUT', `/fairs/${fairId}/booth-rules`, { maxBoothsPerEnterprise: 1 })).status,
    ).toBe(403);
    await Promise.all(
      RACERS.map(async (racer, i) => {
        const saved = await call(
          racers[i]!,
          'PUT',
          `/fairs/${fairId}/exhibitors/${racer.org}`,
          application(`${racer.name}农业公司`, racer.region),
        );
        expect(saved.status).toBe(200);
        expect(
          (await call(racers[i]!, 'POST', `/fairs/${fairId}/exhibitors/${racer.org}/submit`)).status,
        ).toBe(200);
      }),
    );
    // One asks for more than the cap: refused with its code, nothing changed.
    const greedy = await call(
      t.enterprise,
      'PUT',
      `/fairs/${fairId}/exhibitors/ent-qushou-agri`,
      application('渠首农业', 'xichuan', { booths: 3 }),
    );
    expect(greedy.status).toBe(200);
    await call(t.enterprise, 'POST', `/fairs/${fairId}/exhibitors/ent-qushou-agri/submit`);
    const capped = await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/ent-qushou-agri/accept`);
    expect(capped.status).toBe(409);
    expect(capped.body).toMatchObject({
      code: 'CAP_REACHED',
      fields: [{ field: 'refusal', message: 'booth_cap' }],
    });

    const answers = await Promise.all(
      RACERS.map((racer) => call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${racer.org}/accept`)),
    );
    const won = answers.filter((a) => a.status === 200);
    const lost = answers.filter((a) => a.status !== 200);
    expect(won).toHaveLength(10);
    expect(lost.map((a) => a.status)).toEqual(Array(10).fill(409));
    for (const a of lost) expect(['booths_reserved', 'booths_exhausted']).toContain(a.body.fields[0].message);
    const boothIds = won.flatMap((a) => a.body.boothIds as string[]);
    expect(boothIds.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `std-${i + 1}`).sort());
    const countyOf = (a: (typeof won)[number]) => a.body.enterprise.region as string;
    const per = (county: string) => won.filter((a) => countyOf(a) === county).length;
    expect(per('xixia')).toBeGreaterThanOrEqual(2);
    expect(per('neixiang')).toBeGreaterThanOrEqual(2);
    expect(per('xichuan')).toBeLessThanOrEqual(6);

    const map = await call(t.cadreCounty, 'GET', `/fairs/${fairId}/booths`);
    const assigned = map.body.booths.filter((b: { state: string }) => b.state === 'assigned');
    expect(assigned).toHaveLength(10);
    expect(new Set(assigned.map((b: { orgId: string }) => b.orgId)).size).toBe(10);
    const queue = await call(
      t.cadreCounty,
      'GET',
      `/fairs/${fairId}/exhibitors?status=accepted&pageSize=100`,
    );
    expect(queue.body.total).toBe(10);
    const csv = await call(
      t.cadreCounty,
      'GET',
      `/fairs/${fairId}/exhibitors/export?format=csv&status=accepted`,
    );
    expect(csv.status).toBe(200);
    const lines = String(csv.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('企业名称');
    expect(lines[0]).toContain('展位号');
    expect(lines).toHaveLength(11);

    // A withdrawal frees its booths; a waitlisted one is then accepted onto them. The leaver's
    // county keeps its reservation met (a county without one, or one above it), so any loser fits.
    const leaverWin = won.find((a) => countyOf(a) === 'xichuan') ?? won.find((a) => per(countyOf(a)) > 2)!;
    const leaver = leaverWin.body.enterprise.orgId as string;
    const leaverIndex = RACERS.findIndex((r) => r.org === leaver);
    const freed = leaverWin.body.boothIds as string[];
    expect(
      (await call(racers[leaverIndex]!, 'POST', `/fairs/${fairId}/exhibitors/${leaver}/withdraw`)).body
        .status,
    ).toBe('withdrawn');
    const waiting = RACERS.find((r) => !won.some((w) => w.body.enterprise.orgId === r.org))!;
    const bulk = await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/decisions`, {
      items: [
        { orgId: waiting.org, decision: 'waitlist' },
        { orgId: leaver, decision: 'accept' },
        { orgId: 'ent-nobody', decision: 'accept' },
        { orgId: 'ent-qushou-agri', decision: 'reject' },
      ],
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.results).toEqual([
      expect.objectContaining({ orgId: waiting.org, ok: true, status: 'waitlisted' }),
      expect.objectContaining({ orgId: leaver, ok: false, code: 'CONFLICT', reason: 'wrong_status' }),
      expect.objectContaining({ orgId: 'ent-nobody', ok: false, code: 'NOT_FOUND', reason: 'not_found' }),
      expect.objectContaining({
        orgId: 'ent-qushou-agri',
        ok: false,
        code: 'VALIDATION_FAILED',
        reason: 'invalid',
      }),
    ]);
    const later = await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${waiting.org}/accept`);
    expect(later.status).toBe(200);
    expect(later.body.boothIds).toEqual(freed);
  }, 120_000);

  it('turns an accepted exhibitor’s edits into a diff the reviewers approve', async () => {
    const fairId = await newFair(5);
    const org = RACERS[3]!.org;
    const token = racers[3]!;
    await call(token, 'PUT', `/fairs/${fairId}/exhibitors/${org}`, application('企业3农业公司', 'xichuan'));
    await call(token, 'POST', `/fairs/${fairId}/exhibitors/${org}/submit`);
    expect((await call(t.admin, 'POST', `/fairs/${fairId}/exhibitors/${org}/accept`)).status).toBe(200);
    const edited = await call(token, 'PUT', `/fairs/${fairId}/exhibitors/${org}`, {
      ...application('企业3农业公司', 'xichuan'),
      products: [
        {
          name: '淅川软籽石榴',
          category: '水果',
          county: 'xichuan',
          certifications: ['地理标志', '绿色食品'],
          photos: ['https://img.example.cn/a.jpg'],
        },
        { name: '香菇酱', category: '加工品', county: 'xichuan' },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.products).toHaveLength(1);
    expect(edited.body.pendingChanges.diff.map((d: { path: string }) => d.path)).toEqual([
      'products.0.certifications',
      'products.1',
    ]);
    const card = await call(t.cadreBeijing, 'GET', `/fairs/${fairId}/exhibitors/${org}`);
    expect(card.body.card.products).toHaveLength(1);
    expect(
      (await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${org}/changes/reject`)).status,
    ).toBe(400);
    const approved = await call(t.cadreCounty, 'POST', `/fairs/${fairId}/exhibitors/${org}/changes/approve`);
    expect(approved.status).toBe(200);
    expect(approved.body.products).toHaveLength(2);
    expect(approved.body.pendingChanges).toBeUndefined();
    expect(
      (await call(t.cadreBeijing, 'GET', `/fairs/${fairId}/exhibitors/${org}`)).body.card.products,
    ).toHaveLength(2);
  }, 60_000);

  it('seeds the demo fairs’ exhibitors through the API as the demo users', async () => {
    const [past, henan] = demoFairs();
    const organisers = { 'demo-cadre-beijing': t.cadreBeijing, 'demo-cadre-county': t.cadreCounty } as Record<
      string,
      string
    >;
    for (const demo of [past!, henan!]) {
      const token = organisers[demo.organiser]!;
      const fair = await call(token, 'POST', '/fairs', demo.fair);
      expect(fair.status).toBe(201);
      const fairId = fair.body.id as string;
      const [first, ...rest] = demo.steps;
      expect((await call(token, 'POST', `/fairs/${fairId}/${first}`)).status).toBe(200);
      const seeded = await seedDemoExhibitors({
        gateway: url,
        fairId,
        fairTitle: demo.fair.title,
        organiserToken: token,
        tokenOf: getToken,
      });
      expect(seeded.applied).toBeGreaterThan(5);
      // Run again: nothing changes.
      expect(
        (
          await seedDemoExhibitors({
            gateway: url,
            fairId,
            fairTitle: demo.fair.title,
            organiserToken: token,
            tokenOf: getToken,
          })
        ).applied,
      ).toBeLessThanOrEqual(1);
      for (const step of rest)
        expect((await call(token, 'POST', `/fairs/${fairId}/${step}`)).status).toBe(200);
      const queue = await call(token, 'GET', `/fairs/${fairId}/exhibitors?pageSize=100`);
      const accepted = queue.body.items.filter((i: { status: string }) => i.status === 'accepted');
      expect(accepted).toHaveLength(seeded.accepted);
      if (demo === henan) {
        expect(queue.body.items.some((i: { pendingChanges?: unknown }) => i.pendingChanges)).toBe(true);
        const map = await call(t.enterprise, 'GET', `/fairs/${fairId}/booths`);
        expect(map.body.counties.length).toBeGreaterThanOrEqual(6);
      }
    }
  }, 120_000);
});
