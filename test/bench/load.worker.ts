// Load generator of the slice benchmark. It runs in a worker thread (own event loop, own core when
// one is free) so that sending and timing requests does not queue behind the gateway and talent
// service that share the main thread, and so that a busy server cannot delay its own clock.
//
// Why not autocannon: its `overallRate` paces sends, but each connection still waits for its
// response before sending the next request, and latency is measured from the actual send, so a slow
// response delays the following ones without counting it (coordinated omission). Here requests are
// scheduled open-loop at fixed times (t0 + i / rate), fired whether or not earlier ones have
// answered, and every latency is measured from the SCHEDULED time.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpSend, serveJob } from './bench-kit';
import { io, type Socket } from 'socket.io-client';

export interface OpenLoopJob {
  kind: 'open-loop';
  url: string;
  headers: Record<string, string>;
  rate: number;
  warmupMs: number;
  durationMs: number;
  maxSockets: number;
  timeoutMs: number;
}

export interface PatchJob {
  kind: 'patch-events';
  /** Absolute URL of the profile on the gateway the PATCHes go to. */
  patchUrl: string;
  /** Base URL of the gateway the watcher socket connects to. */
  watchBaseUrl: string;
  room: string;
  event: string;
  ownerToken: string;
  watcherToken: string;
  marker: string;
  count: number;
  warmup: number;
  rate: number;
  timeoutMs: number;
}

export type Job = OpenLoopJob | PatchJob;

export interface OpenLoopResult {
  kind: 'open-loop';
  /** Latency of each measured 2xx response in microseconds, from its scheduled send time. */
  latenciesUs: number[];
  /** How late each measured request left compared to its schedule (generator health), µs. */
  sendLagUs: number[];
  scheduled: number;
  ok: number;
  errors: Record<string, number>;
  /** From the first measured scheduled send to the last measured completion. */
  windowMs: number;
}

export interface PatchResult {
  kind: 'patch-events';
  httpUs: number[];
  eventUs: number[];
  scheduled: number;
  ok: number;
  errors: Record<string, number>;
  missingEvents: number;
}

export type Result = OpenLoopResult | PatchResult;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `fire(i, scheduledAt)` for i = 0..total-1 at t0 + i * interval. Timers fire up to ~1 ms
 * late; everything due is sent at once, and the lateness is part of the measured latency.
 */
function schedule(
  total: number,
  rate: number,
  fire: (i: number, scheduledAt: number) => void,
): Promise<void> {
  const interval = 1000 / rate;
  const t0 = performance.now() + 20;
  let i = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && t0 + i * interval <= now) {
        fire(i, t0 + i * interval);
        i += 1;
      }
      if (i >= total) return resolve();
      setTimeout(tick, Math.max(0, Math.floor(t0 + i * interval - performance.now())));
    };
    tick();
  });
}

function bump(errors: Record<string, number>, key: string): void {
  errors[key] = (errors[key] ?? 0) + 1;
}

function errorKey(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? 'error';
}

async function openLoop(job: OpenLoopJob): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.maxSockets });
  const warmupCount = Math.round((job.warmupMs / 1000) * job.rate);
  const measuredCount = Math.round((job.durationMs / 1000) * job.rate);
  const result: OpenLoopResult = {
    kind: 'open-loop',
    latenciesUs: [],
    sendLagUs: [],
    scheduled: measuredCount,
    ok: 0,
    errors: {},
    windowMs: 0,
  };
  let firstScheduled = Number.POSITIVE_INFINITY;
  let lastDone = 0;
  const pending: Promise<void>[] = [];
  await schedule(warmupCount + measuredCount, job.rate, (i, scheduledAt) => {
    const measured = i >= warmupCount;
    if (measured) {
      firstScheduled = Math.min(firstScheduled, scheduledAt);
      result.sendLagUs.push(Math.round((performance.now() - scheduledAt) * 1000));
    }
    const done = httpSend(agent, job.url, {
      method: 'GET',
      headers: job.headers,
      timeoutMs: job.timeoutMs,
    }).then(
      ({ status }) => {
        if (!measured) return;
        const now = performance.now();
        lastDone = Math.max(lastDone, now);
        if (status === 200) {
          result.ok += 1;
          result.latenciesUs.push(Math.round((now - scheduledAt) * 1000));
        } else bump(result.errors, `http ${status}`);
      },
      (error: unknown) => {
        if (measured) bump(result.errors, errorKey(error));
      },
    );
    pending.push(done);
  });
  await Promise.all(pending);
  agent.destroy();
  result.windowMs = lastDone - firstScheduled;
  return result;
}

function connect(baseUrl: string, token: string, timeoutMs: number): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: { token },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error) => {
      socket.close();
      reject(error);
    });
  });
}

/**
 * Paced PATCHes, each with a unique title; the watcher socket (on another gateway instance, so the
 * emit crosses the Redis adapter) records when the matching `talent.expert.updated.v1` arrives.
 */
async function patchEvents(job: PatchJob): Promise<PatchResult> {
  const watcher = await connect(job.watchBaseUrl, job.watcherToken, job.timeoutMs);
  const ack = (await watcher.timeout(job.timeoutMs).emitWithAck('subscribe', { room: job.room })) as {
    ok: boolean;
  };
  if (!ack.ok) throw new Error(`watcher could not subscribe to ${job.room}: ${JSON.stringify(ack)}`);

  const arrivals = new Map<number, number>();
  const pattern = new RegExp(`^${job.marker}-(\\d+)$`);
  watcher.on(job.event, (envelope: { payload?: { expert?: { title?: string } } }) => {
    const match = pattern.exec(envelope.payload?.expert?.title ?? '');
    if (match) arrivals.set(Number(match[1]), performance.now());
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const headers = { authorization: `Bearer ${job.ownerToken}`, 'content-type': 'application/json' };
  const total = job.warmup + job.count;
  const scheduledAt = new Map<number, number>();
  const result: PatchResult = {
    kind: 'patch-events',
    httpUs: [],
    eventUs: [],
    scheduled: job.count,
    ok: 0,
    errors: {},
    missingEvents: 0,
  };
  const okIds: number[] = [];
  const pending: Promise<void>[] = [];
  await schedule(total, job.rate, (i, at) => {
    scheduledAt.set(i, at);
    const measured = i >= job.warmup;
    const body = JSON.stringify({ title: `${job.marker}-${i}` });
    pending.push(
      httpSend(agent, job.patchUrl, { method: 'PATCH', headers, body, timeoutMs: job.timeoutMs }).then(
        ({ status }) => {
          if (!measured) return;
          if (status === 200) {
            result.ok += 1;
            result.httpUs.push(Math.round((performance.now() - at) * 1000));
            okIds.push(i);
          } else bump(result.errors, `http ${status}`);
        },
        (error: unknown) => {
          if (measured) bump(result.errors, errorKey(error));
        },
      ),
    );
  });
  await Promise.all(pending);

  const deadline = performance.now() + job.timeoutMs;
  while (okIds.some((i) => !arrivals.has(i)) && performance.now() < deadline) await sleep(20);
  for (const i of okIds) {
    const arrived = arrivals.get(i);
    if (arrived === undefined) result.missingEvents += 1;
    else result.eventUs.push(Math.round((arrived - (scheduledAt.get(i) ?? arrived)) * 1000));
  }
  watcher.close();
  agent.destroy();
  return result;
}

serveJob<Job, unknown>((job) => (job.kind === 'open-loop' ? openLoop(job) : patchEvents(job)));
