// Fairs benchmark (issue #10): through gateway → Kafka → fairs → FerretDB, on the real infrastructure.
//   1. Door check-in: S scanners at once over N tickets in random order with 5% repeats and 1%
//      forgeries: scans/s and p50/p99, 0 double entries, 0 accepted forgeries, exact counts; and the
//      floor, the same scans as single atomic updates straight on the database, in the same run.
//   2. Registration: R registrations at once (a fifth of them groups of 2-5) for P places: exact
//      places, the waiting list in order, 0 oversold; throughput and p99.
//   3. Offline upload: M scans from K scanners that were offline, with planted conflicts (one ticket
//      let in at two gates): time, and every conflict reported.
// Run: `npm run bench:fairs [-- --tickets=50000 --scanners=1000 --registrations=5000 --places=1000
// --offline-scans=10000 --offline-scanners=20]`. Exits 1 when a check fails (a double entry, an
// accepted forgery, counts off, oversold, a conflict not reported); timings are printed, not
// asserted. The first run creates the benchmark realm's users (registrants need one account each).
//
// Settings (flag or environment variable, flag wins):
//   --tickets / BENCH_TICKETS                    tickets of the door fair           (default 50000)
//   --scanners / BENCH_SCANNERS                  door scanners at once              (default 1000)
//   --scan-rate / BENCH_SCAN_RATE                scans/s offered in the paced run   (default 500, 0: none)
//   --registrations / BENCH_REGISTRATIONS        registrations in the burst         (default 5000)
//   --places / BENCH_PLACES                      places of the one ticket type      (default 1000)
//   --offline-scans / BENCH_OFFLINE_SCANS        scans uploaded after being offline (default 10000)
//   --offline-scanners / BENCH_OFFLINE_SCANNERS  offline scanners                   (default 20)
//   --door-staff / BENCH_DOOR_STAFF              organiser staff accounts scanning  (default 20)
//   --token-concurrency / BENCH_TOKEN_CONCURRENCY  password grants at a time        (default 8)
//   --only / BENCH_ONLY                          scans, registrations or offline (default: all three)
//   --realm / BENCH_REALM                        Keycloak realm of the generated users (default qingshui-bench-fairs)
//   --processes / BENCH_PROCESSES=1              the gateway and the service in processes of their own,
//                                                as in production (default: in this process, one event
//                                                loop for both, as the tests run them)
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { ensureInfra, infraEnv } from '@qingshui/testing';
import { startPlatform } from '../support/platform';
import { startProcessPlatform } from '../support/processes';
import { ensureBenchRealm, fetchTokens, type BenchUser } from './bench-realm';
import { settingsReader } from './bench-kit';
import { benchFairRegistrations } from './fairs-registrations';
import { benchOfflineUpload, benchOnlineScans, prepareScanFair } from './fairs-scans';

const PARTS = ['scans', 'registrations', 'offline'] as const;
type Part = (typeof PARTS)[number];

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv) {
  const reader = settingsReader(argv, env);
  const read = (flag: string, variable: string, fallback: number, min: number) =>
    reader.number(flag, variable, fallback, min, true);
  const realm = reader.raw('realm', 'BENCH_REALM') ?? 'qingshui-bench-fairs';
  if (!/^[a-z0-9-]{1,64}$/.test(realm) || realm === 'qingshui')
    throw new Error(`--realm / BENCH_REALM: not a benchmark realm: "${realm}"`);
  const only = reader.raw('only', 'BENCH_ONLY');
  if (only !== undefined && !(PARTS as readonly string[]).includes(only))
    throw new Error(`--only / BENCH_ONLY: one of ${PARTS.join(', ')}, got "${only}"`);
  return {
    tickets: read('tickets', 'BENCH_TICKETS', 50_000, 10),
    scanners: read('scanners', 'BENCH_SCANNERS', 1000, 1),
    scanRate: read('scan-rate', 'BENCH_SCAN_RATE', 500, 0),
    registrations: read('registrations', 'BENCH_REGISTRATIONS', 5000, 1),
    places: read('places', 'BENCH_PLACES', 1000, 1),
    offlineScans: read('offline-scans', 'BENCH_OFFLINE_SCANS', 10_000, 2),
    offlineScanners: read('offline-scanners', 'BENCH_OFFLINE_SCANNERS', 20, 1),
    doorStaff: read('door-staff', 'BENCH_DOOR_STAFF', 20, 1),
    tokenConcurrency: read('token-concurrency', 'BENCH_TOKEN_CONCURRENCY', 8, 1),
    parts: (only ? [only] : PARTS) as readonly Part[],
    realm,
    inProcess: !reader.flag('processes', 'BENCH_PROCESSES'),
  };
}

/** Registrants (any signed-in user may register) and the organiser's door staff (淅川's cadres). */
function benchUsers(registrants: number, doorStaff: number): BenchUser[] {
  return [
    ...Array.from({ length: doorStaff }, (_, i) => ({
      username: `fair-door-${i + 1}`,
      role: 'cadre' as const,
      org: 'gov-xichuan',
      region: 'xichuan',
    })),
    ...Array.from({ length: registrants }, (_, i) => ({
      username: `fair-visitor-${i + 1}`,
      role: 'expert' as const,
      org: `bench-visitor-org-${i % 400}`,
      region: 'chaoyang',
    })),
  ];
}

/** The gateway (with the benchmark realm, no per-address limit) and the fairs service. */
async function startFairsPlatform(realm: string, run: string, inProcess: boolean) {
  if (inProcess) {
    const platform = await startPlatform({
      services: ['fairs'],
      gateway: (base) => ({
        keycloak: { ...base.keycloak, realm },
        // Every request comes from 127.0.0.1: the per-address limit would refuse the burst.
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-fairs-${run}` },
      }),
    });
    return {
      url: platform.gateways[0]!.url,
      dbName: platform.databases['fairs']!,
      close: () => platform.close(),
    };
  }
  const platform = await startProcessPlatform({
    services: ['fairs'],
    appEnv: {
      gateway: { KEYCLOAK_REALM: realm, RATE_LIMIT_POINTS: '1000000', RATE_LIMIT_DURATION_SECONDS: '60' },
    },
  });
  return { url: platform.gatewayUrl, dbName: platform.databases['fairs']!, close: () => platform.close() };
}

const line = (label: string, value: string) => console.log(`  ${label.padEnd(34)} ${value}`);
const r1 = (n: number) => Math.round(n * 10) / 10;
const ratio = (a: number, b: number) => (b > 0 ? `${Math.round((a / b) * 100) / 100}×` : 'n/a');

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  process.env['LOG_LEVEL'] ??= 'warn';
  ensureInfra();
  const infra = infraEnv();
  const started = performance.now();
  const seconds = (from: number) => Math.round((performance.now() - from) / 100) / 10;
  const registrants = settings.parts.includes('registrations') ? settings.registrations : 0;
  let platform: { url: string; dbName: string; close(): Promise<void> } | undefined;
  let mongo: MongoClient | undefined;
  let ok = true;
  try {
    const users = benchUsers(registrants, settings.doorStaff);
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
    const [tokens, platformStarted] = await Promise.all([
      fetchTokens(
        infra.keycloakUrl,
        settings.realm,
        users.map((u) => u.username),
        settings.tokenConcurrency,
      ),
      startFairsPlatform(settings.realm, run, settings.inProcess),
    ]);
    platform = platformStarted;
    console.log(
      `· ${tokens.length} tokens and the platform ready in ${seconds(mark)} s ` +
        `(${settings.inProcess ? 'gateway and service in this process' : 'gateway and service in processes of their own'})`,
    );
    const url = platform.url;
    const doorTokens = tokens.slice(0, settings.doorStaff);
    const visitorTokens = tokens.slice(settings.doorStaff);
    mongo = await MongoClient.connect(infra.mongoUrl);
    const dbName = platform.dbName;
    const db = mongo.db(dbName);

    if (settings.parts.includes('scans')) {
      mark = performance.now();
      const fair = await prepareScanFair({
        gatewayUrl: url,
        token: doorTokens[0]!,
        db,
        tickets: settings.tickets,
      });
      console.log(`\n1. Door check-in: ${settings.tickets} tickets prepared in ${seconds(mark)} s`);
      const scans = await benchOnlineScans({
        gatewayUrl: url,
        tokens: doorTokens,
        fair,
        mongoUrl: infra.mongoUrl,
        dbName,
        scanners: settings.scanners,
      });
      line('scans (with 5% repeats, 1% forged)', `${scans.scans} by ${scans.scanners} scanners`);
      line(
        'through the gateway',
        `${r1(scans.scansPerSecond)}/s, p50 ${r1(scans.p50Ms)} ms, p99 ${r1(scans.p99Ms)} ms`,
      );
      line(
        'floor (atomic updates on FerretDB)',
        `${r1(scans.floor.scansPerSecond)}/s, p50 ${r1(scans.floor.p50Ms)} ms, p99 ${r1(scans.floor.p99Ms)} ms`,
      );
      line('gateway / floor throughput', ratio(scans.scansPerSecond, scans.floor.scansPerSecond));
      line('double entries', `${scans.doubleEntries} (database: ${scans.database.doubleEntries})`);
      line('accepted forgeries', String(scans.acceptedForgeries));
      line(
        'counts exact',
        `${scans.countsExact} (checked in ${scans.counts.checkedIn} of ${scans.counts.expected})`,
      );
      line('failed after retries / retried', `${scans.failures} / ${scans.retries}`);
      ok &&= scans.ok;
      // The goal read as the door sees it: scans offered at 500/s (1,000 scanners, one visitor
      // each every 2 s), latency from the moment each visitor was due. A closed loop of 1,000
      // scanners cannot show p99 < 200 ms below 5,000/s (Little's law), whatever the service does.
      if (settings.scanRate > 0) {
        mark = performance.now();
        const pacedFair = await prepareScanFair({
          gatewayUrl: url,
          token: doorTokens[0]!,
          db,
          tickets: settings.tickets,
        });
        console.log(
          `  paced run: a second fair of ${settings.tickets} tickets prepared in ${seconds(mark)} s`,
        );
        const paced = await benchOnlineScans({
          gatewayUrl: url,
          tokens: doorTokens,
          fair: pacedFair,
          mongoUrl: infra.mongoUrl,
          dbName,
          scanners: settings.scanners,
          ratePerSecond: settings.scanRate,
        });
        line(
          `paced: ${settings.scanRate}/s offered`,
          `${r1(paced.scansPerSecond)}/s done, p50 ${r1(paced.p50Ms)} ms, p99 ${r1(paced.p99Ms)} ms (from when due)`,
        );
        line('paced: double entries / failures', `${paced.doubleEntries} / ${paced.failures}`);
        line(
          `goal ≥500 scans/s, p99 <200 ms (paced)`,
          paced.scansPerSecond >= 0.98 * Math.min(settings.scanRate, 500) &&
            settings.scanRate >= 500 &&
            paced.p99Ms < 200
            ? 'met'
            : 'not met',
        );
        ok &&= paced.ok;
      }
    }

    if (settings.parts.includes('registrations')) {
      console.log(`\n2. Registration: ${settings.registrations} at once for ${settings.places} places`);
      const result = await benchFairRegistrations({
        gateway: url,
        organiserToken: doorTokens[0]!,
        tokens: visitorTokens,
        registrations: settings.registrations,
        places: settings.places,
      });
      line('registrations (groups)', `${result.registrations} (${result.groups} groups)`);
      line('outcomes', JSON.stringify(result.outcomes));
      line('throughput', `${result.throughput}/s over ${result.windowMs} ms`);
      line(
        'latency',
        `p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
      );
      line(
        'places held / quota',
        `${result.placesHeld} / ${result.places} (ledger leaves ${result.placesLeftInLedger})`,
      );
      line('oversold', String(result.oversold));
      line('confirmed / offered / waiting', `${result.confirmed} / ${result.offered} / ${result.waiting}`);
      line('waiting list ordered', String(result.waitlistOrdered));
      line('nobody waiting fits what is free', String(result.nobodyWaitingFits));
      line('groups all or nothing', String(result.partialGroups === 0));
      line('every registration accounted for', String(result.accountedFor));
      ok &&=
        result.oversold === 0 &&
        result.partialGroups === 0 &&
        result.waitlistOrdered &&
        result.nobodyWaitingFits &&
        result.accountedFor;
    }

    if (settings.parts.includes('offline')) {
      mark = performance.now();
      const tickets = Math.max(settings.offlineScans, 10);
      const fair = await prepareScanFair({ gatewayUrl: url, token: doorTokens[0]!, db, tickets });
      console.log(`\n3. Offline upload: ${tickets} tickets prepared in ${seconds(mark)} s`);
      const offline = await benchOfflineUpload({
        gatewayUrl: url,
        token: doorTokens[0]!,
        fair,
        scans: settings.offlineScans,
        scanners: settings.offlineScanners,
      });
      line(
        'scans uploaded',
        `${offline.scans} from ${offline.scanners} scanners in ${r1(offline.seconds)} s`,
      );
      line('conflicts planted / reported', `${offline.plantedConflicts} / ${offline.reportedConflicts}`);
      line('every conflict reported', String(offline.everyConflictReported));
      line('double entries', String(offline.doubleEntries));
      line('uploads resent after a 503', String(offline.resent));
      ok &&= offline.ok;
    }
    console.log(`\nfairs benchmark ${ok ? 'passed its checks' : 'FAILED a check'} in ${seconds(started)} s`);
    return ok ? 0 : 1;
  } finally {
    await mongo?.close();
    await platform?.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('fairs benchmark failed:', error);
    process.exit(1);
  },
);
