import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { databaseName } from '@qingshui/persistence';
import { infraEnv, REPO_ROOT, runId } from '@qingshui/testing';
import { APPS, appInfo } from './apps';
import { dropEnvironment } from './environments';

// The platform as production runs it: each app its own Node process (startPlatform runs them all
// in the caller's process, one event loop for the gateway, the services and the load generator,
// which measures the loop, not the platform). For benchmarks; tests keep startPlatform.

export interface AppProcess {
  name: string;
  url: string;
  pid: number;
}

export interface ProcessPlatform {
  environment: string;
  /** The services by name, then the gateway last. */
  apps: AppProcess[];
  gatewayUrl: string;
  /** Each service's database name in this run, by service name. */
  databases: Record<string, string>;
  close(): Promise<void>;
}

export interface ProcessPlatformOptions {
  services: readonly string[];
  /** Variables for every app (over the run's own: QS_ENV, the infrastructure's addresses). */
  env?: Record<string, string>;
  /** Variables for one app, by name (`gateway` for the gateway). */
  appEnv?: Record<string, Record<string, string>>;
  readyTimeoutMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

async function waitReady(
  url: string,
  child: ChildProcess,
  log: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: the process ended (${child.exitCode}):\n${log()}`);
    try {
      const response = await fetch(`${url}/health/ready`);
      if (response.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${url}: not ready after ${timeoutMs} ms:\n${log()}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await ended;
  clearTimeout(killer);
}

/**
 * Starts the named services and one gateway as child processes (`scripts/run-ts.cjs <app>/src/main.ts`,
 * no build needed) in an environment of their own, on the real infrastructure; resolves when each
 * answers its readiness probe. Closing stops them and deletes the environment.
 */
export async function startProcessPlatform(options: ProcessPlatformOptions): Promise<ProcessPlatform> {
  const environment = `t${runId()}`;
  const infra = infraEnv();
  const base: Record<string, string> = {
    QS_ENV: environment,
    KAFKA_BROKERS: infra.kafkaBrokers,
    MONGO_URL: infra.mongoUrl,
    REDIS_URL: infra.redisUrl,
    KEYCLOAK_URL: infra.keycloakUrl,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    OUTBOX_POLL_MS: '200',
    ...options.env,
  };
  const children: ChildProcess[] = [];
  const apps: AppProcess[] = [];
  const names = [
    ...options.services.map((name) => appInfo(name)),
    APPS.find((app) => app.kind === 'gateway')!,
  ];
  try {
    for (const app of names) {
      if (app.kind === 'service' && !options.services.includes(app.name)) continue;
      const port = await freePort();
      const child = spawn(
        process.execPath,
        [join(REPO_ROOT, 'scripts/run-ts.cjs'), join(REPO_ROOT, app.root, 'src/main.ts')],
        {
          cwd: REPO_ROOT,
          env: {
            ...process.env,
            ...base,
            [`${app.httpEnv}_HOST`]: '127.0.0.1',
            [`${app.httpEnv}_PORT`]: String(port),
            ...options.appEnv?.[app.name],
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      children.push(child);
      // The last lines of its output, for the error when it does not come up.
      let tail = '';
      const keep = (chunk: Buffer) => (tail = (tail + chunk.toString()).slice(-4000));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      const url = `http://127.0.0.1:${port}`;
      await waitReady(url, child, () => tail, options.readyTimeoutMs ?? 120_000);
      apps.push({ name: app.name, url, pid: child.pid ?? 0 });
    }
  } catch (error) {
    await Promise.all(children.map(stop));
    await dropEnvironment(environment).catch(() => undefined);
    throw error;
  }
  const databases = Object.fromEntries(
    options.services.map((name) => [name, databaseName(environment, name)]),
  );
  return {
    environment,
    apps,
    gatewayUrl: apps[apps.length - 1]!.url,
    databases,
    async close() {
      // The gateway first, so nothing new reaches the services while they stop.
      for (const child of [...children].reverse()) await stop(child);
      await dropEnvironment(environment);
    },
  };
}
