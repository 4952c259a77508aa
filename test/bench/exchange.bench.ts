// Exchange benchmark (issue #12), two phases (--only=approvals|presence; default both):
// approvals. Two-sided approvals racing for a year's quota places:
//   1. N nominations (default 200) of N distinct cadres, on postings with more places than the
//      quota: for each, the sending side's release and the receiving side's acceptance are sent
//      at the same moment, all 2N at once, through gateway → Kafka → exchange → FerretDB. The
//      second consent of each nomination is its agreement and takes a place of the year's quota
//      of Q (default 24): exactly Q must be placed, the others refused with 409 QUOTA_FULL.
//   2. The floor: the same N claims as bare guarded `$inc` updates of one ledger document by `_id`
//      on FerretDB (mongodb driver, no service), in the same run.
// presence. Sockets on 2 gateway instances viewing postings: join-to-seen, drop-to-gone and their
//   floors (exchange-presence.ts, where its settings are listed).
// Run: `node scripts/run-ts.cjs test/bench/exchange.bench.ts [-- --only=approvals --nominations=200
// --quota=24]` (wired as `npm run bench:exchange`). Exits 1 when the placed count is not exactly
// the quota (gateway or floor) or the ledger disagrees with the nominations, or when a presence
// goal is missed or a list never converges; timings are printed.
//
// Settings of the approvals (flag or environment variable, flag wins):
//   --only / BENCH_ONLY                 approvals or presence (default: both)
//   --nominations / BENCH_NOMINATIONS   nominations racing (default 200)
//   --quota / BENCH_QUOTA               the year's quota places (default 24)
//   --setup-concurrency / BENCH_SETUP_CONCURRENCY  requests at a time while setting up (default 8)
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { getToken, infraEnv } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { benchPresence, presenceSettings } from './exchange-presence';

const PHASES = ['approvals', 'presence'] as const;

function setting(flag: string, variable: string, fallback: number): number {
  const arg = process.argv.find((a) => a.startsWith(`--${flag}=`));
  const raw = arg?.slice(flag.length + 3) ?? process.env[variable];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${flag} / ${variable}: a positive integer, not "${raw}"`);
  return value;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
const ms = (n: number) => Math.round(n * 10) / 10;

async function pool<T, R>(
  items: readonly T[],
  size: number,
  run: (item: T, i: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) results[i] = await run(items[i]!, i);
    }),
  );
  return results;
}

interface Burst {
  windowMs: number;
  latencies: number[];
  statuses: Record<string, number>;
}
function figures(burst: Burst, requests: number) {
  const sorted = [...burst.latencies].sort((a, b) => a - b);
  return {
    rps: Math.round((requests / burst.windowMs) * 1000),
    p50: ms(percentile(sorted, 50)),
    p99: ms(percentile(sorted, 99)),
    max: ms(sorted.at(-1) ?? 0),
    windowMs: Math.round(burst.windowMs),
  };
}

async function benchApprovals(): Promise<number> {
  const nominations = setting('nominations', 'BENCH_NOMINATIONS', 200);
  const quota = setting('quota', 'BENCH_QUOTA', 24);
  const setupConcurrency = setting('setup-concurrency', 'BENCH_SETUP_CONCURRENCY', 8);
  const infra = infraEnv();
  const run = Date.now().toString(36);
  const year = 2090 + (Date.now() % 9);
  let platform: Platform | undefined;
  let mongo: MongoClient | undefined;
  let failed = false;
  try {
    const started = performance.now();
    platform = await startPlatform({
      services: ['exchange'],
      gateway: () => ({
        // Every request comes from two users: the per-user limit would refuse the burst.
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-exchange-${run}` },
      }),
    });
    const url = platform.gateways[0]!.url;
    const [county, beijing, admin] = await Promise.all(
      ['demo-cadre-county', 'demo-cadre-beijing', 'demo-admin'].map((u) => getToken(u)),
    );
    const call = async (token: string, method: string, path: string, body?: unknown) => {
      const r = await api(url, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
      return r;
    };
    const must = async (token: string, method: string, path: string, body?: unknown) => {
      const r = await call(token, method, path, body);
      if (r.status >= 300) throw new Error(`${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as Record<string, unknown>;
    };

    // ---- setup: the quota, postings with room for everyone, profiles, nominations --------------
    await must(admin!, 'PUT', `/exchange/quotas/${year}/to-county`, { total: quota });
    const placesEach = 50;
    const postings = await pool(
      Array.from({ length: Math.ceil(nominations / placesEach) }),
      setupConcurrency,
      async (_, i) => {
        const p = await must(county!, 'POST', '/exchange/postings', {
          title: `淅川县挂职岗位（压测 ${run}-${i}）`,
          unit: { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' },
          pairId: 'chaoyang-xichuan',
          direction: 'to-county',
          kind: 'secondment',
          startDate: `${year}-03-01`,
          endDate: `${year + 1}-02-28`,
          level: 'section',
          places: placesEach,
        });
        await must(county!, 'POST', `/exchange/postings/${p['id'] as string}/open`);
        return p['id'] as string;
      },
    );
    const ids = await pool(Array.from({ length: nominations }), setupConcurrency, async (_, i) => {
      const profile = await must(beijing!, 'POST', '/exchange/cadres', {
        name: `压测干部${i}`,
        unit: { id: 'gov-chaoyang', name: '朝阳区人民政府', region: 'chaoyang' },
        position: '科员',
        level: 'staff',
      });
      const n = await must(
        beijing!,
        'POST',
        `/exchange/postings/${postings[i % postings.length]!}/nominations`,
        {
          profileId: profile['id'],
          rank: 1,
          statement: '压测推荐',
        },
      );
      return n['id'] as string;
    });
    console.log(
      `· setup: ${postings.length} postings, ${ids.length} nominations in ${Math.round(performance.now() - started)} ms`,
    );

    // ---- 1. the burst through the gateway -----------------------------------------------------
    const statuses: Record<string, number> = {};
    const latencies: number[] = [];
    const burstStart = performance.now();
    await Promise.all(
      ids.flatMap((id) =>
        (
          [
            [beijing!, 'release'],
            [county!, 'accept'],
          ] as const
        ).map(async ([token, step]) => {
          const t0 = performance.now();
          const r = await call(token, 'POST', `/exchange/nominations/${id}/${step}`);
          latencies.push(performance.now() - t0);
          const key =
            r.status === 200
              ? `200 ${(r.body as { status: string }).status}`
              : `${r.status} ${(r.body as { code?: string }).code}`;
          statuses[key] = (statuses[key] ?? 0) + 1;
        }),
      ),
    );
    const gateway = { windowMs: performance.now() - burstStart, latencies, statuses };
    const board = (await must(county!, 'GET', `/exchange/quotas?year=${year}`)) as {
      directions: { direction: string; used: number }[];
    };
    const used = board.directions.find((d) => d.direction === 'to-county')!.used;
    const states = await pool(
      ids,
      setupConcurrency,
      async (id) =>
        ((await must(county!, 'GET', `/exchange/nominations/${id}`)) as { status: string }).status,
    );
    const agreed = states.filter((s) => s === 'agreed').length;
    mongo = await MongoClient.connect(infra.mongoUrl);
    const ledger = await mongo
      .db(platform.databases['exchange'])
      .collection('quotas')
      .findOne({ _id: `${year}-to-county` as never });
    const ledgerIds = (ledger?.['placementIds'] as string[] | undefined) ?? [];

    // ---- 2. the floor: the same claims as bare guarded updates ---------------------------------
    const floorDb = mongo.db(`qs_bench_exchange_floor_${run}`);
    const floorLedger = floorDb.collection<{
      _id: string;
      total: number;
      used: number;
      placementIds: string[];
    }>('quotas');
    await floorLedger.insertOne({ _id: 'ledger', total: quota, used: 0, placementIds: [] });
    const floorLatencies: number[] = [];
    let floorPlaced = 0;
    const floorStart = performance.now();
    await Promise.all(
      ids.map(async (id) => {
        const t0 = performance.now();
        const r = await floorLedger.updateOne(
          { _id: 'ledger', total: quota, used: { $lt: quota }, placementIds: { $ne: id } },
          { $inc: { used: 1 }, $push: { placementIds: id } },
        );
        floorLatencies.push(performance.now() - t0);
        floorPlaced += r.modifiedCount;
      }),
    );
    const floor = { windowMs: performance.now() - floorStart, latencies: floorLatencies, statuses: {} };
    const floorUsed = (await floorLedger.findOne({ _id: 'ledger' }))?.used;
    await floorDb.dropDatabase();

    // ---- the figures --------------------------------------------------------------------------
    const g = figures(gateway, ids.length * 2);
    const f = figures(floor, ids.length);
    console.log(
      `\nQingshui exchange benchmark · ${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}) · node ${process.version} · load ${os.loadavg()[0]!.toFixed(2)}`,
    );
    console.log(
      `${ids.length} two-sided approvals (${ids.length * 2} requests at once) for ${quota} quota places, year ${year}`,
    );
    console.log('| path | placed | req/s | p50 ms | p99 ms | max ms | window ms |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    console.log(
      `| gateway → Kafka → exchange → FerretDB | ${agreed} (board ${used}, ledger ${ledgerIds.length}) | ${g.rps} | ${g.p50} | ${g.p99} | ${g.max} | ${g.windowMs} |`,
    );
    console.log(
      `| floor: guarded \`$inc\` by \`_id\` on FerretDB | ${floorPlaced} (ledger ${floorUsed}) | ${f.rps} | ${f.p50} | ${f.p99} | ${f.max} | ${f.windowMs} |`,
    );
    console.log(
      `answers: ${Object.entries(statuses)
        .map(([k, v]) => `${k} × ${v}`)
        .join(', ')}`,
    );
    const agreedIds = new Set(ids.filter((_, i) => states[i] === 'agreed'));
    const consistent = ledgerIds.length === agreedIds.size && ledgerIds.every((id) => agreedIds.has(id));
    if (agreed !== quota || used !== quota || !consistent) {
      console.error(
        `FAIL: ${agreed} placed, board ${used}, ledger ${ledgerIds.length} (consistent: ${consistent}); quota ${quota}`,
      );
      failed = true;
    }
    if (floorPlaced !== quota) {
      console.error(`FAIL: the floor placed ${floorPlaced} for ${quota}`);
      failed = true;
    }
  } finally {
    await mongo?.close();
    await platform?.close();
  }
  return failed ? 1 : 0;
}

async function main(): Promise<number> {
  const only =
    process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? process.env['BENCH_ONLY'];
  if (only !== undefined && !(PHASES as readonly string[]).includes(only))
    throw new Error(`--only / BENCH_ONLY: one of ${PHASES.join(', ')}, got "${only}"`);
  // Read before anything starts, so that a wrong flag costs nothing.
  const presence = only === 'approvals' ? undefined : presenceSettings(process.argv.slice(2), process.env);
  process.env['LOG_LEVEL'] ??= 'warn';
  let code = 0;
  if (only !== 'presence') code = await benchApprovals();
  if (presence) {
    if (only !== 'presence') console.log('');
    if (!(await benchPresence(presence, { api, startPlatform }))) code = 1;
  }
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
