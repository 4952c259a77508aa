import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { MongoClient, type Db } from 'mongodb';
import { connectSocket, ensureRealmUsers, getToken, waitFor } from '@qingshui/testing';
import type { TicketTokenPayload } from '@qingshui/contracts';
import { api, startPlatform, type Platform } from '../support/platform';

/** A fair key pair as the service keeps it (fair_keys), and a token signed as it signs them. */
function generateFairKeyPair(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    kid,
    publicKey: spki.subarray(12).toString('base64url'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}
function signTicketToken(payload: TicketTokenPayload, privateKeyPem: string): string {
  const body = `QS1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(null, Buffer.from(body), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

// Door check-in and booth lead scans through the gateway, Kafka and the fairs service on
// FerretDB: every refusal, nonce retries, two gates racing for one ticket, an offline upload with
// conflicts, exact counts after a concurrent burst, live counts to the pair's cadres only, lead
// consent, one lead per visitor and exhibitor, scan-only devices, and who reads whose leads.
// Tickets are written straight into the fairs database and signed with the fair's key (the
// registrations part issues them in the product).

const RUN = Date.now().toString(36);
const DAY_MS = 86_400_000;
/** The fair's calendar day (Beijing) of an instant. */
const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
const TODAY = dayOf(Date.now());
const TOMORROW = dayOf(Date.now() + DAY_MS);
const RIVAL = {
  username: 'fc-ent-rival',
  role: 'enterprise' as const,
  org: 'ent-fc-rival',
  region: 'xixia',
  name: '西峡宛西香菇',
};

const fairBody = () => ({
  title: `${TODAY} 淅川农产品北京推介会 ${RUN}`,
  description: '淅川香菇、软籽石榴进京展销。',
  pairIds: ['chaoyang-xichuan'],
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  days: [
    { date: TODAY, opensAt: '00:00', closesAt: '23:59' },
    { date: TOMORROW, opensAt: '09:00', closesAt: '17:00' },
  ],
  zones: [],
  boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 20 }],
});
const nonce = () => randomUUID().replace(/-/g, '');

describe('door check-in and booth leads (入场核验与展位线索)', () => {
  let platform: Platform;
  let url: string;
  let mongo: MongoClient;
  let db: Db;
  const t = {} as Record<'cadreCounty' | 'cadreBeijing' | 'expert' | 'enterprise' | 'rival', string>;
  const call = (token: string | undefined, method: string, path: string, body?: unknown) =>
    api(url, method, `/api/v1${path}`, {
      ...(token ? { token } : {}),
      ...(body !== undefined ? { body } : {}),
    });

  /** A fair of the county's cadres, with its key pair. */
  const newFair = async () => {
    const created = await call(t.cadreCounty, 'POST', '/fairs', fairBody());
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await call(t.cadreCounty, 'POST', `/fairs/${id}/open-exhibitors`)).status).toBe(200);
    expect((await call(t.cadreCounty, 'POST', `/fairs/${id}/open-visitors`)).status).toBe(200);
    const keys = db.collection<{ _id: string; kid: string; privateKeyPem: string }>('fair_keys');
    const pair = generateFairKeyPair(`k${RUN}`);
    await keys.insertOne({ _id: id, ...pair, createdAt: new Date() } as never).catch(() => undefined);
    const key = (await keys.findOne({ _id: id }))!;
    return { id, key };
  };
  type Fair = Awaited<ReturnType<typeof newFair>>;
  /** A ticket of the fair, written straight into the database, and its token. */
  const newTicket = async (
    fair: Fair,
    over: Partial<{
      typeId: string;
      days: string[];
      leadConsent: boolean;
      status: string;
      version: number;
    }> = {},
  ) => {
    const id = `tk-${randomUUID()}`;
    const ticket = {
      _id: id,
      fairId: fair.id,
      registrationId: `${fair.id}:u-visitor`,
      typeId: over.typeId ?? 'visitor',
      days: over.days ?? [TODAY, TOMORROW],
      holder: { userId: `u-${id}`, name: '王采购', organisation: '北京新发地农产品批发市场' },
      leadConsent: over.leadConsent ?? true,
      status: over.status ?? 'valid',
      version: over.version ?? 1,
      issuedAt: new Date(),
      updatedAt: new Date(),
      outbox: [],
      outboxPending: false,
    };
    await db.collection('fair_tickets').insertOne(ticket as never);
    const payload: TicketTokenPayload = {
      tid: id,
      fid: fair.id,
      typ: ticket.typeId,
      days: ticket.days,
      v: 1,
      kid: fair.key.kid,
    };
    return { id, token: signTicketToken(payload, fair.key.privateKeyPem) };
  };
  const scan = (fair: Fair, token: string, over: Record<string, unknown> = {}, as = t.cadreCounty) =>
    call(as, 'POST', `/fairs/${fair.id}/scans`, { token, nonce: nonce(), gate: 'A', ...over });
  const accept = (fair: Fair, orgId: string, name: string) =>
    db.collection('fair_exhibitors').insertOne({
      _id: `${fair.id}:${orgId}`,
      fairId: fair.id,
      organiserOrgId: 'gov-xichuan',
      enterprise: { orgId, name, region: 'xichuan' },
      status: 'accepted',
      products: [{ name: '淅川香菇', category: '食用菌', county: 'xichuan', certifications: [], photos: [] }],
      boothTypeId: 'std',
      booths: 1,
      note: '',
      boothIds: ['std-1'],
      notes: [],
      history: [],
      createdBy: 'u-x',
      version: 1,
      createdAt: new Date(),
      updatedAt: new Date(),
      outbox: [],
      outboxPending: false,
    } as never);

  beforeAll(async () => {
    await ensureRealmUsers([RIVAL]);
    platform = await startPlatform({ services: ['fairs'] });
    url = platform.gateways[0]!.url;
    mongo = await MongoClient.connect(platform.env['MONGO_URL']!);
    db = mongo.db(platform.databases['fairs']);
    t.cadreCounty = await getToken('demo-cadre-county');
    t.cadreBeijing = await getToken('demo-cadre-beijing');
    t.expert = await getToken('demo-expert');
    t.enterprise = await getToken('demo-enterprise');
    t.rival = await getToken(RIVAL.username);
  }, 120_000);

  afterAll(async () => {
    await mongo?.close();
    await platform?.close();
  });

  it('admits a ticket once and says why every other scan is refused', async () => {
    const fair = await newFair();
    const other = await newFair();
    const valid = await newTicket(fair);
    const first = await scan(fair, valid.token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      result: 'ok',
      listId: 'main',
      gate: 'A',
      replayed: false,
      ticket: { id: valid.id, typeId: 'visitor', holderName: '王采购' },
    });
    const again = await scan(fair, valid.token, { gate: 'B' });
    expect(again.body).toMatchObject({
      result: 'already_checked_in',
      previous: { gate: 'A', nonce: first.body.nonce, at: first.body.scannedAt },
    });
    const revoked = await newTicket(fair, { status: 'revoked' });
    expect((await scan(fair, revoked.token)).body.result).toBe('revoked');
    const replaced = await newTicket(fair, { version: 2 });
    expect((await scan(fair, replaced.token)).body.result).toBe('revoked');
    const tomorrowOnly = await newTicket(fair, { days: [TOMORROW] });
    expect((await scan(fair, tomorrowOnly.token)).body.result).toBe('wrong_day');
    // Lists: buyers only, exits and re-entry on the hall list.
    const lists = await call(t.cadreCounty, 'PUT', `/fairs/${fair.id}/checkin-lists`, {
      lists: [
        { id: 'main', name: '全部门票' },
        { id: 'buyers', name: '采购商通道', typeIds: ['buyer'] },
        { id: 'hall', name: '展厅', exits: true, reentry: true },
      ],
    });
    expect(lists.status).toBe(200);
    expect(lists.headers.get('etag')).toBe('"1"');
    expect((await scan(fair, valid.token, { listId: 'buyers' })).body.result).toBe('wrong_list');
    expect((await scan(fair, valid.token, { listId: 'nowhere' })).status).toBe(404);
    // A ticket the fair never issued, though signed with its key.
    const ghost = signTicketToken(
      { tid: 'tk-ghost', fid: fair.id, typ: 'visitor', days: [TODAY], v: 1, kid: fair.key.kid },
      fair.key.privateKeyPem,
    );
    expect((await scan(fair, ghost)).body.result).toBe('unknown');
    // Forged, altered, truncated, another fair's key: invalid_signature.
    const [prefix, body, signature] = valid.token.split('.') as [string, string, string];
    const altered = JSON.parse(Buffer.from(body, 'base64url').toString()) as TicketTokenPayload;
    const tampered = `${prefix}.${Buffer.from(JSON.stringify({ ...altered, days: ['2099-01-01'] })).toString('base64url')}.${signature}`;
    const foreign = (await newTicket(other)).token;
    for (const token of [
      tampered,
      `${prefix}.${body}.${'A'.repeat(86)}`,
      'QS1.garbage',
      'not a ticket',
      foreign,
    ])
      expect((await scan(fair, token)).body.result).toBe('invalid_signature');
    // Nothing of it was counted but the one entry.
    const counts = await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/counts`);
    expect(counts.body.lists.find((l: { listId: string }) => l.listId === 'main')).toMatchObject({
      checkedIn: 1,
      inside: 1,
      entries: 1,
      byType: { visitor: 1 },
      byDay: { [TODAY]: 1 },
    });
    // Only the organiser's staff scan.
    expect((await scan(fair, valid.token, {}, t.cadreBeijing)).status).toBe(403);
    expect((await scan(fair, valid.token, {}, t.enterprise)).status).toBe(403);
    const bad = await call(t.cadreCounty, 'POST', `/fairs/${fair.id}/scans`, {
      token: valid.token,
      nonce: 'x',
      gate: '',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['gate', 'nonce']);
  }, 60_000);

  it('treats a retried nonce as the same scan, and tracks exits and re-entry', async () => {
    const fair = await newFair();
    await call(t.cadreCounty, 'PUT', `/fairs/${fair.id}/checkin-lists`, {
      lists: [{ id: 'hall', name: '展厅', exits: true, reentry: true }],
    });
    const ticket = await newTicket(fair);
    const n = nonce();
    const first = await scan(fair, ticket.token, { nonce: n, listId: 'hall' });
    const retry = await scan(fair, ticket.token, { nonce: n, listId: 'hall', gate: 'B' });
    expect(first.body.result).toBe('ok');
    expect(retry.body).toMatchObject({ result: 'ok', replayed: true, gate: 'A' });
    expect((await scan(fair, ticket.token, { listId: 'hall', direction: 'exit' })).body.result).toBe('ok');
    expect((await scan(fair, ticket.token, { listId: 'hall', direction: 'exit' })).body.result).toBe(
      'not_inside',
    );
    expect((await scan(fair, ticket.token, { listId: 'hall' })).body.result).toBe('ok');
    const counts = (await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/counts`)).body.lists[0];
    expect(counts).toMatchObject({ checkedIn: 1, inside: 1, entries: 2, exits: 1 });
  });

  it('lets one of two gates scanning one ticket at once admit it, and counts a concurrent burst exactly', async () => {
    const fair = await newFair();
    const contested = await newTicket(fair);
    const pair = await Promise.all([
      scan(fair, contested.token, { gate: 'A' }),
      scan(fair, contested.token, { gate: 'B' }),
    ]);
    expect(pair.map((r) => r.body.result).sort()).toEqual(['already_checked_in', 'ok']);
    // 60 tickets, each scanned three times at once at three gates, plus retries of the same nonces.
    const tickets = await Promise.all(
      Array.from({ length: 60 }, (_, i) => newTicket(fair, { typeId: i % 3 === 0 ? 'buyer' : 'visitor' })),
    );
    const nonces = tickets.map(() => [nonce(), nonce(), nonce()]);
    const burst = await Promise.all(
      tickets.flatMap((ticket, i) =>
        ['A', 'B', 'C', 'A'].map((gate, g) => scan(fair, ticket.token, { gate, nonce: nonces[i]![g % 3] })),
      ),
    );
    expect(burst.every((r) => r.status === 200)).toBe(true);
    expect(burst.filter((r) => r.body.result === 'ok' && !r.body.replayed)).toHaveLength(60);
    const counts = (await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/counts`)).body.lists[0];
    expect(counts).toMatchObject({
      checkedIn: 61,
      inside: 61,
      entries: 61,
      byType: { visitor: 41, buyer: 20 },
      byDay: { [TODAY]: 61 },
    });
    const sum = (map: Record<string, number>) => Object.values(map).reduce((a, b) => a + b, 0);
    expect(sum(counts.by10Minutes)).toBe(61);
    expect(sum(counts.byHour)).toBe(61);
    // The records: one per ticket, every scan of it, as the export pages them.
    const records = await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/admissions?pageSize=500`);
    expect(records.body.total).toBe(61);
    expect(records.body.items).toHaveLength(61);
    const one = records.body.items.find((a: { ticketId: string }) => a.ticketId === tickets[0]!.id);
    expect(one.scans.filter((s: { result: string }) => s.result === 'ok')).toHaveLength(1);
    // Its two refused scans are kept too (one insert each, by nonce).
    const refused = await db.collection('fair_admission_refusals').countDocuments({ admissionId: one.id });
    expect(one.scans.length - 1 + refused).toBe(2);
    expect((await call(t.cadreBeijing, 'GET', `/fairs/${fair.id}/admissions`)).status).toBe(403);
  }, 60_000);

  it('decides an offline upload by scan time and reports every conflict', async () => {
    const fair = await newFair();
    const [a, b, c] = await Promise.all([newTicket(fair), newTicket(fair), newTicket(fair)]);
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    // Gate B was online: it admitted ticket a ten minutes ago.
    const online = await scan(fair, a!.token, { gate: 'B', scannedAt: minutesAgo(10) });
    expect(online.body.result).toBe('ok');
    // Gate C was offline: it let a in 20 minutes ago (before B), b twice, c once.
    const offline = {
      gate: 'C',
      scans: [
        { token: b!.token, nonce: nonce(), scannedAt: minutesAgo(5) },
        { token: a!.token, nonce: nonce(), scannedAt: minutesAgo(20) },
        { token: b!.token, nonce: nonce(), scannedAt: minutesAgo(15) },
        { token: c!.token, nonce: nonce(), scannedAt: minutesAgo(12) },
        { token: 'QS1.forged.sig', nonce: nonce(), scannedAt: minutesAgo(11) },
      ],
    };
    const upload = await call(t.cadreCounty, 'POST', `/fairs/${fair.id}/scans/batch`, offline);
    expect(upload.status).toBe(200);
    expect(upload.body.results.map((r: { result: string }) => r.result)).toEqual([
      'already_checked_in',
      'already_checked_in',
      'ok',
      'ok',
      'invalid_signature',
    ]);
    const conflicts = upload.body.conflicts as {
      ticketId: string;
      counted: { gate: string; at: string };
      refused: { gate: string };
      refusedWasEarlier: boolean;
    }[];
    expect(conflicts).toHaveLength(2);
    // a: the online entry at B counts (answered first); C's earlier one is refused, and said so.
    expect(conflicts.find((x) => x.ticketId === a!.id)).toMatchObject({
      kind: 'double_entry',
      counted: { gate: 'B' },
      refused: { gate: 'C' },
      refusedWasEarlier: true,
    });
    // b: the earlier of its two scans counts.
    expect(conflicts.find((x) => x.ticketId === b!.id)).toMatchObject({
      counted: { gate: 'C', at: upload.body.results[2].scannedAt },
      refusedWasEarlier: false,
    });
    // The same upload again (the scanner never saw the answer): the same verdicts, nothing new.
    const again = await call(t.cadreCounty, 'POST', `/fairs/${fair.id}/scans/batch`, offline);
    expect(again.body.results.map((r: { result: string }) => r.result)).toEqual(
      upload.body.results.map((r: { result: string }) => r.result),
    );
    expect(again.body.results.slice(0, 4).every((r: { replayed: boolean }) => r.replayed)).toBe(true);
    const counts = (await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/counts`)).body.lists[0];
    expect(counts).toMatchObject({ checkedIn: 3, entries: 3 });
  });

  it('shows the counts live to the organiser and the pair’s cadres, coalesced, and to nobody else', async () => {
    const fair = await newFair();
    const tickets = await Promise.all(Array.from({ length: 30 }, () => newTicket(fair)));
    const sockets = {
      organiser: await connectSocket(url, t.cadreCounty),
      pairCadre: await connectSocket(url, t.cadreBeijing),
      expert: await connectSocket(url, t.expert),
      enterprise: await connectSocket(url, t.enterprise),
    };
    const heard: Record<string, { counts: { fairId: string; checkedIn: number; version: number } }[]> = {
      organiser: [],
      pairCadre: [],
      expert: [],
      enterprise: [],
    };
    for (const [who, socket] of Object.entries(sockets))
      socket.on('fairs.checkin.counts-changed.v1', (data: { payload: (typeof heard)[string][number] }) =>
        heard[who]!.push(data.payload),
      );
    try {
      const started = Date.now();
      await Promise.all(tickets.map((ticket) => scan(fair, ticket.token)));
      const mine = (who: string) => heard[who]!.filter((p) => p.counts.fairId === fair.id);
      await waitFor(
        () => mine('pairCadre').some((p) => p.counts.checkedIn === 30) || undefined,
        'the totals at the pair’s cadre',
      );
      await waitFor(
        () => mine('organiser').some((p) => p.counts.checkedIn === 30) || undefined,
        'the totals at the organiser',
      );
      expect(Date.now() - started).toBeLessThan(5000);
      // 30 scans, a handful of events: each carries the totals.
      expect(mine('organiser').length).toBeLessThan(10);
      const last = mine('organiser').at(-1)!;
      expect(last).not.toHaveProperty('organiserOrgId');
      expect(last).not.toHaveProperty('regions');
      await new Promise((resolve) => setTimeout(resolve, 800));
      expect(mine('expert')).toEqual([]);
      expect(mine('enterprise')).toEqual([]);
      // The pair's cadre reads them over REST too; an outsider does not.
      expect((await call(t.cadreBeijing, 'GET', `/fairs/${fair.id}/counts`)).status).toBe(200);
      expect((await call(t.expert, 'GET', `/fairs/${fair.id}/counts`)).status).toBe(403);
    } finally {
      for (const socket of Object.values(sockets)) socket.close();
    }
  }, 60_000);

  it('takes leads only of consenting visitors, one per visitor and exhibitor, each exhibitor its own', async () => {
    const fair = await newFair();
    const visitor = await newTicket(fair);
    const shy = await newTicket(fair, { leadConsent: false });
    const lead = (token: string, as: string | undefined, body: Record<string, unknown> = {}) =>
      call(as, 'POST', `/fairs/${fair.id}/leads`, { token, ...body });
    // Not yet an exhibitor.
    const early = await lead(visitor.token, t.enterprise);
    expect(early.status).toBe(403);
    expect(early.body.fields).toEqual([{ field: 'refusal', message: 'not_exhibitor' }]);
    await accept(fair, 'ent-qushou-agri', '淅川县渠首农业有限公司');
    await accept(fair, RIVAL.org, RIVAL.name);
    const socket = await connectSocket(url, t.enterprise);
    const rivalSocket = await connectSocket(url, t.rival);
    const heard: { who: string; payload: { lead: { visitor?: { name: string } }; leadCount: number } }[] = [];
    socket.on('fairs.lead.captured.v1', (d: { payload: (typeof heard)[number]['payload'] }) =>
      heard.push({ who: 'mine', payload: d.payload }),
    );
    rivalSocket.on('fairs.lead.captured.v1', (d: { payload: (typeof heard)[number]['payload'] }) =>
      heard.push({ who: 'rival', payload: d.payload }),
    );
    try {
      const refused = await lead(shy.token, t.enterprise);
      expect(refused.status).toBe(403);
      expect(refused.body.fields).toEqual([{ field: 'refusal', message: 'no_lead_consent' }]);
      const first = await lead(visitor.token, t.enterprise, {
        rating: 4,
        notes: '想订 2 吨干香菇',
        tags: ['采购意向'],
        productsOfInterest: ['淅川香菇'],
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({
        rescan: false,
        leadCount: 1,
        lead: { rating: 4, visitor: { name: '王采购' } },
      });
      const rescan = await lead(visitor.token, t.enterprise, { rating: 5, notes: '改为 3 吨' });
      expect(rescan.body).toMatchObject({
        rescan: true,
        leadCount: 1,
        lead: { id: first.body.lead.id, rating: 5, scans: 2 },
      });
      // Two devices scanning at once still make one lead.
      const again = await Promise.all([lead(visitor.token, t.enterprise), lead(visitor.token, t.enterprise)]);
      expect(again.map((r) => r.body.leadCount)).toEqual([1, 1]);
      expect((await lead(visitor.token, t.rival, { rating: 2 })).body).toMatchObject({
        rescan: false,
        leadCount: 1,
      });
      expect((await lead('QS1.forged.sig', t.enterprise)).body.fields).toEqual([
        { field: 'token', message: 'invalid_signature' },
      ]);
      const mine = await call(t.enterprise, 'GET', `/fairs/${fair.id}/leads/mine`);
      expect(mine.body.total).toBe(1);
      expect(mine.body.items[0]).toMatchObject({ enterpriseOrgId: 'ent-qushou-agri', scans: 4 });
      const theirs = await call(t.rival, 'GET', `/fairs/${fair.id}/leads/mine`);
      expect(
        theirs.body.items.map((l: { enterpriseOrgId: string; rating: number }) => [
          l.enterpriseOrgId,
          l.rating,
        ]),
      ).toEqual([[RIVAL.org, 2]]);
      expect((await call(t.cadreCounty, 'GET', `/fairs/${fair.id}/leads/mine`)).status).toBe(403);
      await waitFor(() => heard.filter((h) => h.who === 'mine').length >= 4 || undefined, 'my lead events');
      await waitFor(() => heard.some((h) => h.who === 'rival') || undefined, 'the rival’s lead event');
      expect(heard.filter((h) => h.who === 'rival')).toHaveLength(1);
      expect(heard.find((h) => h.who === 'mine')!.payload).toMatchObject({
        leadCount: 1,
        lead: { visitor: { name: '王采购' } },
      });
    } finally {
      socket.close();
      rivalSocket.close();
    }
  }, 60_000);

  it('lets exhibitors and organisers make scan-only device codes, and refuses a revoked one', async () => {
    const fair = await newFair();
    await accept(fair, 'ent-qushou-agri', '淅川县渠首农业有限公司');
    const visitor = await newTicket(fair);
    const made = await call(t.enterprise, 'POST', `/fairs/${fair.id}/devices`, { label: '展位平板 1' });
    expect(made.status).toBe(201);
    expect(made.body.code).toMatch(/^QSD-/);
    expect(made.body).toMatchObject({ kind: 'lead', orgId: 'ent-qushou-agri' });
    expect((await call(t.rival, 'POST', `/fairs/${fair.id}/devices`, { label: 'x' })).status).toBe(403);
    expect(
      (await call(t.enterprise, 'POST', `/fairs/${fair.id}/devices`, { kind: 'door', label: 'x' })).status,
    ).toBe(403);
    // The device has no sign-in: its code goes in the body.
    const session = await call(undefined, 'POST', `/fairs/${fair.id}/device/session`, {
      deviceCode: made.body.code,
    });
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ device: { kind: 'lead' }, exhibitorName: '淅川县渠首农业有限公司' });
    const byDevice = await call(undefined, 'POST', `/fairs/${fair.id}/device/leads`, {
      deviceCode: made.body.code,
      token: visitor.token,
      rating: 3,
    });
    expect(byDevice.status).toBe(200);
    expect(byDevice.body.lead.scannedBy).toEqual({ id: `device:${made.body.id}`, label: '展位平板 1' });
    // A bearer-less call to a signed-in route is still refused.
    expect((await call(undefined, 'POST', `/fairs/${fair.id}/leads`, { token: visitor.token })).status).toBe(
      401,
    );
    const listed = await call(t.enterprise, 'GET', `/fairs/${fair.id}/devices`);
    expect(listed.body.items.map((d: { id: string }) => d.id)).toEqual([made.body.id]);
    expect(JSON.stringify(listed.body)).not.toContain(made.body.code);
    expect((await call(t.rival, 'DELETE', `/fairs/${fair.id}/devices/${made.body.id}`)).status).toBe(404);
    expect(
      (await call(t.enterprise, 'DELETE', `/fairs/${fair.id}/devices/${made.body.id}`)).body.revokedAt,
    ).toBeDefined();
    const revoked = await call(undefined, 'POST', `/fairs/${fair.id}/device/leads`, {
      deviceCode: made.body.code,
      token: visitor.token,
    });
    expect(revoked.status).toBe(403);
    expect(revoked.body.fields).toEqual([{ field: 'refusal', message: 'device_revoked' }]);
    const wrong = await call(undefined, 'POST', `/fairs/${fair.id}/device/leads`, {
      deviceCode: 'QSD-NOPE-NOPE-NOPE-NOPE',
      token: visitor.token,
    });
    expect(wrong.body.fields).toEqual([{ field: 'refusal', message: 'device_unknown' }]);
    // A door device for volunteers scans tickets, not leads.
    const door = await call(t.cadreCounty, 'POST', `/fairs/${fair.id}/devices`, {
      kind: 'door',
      label: '东门志愿者',
    });
    expect(door.status).toBe(201);
    // Its session carries what it needs to scan offline: the fair's public key and revocation list.
    const doorSession = await call(undefined, 'POST', `/fairs/${fair.id}/device/session`, {
      deviceCode: door.body.code,
    });
    expect(doorSession.status).toBe(200);
    expect(doorSession.body.ticketKey).toMatchObject({
      fairId: fair.id,
      kid: fair.key.kid,
      algorithm: 'Ed25519',
    });
    expect(doorSession.body.revocations).toMatchObject({ fairId: fair.id, fairCancelled: false });
    const doorScan = await call(undefined, 'POST', `/fairs/${fair.id}/device/scans`, {
      deviceCode: door.body.code,
      token: visitor.token,
      nonce: nonce(),
      gate: '东门',
    });
    expect(doorScan.body).toMatchObject({ result: 'ok', gate: '东门' });
    const leadWithDoor = await call(undefined, 'POST', `/fairs/${fair.id}/device/leads`, {
      deviceCode: door.body.code,
      token: visitor.token,
    });
    expect(leadWithDoor.status).toBe(403);
  }, 60_000);
});
