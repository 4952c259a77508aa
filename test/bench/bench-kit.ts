import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
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
