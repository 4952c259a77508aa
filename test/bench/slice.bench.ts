// Slice benchmark: GET /api/v1/experts/:id through gateway → Kafka request-reply → talent → FerretDB,
// against an in-process baseline without Kafka, and PATCH → Socket.IO event latency across two
// gateway instances (Redis adapter hop). Run: `npm run bench:slice [-- --rate=200 --duration=20]`.
//
// Settings (flag or environment variable, flag wins):
//   --rate / BENCH_RATE               GET arrivals per second, open loop         (default 200)
//   --duration / BENCH_DURATION_S     measured seconds per GET target            (default 20)
//   --warmup / BENCH_WARMUP_S         warm-up seconds per GET target, discarded  (default 3)
//   --patches / BENCH_PATCHES         measured PATCHes                           (default 200)
//   --patch-rate / BENCH_PATCH_RATE   PATCHes per second, paced                  (default 20)
//   --sockets / BENCH_MAX_SOCKETS     keep-alive connections the generator may open (default 64)
// With the defaults the whole run takes about 75 s on a 2-core machine.
import os from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build, type Histogram } from 'hdr-histogram-js';
import { gatewayConfigFromEnv } from '@qingshui/app-gateway';
import { ExpertsService } from '@qingshui/app-talent';
import { TokenVerifier } from '@qingshui/auth';
import { TalentEvents, type ExpertProfile } from '@qingshui/contracts';
import { DEMO_EXPERT_PROFILES, ensureInfra, getToken } from '@qingshui/testing';
import { api, startPlatform, type Platform } from '../support/platform';
import { startBaselineServer, type BaselineServer } from './baseline-server';
import { runWorker, settingsReader } from './bench-kit';
import type { Job, OpenLoopResult, PatchResult, Result } from './load.worker';

interface Settings {
  rate: number;
  durationS: number;
  warmupS: number;
  patches: number;
  patchRate: number;
  maxSockets: number;
}

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const read = settingsReader(argv, env);
  return {
    rate: read.number('rate', 'BENCH_RATE', 200, 1),
    durationS: read.number('duration', 'BENCH_DURATION_S', 20, 1),
    warmupS: read.number('warmup', 'BENCH_WARMUP_S', 3, 0),
    patches: Math.round(read.number('patches', 'BENCH_PATCHES', 200, 1)),
    patchRate: read.number('patch-rate', 'BENCH_PATCH_RATE', 20, 1),
    maxSockets: Math.round(read.number('sockets', 'BENCH_MAX_SOCKETS', 64, 1)),
  };
}

function runJob<R extends Result>(job: Job): Promise<R> {
  return runWorker<R>(join(__dirname, 'load.worker.ts'), job);
}

interface Summary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** Microsecond samples → HDR histogram (3 significant digits) → milliseconds. */
function summarize(samplesUs: number[]): Summary {
  const histogram: Histogram = build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  for (const value of samplesUs) histogram.recordValue(Math.max(1, value));
  const ms = (us: number) => Math.round(us / 10) / 100;
  const summary = {
    count: histogram.totalCount,
    p50: ms(histogram.getValueAtPercentile(50)),
    p95: ms(histogram.getValueAtPercentile(95)),
    p99: ms(histogram.getValueAtPercentile(99)),
    max: ms(histogram.getValueAtPercentile(100)),
  };
  histogram.destroy();
  return summary;
}

interface GetFigures extends Summary {
  achievedRps: number;
  ok: number;
  scheduled: number;
  errors: number;
  errorKinds: Record<string, number>;
  sendLagP99: number;
}

function getFigures(result: OpenLoopResult): GetFigures {
  const errors = Object.values(result.errors).reduce((a, b) => a + b, 0);
  return {
    ...summarize(result.latenciesUs),
    achievedRps: Math.round((result.ok / (result.windowMs / 1000)) * 10) / 10,
    ok: result.ok,
    scheduled: result.scheduled,
    errors,
    errorKinds: result.errors,
    sendLagP99: summarize(result.sendLagUs).p99,
  };
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
const ms = (value: number) => pad(value.toFixed(2), 9);

async function main(): Promise<number> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  process.env['LOG_LEVEL'] ??= 'warn';
  ensureInfra();

  let platform: Platform | undefined;
  let baseline: BaselineServer | undefined;
  try {
    // ---- setup: any failure here exits non-zero -------------------------------------------------
    const run = Date.now().toString(36);
    platform = await startPlatform({
      gateways: 2,
      gateway: () => ({
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-${run}` },
      }),
    });
    const [gatewayA, gatewayB] = platform.gateways.map((g) => g.url) as [string, string];
    const expertToken = await getToken('demo-expert');
    const readerToken = await getToken('demo-enterprise');

    const created = await api(gatewayA, 'POST', '/api/v1/experts', {
      token: expertToken,
      body: DEMO_EXPERT_PROFILES['demo-expert'],
    });
    if (created.status !== 201)
      throw new Error(`creating the profile answered ${created.status}: ${JSON.stringify(created.body)}`);
    const expert = created.body as ExpertProfile;

    const talent = platform.talent;
    if (!talent) throw new Error('the talent service did not start');
    baseline = await startBaselineServer(
      talent.app.get(ExpertsService),
      new TokenVerifier(gatewayConfigFromEnv().keycloak),
    );

    // Both targets must answer the same thing, or the comparison means nothing.
    const viaGateway = await api(gatewayA, 'GET', `/api/v1/experts/${expert.id}`, { token: readerToken });
    const viaBaseline = await api(baseline.url, 'GET', `/experts/${expert.id}`, { token: readerToken });
    if (
      viaGateway.status !== 200 ||
      viaBaseline.status !== 200 ||
      !isDeepStrictEqual(viaGateway.body, viaBaseline.body)
    ) {
      throw new Error(`gateway and baseline disagree: ${viaGateway.status} vs ${viaBaseline.status}`);
    }
    if (viaGateway.headers.get('etag') !== viaBaseline.headers.get('etag'))
      throw new Error('gateway and baseline ETags differ');
    const forged = await api(baseline.url, 'GET', `/experts/${expert.id}`, { token: 'garbage' });
    if (forged.status !== 401) throw new Error(`baseline accepted a bad token (${forged.status})`);

    // ---- measurements -----------------------------------------------------------------------------
    const getJob = (url: string): Job => ({
      kind: 'open-loop',
      url,
      headers: { authorization: `Bearer ${readerToken}` },
      rate: settings.rate,
      warmupMs: settings.warmupS * 1000,
      durationMs: settings.durationS * 1000,
      maxSockets: settings.maxSockets,
      timeoutMs: 10_000,
    });
    console.log(
      `· GET via gateway: ${settings.rate} req/s, ${settings.warmupS} s warm-up + ${settings.durationS} s …`,
    );
    const gateway = getFigures(
      await runJob<OpenLoopResult>(getJob(`${gatewayA}/api/v1/experts/${expert.id}`)),
    );
    console.log(`· GET via in-process baseline: same rate and duration …`);
    const inProcess = getFigures(
      await runJob<OpenLoopResult>(getJob(`${baseline.url}/experts/${expert.id}`)),
    );

    const patchWarmup = Math.min(10, settings.patches);
    console.log(
      `· PATCH → socket event: ${settings.patches} PATCHes at ${settings.patchRate}/s (+${patchWarmup} warm-up) …`,
    );
    const patch = await runJob<PatchResult>({
      kind: 'patch-events',
      patchUrl: `${gatewayA}/api/v1/experts/${expert.id}`,
      watchBaseUrl: gatewayB,
      room: `expert:${expert.id}`,
      event: TalentEvents.expertUpdated,
      ownerToken: expertToken,
      watcherToken: readerToken,
      marker: `bench-${run}`,
      count: settings.patches,
      warmup: patchWarmup,
      rate: settings.patchRate,
      timeoutMs: 15_000,
    });
    const patchHttp = summarize(patch.httpUs);
    const patchEvent = summarize(patch.eventUs);
    const patchErrors = Object.values(patch.errors).reduce((a, b) => a + b, 0);

    // ---- report ----------------------------------------------------------------------------------
    const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10) / 10 : null);
    const ratioP50 = ratio(gateway.p50, inProcess.p50);
    const ratioP99 = ratio(gateway.p99, inProcess.p99);
    const machine = {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model?.trim() ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      loadavg1m: Math.round(os.loadavg()[0]! * 100) / 100,
    };
    const header = `${' '.repeat(26)}${pad('p50', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('req/s', 9)}${pad('ok', 7)}${pad('errors', 8)}`;
    const row = (label: string, f: GetFigures) =>
      `${label.padEnd(26)}${ms(f.p50)}${ms(f.p95)}${ms(f.p99)}${ms(f.max)}${pad(f.achievedRps.toFixed(1), 9)}${pad(f.ok, 7)}${pad(f.errors, 8)}`;
    const line = '-'.repeat(header.length);
    console.log('');
    console.log(
      `Qingshui slice benchmark · ${machine.cpus} cpus (${machine.cpuModel}) · node ${machine.node} · load ${machine.loadavg1m}`,
    );
    console.log(line);
    console.log(
      `GET /experts/:id, open loop at ${settings.rate} req/s for ${settings.durationS} s (after ${settings.warmupS} s warm-up), ` +
        `latency in ms from the scheduled send`,
    );
    console.log(header);
    console.log(row('gateway→Kafka→talent', gateway));
    console.log(row('in-process baseline', inProcess));
    console.log(`${'ratio gateway/baseline'.padEnd(26)}  p50 ×${ratioP50 ?? '–'}   p99 ×${ratioP99 ?? '–'}`);
    console.log(
      `  (generator send lag p99: gateway run ${gateway.sendLagP99} ms, baseline run ${inProcess.sendLagP99} ms)`,
    );
    for (const [label, f] of [
      ['gateway', gateway],
      ['baseline', inProcess],
    ] as const) {
      if (f.errors > 0) console.log(`  ${label} errors: ${JSON.stringify(f.errorKinds)}`);
    }
    console.log(line);
    console.log(
      `PATCH /experts/:id on gateway #1 → ${TalentEvents.expertUpdated} at a socket in expert:<id> on gateway #2 ` +
        `(${settings.patches} PATCHes paced ${settings.patchRate}/s)`,
    );
    console.log(
      `${' '.repeat(26)}${pad('p50', 9)}${pad('p95', 9)}${pad('p99', 9)}${pad('max', 9)}${pad('n', 9)}`,
    );
    console.log(
      `${'PATCH HTTP response'.padEnd(26)}${ms(patchHttp.p50)}${ms(patchHttp.p95)}${ms(patchHttp.p99)}${ms(patchHttp.max)}${pad(patchHttp.count, 9)}`,
    );
    console.log(
      `${'PATCH → socket event'.padEnd(26)}${ms(patchEvent.p50)}${ms(patchEvent.p95)}${ms(patchEvent.p99)}${ms(patchEvent.max)}${pad(patchEvent.count, 9)}`,
    );
    console.log(
      `  PATCH errors: ${patchErrors}${patchErrors ? ` ${JSON.stringify(patch.errors)}` : ''} · events missing: ${patch.missingEvents}`,
    );
    console.log(line);

    const json = {
      machine,
      settings,
      get: { gateway, baseline: inProcess, ratio: { p50: ratioP50, p99: ratioP99 } },
      patch: { http: patchHttp, event: patchEvent, errors: patchErrors, missingEvents: patch.missingEvents },
      unit: 'ms',
    };
    console.log(`BENCH_JSON ${JSON.stringify(json)}`);
    return 0;
  } finally {
    await baseline
      ?.close()
      .catch((error: unknown) => console.error('closing the baseline server failed:', error));
    await platform?.close().catch((error: unknown) => console.error('closing the platform failed:', error));
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('bench:slice failed:', error);
    process.exit(1);
  },
);
