import type { Browser } from 'playwright-core';
import { MongoClient } from 'mongodb';
import { connectSocket, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import {
  CONSOLE_TEST_PORT,
  launchBrowser,
  openConsole,
  screenshot,
  signIn,
  waitLive,
  type ConsoleSession,
} from '../support/browser';
import { api, startPlatform, type Platform } from '../support/platform';

// Two-sided approval and yearly quotas through the gateway: release and accept in either order,
// refusals with a reason, the office's confirmation, the quota place taken at the agreement
// (exactly one of two racing agreements gets the last place), no two overlapping postings for a
// cadre, a pair's share, the board's used / pending / free, and the usage export.

const RUN = Date.now().toString(36);
const chaoyangUnit = { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' };

describe('two-sided approval against yearly quotas (双向审批、年度名额)', () => {
  let platform: Platform;
  let url: string;
  const t = {} as Record<'xichuan' | 'chaoyang' | 'xixia' | 'admin', string>;
  const call = (token: string, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
  let seq = 0;
  const openPosting = async (year: number, over: object = {}) => {
    seq += 1;
    const { body: p } = await call(t.xichuan, 'POST', '/exchange/postings', {
      title: `淅川县挂职岗位 ${seq} ${RUN}`,
      unit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
      pairId: 'chaoyang-xichuan',
      direction: 'to-county',
      kind: 'secondment',
      startDate: `${year}-03-01`,
      endDate: `${year + 1}-02-28`,
      level: 'section',
      places: 10,
      ...over,
    });
    const opened = await call(t.xichuan, 'POST', `/exchange/postings/${p.id}/open`);
    expect(opened.status).toBe(200);
    return p.id as string;
  };
  const cadre = async (name: string) =>
    (
      await call(t.chaoyang, 'POST', '/exchange/cadres', {
        name,
        unit: chaoyangUnit,
        position: '科员',
        level: 'staff',
      })
    ).body.id as string;
  const nominate = async (postingId: string, profileId: string, rank = 1) => {
    const r = await call(t.chaoyang, 'POST', `/exchange/postings/${postingId}/nominations`, {
      profileId,
      rank,
      statement: '表现优秀，同意推荐。',
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  const step = (token: string, id: string, what: string, body?: unknown) =>
    call(token, 'POST', `/exchange/nominations/${id}/${what}`, body);
  const board = async (year: number) =>
    (await call(t.xichuan, 'GET', `/exchange/quotas?year=${year}`)).body.directions.find(
      (d: { direction: string }) => d.direction === 'to-county',
    );

  beforeAll(async () => {
    await ensureRealmUsers([
      { username: 'ex-cadre-xixia', role: 'cadre', org: 'gov-xixia', region: 'xixia' },
    ]);
    // The quota figures' repair looks every half second (30 s in production).
    platform = await startPlatform({ services: ['exchange'], config: { exchange: { quotaRepairMs: 500 } } });
    url = platform.gateways[0]!.url;
    t.xichuan = await getToken('demo-cadre-county');
    t.chaoyang = await getToken('demo-cadre-beijing');
    t.xixia = await getToken('ex-cadre-xixia');
    t.admin = await getToken('demo-admin');
  }, 180_000);
  afterAll(async () => platform?.close(), 60_000);

  it('agrees in either order, records who and when, takes the place at the agreement, and the office confirms', async () => {
    expect(await board(2035)).toMatchObject({ total: 24, used: 0, free: 24 });
    const postingId = await openPosting(2035);
    const n1 = await nominate(postingId, await cadre('周一'));
    const n2 = await nominate(postingId, await cadre('吴二'), 2);
    expect(await board(2035)).toMatchObject({ used: 0, pending: 2 });
    // Only the right side takes each step.
    expect((await step(t.xichuan, n1, 'release')).status).toBe(403);
    expect((await step(t.chaoyang, n1, 'accept')).status).toBe(403);
    expect((await step(t.admin, n1, 'release')).status).toBe(403);
    expect((await step(t.xixia, n1, 'release')).status).toBe(404);
    expect((await step(t.admin, n1, 'confirm')).status).toBe(409);
    // Release then accept.
    expect((await step(t.chaoyang, n1, 'release')).body).toMatchObject({
      status: 'released',
      released: true,
    });
    expect((await step(t.chaoyang, n1, 'release')).body.version).toBe(2); // a repeat changes nothing
    const agreed = await step(t.xichuan, n1, 'accept');
    expect(agreed.body).toMatchObject({ status: 'agreed', released: true, accepted: true });
    expect(agreed.body.steps.map((s: { action: string }) => s.action)).toEqual([
      'nominated',
      'released',
      'agreed',
    ]);
    expect(agreed.body.steps[2]).toMatchObject({ side: 'receiving' });
    expect(agreed.body.steps[2].at).toBeTruthy();
    // Accept then release.
    expect((await step(t.xichuan, n2, 'accept')).body.status).toBe('accepted');
    expect((await step(t.chaoyang, n2, 'release')).body.status).toBe('agreed');
    const figures = await board(2035);
    expect(figures).toMatchObject({ used: 2, pending: 0, free: 22 });
    expect(figures.pairs.find((p: { pairId: string }) => p.pairId === 'chaoyang-xichuan')).toMatchObject({
      used: 2,
    });
    expect((await call(t.xichuan, 'GET', `/exchange/postings/${postingId}`)).body.placed).toBe(2);
    const confirmed = await step(t.admin, n1, 'confirm');
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.steps.at(-1)).toMatchObject({ action: 'confirmed', side: 'office' });
  });

  it('refuses with a reason, changing nothing else, and gives an agreed place back', async () => {
    const postingId = await openPosting(2036);
    const n = await nominate(postingId, await cadre('郑三'));
    expect((await step(t.xichuan, n, 'refuse', {})).status).toBe(400);
    await step(t.chaoyang, n, 'release');
    await step(t.xichuan, n, 'accept');
    expect((await board(2036)).used).toBe(1);
    const refused = await step(t.admin, n, 'refuse', { reason: '经研究，另行安排' });
    expect(refused.body).toMatchObject({ status: 'refused' });
    expect(refused.body.steps.at(-1)).toMatchObject({ side: 'office', reason: '经研究，另行安排' });
    expect((await board(2036)).used).toBe(0);
    expect((await call(t.xichuan, 'GET', `/exchange/postings/${postingId}`)).body.placed).toBe(0);
    expect((await step(t.chaoyang, n, 'release')).status).toBe(409);
    const w = await nominate(postingId, await cadre('王四'));
    expect((await step(t.chaoyang, w, 'withdraw', { reason: '本人身体原因' })).body.status).toBe('withdrawn');
  });

  it('gives the last quota place to exactly one of two racing agreements', async () => {
    expect((await call(t.chaoyang, 'PUT', '/exchange/quotas/2037/to-county', { total: 1 })).status).toBe(403);
    const set = await call(t.admin, 'PUT', '/exchange/quotas/2037/to-county', { total: 1 });
    expect(set.body).toMatchObject({ total: 1, used: 0, free: 1 });
    const postingId = await openPosting(2037);
    const a = await nominate(postingId, await cadre('陈五'));
    const b = await nominate(postingId, await cadre('褚六'), 2);
    await step(t.chaoyang, a, 'release');
    await step(t.chaoyang, b, 'release');
    const results = await Promise.all([step(t.xichuan, a, 'accept'), step(t.xichuan, b, 'accept')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.code).toBe('QUOTA_FULL');
    expect(await board(2037)).toMatchObject({ total: 1, used: 1, free: 0, pending: 1 });
    // The loser is still released, waiting: nothing of it changed.
    const lost = results[0]!.status === 409 ? a : b;
    expect((await call(t.xichuan, 'GET', `/exchange/nominations/${lost}`)).body.status).toBe('released');
    // The quota cannot go below what is used; a pair's share is kept.
    const below = await call(t.admin, 'PUT', '/exchange/quotas/2037/to-county', { total: 0 });
    expect(below.status).toBe(400);
    expect(below.body.fields[0].field).toBe('total');
    await call(t.admin, 'PUT', '/exchange/quotas/2037/to-county', {
      total: 5,
      perPair: { 'chaoyang-xichuan': 1 },
    });
    const shared = await step(t.xichuan, lost, 'accept');
    expect(shared.status).toBe(409);
    expect(shared.body.code).toBe('QUOTA_FULL');
    await call(t.admin, 'PUT', '/exchange/quotas/2037/to-county', {
      total: 5,
      perPair: { 'chaoyang-xichuan': 2 },
    });
    expect((await step(t.xichuan, lost, 'accept')).body.status).toBe('agreed');
  });

  it('tells the figures of a claim whose announcement a crash cut off', async () => {
    await call(t.admin, 'PUT', '/exchange/quotas/2034/to-county', { total: 3 });
    const heard: { quota: { id: string; version: number; used: number } }[] = [];
    const socket = await connectSocket(url, t.xichuan);
    socket.on('exchange.quota.changed.v1', (e: { payload: (typeof heard)[number] }) => heard.push(e.payload));
    const mongo = await MongoClient.connect(platform.env['MONGO_URL']!);
    try {
      // What a claim leaves when its process dies before announcing: the place taken, the version
      // moved, the figures untold (`announcedVersion` behind), a while ago.
      const ledgers = mongo
        .db(platform.databases['exchange'])
        .collection<{ _id: string; version: number; announcedVersion?: number }>('quotas');
      const before = await ledgers.findOne({ _id: '2034-to-county' });
      expect(before).toMatchObject({ used: 0, announcedVersion: before!.version });
      await ledgers.updateOne(
        { _id: '2034-to-county' },
        {
          $inc: { used: 1, 'usedByPair.chaoyang-xichuan': 1, version: 1 },
          $push: { placementIds: `crashed-${RUN}` },
          $set: { updatedAt: new Date(Date.now() - 60_000) },
        },
      );
      const version = before!.version + 1;
      const told = await waitFor(
        () => heard.find((e) => e.quota.id === '2034-to-county' && e.quota.version === version),
        'the repaired announcement',
        15_000,
      );
      expect(told.quota.used).toBe(1);
      await waitFor(
        async () => (await ledgers.findOne({ _id: '2034-to-county' }))?.announcedVersion === version,
        'the ledger marked as told',
        5_000,
      );
      // Told once: the repair does not repeat a version it told.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(
        heard.filter((e) => e.quota.id === '2034-to-county' && e.quota.version === version),
      ).toHaveLength(1);
    } finally {
      socket.close();
      await mongo.close();
    }
  });

  it('never lets a cadre hold two overlapping postings, and takes no place for the refused one', async () => {
    const first = await openPosting(2038);
    const second = await openPosting(2038, { startDate: '2038-09-01', endDate: '2039-08-31' });
    const who = await cadre('卫七');
    const n1 = await nominate(first, who);
    const n2 = await nominate(second, who);
    await step(t.chaoyang, n1, 'release');
    await step(t.chaoyang, n2, 'release');
    expect((await step(t.xichuan, n1, 'accept')).body.status).toBe('agreed');
    const clash = await step(t.xichuan, n2, 'accept');
    expect(clash.status).toBe(409);
    expect(clash.body.code).toBe('OVERLAPPING_BOOKING');
    expect((await board(2038)).used).toBe(1);
    expect((await call(t.xichuan, 'GET', `/exchange/postings/${second}`)).body.placed).toBe(0);
    expect((await call(t.chaoyang, 'GET', `/exchange/cadres/${who}`)).body.holds).toHaveLength(1);
    // A nomination of a cadre holding an overlapping posting is refused at once.
    const third = await openPosting(2038, { startDate: '2038-05-01', endDate: '2038-06-30', kind: 'short' });
    const r = await call(t.chaoyang, 'POST', `/exchange/postings/${third}/nominations`, {
      profileId: who,
      rank: 1,
      statement: '短期交流',
    });
    expect(r.status).toBe(409);
  });

  it('fills a posting at its last place, counts short exchanges apart, and exports the usage', async () => {
    const postingId = await openPosting(2039, {
      places: 1,
      kind: 'short',
      startDate: '2039-05-01',
      endDate: '2039-05-31',
    });
    const n = await nominate(postingId, await cadre('蒋八'));
    await step(t.chaoyang, n, 'release');
    await step(t.xichuan, n, 'accept');
    expect((await call(t.xichuan, 'GET', `/exchange/postings/${postingId}`)).body.status).toBe('filled');
    const figures = await board(2039);
    expect(figures).toMatchObject({ used: 0, short: { used: 1, pending: 0 } });
    const csv = await fetch(`${url}/api/v1/exchange/quotas/usage/export?format=csv&year=2039`, {
      headers: { authorization: `Bearer ${t.admin}` },
    });
    expect(csv.status).toBe(200);
    const text = await csv.text();
    expect(text).toContain('年度');
    expect(text).toContain('朝阳区—淅川县');
    expect(text.trim().split('\n')).toHaveLength(1 + 2 * 16);
    const xlsx = await fetch(`${url}/api/v1/exchange/quotas/usage/export?format=xlsx&year=2039`, {
      headers: { authorization: `Bearer ${t.xichuan}` },
    });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheet');
  });
});

describe('the two-sided approval in the console: both sides see each other’s step live', () => {
  let platform: Platform;
  let browser: Browser;
  let base: string;
  const sessions: ConsoleSession[] = [];
  const ok = async (user: string, method: string, path: string, body?: unknown) => {
    const r = await api(base, method, `/api/v1${path}`, {
      token: await getToken(user),
      ...(body !== undefined ? { body } : {}),
    });
    if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown> & { id: string };
  };
  const open = async (user: string) => {
    const session = await openConsole(browser, base);
    sessions.push(session);
    await signIn(session, user);
    return session;
  };

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['exchange'],
      gateway: () => ({ http: { host: '127.0.0.1', port: CONSOLE_TEST_PORT } }),
    });
    base = platform.gateways[0]!.url;
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    for (const session of sessions.splice(0)) await session.context.close();
    await browser?.close();
    await platform?.close();
  });

  it('the sending side releases, the receiving side accepts, each page follows the other', async () => {
    const title = `淅川县商务局副局长（挂职）${RUN}`;
    const posting = await ok('demo-cadre-county', 'POST', '/exchange/postings', {
      title,
      unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
      pairId: 'chaoyang-xichuan',
      direction: 'to-county',
      kind: 'secondment',
      // The board opens on 2027.
      startDate: '2027-09-01',
      endDate: '2028-08-31',
      level: 'section',
      places: 2,
    });
    await ok('demo-cadre-county', 'POST', `/exchange/postings/${posting.id}/open`);
    const profile = await ok('demo-cadre-beijing', 'POST', '/exchange/cadres', {
      name: '孟京生',
      unit: chaoyangUnit,
      position: '商务局科长',
      level: 'section',
    });
    const nomination = await ok(
      'demo-cadre-beijing',
      'POST',
      `/exchange/postings/${posting.id}/nominations`,
      {
        profileId: profile.id,
        rank: 1,
        statement: '熟悉电子商务和消费帮扶工作。',
      },
    );
    try {
      const county = await open('demo-cadre-county');
      const beijing = await open('demo-cadre-beijing');
      for (const { page } of [county, beijing]) {
        await page.goto(`/exchange/postings/${posting.id}`);
        await page.getByTestId('posting-heading').waitFor();
        await waitLive(page);
      }
      // Each sees the other on the posting (presence on its record room; the viewer leaves themself out).
      for (const { page } of [county, beijing])
        await page.getByTestId('presence-person').first().waitFor({ timeout: 10_000 });
      const card = (s: ConsoleSession) => s.page.getByTestId(`nomination-${nomination.id}`);
      await card(county).getByTestId('nomination-status-nominated').waitFor();
      // The sending side releases: the receiving side's page shows it without a reload.
      await card(beijing).getByTestId('step-release').click();
      await card(county).getByTestId('nomination-status-released').waitFor({ timeout: 10_000 });
      // The receiving side accepts: both agreed, the quota place taken, on both pages.
      await card(county).getByTestId('step-accept').click();
      await card(beijing).getByTestId('nomination-status-agreed').waitFor({ timeout: 10_000 });
      await beijing.page
        .getByTestId('posting-places')
        .filter({ hasText: '1 / 2' })
        .waitFor({ timeout: 10_000 });
      // The board and the quota board show it too.
      await county.page.goto('/exchange/board');
      await county.page.getByText(title).waitFor();
      await county.page.goto('/exchange/quotas');
      await county.page.getByTestId('quota-board-to-county').waitFor();
      await county.page.goto('/exchange/cadres');
      await county.page.getByText('孟京生').waitFor();
      expect([...county.problems, ...beijing.problems].filter((p) => !p.includes('favicon'))).toEqual([]);
    } catch (error) {
      for (const [i, session] of sessions.entries())
        await screenshot(session.page, `failed-exchange-approval-${i}`).catch(() => undefined);
      throw error;
    }
  }, 180_000);
});
