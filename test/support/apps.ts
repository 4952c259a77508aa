import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@qingshui/testing';

/** An app of apps.json (checked by tools/apps.cjs, which scripts use). */
export interface AppInfo {
  name: string;
  root: string;
  kind: 'service' | 'gateway';
  /** Prefix of the app's `<httpEnv>_HOST` and `<httpEnv>_PORT` variables. */
  httpEnv: string;
  /** Its default HTTP port (health for a service, the API for the gateway). */
  port: number;
}

/** What every running app gives: its URL and a way to stop it. */
export interface RunningApp {
  url: string;
  close(): Promise<void>;
}

/** What every app's configuration has (services add `mongo` and their own settings). */
export interface AppConfig {
  http: { host: string; port: number };
  kafka: { brokers: string[]; environment: string };
  redisUrl: string;
  mongo?: { url: string; dbName: string };
}

/** The uniform entry each app exports from its `src/index.ts` as `service`. */
export interface AppEntry<C extends AppConfig = AppConfig, R extends RunningApp = RunningApp> {
  name: string;
  configFromEnv(env?: NodeJS.ProcessEnv): C;
  start(config?: Partial<C>): Promise<R>;
}

/** Every app, in start order. */
export const APPS: readonly AppInfo[] = (
  JSON.parse(readFileSync(join(REPO_ROOT, 'apps.json'), 'utf8')) as { apps: AppInfo[] }
).apps;
/** The services (every app but the gateway), in start order. */
export const SERVICES: readonly AppInfo[] = APPS.filter((app) => app.kind === 'service');

export function appInfo(name: string): AppInfo {
  const app = APPS.find((a) => a.name === name);
  if (!app) throw new Error(`No app ${name} in apps.json (apps: ${APPS.map((a) => a.name).join(', ')})`);
  return app;
}

/** Loads an app's uniform entry (`@qingshui/app-<name>`, resolved by the tsconfig/jest/run-ts wildcards). */
export function loadApp(name: string): AppEntry {
  appInfo(name);
  // A name from the list, not a literal: the entry is found through the `@qingshui/app-*` pattern.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entry = (require(`@qingshui/app-${name}`) as { service?: AppEntry }).service;
  if (
    !entry ||
    entry.name !== name ||
    typeof entry.start !== 'function' ||
    typeof entry.configFromEnv !== 'function'
  )
    throw new Error(
      `@qingshui/app-${name} must export \`service = { name: '${name}', configFromEnv, start }\``,
    );
  return entry;
}
