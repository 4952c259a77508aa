// Stations benchmark (issue #4): bursts of bookings through gateway → Kafka → stations → FerretDB.
//   1. N distinct experts book ONE slot of S seats at once (default 1,000 for 50 seats): how many
//      got a seat, the waitlist, or a refusal; and, in the database, that no seat was oversold.
//   2. The floor: the same burst as bare atomic updates on FerretDB (mongodb driver, no service).
//   3. ONE expert books M slots that all overlap in time at once (default 200): at most one may win.
// Run: `npm run bench:stations [-- --experts=1000 --seats=50 --overlap=200]`. Exits 1 when a seat
// was oversold (gateway or floor) or more than one overlapping booking succeeded; timings are
// printed, not asserted. About 70 s with the defaults on 2 cores once the bench realm exists (the
// first run creates it), half of it getting 1,002 tokens.
//
// Settings (flag or environment variable, flag wins):
//   --experts / BENCH_EXPERTS                 distinct experts in the burst on one slot  (default 1000)
//   --seats / BENCH_SEATS                     seats of that slot                         (default 50)
//   --overlap / BENCH_OVERLAP_SLOTS           overlapping slots booked by one expert     (default 200)
//   --token-concurrency / BENCH_TOKEN_CONCURRENCY  password grants at a time             (default 8)
//   --floor-pool / BENCH_FLOOR_POOL           driver connections of the floor            (default 100)
//   --timeout / BENCH_TIMEOUT_S               client timeout per request, seconds        (default 120)
//   --settle-timeout / BENCH_SETTLE_TIMEOUT_S  how long to wait for the service to carry out the
//                                             requests the gateway answered 503 to       (default 600)
//   --realm / BENCH_REALM                     Keycloak realm of the generated users      (default qingshui-bench)
// Keycloak admin: KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD (default admin/admin).
// The gateway's own settings apply as usual, e.g. KAFKA_REQUEST_TIMEOUT_MS (503 after 5 s).
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type Histogram } from 'hdr-histogram-js';
import { BSON, MongoClient, type Db } from 'mongodb';
import type { SlotView, StationView } from '@qingshui/contracts';
import { ensureInfra, infraEnv } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { ensureBenchRealm, fetchTokens, type BenchUser } from './bench-realm';
import { runWorker, settingsReader } from './bench-kit';
import type { BurstAnswer, BurstResult, FloorResult, StationsJob, StationsResult } from './stations.worker';

interface Settings {
  experts: number;
  seats: number;
  overlap: number;
  tokenConcurrency: number;
  floorPool: number;
  timeoutS: number;
  settleTimeoutS: number;
  realm: string;
}

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const reader = settingsReader(argv, env);
  const read = (flag: string, variable: string, fallback: number, min: number) =>
    reader.number(flag, variable, fallback, min, true);
  const realm = reader.raw('realm', 'BENCH_REALM') ?? 'qingshui-bench';
  if (!/^[a-z0-9-]{1,64}$/.test(realm))
    throw new Error(`--realm / BENCH_REALM: not a realm name: "${realm}"`);
  if (realm === 'qingshui')
    throw new Error('--realm / BENCH_REALM: the dev realm is not for generated users');
  const settings = {
    experts: read('experts', 'BENCH_EXPERTS', 1000, 1),
    seats: read('seats', 'BENCH_SEATS', 50, 1),
    overlap: read('overlap', 'BENCH_OVERLAP_SLOTS', 200, 2),
    tokenConcurrency: read('token-concurrency', 'BENCH_TOKEN_CONCURRENCY', 8, 1),
    floorPool: read('floor-pool', 'BENCH_FLOOR_POOL', 100, 1),
    timeoutS: read('timeout', 'BENCH_TIMEOUT_S', 120, 1),
    settleTimeoutS: read('settle-timeout', 'BENCH_SETTLE_TIMEOUT_S', 600, 0),
    realm,
  };
  if (settings.seats > 1000) throw new Error('--seats: a slot has at most 1000 seats');
  return settings;
}

function runJob<R extends StationsResult>(job: StationsJob): Promise<R> {
  return runWorker<R>(join(__dirname, 'stations.worker.ts'), job);
}

interface Latency {
  p50: number;
  p99: number;
  max: number;
}

/** Microsecond samples → HDR histogram (3 significant digits) → milliseconds. */
function latency(samplesUs: number[]): Latency {
  const histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 600_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const value of samplesUs) histogram.recordValue(Math.max(1, value));
  const ms = (us: number) => Math.round(us / 100) / 10;
  const result = {
    p50: ms(histogram.getValueAtPercentile(50)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.getValueAtPercentile(100)),
  };
  histogram.destroy();
  return result;
}

const rps = (count: number, windowMs: number) =>
  windowMs > 0 ? Math.round((count / windowMs) * 10_000) / 10 : 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function tally(answers: BurstAnswer[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const a of answers) counts[a.key] = (counts[a.key] ?? 0) + 1;
  return counts;
}

/** Refusals by status/code and message, most frequent first: `409 CONFLICT "…" ×950`. */
function refusals(answers: BurstAnswer[]): string[] {
  const counts = new Map<string, number>();
  for (const a of answers.filter((x) => x.status < 200 || x.status >= 300)) {
    const key = a.message ? `${a.key} "${a.message}"` : a.key;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} ×${n}`);
}

interface SlotDoc {
  _id: string;
  capacity: number;
  seatsTaken: number;
  version: number;
  seatHolders: string[];
  waitlist: string[];
  offers: unknown[];
  bookings: { userId: string; status: string; createdAt: Date }[];
  waitEntries: { at: Date }[];
}

/** The user id (`sub`) a token was issued for; read, not verified: only to match database rows. */
const subjectOf = (token: string) =>
  String(
    (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: string })
      .sub,
  );

const isActive = (b: { status: string }) => b.status === 'confirmed' || b.status === 'pending';

/** Requests carried out on the slot: a seat or a place in line (nothing is cancelled here). */
const carriedOut = (slot: SlotDoc) => slot.bookings.filter(isActive).length + slot.waitlist.length;

/**
 * Polls `read` until `done` holds, or its `version` has not moved for `quietMs`, or `timeoutMs`
 * has passed (then `timedOut`). Requests the gateway gave up on (503 after its Kafka timeout) are
 * still queued for the service, which carries them out later: this waits for them.
 */
async function settle<T extends { version: number } | null>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  quietMs: number,
  timeoutMs: number,
): Promise<{ value: T; timedOut: boolean }> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  let since = Date.now();
  while (!done(value) && Date.now() - since < quietMs) {
    if (Date.now() >= deadline) return { value, timedOut: true };
    await sleep(1000);
    const next = await read();
    if (next?.version !== value?.version) since = Date.now();
    value = next;
  }
  return { value, timedOut: false };
}

/** Until the outbox relay has published every pending event (bounded; false if it has not). */
async function outboxDrained(db: Db, timeoutMs = 120_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pending =
      (await db.collection('slots').countDocuments({ outboxPending: true })) +
      (await db.collection('stations').countDocuments({ outboxPending: true }));
    if (pending === 0) return true;
    await sleep(250);
  }
  return false;
}

/** Runs `task` over `items`, `concurrency` at a time, results in order. */
async function inLanes<T, R>(
  items: T[],
  concurrency: number,
  task: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return results;
}

const BEIJING_DISTRICTS = [
  'haidian',
  'chaoyang',
  'dongcheng',
  'xicheng',
  'fengtai',
  'shijingshan',
  'changping',
  'daxing',
];

function benchUsers(experts: number): BenchUser[] {
  const users: BenchUser[] = Array.from({ length: experts }, (_, i) => ({
    username: `bench-expert-${String(i).padStart(4, '0')}`,
    role: 'expert' as const,
    // A hundred institutes over eight districts; the slot has no caps, so none applies anyway.
    org: `inst-bench-${i % 100}`,
    region: BEIJING_DISTRICTS[i % BEIJING_DISTRICTS.length]!,
  }));
  users.push({ username: 'bench-solo-expert', role: 'expert', org: 'inst-bench-solo', region: 'haidian' });
  users.push({ username: 'bench-cadre-xichuan', role: 'cadre', org: 'gov-xichuan', region: 'xichuan' });
  return users;
}

const inDays = (base: number, days: number, minutes = 0) =>
  new Date(base + days * 86_400_000 + minutes * 60_000).toISOString();

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  process.env['LOG_LEVEL'] ??= 'warn';
  ensureInfra();
  const infra = infraEnv();
  const started = performance.now();
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;

  let platform: Platform | undefined;
  let mongo: MongoClient | undefined;
  try {
    // ---- setup: any failure here exits non-zero -------------------------------------------------
    const users = benchUsers(settings.experts);
    let mark = performance.now();
    const realmState = await ensureBenchRealm(
      {
        url: infra.keycloakUrl,
        username: process.env['KC_BOOTSTRAP_ADMIN_USERNAME'] ?? 'admin',
        password: process.env['KC_BOOTSTRAP_ADMIN_PASSWORD'] ?? 'admin',
      },
      settings.realm,
      users,
    );
    console.log(`· realm ${settings.realm}: ${realmState} (${users.length} users) in ${seconds(mark)} s`);

    mark = performance.now();
    const run = Date.now().toString(36);
    // Logins and the platform's start (Kafka group joins) wait on different things: overlap them.
    const [tokens, platformStarted] = await Promise.all([
      fetchTokens(
        infra.keycloakUrl,
        settings.realm,
        users.map((u) => u.username),
        settings.tokenConcurrency,
      ).then((list) => {
        console.log(`· ${list.length} tokens by password grant in ${seconds(mark)} s`);
        return list;
      }),
      startPlatform({
        gateways: 1,
        withTalent: false,
        withStations: true,
        gateway: (base) => ({
          keycloak: { ...base.keycloak, realm: settings.realm },
          // Every request comes from 127.0.0.1: the per-address limit would refuse the burst.
          rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-stations-${run}` },
        }),
      }),
    ]);
    platform = platformStarted;
    console.log(`· tokens and platform ready in ${seconds(mark)} s`);
    const url = platform.gateways[0]!.url;
    const expertTokens = tokens.slice(0, settings.experts);
    let cadreToken = tokens[settings.experts + 1]!;
    mongo = await MongoClient.connect(infra.mongoUrl);
    const db = mongo.db(platform.stationsDb);

    const station = await api(url, 'POST', '/api/v1/stations', {
      token: cadreToken,
      body: {
        name: '淅川县院士专家工作站（压测）',
        county: 'xichuan',
        hostOrgId: 'gov-xichuan',
        fields: ['medicine', 'agriculture'],
        address: '河南省南阳市淅川县龙城街道',
      },
    });
    if (station.status !== 201)
      throw new Error(`creating the station: ${station.status} ${JSON.stringify(station.body)}`);
    const stationId = (station.body as StationView).id;
    const now = Date.now();
    const newSlot = async (body: Record<string, unknown>): Promise<string> => {
      const created = await api(url, 'POST', `/api/v1/stations/${stationId}/slots`, {
        token: cadreToken,
        body,
      });
      if (created.status !== 201)
        throw new Error(`creating a slot: ${created.status} ${JSON.stringify(created.body)}`);
      return (created.body as SlotView).id;
    };
    // No caps: every expert competes for the same seats.
    const slotId = await newSlot({ start: inDays(now, 30), end: inDays(now, 33), capacity: settings.seats });
    await outboxDrained(db);

    // ---- 1. one slot, many experts ----------------------------------------------------------------
    const timeoutMs = settings.timeoutS * 1000;
    const warmUrl = `${url}/health/live`;
    console.log(`· burst 1: ${settings.experts} experts book one slot of ${settings.seats} seats at once …`);
    const one = await runJob<BurstResult>({
      kind: 'burst',
      warmUrl,
      tokens: expertTokens,
      requests: expertTokens.map((_, i) => ({ url: `${url}/api/v1/slots/${slotId}/bookings`, token: i })),
      timeoutMs,
    });
    const sinceBurst = () => Math.round((Date.now() - one.startedAtMs) / 100) / 10;
    console.log(`· waiting for the service to carry out what the gateway gave up on …`);
    const settled = await settle(
      () => db.collection<SlotDoc>('slots').findOne({ _id: slotId }),
      (doc) => !!doc && carriedOut(doc) >= settings.experts,
      15_000,
      settings.settleTimeoutS * 1000,
    );
    const slot = settled.value;
    if (!slot) throw new Error(`slot ${slotId} not found`);
    const settledS = sinceBurst();
    const drained = await outboxDrained(db);
    const drainedS = sinceBurst();
    // Its size once the relay has published (and removed) its pending events.
    const atRest = await db.collection<SlotDoc>('slots').findOne({ _id: slotId });
    const oneCounts = tally(one.answers);
    const active = slot.bookings.filter(isActive);
    const activeUsers = new Set(active.map((b) => b.userId)).size;
    // Carried out, yet answered with an error: the gateway's timeout does not cancel the command.
    const refusedUsers = new Set(
      one.answers
        .filter((a) => a.status < 200 || a.status >= 300)
        .map((a) => subjectOf(expertTokens[a.index]!)),
    );
    const seatedButRefused = active.filter((b) => refusedUsers.has(b.userId)).length;
    const waitingButRefused = slot.waitlist.filter((u) => refusedUsers.has(u)).length;
    // The service's own timestamps: when it carried out the last of the burst's requests.
    const stamps = [...slot.bookings.map((b) => b.createdAt), ...slot.waitEntries.map((e) => e.at)].map((d) =>
      new Date(d).getTime(),
    );
    const afterStartS = (times: number[]) =>
      times.length ? Math.round((Math.max(...times) - one.startedAtMs) / 100) / 10 : null;
    const lastCarriedOutS = afterStartS(stamps);
    const lastSeatS = afterStartS(active.map((b) => new Date(b.createdAt).getTime()));
    const oneFigures = {
      requests: one.answers.length,
      confirmed: (oneCounts['confirmed'] ?? 0) + (oneCounts['pending'] ?? 0),
      waitlisted: oneCounts['waitlisted'] ?? 0,
      rejected: one.answers.filter((a) => a.status < 200 || a.status >= 300).length,
      oversold: Math.max(
        0,
        slot.seatsTaken - slot.capacity,
        active.length - slot.capacity,
        slot.seatHolders.length - slot.capacity,
        (oneCounts['confirmed'] ?? 0) + (oneCounts['pending'] ?? 0) - slot.capacity,
      ),
      duplicateHolders: active.length - activeUsers,
      rps: rps(one.answers.length, one.windowMs),
      windowMs: Math.round(one.windowMs),
      fireMs: Math.round(one.fireMs),
      warmSockets: one.warmSockets,
      ...latency(one.answers.map((a) => a.latencyUs)),
      refusals: refusals(one.answers),
      db: {
        capacity: slot.capacity,
        seatsTaken: slot.seatsTaken,
        activeBookings: active.length,
        seatHolders: slot.seatHolders.length,
        waitlist: slot.waitlist.length,
        offers: slot.offers.length,
        carriedOut: carriedOut(slot),
        seatedButRefused,
        waitingButRefused,
        timedOut: settled.timedOut,
        lastSeatS,
        lastCarriedOutS,
        serviceRps: lastCarriedOutS ? Math.round((carriedOut(slot) / lastCarriedOutS) * 10) / 10 : null,
        docKB: Math.round(BSON.calculateObjectSize(atRest ?? slot) / 1024),
        docWithEventsKB: Math.round(BSON.calculateObjectSize(slot) / 1024),
        settledAfterS: settledS,
        outboxDrainedAfterS: drained ? drainedS : null,
      },
    };

    // ---- 3. one expert, many overlapping slots -------------------------------------------------------
    // Created only now: FerretDB scans the whole collection for any update whose filter is more
    // than an _id, so these slots would have slowed down burst 1.
    mark = performance.now();
    // Tokens live 15 min and the wait above may take 10: log the two users in again.
    const [soloToken, freshCadreToken] = (await fetchTokens(
      infra.keycloakUrl,
      settings.realm,
      users.slice(settings.experts).map((u) => u.username),
      2,
    )) as [string, string];
    cadreToken = freshCadreToken;
    // Each starts a minute after the previous one and lasts two days: every pair overlaps.
    const overlapIds = await inLanes(
      Array.from({ length: settings.overlap }, (_, i) => i),
      8,
      (i) => newSlot({ start: inDays(now, 60, i), end: inDays(now, 62, i), capacity: 5 }),
    );
    console.log(`· ${overlapIds.length} overlapping slots created in ${seconds(mark)} s`);
    await outboxDrained(db);
    console.log(`· burst 2: one expert books ${settings.overlap} overlapping slots at once …`);
    const three = await runJob<BurstResult>({
      kind: 'burst',
      warmUrl,
      tokens: [soloToken],
      requests: overlapIds.map((id) => ({ url: `${url}/api/v1/slots/${id}/bookings`, token: 0 })),
      timeoutMs,
    });
    const soloUserId = subjectOf(soloToken);
    // Every attempt that gets past the overlap check writes the expert's calendar; refusals leave
    // no trace. If the gateway gave up on some, wait until the calendar has been quiet for 15 s.
    const calendar = (
      await settle(
        () =>
          db
            .collection<{ _id: string; holds: unknown[]; version: number }>('calendars')
            .findOne({ _id: soloUserId }),
        () => !three.answers.some((a) => a.status === 503),
        15_000,
        settings.settleTimeoutS * 1000,
      )
    ).value;
    const overlapSlots = await db
      .collection<SlotDoc>('slots')
      .find({ _id: { $in: overlapIds } })
      .toArray();
    const threeCounts = tally(three.answers);
    const threeOk = three.answers.filter((a) => a.status >= 200 && a.status < 300).length;
    const threeFigures = {
      requests: three.answers.length,
      succeeded: threeOk,
      conflicts409: three.answers.filter((a) => a.status === 409).length,
      other: three.answers.length - threeOk - three.answers.filter((a) => a.status === 409).length,
      outcomes: threeCounts,
      rps: rps(three.answers.length, three.windowMs),
      windowMs: Math.round(three.windowMs),
      ...latency(three.answers.map((a) => a.latencyUs)),
      refusals: refusals(three.answers),
      db: {
        slotsWithABooking: overlapSlots.filter((s) =>
          s.bookings.some((b) => b.userId === soloUserId && isActive(b)),
        ).length,
        calendarHolds: calendar?.holds.length ?? 0,
      },
    };

    await platform.close();
    platform = undefined;

    // ---- 2. the floor: the same burst on FerretDB alone -----------------------------------------------
    console.log(`· floor: ${settings.experts} atomic updates on one document at once …`);
    const floor = await runJob<FloorResult>({
      kind: 'floor',
      mongoUrl: infra.mongoUrl,
      dbName: `qs_bench_floor_${run}`,
      requests: settings.experts,
      capacity: settings.seats,
      poolSize: settings.floorPool,
    });
    const floorFigures = {
      requests: settings.experts,
      confirmed: floor.confirmed,
      full: floor.full,
      errors: floor.errors,
      oversold: Math.max(
        0,
        floor.confirmed - settings.seats,
        floor.seatsTaken - settings.seats,
        floor.holders - settings.seats,
      ),
      lostWrites: floor.confirmed - floor.distinctHolders,
      rps: rps(settings.experts, floor.windowMs),
      windowMs: Math.round(floor.windowMs),
      ...latency(floor.latenciesUs),
    };

    // ---- report ------------------------------------------------------------------------------------
    const ratio = (a: number, b: number) => (b > 0 ? Number((a / b).toPrecision(2)) : null);
    const ratios = {
      rps: ratio(oneFigures.rps, floorFigures.rps),
      p99: ratio(oneFigures.p99, floorFigures.p99),
    };
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
      node: process.version,
      loadavg1m: Math.round(os.loadavg()[0]! * 100) / 100,
    };
    const pad = (value: string | number | null, width: number) => String(value ?? '–').padStart(width);
    const header = `${''.padEnd(30)}${pad('n', 6)}${pad('seat', 7)}${pad('wait', 7)}${pad('refused', 9)}${pad('oversold', 10)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}`;
    const line = '-'.repeat(header.length);
    const row = (label: string, cells: (string | number | null)[]) =>
      `${label.padEnd(30)}${[6, 7, 7, 9, 10, 9, 9, 9, 9].map((w, i) => pad(cells[i] ?? '', w)).join('')}`;
    console.log('');
    console.log(
      `Qingshui stations benchmark · ${machine.cpus} cpus (${machine.cpuModel}) · node ${machine.node} · load ${machine.loadavg1m}`,
    );
    console.log(line);
    console.log(
      `${settings.experts} requests at once for one slot of ${settings.seats} seats; latency from the start of the burst`,
    );
    console.log(header);
    console.log(
      row('gateway→Kafka→stations', [
        oneFigures.requests,
        oneFigures.confirmed,
        oneFigures.waitlisted,
        oneFigures.rejected,
        oneFigures.oversold,
        oneFigures.rps,
        oneFigures.p50,
        oneFigures.p99,
        oneFigures.max,
      ]),
    );
    console.log(
      row('floor: findOneAndUpdate', [
        floorFigures.requests,
        floorFigures.confirmed,
        floorFigures.full,
        Object.values(floorFigures.errors).reduce((a, b) => a + b, 0),
        floorFigures.oversold,
        floorFigures.rps,
        floorFigures.p50,
        floorFigures.p99,
        floorFigures.max,
      ]),
    );
    console.log(
      row('ratio gateway/floor', ['', '', '', '', '', `×${ratios.rps ?? '–'}`, '', `×${ratios.p99 ?? '–'}`]),
    );
    console.log(
      `  gateway refused: ${oneFigures.refusals.join(' · ') || 'none'}` +
        `${oneFigures.duplicateHolders ? ` · ${oneFigures.duplicateHolders} DUPLICATE holders` : ''}`,
    );
    const d = oneFigures.db;
    console.log(
      `  in the database: seatsTaken ${d.seatsTaken}/${d.capacity}, active bookings ${d.activeBookings}, ` +
        `waitlist ${d.waitlist}, offers ${d.offers}; slot document ${d.docKB} KB (${d.docWithEventsKB} KB with its events before they were published)`,
    );
    console.log(
      `  the service carried out ${d.carriedOut} of ${oneFigures.requests}` +
        `${d.timedOut ? ` (still going after ${settings.settleTimeoutS} s)` : ''}: the last seat ` +
        `${d.lastSeatS ?? '–'} s and the last of all ${d.lastCarriedOutS ?? '–'} s after the burst started ` +
        `(${d.serviceRps ?? '–'}/s); outbox drained ` +
        `${d.outboxDrainedAfterS === null ? 'NOT within 120 s' : `after ${d.outboxDrainedAfterS} s`}`,
    );
    console.log(
      `  answered with an error but carried out anyway: ${d.seatedButRefused} seats, ` +
        `${d.waitingButRefused} places on the waitlist`,
    );
    console.log(
      `  burst over ${oneFigures.warmSockets} open connections, sent in ${oneFigures.fireMs} ms, ` +
        `last answer after ${oneFigures.windowMs} ms · floor: ${settings.floorPool} driver connections, ` +
        `"wait" = found full${floorFigures.lostWrites ? `, ${floorFigures.lostWrites} LOST writes` : ''}`,
    );
    console.log(line);
    console.log(`one expert, ${settings.overlap} overlapping slots at once (at most one may succeed)`);
    console.log(
      `${''.padEnd(30)}${pad('n', 6)}${pad('ok', 7)}${pad('409', 7)}${pad('other', 9)}${pad('', 10)}${pad('req/s', 9)}${pad('p50 ms', 9)}${pad('p99 ms', 9)}${pad('max ms', 9)}`,
    );
    console.log(
      row('gateway→Kafka→stations', [
        threeFigures.requests,
        threeFigures.succeeded,
        threeFigures.conflicts409,
        threeFigures.other,
        '',
        threeFigures.rps,
        threeFigures.p50,
        threeFigures.p99,
        threeFigures.max,
      ]),
    );
    console.log(`  refused: ${threeFigures.refusals.join(' · ') || 'none'}`);
    console.log(
      `  in the database: ${threeFigures.db.slotsWithABooking} slot(s) with a booking of the expert, ` +
        `${threeFigures.db.calendarHolds} hold(s) in the calendar`,
    );
    console.log(line);

    const failures: string[] = [];
    if (oneFigures.oversold > 0) failures.push(`slot oversold by ${oneFigures.oversold}`);
    if (oneFigures.duplicateHolders > 0)
      failures.push(`${oneFigures.duplicateHolders} experts hold two seats`);
    if (floorFigures.oversold > 0) failures.push(`floor oversold by ${floorFigures.oversold}`);
    const overlapWins = Math.max(
      threeFigures.succeeded,
      threeFigures.db.slotsWithABooking,
      threeFigures.db.calendarHolds,
    );
    if (overlapWins > 1) failures.push(`${overlapWins} overlapping bookings succeeded`);
    console.log(
      `${failures.length ? `FAILED: ${failures.join('; ')}` : 'invariants held'} · whole run ${seconds(started)} s`,
    );
    console.log(
      `BENCH_JSON ${JSON.stringify({ machine, settings, oneSlot: oneFigures, floor: floorFigures, ratios, overlap: threeFigures, unit: 'ms' })}`,
    );
    return failures.length ? 1 : 0;
  } finally {
    await platform?.close().catch((error: unknown) => console.error('closing the platform failed:', error));
    await mongo?.close().catch(() => undefined);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:stations failed:', error);
    process.exit(1);
  },
);
