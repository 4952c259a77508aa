// Load generator of the stations benchmark, in a worker thread so that firing and timing a burst
// does not queue behind the gateway and stations service on the main thread.
//
// A burst is every request sent at once. Latency counts from the moment the burst starts (not from
// each request's own send), so time spent queued anywhere, the generator included, is counted.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { httpSend, serveJob } from './bench-kit';
import { MongoClient } from 'mongodb';

export interface BurstJob {
  kind: 'burst';
  /** GET on this URL opens the keep-alive connections before the burst. */
  warmUrl: string;
  tokens: string[];
  /** One POST each: the URL and the index of its token in `tokens`. */
  requests: { url: string; token: number }[];
  timeoutMs: number;
}

export interface FloorJob {
  kind: 'floor';
  mongoUrl: string;
  dbName: string;
  requests: number;
  capacity: number;
  poolSize: number;
}

export type StationsJob = BurstJob | FloorJob;

export interface BurstAnswer {
  /** Position of the request in the job's `requests`. */
  index: number;
  /** HTTP status, or 0 when no response came (the error is in `key`). */
  status: number;
  /** `confirmed`/`pending`/`waitlisted` for a 2xx, `<status> <code>` or `error <code>` otherwise. */
  key: string;
  message?: string;
  latencyUs: number;
}

export interface BurstResult {
  kind: 'burst';
  answers: BurstAnswer[];
  /** Keep-alive connections open when the burst started. */
  warmSockets: number;
  /** How long the generator took to hand every request to the socket layer. */
  fireMs: number;
  /** From the start of the burst to the last answer. */
  windowMs: number;
  /** The start of the burst, epoch milliseconds (to place the service's own timestamps). */
  startedAtMs: number;
}

export interface FloorResult {
  kind: 'floor';
  confirmed: number;
  full: number;
  errors: Record<string, number>;
  latenciesUs: number[];
  windowMs: number;
  seatsTaken: number;
  holders: number;
  distinctHolders: number;
}

export type StationsResult = BurstResult | FloorResult;

function parse(body: string): { outcome?: string; code?: string; message?: string } {
  try {
    return JSON.parse(body) as { outcome?: string; code?: string; message?: string };
  } catch {
    return {};
  }
}

function freeSocketCount(agent: http.Agent): number {
  return Object.values(agent.freeSockets).reduce((n, list) => n + (list?.length ?? 0), 0);
}

async function burst(job: BurstJob): Promise<BurstResult> {
  const n = job.requests.length;
  const agent = new http.Agent({ keepAlive: true, maxSockets: n, maxFreeSockets: n });
  // Open one connection per request first: a thousand simultaneous connects overflow the listen
  // backlog (511) and the dropped SYNs come back a second later, which would measure TCP, not
  // the service. The gateway keeps idle connections 5 s, longer than the gap to the burst.
  await Promise.all(
    Array.from({ length: n }, () =>
      httpSend(agent, job.warmUrl, { method: 'GET', headers: {}, timeoutMs: job.timeoutMs }).catch(
        () => undefined,
      ),
    ),
  );
  const warmSockets = freeSocketCount(agent);

  const answers: BurstAnswer[] = [];
  let lastDone = 0;
  const t0 = performance.now();
  const pending = job.requests.map(({ url, token }, index) =>
    httpSend(agent, url, {
      method: 'POST',
      headers: { authorization: `Bearer ${job.tokens[token]}`, 'content-length': '0' },
      timeoutMs: job.timeoutMs,
    }).then(
      ({ status, body }) => {
        const now = performance.now();
        lastDone = Math.max(lastDone, now);
        const parsed = parse(body);
        const ok = status >= 200 && status < 300;
        answers.push({
          index,
          status,
          key: ok ? (parsed.outcome ?? `${status}`) : `${status} ${parsed.code ?? ''}`.trim(),
          ...(!ok && parsed.message ? { message: parsed.message } : {}),
          latencyUs: Math.round((now - t0) * 1000),
        });
      },
      (error: unknown) => {
        const now = performance.now();
        lastDone = Math.max(lastDone, now);
        const e = error as { code?: string; message?: string };
        answers.push({
          index,
          status: 0,
          key: `error ${e.code ?? e.message ?? '?'}`,
          latencyUs: Math.round((now - t0) * 1000),
        });
      },
    ),
  );
  const fireMs = performance.now() - t0;
  await Promise.all(pending);
  agent.destroy();
  return {
    kind: 'burst',
    answers,
    warmSockets,
    fireMs,
    windowMs: lastDone - t0,
    startedAtMs: performance.timeOrigin + t0,
  };
}

interface FloorDoc {
  _id: string;
  seatsTaken: number;
  holders: string[];
}

/** The floor: one conditional atomic update per request on one document, nothing around it. */
async function floor(job: FloorJob): Promise<FloorResult> {
  const client = await MongoClient.connect(job.mongoUrl, {
    maxPoolSize: job.poolSize,
    minPoolSize: job.poolSize,
  });
  try {
    const slots = client.db(job.dbName).collection<FloorDoc>('slots');
    await slots.insertOne({ _id: 'slot', seatsTaken: 0, holders: [] });
    // Open the pool's connections before the burst, as the burst over HTTP reuses open sockets.
    await Promise.all(Array.from({ length: job.poolSize }, () => slots.findOne({ _id: 'slot' })));

    const result: FloorResult = {
      kind: 'floor',
      confirmed: 0,
      full: 0,
      errors: {},
      latenciesUs: [],
      windowMs: 0,
      seatsTaken: 0,
      holders: 0,
      distinctHolders: 0,
    };
    let lastDone = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: job.requests }, (_, i) =>
        slots
          .findOneAndUpdate(
            { _id: 'slot', seatsTaken: { $lt: job.capacity } },
            { $inc: { seatsTaken: 1 }, $push: { holders: `expert-${i}` } },
          )
          .then(
            (doc) => {
              if (doc) result.confirmed += 1;
              else result.full += 1;
            },
            (error: unknown) => {
              const key = (error as { codeName?: string; message?: string }).codeName ?? 'error';
              result.errors[key] = (result.errors[key] ?? 0) + 1;
            },
          )
          .finally(() => {
            const now = performance.now();
            lastDone = Math.max(lastDone, now);
            result.latenciesUs.push(Math.round((now - t0) * 1000));
          }),
      ),
    );
    result.windowMs = lastDone - t0;
    const after = await slots.findOne({ _id: 'slot' });
    result.seatsTaken = after?.seatsTaken ?? 0;
    result.holders = after?.holders.length ?? 0;
    result.distinctHolders = new Set(after?.holders ?? []).size;
    return result;
  } finally {
    // FerretDB keeps one SQLite file per database: drop it.
    await client
      .db(job.dbName)
      .dropDatabase()
      .catch(() => undefined);
    await client.close();
  }
}

serveJob<StationsJob, unknown>((job) => (job.kind === 'burst' ? burst(job) : floor(job)));
