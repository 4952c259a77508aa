// Door check-in benchmark pieces (issue #10), called by `npm run bench:fairs`:
//   a. `benchOnlineScans`: S scanners at once through the gateway over N tickets in random order,
//      with repeats and forgeries: scans/s, p50/p99, and the checks (0 double entries, 0 accepted
//      forgeries, counts exactly right); then the floor, the same scans as single atomic updates
//      straight on the database (mongodb driver, no service) in the same run.
//   b. `benchOfflineUpload`: K offline scanners upload M scans between them (batch route), with
//      planted conflicts (one ticket let in at two gates): time, and every conflict reported.
// Tickets are written straight into the fairs database and signed with the fair's key
// (`prepareScanFair`); the sizes are parameters (small in CI). Nothing here asserts: the caller
// prints the figures and exits non-zero on a failed check (`ok: false`).
import { createPrivateKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Db } from 'mongodb';
import type { BatchScanResult, FairCounts, ScanResult, TicketTokenPayload } from '@qingshui/contracts';
import { httpSend } from './bench-kit';

export interface ScanFair {
  fairId: string;
  /** The fair's calendar day the tickets are valid on (today, Beijing time). */
  day: string;
  tickets: { id: string; token: string; typeId: string }[];
}

const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

function signToken(payload: TicketTokenPayload, privateKeyPem: string): string {
  const body = `QS1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  return `${body}.${sign(null, Buffer.from(body), createPrivateKey(privateKeyPem)).toString('base64url')}`;
}

async function json<T>(
  agent: http.Agent,
  url: string,
  method: string,
  token: string,
  body?: unknown,
  timeoutMs = 60_000,
): Promise<{ status: number; body: T }> {
  const answer = await httpSend(agent, url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    timeoutMs,
  });
  return { status: answer.status, body: (answer.body ? JSON.parse(answer.body) : undefined) as T };
}

/**
 * A running fair of the organiser (`token`: one of its cadres) with N tickets of today, written
 * straight into the fairs database (`db`) and signed with the fair's key.
 */
export async function prepareScanFair(options: {
  gatewayUrl: string;
  token: string;
  db: Db;
  tickets: number;
  pairId?: string;
}): Promise<ScanFair> {
  const agent = new http.Agent({ keepAlive: true });
  const day = dayOf(Date.now());
  const api = (method: string, path: string, body?: unknown) =>
    json<{ id: string }>(agent, `${options.gatewayUrl}/api/v1${path}`, method, options.token, body);
  const created = await api('POST', '/fairs', {
    title: `门票核验压测 ${day} ${randomUUID().slice(0, 6)}`,
    description: '压测',
    pairIds: [options.pairId ?? 'chaoyang-xichuan'],
    venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
    days: [{ date: day, opensAt: '00:00', closesAt: '23:59' }],
    zones: [],
    boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 10 }],
  });
  if (created.status !== 201)
    throw new Error(`fair not created: ${created.status} ${JSON.stringify(created.body)}`);
  const fairId = created.body.id;
  for (const step of ['open-exhibitors', 'open-visitors', 'start'])
    await api('POST', `/fairs/${fairId}/${step}`);
  agent.destroy();
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = randomUUID().slice(0, 8);
  const key = {
    _id: fairId,
    kid,
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).subarray(12).toString('base64url'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    createdAt: new Date(),
  };
  await options.db.collection('fair_keys').insertOne(key as never);
  const tickets: ScanFair['tickets'] = [];
  const TYPES = ['visitor', 'visitor', 'visitor', 'buyer', 'press'];
  for (let start = 0; start < options.tickets; start += 1000) {
    const chunk = Array.from({ length: Math.min(1000, options.tickets - start) }, (_, k) => {
      const i = start + k;
      const id = `bt-${fairId.slice(0, 8)}-${i}`;
      const typeId = TYPES[i % TYPES.length]!;
      tickets.push({
        id,
        typeId,
        token: signToken({ tid: id, fid: fairId, typ: typeId, days: [day], v: 1, kid }, key.privateKeyPem),
      });
      return {
        _id: id,
        fairId,
        registrationId: `${fairId}:bench-${i}`,
        typeId,
        days: [day],
        holder: { userId: `bench-${i}`, name: `访客${i}`, organisation: '压测单位' },
        leadConsent: i % 2 === 0,
        status: 'valid',
        version: 1,
        issuedAt: new Date(),
        updatedAt: new Date(),
        outbox: [],
        outboxPending: false,
      };
    });
    await options.db.collection('fair_tickets').insertMany(chunk as never[], { ordered: false });
  }
  return { fairId, day, tickets };
}

/** A deterministic shuffle (so the gateway run and the floor scan the same sequence). */
function shuffle<T>(items: T[], seed = 42): T[] {
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface PlannedScan {
  ticketId: string | undefined;
  typeId: string | undefined;
  token: string;
  nonce: string;
  forged: boolean;
  gate: string;
}

/** Every ticket once, in random order, plus repeats (other nonces, other gates) and forgeries. */
function planScans(fair: ScanFair, repeatRate: number, forgedRate: number, gates: number): PlannedScan[] {
  const scans: PlannedScan[] = fair.tickets.map((t, i) => ({
    ticketId: t.id,
    typeId: t.typeId,
    token: t.token,
    nonce: randomUUID().replace(/-/g, ''),
    forged: false,
    gate: `G${i % gates}`,
  }));
  const repeats = Math.round(fair.tickets.length * repeatRate);
  for (let i = 0; i < repeats; i += 1) {
    const t = fair.tickets[(i * 7919) % fair.tickets.length]!;
    scans.push({
      ticketId: t.id,
      typeId: t.typeId,
      token: t.token,
      nonce: randomUUID().replace(/-/g, ''),
      forged: false,
      gate: `G${(i + 1) % gates}`,
    });
  }
  const forged = Math.round(fair.tickets.length * forgedRate);
  for (let i = 0; i < forged; i += 1) {
    const t = fair.tickets[(i * 104_729) % fair.tickets.length]!;
    const [prefix, body] = t.token.split('.') as [string, string, string];
    // A real ticket's payload, a signature of someone else's making.
    const token = `${prefix}.${body}.${Buffer.from(randomUUID() + randomUUID())
      .toString('base64url')
      .slice(0, 86)}`;
    scans.push({
      ticketId: t.id,
      typeId: t.typeId,
      token,
      nonce: randomUUID().replace(/-/g, ''),
      forged: true,
      gate: 'G0',
    });
  }
  return shuffle(scans);
}

export interface OnlineScanFigures {
  scans: number;
  scanners: number;
  seconds: number;
  scansPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Scans that never got a 200 after their retries. */
  failures: number;
  /** Scans sent again with the same nonce after a 503 or no answer. */
  retries: number;
  /** In the database: admissions with more than one accepted entry, and tickets admitted. */
  database: { doubleEntries: number; admitted: number };
  accepted: number;
  doubleEntries: number;
  acceptedForgeries: number;
  countsExact: boolean;
  counts: { checkedIn: number; expected: number; byType: Record<string, number> };
  floor: { scansPerSecond: number; p50Ms: number; p99Ms: number; seconds: number; doubleEntries: number };
  ok: boolean;
}

/** Runs `count` workers over a shared queue of jobs; answers each job's latency in ms. */
async function drive<J>(
  jobs: J[],
  workers: number,
  run: (job: J) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(workers, jobs.length) }, async () => {
      for (let i = next++; i < jobs.length; i = next++) {
        const t0 = performance.now();
        await run(jobs[i]!);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * Issues job i at `i / ratePerSecond` seconds from the start, whether or not earlier ones were
 * answered (an open loop: people arrive at the door at their own pace), at most `inFlight` at a
 * time. Each latency counts from the job's scheduled time, so a backlog shows in it (no
 * coordinated omission).
 */
async function drivePaced<J>(
  jobs: J[],
  ratePerSecond: number,
  inFlight: number,
  run: (job: J) => Promise<void>,
): Promise<{ seconds: number; latencies: number[] }> {
  const latencies: number[] = [];
  const started = performance.now();
  const pending = new Set<Promise<void>>();
  for (let i = 0; i < jobs.length; i += 1) {
    const due = started + (i * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    while (pending.size >= inFlight) await Promise.race(pending);
    const job = run(jobs[i]!).then(() => {
      latencies.push(performance.now() - due);
      pending.delete(job);
    });
    pending.add(job);
  }
  await Promise.all(pending);
  return { seconds: (performance.now() - started) / 1000, latencies: latencies.sort((a, b) => a - b) };
}

/**
 * (a) `scanners` door scanners at once, each scanning its next code as soon as the last one is
 * answered, over every ticket of the fair in random order with repeats and forgeries; then the
 * floor over the same scans. `tokens`: bearer tokens of the organiser's staff (one per scanner
 * in turn; several spread the gateway's per-user rate limit).
 */
export async function benchOnlineScans(options: {
  gatewayUrl: string;
  tokens: readonly string[];
  fair: ScanFair;
  mongoUrl: string;
  dbName: string;
  scanners?: number;
  repeatRate?: number;
  forgedRate?: number;
  gates?: number;
  timeoutMs?: number;
  /**
   * Paced instead of closed-loop: scans offered at this rate over the scanners (each scanner
   * scans its next visitor every `scanners / rate` seconds), latency from the scheduled time.
   */
  ratePerSecond?: number;
}): Promise<OnlineScanFigures> {
  const scanners = options.scanners ?? 1000;
  const plan = planScans(
    options.fair,
    options.repeatRate ?? 0.05,
    options.forgedRate ?? 0.01,
    options.gates ?? 8,
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: scanners });
  const answers = new Array<ScanResult | undefined>(plan.length);
  let failures = 0;
  let turn = 0;
  const indexed = plan.map((scan, i) => ({ scan, i }));
  let retries = 0;
  const scanOne = async ({ scan, i }: { scan: PlannedScan; i: number }) => {
    const token = options.tokens[turn++ % options.tokens.length]!;
    // A scanner that gets no answer (503 at the gateway's timeout, a dropped connection) scans
    // the same code again with the same nonce: the service decides it once.
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        const answer = await json<ScanResult>(
          agent,
          `${options.gatewayUrl}/api/v1/fairs/${options.fair.fairId}/scans`,
          'POST',
          token,
          { token: scan.token, nonce: scan.nonce, gate: scan.gate },
          options.timeoutMs ?? 30_000,
        );
        if (answer.status === 200) {
          answers[i] = answer.body;
          return;
        }
        if (answer.status !== 503 && answer.status !== 429) break;
      } catch {
        /* no answer: again */
      }
      retries += 1;
    }
    failures += 1;
  };
  const run = options.ratePerSecond
    ? await drivePaced(indexed, options.ratePerSecond, scanners, scanOne)
    : await drive(indexed, scanners, scanOne);
  // Checks: one accepted entry per ticket at most, no forgery accepted, counts = tickets admitted.
  const admitted = new Map<string, number>();
  let acceptedForgeries = 0;
  plan.forEach((scan, i) => {
    const answer = answers[i];
    if (answer?.result !== 'ok') return;
    if (scan.forged) acceptedForgeries += 1;
    else admitted.set(scan.ticketId!, (admitted.get(scan.ticketId!) ?? 0) + 1);
  });
  const doubleEntries = [...admitted.values()].filter((n) => n > 1).length;
  const expectedByType: Record<string, number> = {};
  for (const ticket of options.fair.tickets)
    if (admitted.has(ticket.id)) expectedByType[ticket.typeId] = (expectedByType[ticket.typeId] ?? 0) + 1;
  const counts = await json<FairCounts>(
    agent,
    `${options.gatewayUrl}/api/v1/fairs/${options.fair.fairId}/counts`,
    'GET',
    options.tokens[0]!,
  );
  agent.destroy();
  const main = counts.body.lists.find((l) => l.listId === 'main');
  const sum = (map: Record<string, number> | undefined) =>
    Object.values(map ?? {}).reduce((a, b) => a + b, 0);
  const countsExact =
    !!main &&
    main.checkedIn === admitted.size &&
    main.entries === admitted.size &&
    sum(main.by10Minutes) === admitted.size &&
    sum(main.byHour) === admitted.size &&
    Object.entries(expectedByType).every(([type, n]) => main.byType[type] === n) &&
    sum(main.byType) === admitted.size;
  const database = await admissionsInDatabase(options.mongoUrl, options.dbName, options.fair.fairId);
  // The floor is the database's capacity: closed-loop, whatever the pace of the run.
  const floor = await floorScans(options.mongoUrl, options.dbName, plan, scanners);
  const figures: OnlineScanFigures = {
    scans: plan.length,
    scanners,
    seconds: run.seconds,
    scansPerSecond: plan.length / run.seconds,
    p50Ms: percentile(run.latencies, 50),
    p99Ms: percentile(run.latencies, 99),
    failures,
    retries,
    database,
    accepted: admitted.size,
    doubleEntries,
    acceptedForgeries,
    countsExact,
    counts: { checkedIn: main?.checkedIn ?? 0, expected: admitted.size, byType: main?.byType ?? {} },
    floor,
    ok:
      doubleEntries === 0 &&
      database.doubleEntries === 0 &&
      database.admitted === (main?.checkedIn ?? -1) &&
      acceptedForgeries === 0 &&
      (countsExact || failures > 0) &&
      floor.doubleEntries === 0,
  };
  return figures;
}

/** What the database holds of a fair's admissions (a bench may filter: it reads them once). */
async function admissionsInDatabase(mongoUrl: string, dbName: string, fairId: string) {
  const client = await MongoClient.connect(mongoUrl);
  try {
    const docs = await client
      .db(dbName)
      .collection<{ fairId: string; scans: { result: string; direction: string }[] }>('fair_admissions')
      .find({ fairId }, { projection: { scans: 1, fairId: 1 } })
      .toArray();
    const entries = docs.map(
      (d) => d.scans.filter((s) => s.result === 'ok' && s.direction === 'entry').length,
    );
    return {
      doubleEntries: entries.filter((n) => n > 1).length,
      admitted: entries.filter((n) => n > 0).length,
    };
  } finally {
    await client.close();
  }
}

/**
 * The floor: each scan as one atomic write straight on the database (an entry is the insert of
 * the ticket's `_id`, a repeat its duplicate key; FerretDB reads the whole collection for any
 * filter besides `_id`, so a guarded update would be no floor), no gateway, no Kafka, no service,
 * no signature; forgeries are skipped, as the service refuses them before the database.
 */
async function floorScans(
  mongoUrl: string,
  dbName: string,
  plan: PlannedScan[],
  workers: number,
): Promise<OnlineScanFigures['floor']> {
  const client = await MongoClient.connect(mongoUrl, { maxPoolSize: Math.min(workers, 100) });
  const collection = client
    .db(dbName)
    .collection<{ _id: string; entered?: boolean }>(`bench_floor_${randomUUID().slice(0, 8)}`);
  const entered = new Map<string, number>();
  try {
    const run = await drive(
      plan.filter((s) => !s.forged),
      workers,
      async (scan) => {
        try {
          // The ticket's `_id` admits it once: a second insert is a duplicate key.
          await collection.insertOne({ _id: scan.ticketId!, gate: scan.gate, at: new Date() } as never);
          entered.set(scan.ticketId!, (entered.get(scan.ticketId!) ?? 0) + 1);
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
        }
      },
    );
    const scans = run.latencies.length;
    return {
      scansPerSecond: scans / run.seconds,
      p50Ms: percentile(run.latencies, 50),
      p99Ms: percentile(run.latencies, 99),
      seconds: run.seconds,
      doubleEntries: [...entered.values()].filter((n) => n > 1).length,
    };
  } finally {
    await collection.drop().catch(() => undefined);
    await client.close();
  }
}

export interface OfflineUploadFigures {
  scans: number;
  scanners: number;
  seconds: number;
  /** Uploads sent again after a 503 (the same nonces). */
  resent: number;
  /** Tickets let in at two gates offline (planted), and the conflicts the uploads reported. */
  plantedConflicts: number;
  reportedConflicts: number;
  everyConflictReported: boolean;
  doubleEntries: number;
  ok: boolean;
}

/**
 * (b) On a fair of its own, `scanners` offline scanners (gates) upload `scans` scans between them, each in batches of
 * `batchSize`, all at once. A share of the tickets (`conflictRate`) was let in at two gates:
 * every such second entry must come back as a conflict naming both scans and the one that counts.
 * An upload answered 503 (the gateway's `KAFKA_REQUEST_TIMEOUT_MS`, 5 s by default) is sent again
 * as it was; raise the timeout for big batches on a busy machine.
 */
export async function benchOfflineUpload(options: {
  gatewayUrl: string;
  token: string;
  fair: ScanFair;
  scans?: number;
  scanners?: number;
  conflictRate?: number;
  batchSize?: number;
}): Promise<OfflineUploadFigures> {
  const total = options.scans ?? 10_000;
  const scanners = options.scanners ?? 20;
  const batchSize = options.batchSize ?? 50;
  const conflicts = Math.round(total * (options.conflictRate ?? 0.05));
  const singles = total - 2 * conflicts;
  if (singles < 0 || singles + conflicts > options.fair.tickets.length)
    throw new Error(
      `benchOfflineUpload: ${total} scans need more than the fair's ${options.fair.tickets.length} tickets`,
    );
  // Give it a fair of its own (not the one (a) scanned): its tickets are all still outside.
  const tickets = shuffle([...options.fair.tickets], 7).slice(0, singles + conflicts);
  const started = Date.now() - 60 * 60_000;
  const perGate: { token: string; nonce: string; scannedAt: string }[][] = Array.from(
    { length: scanners },
    () => [],
  );
  tickets.forEach((ticket, i) => {
    const gate = i % scanners;
    const at = new Date(started + i * 100).toISOString();
    perGate[gate]!.push({ token: ticket.token, nonce: randomUUID().replace(/-/g, ''), scannedAt: at });
    // The planted conflicts: the same ticket let in again, a little later, at another gate.
    if (i >= singles)
      perGate[(gate + 1) % scanners]!.push({
        token: ticket.token,
        nonce: randomUUID().replace(/-/g, ''),
        scannedAt: new Date(started + i * 100 + 30_000).toISOString(),
      });
  });
  const agent = new http.Agent({ keepAlive: true, maxSockets: scanners });
  const reported = new Set<string>();
  const admitted = new Map<string, number>();
  const url = `${options.gatewayUrl}/api/v1/fairs/${options.fair.fairId}/scans/batch`;
  let resent = 0;
  const t0 = performance.now();
  await Promise.all(
    perGate.map(async (scans, gate) => {
      for (let from = 0; from < scans.length; from += batchSize) {
        const body = { gate: `offline-${gate}`, scans: scans.slice(from, from + batchSize) };
        // An upload that got no answer is sent again as it was: its nonces make it one upload.
        let answer = await json<BatchScanResult>(agent, url, 'POST', options.token, body, 120_000);
        for (let attempt = 1; answer.status === 503 && attempt < 10; attempt += 1) {
          resent += 1;
          answer = await json<BatchScanResult>(agent, url, 'POST', options.token, body, 120_000);
        }
        if (answer.status !== 200)
          throw new Error(`upload refused: ${answer.status} ${JSON.stringify(answer.body)}`);
        for (const conflict of answer.body.conflicts) reported.add(conflict.ticketId);
        for (const result of answer.body.results)
          if (result.result === 'ok' && result.ticket)
            admitted.set(result.ticket.id, (admitted.get(result.ticket.id) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const planted = new Set(tickets.slice(singles).map((t) => t.id));
  const everyConflictReported =
    [...planted].every((id) => reported.has(id)) && reported.size === planted.size;
  const doubleEntries = [...admitted.values()].filter((n) => n > 1).length;
  return {
    scans: total,
    scanners,
    seconds,
    resent,
    plantedConflicts: planted.size,
    reportedConflicts: reported.size,
    everyConflictReported,
    doubleEntries,
    ok: everyConflictReported && doubleEntries === 0,
  };
}
