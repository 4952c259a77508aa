import {
  gatewayConfigFromEnv,
  startGateway,
  type GatewayConfig,
  type RunningGateway,
} from '@qingshui/app-gateway';
import { startTalent, talentConfigFromEnv, type RunningTalent } from '@qingshui/app-talent';
import { startStations, stationsConfigFromEnv, type RunningStations } from '@qingshui/app-stations';
import { infraEnv, runId } from '@qingshui/testing';

export interface Platform {
  run: string;
  talent: RunningTalent | undefined;
  stations: RunningStations | undefined;
  /** The stations service's database name for this run (for invariant checks). */
  stationsDb: string;
  /** Starts one more talent instance of this run (same database and consumer group). */
  addTalent(): Promise<RunningTalent>;
  gateways: RunningGateway[];
  close(): Promise<void>;
}

export interface PlatformOptions {
  gateways?: number;
  withTalent?: boolean;
  withStations?: boolean;
  /** Overrides for the stations service (e.g. its job queue). */
  stations?: Partial<import('@qingshui/app-stations').StationsConfig>;
  gateway?: (config: GatewayConfig) => Partial<GatewayConfig>;
}

/**
 * Starts the talent service and N gateway instances in this process, on the real infrastructure,
 * with a database and consumer groups of their own so that runs never see each other's data.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const run = runId();
  const infra = infraEnv();
  Object.assign(process.env, {
    KAFKA_BROKERS: infra.kafkaBrokers,
    MONGO_URL: infra.mongoUrl,
    REDIS_URL: infra.redisUrl,
    KEYCLOAK_URL: infra.keycloakUrl,
    LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'warn',
  });

  // Every instance of the run shares its database, consumer group and deadline queue.
  const launchTalent = () => {
    const base = talentConfigFromEnv();
    return startTalent({
      http: { host: '127.0.0.1', port: 0 },
      kafka: { ...base.kafka, groupId: `talent-${run}` },
      mongo: { ...base.mongo, dbName: `qingshui_talent_${run}` },
      outboxPollMs: 200,
      redisUrl: infra.redisUrl,
      deadlineQueue: `talent-challenge-deadlines-${run}`,
    });
  };
  const talents: RunningTalent[] = [];
  if (options.withTalent ?? true) talents.push(await launchTalent());
  const talent = talents[0];

  const stationsDb = `qingshui_stations_${run}`;
  let stations: RunningStations | undefined;
  // Only the suites that use it start it (its expert copy reads the talent topics from the start).
  if (options.withStations ?? false) {
    const base = stationsConfigFromEnv();
    stations = await startStations({
      http: { host: '127.0.0.1', port: 0 },
      kafka: { ...base.kafka, groupId: `stations-${run}` },
      mongo: { ...base.mongo, dbName: stationsDb },
      outboxPollMs: 200,
      redisUrl: infra.redisUrl,
      jobQueue: `stations-jobs-${run}`,
      ...options.stations,
    });
  }

  const gateways: RunningGateway[] = [];
  for (let i = 0; i < (options.gateways ?? 1); i += 1) {
    const base = gatewayConfigFromEnv();
    const config: Partial<GatewayConfig> = {
      http: { host: '127.0.0.1', port: 0 },
      kafka: { ...base.kafka, groupId: `gateway-${run}` },
      rateLimit: { ...base.rateLimit, keyPrefix: `qs:rl:${run}` },
    };
    gateways.push(
      await startGateway({ ...config, ...options.gateway?.({ ...base, ...config } as GatewayConfig) }),
    );
  }

  return {
    run,
    talent,
    stations,
    stationsDb,
    gateways,
    addTalent: async () => {
      const instance = await launchTalent();
      talents.push(instance);
      return instance;
    },
    close: async () => {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await Promise.all(talents.map((instance) => instance.close()));
      if (stations) {
        await stations.close();
        const { default: mongoose } = await import('mongoose');
        const connection = await mongoose
          .createConnection(infra.mongoUrl, { dbName: stationsDb })
          .asPromise();
        await connection.dropDatabase();
        await connection.close();
      }
      if (talent) {
        // Drop the run's database: FerretDB keeps one SQLite file per database.
        const { default: mongoose } = await import('mongoose');
        const connection = await mongoose
          .createConnection(infra.mongoUrl, { dbName: `qingshui_talent_${run}` })
          .asPromise();
        await connection.dropDatabase();
        await connection.close();
      }
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
