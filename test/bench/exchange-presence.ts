// Presence phase of the exchange benchmark (issue #12): S sockets (default 2000) on 2 gateway
// instances viewing R exchange postings (default 200), S/R viewers each, half on either instance.
//   1. join-to-seen: the viewers subscribe at a paced rate (--join-rate, default 200/s, 0: all at
//      once), round by round (every posting's first viewer, then every second, ...). For each join,
//      from the joiner's `subscribe` until every member of the room (the joiner included, on
//      either instance) holds a list with the joiner: p50, p99, max; goal p99 < 1 s. Then every
//      list must equal its room's viewers. Also: the subscribe's own answer (the record's read
//      check through Kafka, the presence write) and one editing mark per posting until every other
//      member shows it.
//   2. Floors at the same pace, with every socket connected: a Socket.IO round trip on the same
//      instances (`presence.editing` for a room without presence, answered by the gateway alone),
//      and a bare Redis MULTI of the presence write's shape on scratch keys.
//   3. drop-to-gone, for D viewers each (--drops, default 20), each in a room of its own: a silent
//      drop (a relay between the client and the gateway stops passing anything and closes nothing:
//      no disconnect packet, no FIN, only the gateway's ping finds it), a reset (TCP RST, no
//      disconnect packet: a killed browser), and a closed tab (a clean disconnect). From the drop
//      until every other member's list no longer shows them: p50, max; goal < 30 s.
// The clients run in a worker thread, so that timing them never queues behind the gateways and the
// exchange service on the main thread. The viewers are cadres of a Keycloak realm of their own
// (bench-realm.ts, one hash iteration); with --users below --sockets, users are reused across
// postings, never twice on one posting. Exits 1 (through exchange.bench.ts) when a goal is missed
// or a list never converges.
//
// Settings (flag or environment variable, flag wins):
//   --sockets / BENCH_SOCKETS          sockets, a multiple of --records     (default 2000)
//   --records / BENCH_RECORDS          postings viewed                      (default 200)
//   --users / BENCH_USERS              distinct users, ≥ sockets per record (default: --sockets)
//   --join-rate / BENCH_JOIN_RATE      subscribes (and floor requests) per second (default 200, 0: at once)
//   --drops / BENCH_DROPS              viewers dropped of each kind          (default 20)
//   --token-concurrency / BENCH_TOKEN_CONCURRENCY  password grants at a time (default 8)
//   --setup-concurrency / BENCH_SETUP_CONCURRENCY  requests at a time while setting up (default 8)
//   --realm / BENCH_REALM              Keycloak realm of the viewers (default qingshui-bench-exchange)
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { isMainThread, workerData } from 'node:worker_threads';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import type { GatewayConfig } from '@qingshui/app-gateway';
import { connectSocket, decodeJwt, emitWithAck, infraEnv, keycloakAdmin } from '@qingshui/testing';
import type { api as platformApi, Platform, startPlatform as platformStart } from '../support/platform';
import { runWorker, serveJob, settingsReader } from './bench-kit';
import { ensureBenchRealm, fetchTokens, type BenchUser } from './bench-realm';

const JOB_KIND = 'exchange-presence-clients';
const DROP_KINDS = ['silent', 'reset', 'closed'] as const;
type DropKind = (typeof DROP_KINDS)[number];
const DROP_LABELS: Record<DropKind, string> = {
  silent: 'silent drop (no packet, no FIN: found by the ping)',
  reset: 'connection reset (TCP RST, no disconnect packet)',
  closed: 'closed tab (clean disconnect)',
};
const JOIN_GOAL_P99_MS = 1000;
const GONE_GOAL_MS = 30_000;

export interface PresenceSettings {
  sockets: number;
  records: number;
  users: number;
  joinRate: number;
  drops: number;
  tokenConcurrency: number;
  setupConcurrency: number;
  realm: string;
}

export function presenceSettings(argv: string[], env: NodeJS.ProcessEnv): PresenceSettings {
  const reader = settingsReader(argv, env);
  const read = (flag: string, variable: string, fallback: number, min: number) =>
    reader.number(flag, variable, fallback, min, true);
  const sockets = read('sockets', 'BENCH_SOCKETS', 2000, 2);
  const records = read('records', 'BENCH_RECORDS', 200, 1);
  const perRecord = sockets / records;
  if (!Number.isInteger(perRecord) || perRecord < 2)
    throw new Error(`--sockets (${sockets}) must be a multiple of --records (${records}), at least 2 each`);
  const users = read('users', 'BENCH_USERS', sockets, perRecord);
  if (users > sockets) throw new Error(`--users (${users}) cannot exceed --sockets (${sockets})`);
  const drops = read('drops', 'BENCH_DROPS', Math.max(1, Math.min(20, Math.floor(records / 3))), 1);
  if (drops * DROP_KINDS.length > records)
    throw new Error(`--drops (${drops}) of ${DROP_KINDS.length} kinds need as many postings (${records})`);
  const realm = reader.raw('realm', 'BENCH_REALM') ?? 'qingshui-bench-exchange';
  if (!/^[a-z0-9-]{1,64}$/.test(realm) || realm === 'qingshui')
    throw new Error(`--realm / BENCH_REALM: not a benchmark realm: "${realm}"`);
  return {
    sockets,
    records,
    users,
    joinRate: read('join-rate', 'BENCH_JOIN_RATE', 200, 0),
    drops,
    tokenConcurrency: read('token-concurrency', 'BENCH_TOKEN_CONCURRENCY', 8, 1),
    setupConcurrency: read('setup-concurrency', 'BENCH_SETUP_CONCURRENCY', 8, 1),
    realm,
  };
}

// ---- figures ---------------------------------------------------------------------------------

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const r1 = (n: number) => (Number.isNaN(n) ? 'n/a' : String(Math.round(n * 10) / 10));
const ratio = (a: number, b: number) =>
  b > 0 && !Number.isNaN(a) ? `${Math.round((a / b) * 10) / 10}×` : 'n/a';
function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
  };
}

async function pool<T, R>(items: readonly T[], size: number, run: (item: T, i: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i]!, i);
    }),
  );
  return results;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `act(i)` for i < count at `rate` per second from now (all at once for rate 0), not waiting for them. */
async function paced(count: number, rate: number, act: (i: number) => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = rate > 0 ? start + (i * 1000) / rate : start;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    act(i);
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

// ---- the main thread: realm, platform, postings, the worker, the table --------------------------

interface Viewer {
  room: string;
  /** Index into the job's users. */
  user: number;
  instance: number;
  drop?: DropKind;
}

interface ClientsJob {
  kind: typeof JOB_KIND;
  gateways: string[];
  redisUrl: string;
  /** Scratch keys of the Redis floor start with it (deleted afterwards). */
  scratchPrefix: string;
  tokens: string[];
  userIds: string[];
  viewers: Viewer[];
  perRecord: number;
  joinRate: number;
  heartbeat: { pingIntervalMs: number; pingTimeoutMs: number };
}

interface ClientsResult {
  connectMs: number;
  joinWindowMs: number;
  joinToSeen: number[];
  subscribeAck: number[];
  editToSeen: number[];
  socketRtt: number[];
  redisMulti: number[];
  gone: Record<DropKind, number[]>;
  messages: number;
  problems: string[];
  heapMb: number;
}

/**
 * The presence phase; true when every goal is met and every list converged. The platform's kit
 * comes from the caller: the worker thread loads this file too, and must not load every app.
 */
export async function benchPresence(
  s: PresenceSettings,
  { api, startPlatform }: { api: typeof platformApi; startPlatform: typeof platformStart },
): Promise<boolean> {
  const infra = infraEnv();
  const perRecord = s.sockets / s.records;
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;
  const loadBefore = os.loadavg()[0]!;

  const users: BenchUser[] = Array.from({ length: s.users }, (_, i) => ({
    username: `bench-viewer-${String(i).padStart(5, '0')}`,
    role: 'cadre',
    // Cadres of the receiving county: they keep, and so read, the postings (drafts included).
    org: 'gov-xichuan',
    region: 'xichuan',
    name: `观摩干部${i}`,
  }));
  let mark = performance.now();
  const realmState = await ensureBenchRealm(keycloakAdmin(), s.realm, users);
  console.log(`· realm ${s.realm}: ${realmState} (${users.length} users) in ${seconds(mark)} s`);

  mark = performance.now();
  const run = Date.now().toString(36);
  let heartbeat: GatewayConfig['socket'] | undefined;
  const starting = startPlatform({
    gateways: 2,
    services: ['exchange'],
    gateway: (base) => {
      heartbeat = base.socket;
      return {
        keycloak: { ...base.keycloak, realm: s.realm },
        // The postings come from one user: the per-user limit would refuse the setup.
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-presence-${run}` },
      };
    },
  });
  const [tokensResult, platformResult] = await Promise.allSettled([
    fetchTokens(
      infra.keycloakUrl,
      s.realm,
      users.map((u) => u.username),
      s.tokenConcurrency,
    ),
    starting,
  ]);
  let platform: Platform | undefined =
    platformResult.status === 'fulfilled' ? platformResult.value : undefined;
  try {
    if (tokensResult.status === 'rejected') throw tokensResult.reason;
    if (!platform) throw (platformResult as PromiseRejectedResult).reason;
    const tokens = tokensResult.value;
    console.log(
      `· ${tokens.length} tokens and the platform (2 gateway instances, exchange) in ${seconds(mark)} s`,
    );

    mark = performance.now();
    // One request to each instance first: its verifier's first fetch of the realm's keys refuses
    // the tokens that arrive while it is under way ("signed with a key the realm does not publish").
    for (const gateway of platform.gateways) {
      const r = await api(gateway.url, 'GET', '/api/v1/exchange/postings', { token: tokens[0]! });
      if (r.status !== 200)
        throw new Error(`GET /exchange/postings: HTTP ${r.status} ${JSON.stringify(r.body)}`);
    }
    const year = 2090 + (Date.now() % 9);
    const postings = await pool(Array.from({ length: s.records }), s.setupConcurrency, async (_, i) => {
      // Drafts: the cheapest record rooms of the exchange, read by the county's cadres.
      const r = await api(platform!.gateways[i % 2]!.url, 'POST', '/api/v1/exchange/postings', {
        token: tokens[0]!,
        body: {
          title: `淅川县挂职岗位（在线压测 ${run}-${i}）`,
          unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
          pairId: 'chaoyang-xichuan',
          direction: 'to-county',
          kind: 'secondment',
          startDate: `${year}-03-01`,
          endDate: `${year + 1}-02-28`,
          level: 'section',
          places: 1,
        },
      });
      if (r.status >= 300)
        throw new Error(`POST /exchange/postings: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return (r.body as { id: string }).id;
    });
    console.log(`· ${postings.length} postings in ${seconds(mark)} s`);

    const dropRooms = s.drops * DROP_KINDS.length;
    const viewers: Viewer[] = postings.flatMap((id, r) =>
      Array.from({ length: perRecord }, (_, j): Viewer => {
        const k = r * perRecord + j;
        // One viewer of each of the first postings drops, on either instance by turns.
        const drop = r < dropRooms && j === r % perRecord ? DROP_KINDS[Math.floor(r / s.drops)] : undefined;
        return { room: `posting:${id}`, user: k % s.users, instance: k % 2, ...(drop ? { drop } : {}) };
      }),
    );
    const job: ClientsJob = {
      kind: JOB_KIND,
      gateways: platform.gateways.map((g) => g.url),
      redisUrl: infra.redisUrl,
      scratchPrefix: `qs:${platform.environment}:bench-presence-floor`,
      tokens,
      userIds: tokens.map((t) => String(decodeJwt(t)['sub'])),
      viewers,
      perRecord,
      joinRate: s.joinRate,
      heartbeat: heartbeat ?? { pingIntervalMs: NaN, pingTimeoutMs: NaN },
    };
    const result = await runWorker<ClientsResult>(__filename, job);
    return report(s, job, result, loadBefore);
  } finally {
    await platform?.close();
    platform = undefined;
  }
}

function report(s: PresenceSettings, job: ClientsJob, r: ClientsResult, loadBefore: number): boolean {
  const { pingIntervalMs, pingTimeoutMs } = job.heartbeat;
  const join = stats(r.joinToSeen);
  const ack = stats(r.subscribeAck);
  const edit = stats(r.editToSeen);
  const rtt = stats(r.socketRtt);
  const multi = stats(r.redisMulti);
  const perInstance = [0, 1].map((i) => job.viewers.filter((v) => v.instance === i).length);
  const usersLine =
    s.users === s.sockets
      ? `${s.users} distinct users`
      : `${s.users} users for ${s.sockets} sockets (reused across postings; each posting's ${job.perRecord} viewers are distinct users)`;
  console.log(
    `\nPresence · ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}) · node ${process.version} · load ${loadBefore.toFixed(2)} before, ${os.loadavg()[0]!.toFixed(2)} after`,
  );
  console.log(
    `${s.sockets} sockets (${perInstance.join(' + ')} on 2 gateway instances) viewing ${s.records} postings, ${job.perRecord} each; ${usersLine}; ` +
      `joins ${s.joinRate > 0 ? `at ${s.joinRate}/s` : 'all at once'} (${Math.round(r.joinWindowMs)} ms); heartbeat ${pingIntervalMs} + ${pingTimeoutMs} ms`,
  );
  console.log(
    `connected in ${Math.round(r.connectMs)} ms; ${r.messages} presence messages received; worker heap ${r.heapMb} MB, process rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`,
  );
  console.log('| measure | n | p50 ms | p99 ms | max ms | goal |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const row = (label: string, f: ReturnType<typeof stats>, goal = '') =>
    console.log(`| ${label} | ${f.n} | ${r1(f.p50)} | ${r1(f.p99)} | ${r1(f.max)} | ${goal} |`);
  row('join-to-seen: subscribe → every member holds the joiner', join, `p99 < ${JOIN_GOAL_P99_MS}`);
  row('subscribe answered (read check via Kafka + presence write)', ack);
  row('editing mark → every other member shows it', edit);
  row('floor: Socket.IO round trip, same instances', rtt);
  row('floor: Redis MULTI of the presence write’s shape', multi);
  const gone = Object.fromEntries(DROP_KINDS.map((k) => [k, stats(r.gone[k])])) as Record<
    DropKind,
    ReturnType<typeof stats>
  >;
  for (const kind of DROP_KINDS)
    row(`drop-to-gone: ${DROP_LABELS[kind]}`, gone[kind], `max < ${GONE_GOAL_MS}`);
  console.log(
    `ratios: join-to-seen p50 ${ratio(join.p50, rtt.p50)} the Socket.IO round trip, ${ratio(join.p50, multi.p50)} the Redis MULTI; ` +
      `p99 ${ratio(join.p99, rtt.p99)}, ${ratio(join.p99, multi.p99)}; ` +
      `silent drop max ${ratio(gone.silent.max, pingIntervalMs + pingTimeoutMs)} the ping interval + timeout`,
  );

  const problems = [...r.problems];
  if (join.n !== s.sockets) problems.push(`${join.n} of ${s.sockets} joins were seen by every member`);
  if (!(join.p99 < JOIN_GOAL_P99_MS))
    problems.push(`join-to-seen p99 ${r1(join.p99)} ms ≥ ${JOIN_GOAL_P99_MS} ms`);
  for (const kind of DROP_KINDS) {
    if (gone[kind].n !== s.drops) problems.push(`${gone[kind].n} of ${s.drops} ${kind} drops were seen gone`);
    if (!(gone[kind].max < GONE_GOAL_MS))
      problems.push(`${kind} drop-to-gone max ${r1(gone[kind].max)} ms ≥ ${GONE_GOAL_MS} ms`);
  }
  for (const problem of problems) console.error(`FAIL: ${problem}`);
  return problems.length === 0;
}

// ---- the worker thread: the clients ------------------------------------------------------------

interface PresenceMessage {
  room: string;
  people: { userId: string; editing: boolean }[];
  version: number;
}

interface Client {
  viewer: Viewer;
  user: string;
  socket: Socket;
  relay?: Relay;
  /** The newest list received (by version), as a client keeps it. */
  list?: { version: number; ids: Set<string>; editing: Set<string> };
  member: boolean;
  gone: boolean;
}

/** Members of a room that do not yet hold what `holds` asks; done with the time from `t0` when none is left. */
interface Watch {
  t0: number;
  waiting: Set<Client>;
  holds: (member: Client) => boolean;
  done: (ms: number) => void;
}

interface Relay {
  url: string;
  /** A lost network: nothing passes any more, nothing is closed. */
  cut(): void;
  /** A killed client: the gateway's end gets a TCP RST. */
  reset(): void;
  close(): void;
}

/** A TCP relay to a gateway instance, for one client. */
async function relayTo(target: string): Promise<Relay> {
  const { hostname, port } = new URL(target);
  const ends: net.Socket[] = [];
  const upstreams: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    client.pipe(upstream).pipe(client);
    upstreams.push(upstream);
    for (const end of [client, upstream]) ends.push(end.on('error', () => undefined));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    cut: () => ends.forEach((end) => end.unpipe().pause()),
    reset: () => {
      upstreams.forEach((end) => end.resetAndDestroy());
      ends.forEach((end) => end.destroy());
    },
    close: () => {
      ends.forEach((end) => end.destroy());
      server.close();
    },
  };
}

async function runClients(job: ClientsJob): Promise<ClientsResult> {
  const problems: string[] = [];
  const problem = (text: string) => {
    if (problems.length < 20) problems.push(text);
  };
  const watches = new Map<string, Watch[]>();
  let open = 0;
  let messages = 0;
  const watch = (
    room: string,
    members: Client[],
    holds: (m: Client) => boolean,
    done: (ms: number) => void,
  ) => {
    const w: Watch = {
      t0: performance.now(),
      waiting: new Set(members.filter((m) => !holds(m))),
      holds,
      done,
    };
    if (w.waiting.size === 0) return done(0);
    open += 1;
    watches.set(room, [...(watches.get(room) ?? []), w]);
  };
  const settle = (c: Client) => {
    const list = watches.get(c.viewer.room);
    if (!list) return;
    for (const w of list) {
      if (!w.waiting.has(c) || !w.holds(c)) continue;
      w.waiting.delete(c);
      if (w.waiting.size > 0) continue;
      w.done(performance.now() - w.t0);
      open -= 1;
    }
    const left = list.filter((w) => w.waiting.size > 0);
    if (left.length) watches.set(c.viewer.room, left);
    else watches.delete(c.viewer.room);
  };
  /** Waits for every watch to finish; reports and forgets those that did not. */
  const settled = async (what: string, ms: number) => {
    if (await until(() => open === 0, ms)) return;
    problem(`${open} ${what} not seen by every member within ${ms} ms`);
    watches.clear();
    open = 0;
  };

  const clients: Client[] = new Array<Client>(job.viewers.length);
  const relays: Relay[] = [];
  const byRoom = new Map<string, Client[]>();
  const redis = new Redis(job.redisUrl, { maxRetriesPerRequest: 1 });
  const scratch = new Set<string>();
  try {
    // ---- connect every socket, none subscribed yet ---------------------------------------------
    let mark = performance.now();
    await pool(job.viewers, 50, async (viewer, i) => {
      const target = job.gateways[viewer.instance]!;
      const relay = viewer.drop && viewer.drop !== 'closed' ? await relayTo(target) : undefined;
      if (relay) relays.push(relay);
      const socket = await connectSocket(relay?.url ?? target, job.tokens[viewer.user], 30_000);
      const client: Client = {
        viewer,
        user: job.userIds[viewer.user]!,
        socket,
        ...(relay ? { relay } : {}),
        member: false,
        gone: false,
      };
      socket.on('presence', (m: PresenceMessage) => {
        messages += 1;
        if (m.room !== viewer.room)
          return problem(`presence of ${m.room} reached a viewer of ${viewer.room}`);
        if (client.list && m.version < client.list.version) return;
        client.list = {
          version: m.version,
          ids: new Set(m.people.map((p) => p.userId)),
          editing: new Set(m.people.filter((p) => p.editing).map((p) => p.userId)),
        };
        settle(client);
      });
      clients[i] = client;
    });
    const connectMs = performance.now() - mark;
    for (const c of clients) byRoom.set(c.viewer.room, [...(byRoom.get(c.viewer.room) ?? []), c]);
    const members = (room: string) => (byRoom.get(room) ?? []).filter((c) => c.member && !c.gone);
    /** Every member's list names exactly the room's members (and, when asked, nobody editing). */
    const converged = (noneEditing = false) =>
      [...byRoom.keys()].every((room) => {
        const expected = [...new Set(members(room).map((c) => c.user))].sort().join();
        return members(room).every(
          (c) =>
            [...(c.list?.ids ?? [])].sort().join() === expected &&
            (!noneEditing || c.list!.editing.size === 0),
        );
      });

    // ---- 1. joins, round by round: every posting's first viewer, then every second, ... -------
    const order = Array.from({ length: job.perRecord }, (_, j) =>
      [...byRoom.values()].map((list) => list[j]!),
    ).flat();
    const joinToSeen: number[] = [];
    const subscribeAck: number[] = [];
    const answers: Promise<void>[] = [];
    mark = performance.now();
    await paced(order.length, job.joinRate, (i) => {
      const c = order[i]!;
      c.member = true;
      watch(
        c.viewer.room,
        members(c.viewer.room),
        (m) => m.list?.ids.has(c.user) ?? false,
        (ms) => joinToSeen.push(ms),
      );
      const t0 = performance.now();
      answers.push(
        emitWithAck<{ ok: boolean; code?: string }>(
          c.socket,
          'subscribe',
          { room: c.viewer.room },
          30_000,
        ).then(
          (ack) => {
            subscribeAck.push(performance.now() - t0);
            if (!ack.ok) problem(`subscribe to ${c.viewer.room} refused: ${ack.code}`);
          },
          (error: Error) => problem(`subscribe to ${c.viewer.room}: ${error.message}`),
        ),
      );
    });
    await Promise.all(answers);
    await settled('joins', 15_000);
    const joinWindowMs = performance.now() - mark;
    if (!(await until(() => converged(), 10_000)))
      problem('after the joins, some lists never equalled their room');

    // ---- editing marks: one editor per posting --------------------------------------------------
    const editToSeen: number[] = [];
    const editors = [...byRoom.values()].map((list) => list.find((c) => !c.viewer.drop)!);
    answers.length = 0;
    await paced(editors.length, job.joinRate, (i) => {
      const editor = editors[i]!;
      const others = members(editor.viewer.room).filter((c) => c !== editor);
      watch(
        editor.viewer.room,
        others,
        (m) => m.list?.editing.has(editor.user) ?? false,
        (ms) => editToSeen.push(ms),
      );
      answers.push(
        emitWithAck<{ ok: boolean; code?: string }>(editor.socket, 'presence.editing', {
          room: editor.viewer.room,
          editing: true,
        }).then(
          (ack) => void (ack.ok || problem(`editing mark refused: ${ack.code}`)),
          (error: Error) => problem(`editing mark: ${error.message}`),
        ),
      );
    });
    await Promise.all(answers);
    await settled('editing marks', 10_000);
    await Promise.all(
      editors.map((e) => emitWithAck(e.socket, 'presence.editing', { room: e.viewer.room, editing: false })),
    );
    if (!(await until(() => converged(true), 10_000)))
      problem('after the editing marks, some lists never cleared');

    // ---- 2. floors at the same pace -------------------------------------------------------------
    const socketRtt: number[] = [];
    answers.length = 0;
    await paced(clients.length, job.joinRate, (i) => {
      const c = clients[i]!;
      const t0 = performance.now();
      answers.push(
        // A room without presence: the gateway answers ROOM_UNKNOWN by itself (no Redis, no Kafka).
        emitWithAck<{ ok: boolean; code?: string }>(c.socket, 'presence.editing', {
          room: 'user:nobody',
          editing: true,
        }).then(
          (ack) => {
            socketRtt.push(performance.now() - t0);
            if (ack.ok || ack.code !== 'ROOM_UNKNOWN')
              problem(`the floor's event answered ${JSON.stringify(ack)}`);
          },
          (error: Error) => problem(`the floor's event: ${error.message}`),
        ),
      );
    });
    await Promise.all(answers);
    const redisMulti: number[] = [];
    const rooms = [...byRoom.keys()];
    const entry = JSON.stringify({
      userId: job.userIds[0],
      name: '观摩干部0',
      unit: 'gov-xichuan',
      editing: false,
      sinceMs: Date.now(),
      expiresAtMs: Date.now() + 25_000,
    });
    answers.length = 0;
    await paced(clients.length, job.joinRate, (i) => {
      const key = `${job.scratchPrefix}:room:${rooms[i % rooms.length]}`;
      const due = `${job.scratchPrefix}:due`;
      scratch.add(key).add(due);
      const t0 = performance.now();
      answers.push(
        redis
          .multi()
          .hgetall(key)
          .hset(key, `socket-${i}`, entry)
          .zadd(due, Date.now() + 25_000, `${key} socket-${i}`)
          .pexpire(key, 50_000)
          .time()
          .hgetall(key)
          .exec()
          .then(
            () => void redisMulti.push(performance.now() - t0),
            (error: Error) => problem(`the Redis floor: ${error.message}`),
          ),
      );
    });
    await Promise.all(answers);

    // ---- 3. drops, each in a room of its own, all at one moment ---------------------------------
    const gone: Record<DropKind, number[]> = { silent: [], reset: [], closed: [] };
    for (const c of clients.filter((x) => x.viewer.drop)) {
      const kind = c.viewer.drop!;
      c.gone = true;
      watch(
        c.viewer.room,
        members(c.viewer.room),
        (m) => !(m.list?.ids.has(c.user) ?? true),
        (ms) => gone[kind].push(ms),
      );
      if (kind === 'silent') c.relay!.cut();
      else if (kind === 'reset') c.relay!.reset();
      else c.socket.close();
    }
    await settled('drops', job.heartbeat.pingIntervalMs + job.heartbeat.pingTimeoutMs + 15_000);
    const early = gone.silent.filter((ms) => ms < job.heartbeat.pingTimeoutMs / 2);
    if (early.length)
      problem(
        `${early.length} silent drops were gone before a ping could have gone unanswered: the relay let a close through`,
      );
    if (!(await until(() => converged(), 10_000)))
      problem('after the drops, some lists never equalled their room');

    return {
      connectMs,
      joinWindowMs,
      joinToSeen,
      subscribeAck,
      editToSeen,
      socketRtt,
      redisMulti,
      gone,
      messages,
      problems,
      heapMb: Math.round(process.memoryUsage().heapUsed / 1e6),
    };
  } finally {
    for (const c of clients) c?.socket.close();
    for (const relay of relays) relay.close();
    if (scratch.size) await redis.del(...scratch).catch(() => undefined);
    redis.disconnect();
  }
}

if (!isMainThread && (workerData as { kind?: string } | null)?.kind === JOB_KIND) serveJob(runClients);
