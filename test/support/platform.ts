import type { GatewayConfig, RunningGateway } from '@qingshui/app-gateway';
import type { RunningTalent, TalentConfig } from '@qingshui/app-talent';
import type { RunningStations, StationsConfig } from '@qingshui/app-stations';
import { infraEnv, runId } from '@qingshui/testing';
import { APPS, SERVICES, appInfo, loadApp, type AppConfig, type AppEntry, type RunningApp } from './apps';
import { dropEnvironment } from './environments';

// Every app's entry, loaded with this module (as static imports would be): a suite's first
// startPlatform then spends its hook's time starting apps, not compiling them.
const ENTRIES: ReadonlyMap<string, AppEntry> = new Map(APPS.map((app) => [app.name, loadApp(app.name)]));
const entry = (name: string): AppEntry => ENTRIES.get(name) ?? loadApp(name);

export interface Platform {
  run: string;
  /** The run's environment: its own topics, consumer groups, databases, queues and Redis keys. */
  environment: string;
  /** The run's variables (QS_ENV and the infrastructure's addresses), for config readers. */
  env: NodeJS.ProcessEnv;
  /** The first instance of each service started, by its name in apps.json. */
  services: Record<string, RunningApp>;
  /** The configuration of every service of apps.json in this run (started or not), by name. */
  configs: Record<string, AppConfig>;
  /** Each service's database name for this run, by name (for invariant checks). */
  databases: Record<string, string>;
  /** Starts one more instance of a service of this run (same database and consumer group). */
  addInstance(name: string): Promise<RunningApp>;
  // The talent and stations services by their old names (aliases over the maps above).
  talent: RunningTalent | undefined;
  stations: RunningStations | undefined;
  /** The services' database names for this run (for invariant checks). */
  talentDb: string;
  stationsDb: string;
  /** The services' job queues for this run. */
  talentQueue: string;
  stationsQueue: string;
  /** Starts one more talent instance of this run (same database and consumer group). */
  addTalent(): Promise<RunningTalent>;
  gateways: RunningGateway[];
  close(): Promise<void>;
}

export interface PlatformOptions {
  gateways?: number;
  /**
   * The services to start, by their names in apps.json; they start in the list's order. Without
   * it: talent (unless `withTalent: false`), and stations with `withStations: true`.
   */
  services?: readonly string[];
  withTalent?: boolean;
  withStations?: boolean;
  /** Overrides of a service's configuration, by service name. */
  config?: Record<string, Record<string, unknown>>;
  /** Overrides for the stations service (the same as `config.stations`). */
  stations?: Partial<StationsConfig>;
  gateway?: (config: GatewayConfig) => Partial<GatewayConfig>;
  /** An environment of the caller's choosing (default: one of the run's own). */
  environment?: string;
}

/** Which services a platform starts: the names given, or the defaults of the older options. */
function servicesOf(options: PlatformOptions): string[] {
  const wanted = new Set(
    options.services ?? [
      ...((options.withTalent ?? true) ? ['talent'] : []),
      // Only the suites that use it start it (its expert copy reads the talent topics from the start).
      ...((options.withStations ?? false) ? ['stations'] : []),
    ],
  );
  for (const name of wanted)
    if (appInfo(name).kind !== 'service') throw new Error(`${name} is not a service`);
  return SERVICES.map((s) => s.name).filter((name) => wanted.has(name));
}

/**
 * Starts services of apps.json (through the uniform entry each exports) and N gateway instances in
 * this process, on the real infrastructure, in an environment of their own (QS_ENV): topics,
 * consumer groups, databases, job queues and Redis keys carry it, so runs never see each other's
 * messages or data. Closing deletes them.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const run = runId();
  const environment = options.environment ?? `t${run}`;
  const infra = infraEnv();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QS_ENV: environment,
    KAFKA_BROKERS: infra.kafkaBrokers,
    MONGO_URL: infra.mongoUrl,
    REDIS_URL: infra.redisUrl,
    KEYCLOAK_URL: infra.keycloakUrl,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
    OUTBOX_POLL_MS: '200',
  };
  const overrides: Record<string, Record<string, unknown>> = {
    ...options.config,
    ...(options.stations ? { stations: { ...options.config?.['stations'], ...options.stations } } : {}),
  };
  // Every instance of a service in the run shares its database, consumer group and job queues.
  const configs: Record<string, AppConfig> = Object.fromEntries(
    SERVICES.map(({ name }) => [
      name,
      {
        ...entry(name).configFromEnv(env),
        http: { host: '127.0.0.1', port: 0 },
        ...overrides[name],
      } as AppConfig,
    ]),
  );
  const instances: Record<string, RunningApp[]> = {};
  const launch = async (name: string): Promise<RunningApp> => {
    const config = configs[name];
    if (!config) throw new Error(`No service ${name} in apps.json`);
    const instance = await entry(name).start(config);
    (instances[name] ??= []).push(instance);
    return instance;
  };
  const started = servicesOf(options);
  for (const name of started) await launch(name);

  const gatewayApp = entry(APPS.find((app) => app.kind === 'gateway')!.name);
  const gateways: RunningGateway[] = [];
  for (let i = 0; i < (options.gateways ?? 1); i += 1) {
    const base = { ...gatewayApp.configFromEnv(env), http: { host: '127.0.0.1', port: 0 } } as GatewayConfig;
    gateways.push((await gatewayApp.start({ ...base, ...options.gateway?.(base) })) as RunningGateway);
  }

  const services = Object.fromEntries(
    Object.entries(instances).map(([name, list]): [string, RunningApp] => [name, list[0]!]),
  );
  const databases = Object.fromEntries(
    Object.entries(configs).map(([name, config]) => [name, config.mongo?.dbName ?? '']),
  );
  const talentConfig = configs['talent'] as unknown as TalentConfig | undefined;
  const stationsConfig = configs['stations'] as unknown as StationsConfig | undefined;
  return {
    run,
    environment,
    env,
    services,
    configs,
    databases,
    addInstance: launch,
    talent: services['talent'] as RunningTalent | undefined,
    stations: services['stations'] as RunningStations | undefined,
    talentDb: databases['talent'] ?? '',
    stationsDb: databases['stations'] ?? '',
    talentQueue: talentConfig?.deadlineQueue ?? '',
    stationsQueue: stationsConfig?.jobQueue ?? '',
    gateways,
    addTalent: async () => (await launch('talent')) as RunningTalent,
    close: async () => {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      // Services in the reverse of their start order, each one's instances together.
      for (const name of [...started].reverse())
        await Promise.all((instances[name] ?? []).map((instance) => instance.close()));
      if (options.environment === undefined) await dropEnvironment(environment);
    },
  };
}

/** fetch with a bearer token and JSON body, returning status, headers and parsed body. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    body:
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: response.status, headers: response.headers, body };
}
