import type { Producer } from 'kafkajs';
import type { Socket } from 'socket.io-client';
import { createEnvelope, eventContract, type EventTopic, type PlacementSnapshot } from '@qingshui/contracts';
import { createKafka, outboxEntry, scoped, toKafkaMessage } from '@qingshui/messaging';
import { connectSocket, ensureRealmUsers, EVENT_SAMPLES, getToken, waitFor } from '@qingshui/testing';
import { CONSOLE_TEST_PORT, launchBrowser, openConsole, signIn, waitLive } from '../support/browser';
import { api, startPlatform, type Platform } from '../support/platform';

// The inbox (issue #12, item 8) through the gateway, Kafka and the exchange service: each step
// reaches those who must act next at once (socket) and in an inbox that survives a reconnect, with
// unread counts and read state per user, and reaches nobody else. Confirmed placements are
// produced on exchange.placement.confirmed.v1 as the placements part writes them; tracking's own
// deadlines and early returns come from its routes and jobs.

const DAY_MS = 20;
const RUN = Date.now().toString(36);
const CONFIRMED = 'exchange.placement.confirmed.v1';
const DELIVERED = 'exchange.inbox.delivered.v1';
const READ = 'exchange.inbox.read.v1';
const OUTSIDER = {
  username: 'ei-cadre-haidian',
  role: 'cadre' as const,
  org: 'gov-haidian',
  region: 'haidian',
};
/** The seconded cadre's own account (朝阳区发改委). */
const SECONDED = {
  username: 'ei-cadre-chaoyang-fgw',
  role: 'cadre' as const,
  org: 'gov-chaoyang-fgw',
  region: 'chaoyang',
  name: '李明远',
};
const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;
const day = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Who = 'county' | 'district' | 'admin' | 'expert' | 'outsider' | 'seconded';
interface Entry {
  id: string;
  kind: string;
  read: boolean;
  as: string;
  link: { kind: string; id: string };
  title: string;
}

describe('exchange inbox: who gets what, unread counts, read state', () => {
  let platform: Platform;
  let url: string;
  let producer: Producer;
  const t = {} as Record<Who, string>;
  const id = {} as Record<Who, string>;
  const sockets: Socket[] = [];
  const heard: { who: Who; topic: string; payload: Record<string, unknown> }[] = [];
  const call = (token: string, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
  const inbox = async (who: Who, query = ''): Promise<{ items: Entry[]; total: number; unread: number }> => {
    const r = await call(t[who], 'GET', `/exchange/inbox${query}`);
    if (r.status !== 200) throw new Error(`inbox of ${who}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const count = async (who: Who) => (await call(t[who], 'GET', '/exchange/inbox/unread-count')).body;
  const about = async (who: Who, linkId: string) =>
    (await inbox(who)).items.filter((i) => i.link.id === linkId);
  const listen = async (who: Who): Promise<Socket> => {
    const socket = await connectSocket(url, t[who]);
    for (const topic of [DELIVERED, READ])
      socket.on(topic, (e: { payload: Record<string, unknown> }) =>
        heard.push({ who, topic, payload: e.payload }),
      );
    sockets.push(socket);
    return socket;
  };
  const placement = (n: string, extra: Partial<PlacementSnapshot> = {}): PlacementSnapshot => ({
    id: `ei-${RUN}-${n}`,
    postingId: `ei-po-${RUN}-${n}`,
    postingTitle: `淅川县文化广电和旅游局副局长（挂职）${n}`,
    pairId: 'chaoyang-xichuan',
    direction: 'to-county',
    kind: 'secondment',
    year: Number(day().slice(0, 4)),
    receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
    sendingUnit: { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' },
    cadre: { profileId: `ei-cp-${RUN}-${n}`, userId: id.seconded, name: '李明远' },
    startDate: day(),
    // Far ahead: no deadline of these falls due during the suite.
    endDate: day(20_000),
    confirmedAt: new Date().toISOString(),
    version: 1,
    ...extra,
  });
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
  const delivered = (linkId: string) =>
    heard.filter((h) => h.topic === DELIVERED && (h.payload['item'] as Entry).link.id === linkId);

  beforeAll(async () => {
    if (!eventContract(CONFIRMED))
      throw new Error(`${CONFIRMED} is not declared (the placements part declares it)`);
    platform = await startPlatform({
      services: ['exchange'],
      config: { exchange: { trackingDayMs: DAY_MS } },
    });
    url = platform.gateways[0]!.url;
    const config = platform.configs['exchange'] as unknown as { kafka: Parameters<typeof createKafka>[0] };
    producer = createKafka({ ...config.kafka, clientId: `inbox-test-${RUN}` }).producer({
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    await ensureRealmUsers([OUTSIDER, SECONDED]);
    const users: Record<Who, string> = {
      county: 'demo-cadre-county',
      district: 'demo-cadre-beijing',
      admin: 'demo-admin',
      expert: 'demo-expert',
      outsider: OUTSIDER.username,
      seconded: SECONDED.username,
    };
    for (const [who, username] of Object.entries(users) as [Who, string][]) {
      t[who] = await getToken(username);
      id[who] = subOf(t[who]);
    }
    for (const who of Object.keys(users) as Who[]) await listen(who);
  }, 180_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await producer?.disconnect();
    await platform?.close();
  });

  it('tells both units and the cadre of a confirmed placement, once, at once and in their inboxes; nobody else', async () => {
    const p = placement('confirmed');
    const envelope = await confirm(p);
    await waitFor(() => delivered(p.id).length >= 3, 'the deliveries', 30_000);
    await confirm(p, envelope); // redelivered: nothing twice
    await sleep(1500);
    const got = delivered(p.id)
      .map((h) => h.who)
      .sort();
    expect(got).toEqual(['county', 'district', 'seconded']);
    // Who else it went to stays internal.
    for (const h of delivered(p.id)) expect(h.payload['addressees']).toBeUndefined();
    expect(await about('county', p.id)).toEqual([
      expect.objectContaining({
        kind: 'placement-confirmed',
        read: false,
        as: 'unit',
        link: { kind: 'tenure', id: p.id },
      }),
    ]);
    expect((await about('district', p.id)).map((i) => i.as)).toEqual(['unit']);
    expect((await about('seconded', p.id)).map((i) => i.as)).toEqual(['user']);
    for (const who of ['admin', 'expert', 'outsider'] as const) expect(await about(who, p.id)).toEqual([]);
    expect(await count('county')).toMatchObject({ unread: 1, total: 1 });
    expect(await count('outsider')).toEqual({ unread: 0, total: 0 });
  }, 60_000);

  it('tells the receiving unit of a tracking deadline, and the sending unit and the office of an early return', async () => {
    const p = placement('deadline', { endDate: day(200) });
    await confirm(p);
    const review = await waitFor(
      async () => (await about('county', p.id)).find((i) => i.kind === 'review-due'),
      'the review deadline in the receiving unit’s inbox',
      30_000,
    );
    expect(review.title).toContain('中期考核到期');
    expect((await about('district', p.id)).map((i) => i.kind)).toEqual(['placement-confirmed']);
    expect(delivered(p.id).filter((h) => h.who === 'outsider')).toEqual([]);

    const q = placement('early');
    await confirm(q);
    await waitFor(
      async () => (await call(t.county, 'GET', `/exchange/tenures/${q.id}`)).status === 200,
      'the tenure',
      30_000,
    );
    expect((await call(t.county, 'POST', `/exchange/tenures/${q.id}/arrival`, { date: day() })).status).toBe(
      200,
    );
    expect(
      (
        await call(t.district, 'POST', `/exchange/tenures/${q.id}/early-return`, {
          date: day(),
          reason: '因工作需要召回朝阳区',
        })
      ).status,
    ).toBe(200);
    await waitFor(
      async () => (await about('admin', q.id)).length === 1,
      'the office told of the early return',
      30_000,
    );
    expect((await about('admin', q.id))[0]).toMatchObject({ kind: 'tenure-ended', as: 'office' });
    expect((await about('district', q.id)).map((i) => i.kind).sort()).toEqual([
      'placement-confirmed',
      'tenure-ended',
    ]);
    // The receiving unit recorded nothing it must act on: only the confirmation.
    expect((await about('county', q.id)).map((i) => i.kind)).toEqual(['placement-confirmed']);
    await waitFor(() => delivered(q.id).some((h) => h.who === 'admin'), 'the office’s socket', 10_000);
    for (const who of ['expert', 'outsider'] as const) expect(await about(who, q.id)).toEqual([]);
  }, 60_000);

  it('sends each approval step to the side that must act next: accept, release, confirm; a refusal to both units', async () => {
    const sample = (
      EVENT_SAMPLES['exchange.nomination.submitted.v1' as EventTopic] as {
        nomination: Record<string, unknown>;
      }
    ).nomination;
    const nomination = (n: string, extra: Record<string, unknown>) => ({
      ...sample,
      id: `ei-nom-${RUN}-${n}`,
      postingId: `ei-po-${RUN}-${n}`,
      receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
      cadre: {
        ...(sample['cadre'] as object),
        unit: { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' },
        userId: id.seconded,
      },
      ...extra,
    });
    const send = async (type: string, payload: unknown, key: string) => {
      const envelope = createEnvelope({ type, key, actor: 'u-cadre', payload });
      await producer.send({
        topic: scoped(platform.environment, type),
        messages: [toKafkaMessage(outboxEntry(type as EventTopic, envelope))],
      });
    };
    const a = nomination('a', { status: 'nominated', released: false, accepted: false, steps: [] });
    await send('exchange.nomination.submitted.v1', { nomination: a }, a.id);
    const kinds = async (who: Who, postingId: string) =>
      (await about(who, postingId)).map((i) => i.kind).sort();
    await waitFor(
      async () => (await kinds('district', a.postingId)).length === 1,
      'the release request',
      30_000,
    );
    expect(await kinds('county', a.postingId)).toEqual(['nomination-to-accept']);
    expect(await kinds('district', a.postingId)).toEqual(['nomination-to-release']);
    // The receiving unit accepted: only the sending unit still has to act.
    const b = { ...a, status: 'accepted', accepted: true, version: 2 };
    await send('exchange.placement.step-recorded.v1', { nomination: b }, a.id);
    await waitFor(
      async () => (await kinds('district', a.postingId)).length === 2,
      'the second release request',
      30_000,
    );
    expect(await kinds('county', a.postingId)).toEqual(['nomination-to-accept']);
    // Both agreed: the office confirms.
    await send(
      'exchange.placement.agreed.v1',
      { nomination: { ...b, status: 'agreed', released: true, version: 3 } },
      a.id,
    );
    await waitFor(
      async () => (await kinds('admin', a.postingId)).length === 1,
      'the confirmation request',
      30_000,
    );
    expect(await kinds('admin', a.postingId)).toEqual(['placement-to-confirm']);
    // A refusal of another nomination: both units and the nominee.
    const r = nomination('r', { status: 'refused' });
    await send('exchange.placement.step-recorded.v1', { nomination: r }, r.id);
    await waitFor(async () => (await kinds('seconded', r.postingId)).length === 1, 'the refusal', 30_000);
    for (const who of ['county', 'district', 'seconded'] as const)
      expect(await kinds(who, r.postingId)).toEqual(['placement-refused']);
    const refusal = (await about('seconded', r.postingId))[0]!;
    expect(JSON.stringify(refusal)).not.toContain('私人原因');
    for (const who of ['expert', 'outsider'] as const) {
      expect(await about(who, a.postingId)).toEqual([]);
      expect(await about(who, r.postingId)).toEqual([]);
    }
    expect(await about('admin', r.postingId)).toEqual([]);
  }, 60_000);

  it('marks one or all read for the reader only, tells their other sockets, and refuses others’ items', async () => {
    const second = await listen('county');
    const before = await count('county');
    expect(before.unread).toBeGreaterThan(1);
    const [first] = (await inbox('county', '?order=newest')).items;
    const marked = await call(t.county, 'POST', `/exchange/inbox/${first!.id}/read`);
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ unread: before.unread - 1, total: before.total });
    expect((await call(t.county, 'POST', `/exchange/inbox/${first!.id}/read`)).body.unread).toBe(
      before.unread - 1,
    );
    await waitFor(
      () =>
        heard.filter(
          (h) =>
            h.topic === READ && h.who === 'county' && (h.payload['itemIds'] as string[])[0] === first!.id,
        ).length >= 2,
      'both of the reader’s sockets told',
      10_000,
    );
    expect(heard.filter((h) => h.topic === READ && h.who !== 'county')).toEqual([]);
    // Read for the county cadre, still unread for the sending unit's cadres (the same item, if shared).
    const shared = (await inbox('district')).items.find((i) => i.id === first!.id);
    if (shared) expect(shared.read).toBe(false);
    // Unread first: the read one goes last.
    const page = await inbox('county');
    expect(page.items.at(-1)).toMatchObject({ id: first!.id, read: true });
    // Someone else's item, a bad id, an unknown path.
    const districtOnly = (await inbox('district')).items.find((i) => i.kind === 'tenure-ended')!;
    expect((await call(t.county, 'POST', `/exchange/inbox/${districtOnly.id}/read`)).status).toBe(404);
    expect((await call(t.outsider, 'POST', `/exchange/inbox/${first!.id}/read`)).status).toBe(404);
    expect((await call(t.county, 'POST', '/exchange/inbox/bad%20id/read')).status).toBe(400);
    for (const query of ['?pageSize=0', '?order=oldest', '?page=x', '?extra=1'])
      expect([query, (await call(t.county, 'GET', `/exchange/inbox${query}`)).status]).toEqual([query, 400]);
    const all = await call(t.county, 'POST', '/exchange/inbox/read-all');
    expect(all.body).toEqual({ unread: 0, total: before.total });
    expect((await inbox('county')).items.every((i) => i.read)).toBe(true);
    expect((await count('district')).unread).toBeGreaterThan(0);
    second.close();
  }, 60_000);

  it('keeps what arrived while a user was away: a reconnect finds it in the inbox, unread', async () => {
    const county = sockets[0]!;
    county.close();
    const p = placement('away');
    await confirm(p);
    await waitFor(
      () => delivered(p.id).some((h) => h.who === 'district'),
      'the delivery to those connected',
      30_000,
    );
    const back = await listen('county');
    expect(back.connected).toBe(true);
    // A fresh token too (a reload): the inbox is on the server.
    t.county = await getToken('demo-cadre-county');
    const items = await about('county', p.id);
    expect(items).toEqual([expect.objectContaining({ kind: 'placement-confirmed', read: false })]);
    expect(await count('county')).toMatchObject({ unread: 1 });
    // Older items stay read.
    expect((await inbox('county')).items.filter((i) => !i.read).map((i) => i.link.id)).toEqual([p.id]);
  }, 60_000);
});

// The console in a real Chromium: its own platform, its gateway on the port the realm's console
// client allows (so the REST suite above never needs that port).
describe('exchange inbox in the console', () => {
  let platform: Platform;
  let url: string;
  let producer: Producer;
  const placement = (n: string, extra: Partial<PlacementSnapshot> = {}): PlacementSnapshot => ({
    id: `ei-c-${RUN}-${n}`,
    postingId: `ei-c-po-${RUN}-${n}`,
    postingTitle: `淅川县教育体育局副局长（挂职）${n}`,
    pairId: 'chaoyang-xichuan',
    direction: 'to-county',
    kind: 'secondment',
    year: Number(day().slice(0, 4)),
    receivingUnit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
    sendingUnit: { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' },
    cadre: { profileId: `ei-c-cp-${RUN}-${n}`, name: '王海涛' },
    startDate: day(),
    endDate: day(20_000),
    confirmedAt: new Date().toISOString(),
    version: 1,
    ...extra,
  });
  const confirm = async (p: PlacementSnapshot) => {
    const envelope = createEnvelope({
      type: CONFIRMED,
      key: p.id,
      actor: 'u-office',
      payload: { placement: p },
    });
    await producer.send({
      topic: scoped(platform.environment, CONFIRMED),
      messages: [toKafkaMessage(outboxEntry(CONFIRMED as EventTopic, envelope))],
    });
  };

  beforeAll(async () => {
    platform = await startPlatform({
      services: ['exchange'],
      gateway: () => ({ http: { host: '127.0.0.1', port: CONSOLE_TEST_PORT } }),
    });
    url = platform.gateways[0]!.url;
    const config = platform.configs['exchange'] as unknown as { kafka: Parameters<typeof createKafka>[0] };
    producer = createKafka({ ...config.kafka, clientId: `inbox-console-test-${RUN}` }).producer({
      allowAutoTopicCreation: false,
    });
    await producer.connect();
  }, 180_000);

  afterAll(async () => {
    await producer?.disconnect();
    await platform?.close();
  });

  it('shows the inbox in the console: the bell’s count live, the inbox page, the rotation plan and a tenure’s step', async () => {
    const browser = await launchBrowser();
    try {
      const session = await openConsole(browser, url);
      const { page } = session;
      await signIn(session, 'demo-cadre-county');
      await waitLive(page);
      const bell = page.locator('[data-testid="notifications"]');
      const countOf = async () =>
        Number(/\((\d+)\)/.exec((await bell.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
      await page.waitForFunction(() => !!document.querySelector('[data-testid="notifications"]'));
      await sleep(1000);
      const before = await countOf();
      const p = placement('console', {
        postingTitle: `淅川县教育体育局副局长（挂职）${RUN}`,
        endDate: day(700),
      });
      await confirm(p);
      // Live: no reload, the count goes up when the item is filed.
      await waitFor(async () => (await countOf()) === before + 1, 'the bell counting the new item', 30_000);
      await bell.click();
      await page.getByText(p.postingTitle, { exact: false }).first().waitFor({ timeout: 10_000 });
      // The inbox page after a reload: the item is there, unread; "mark all read" empties the count.
      await page.goto('/exchange/inbox');
      const row = page.locator('[data-read="false"]').filter({ hasText: p.postingTitle });
      await row.first().waitFor({ timeout: 20_000 });
      await page.getByRole('button', { name: '全部标为已读' }).first().click();
      await waitFor(async () => (await countOf()) === 0, 'the bell at zero', 20_000);
      // The rotation plan shows the placement as a bar on 淅川's row; its tenure page takes a step.
      await page.goto('/exchange/rotation?pairId=chaoyang-xichuan&months=12');
      const bar = page.locator(`[data-testid="rotation-bar-${p.id}"]`);
      await bar.waitFor({ timeout: 20_000 });
      await page
        .screenshot({ path: `/tmp/exchange-rotation-${RUN}.png`, fullPage: true })
        .catch(() => undefined);
      await bar.click();
      await page.waitForURL(new RegExp(`/exchange/tenures/${p.id}$`));
      await page.locator('[data-testid="tenure-state"]', { hasText: '待到岗' }).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="tenure-arrive"]').click();
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await page.locator('[data-testid="tenure-state"]', { hasText: '在岗' }).waitFor({ timeout: 20_000 });
      await page.locator('[data-testid="tenure-step-arrival"]').waitFor();
      await page
        .screenshot({ path: `/tmp/exchange-tenure-${RUN}.png`, fullPage: true })
        .catch(() => undefined);
      expect(session.problems.filter((m) => !/favicon|401|ResizeObserver/.test(m))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
