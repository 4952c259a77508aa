import { join } from 'node:path';
import http from 'node:http';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { REPO_ROOT } from '@qingshui/testing';

/** Command-line flags (`--name=value`) and their `BENCH_*` environment variables; a flag wins. */
export function settingsReader(argv: string[], env: NodeJS.ProcessEnv) {
  const flags = new Map(
    argv
      .filter((a) => a.startsWith('--'))
      .map((a) => {
        const [name, value = ''] = a.slice(2).split('=');
        return [name ?? '', value] as const;
      }),
  );
  const raw = (flag: string, variable: string): string | undefined => flags.get(flag) ?? env[variable];
  return {
    raw,
    /** A switch: `--name` or `--name=true|1`, or its variable set to `1`/`true`. */
    flag(flag: string, variable: string): boolean {
      const given = raw(flag, variable);
      return given !== undefined && ['', '1', 'true', 'yes'].includes(given.toLowerCase());
    },
    /** A number ≥ min (an integer when asked), or the fallback when not given. */
    number(flag: string, variable: string, fallback: number, min: number, integer = false): number {
      const given = raw(flag, variable);
      if (given === undefined || given === '') return fallback;
      const value = Number(given);
      const ok = integer ? Number.isInteger(value) : Number.isFinite(value);
      if (!ok || value < min)
        throw new Error(
          `--${flag} / ${variable} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got "${given}"`,
        );
      return value;
    },
  };
}

/**
 * Runs one job in a load-generator worker thread (a TypeScript file beside the bench, compiled
 * by the same swc hook), so the generator never shares an event loop with the in-process platform.
 */
export function runWorker<R>(file: string, job: unknown): Promise<R> {
  const worker = new Worker(join(REPO_ROOT, 'scripts/run-ts.cjs'), { argv: [file], workerData: job });
  return new Promise<R>((resolve, reject) => {
    worker.once('message', (message: { ok: true; result: R } | { ok: false; error: string }) => {
      void worker.terminate();
      if (message.ok) resolve(message.result);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`load generator exited with ${code} before answering`)));
  });
}

/** The worker side of `runWorker`: runs the job it was given and posts the result or the error. */
export function serveJob<J, R>(run: (job: J) => Promise<R>): void {
  run(workerData as J).then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
  );
}

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One HTTP request on the given keep-alive agent, with a timeout; the whole body as text. */
export function httpSend(
  agent: http.Agent,
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      { agent, method: options.method, headers: options.headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.setTimeout(options.timeoutMs, () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(options.body);
  });
}
