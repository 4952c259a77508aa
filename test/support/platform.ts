import {
  gatewayConfigFromEnv,
  startGateway,
  type GatewayConfig,
  type RunningGateway,
} from '@qingshui/app-gateway';
import { startTalent, talentConfigFromEnv, type RunningTalent } from '@qingshui/app-talent';
import { startStations, stationsConfigFromEnv, type RunningStations } from '@qingshui/app-stations';
import { Redis } from 'ioredis';
import { createKafka, deleteEnvironment, messagingConfigFromEnv } from '@qingshui/messaging';
import { infraEnv, runId } from '@qingshui/testing';

export interface Platform {
  run: string;
  /** The run's environment: its own topics, consumer groups, databases, queues and Redis keys. */
  environment: string;
  /** The run's variables (QS_ENV and the infrastructure's addresses), for config readers. */
  env: NodeJS.ProcessEnv;
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
  withTalent?: boolean;
  withStations?: boolean;
  /** Overrides for the stations service. */
  stations?: Partial<import('@qingshui/app-stations').StationsConfig>;
  gateway?: (config: GatewayConfig) => Partial<GatewayConfig>;
  /** An environment of the caller's choosing (default: one of the run's own). */
  environment?: string;
}

/**
 * Starts the talent service and N gateway instances in this process, on the real infrastructure,
 * in an environment of their own (QS_ENV): topics, consumer groups, databases, job queues and
 * Redis keys carry it, so runs never see each other's messages or data. Closing deletes them.
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
  const talentConfig = { ...talentConfigFromEnv(env), http: { host: '127.0.0.1', port: 0 } };
  const stationsConfig = {
    ...stationsConfigFromEnv(env),
    http: { host: '127.0.0.1', port: 0 },
    ...options.stations,
  };

  // Every instance of the run shares its database, consumer group and deadline queue.
  const launchTalent = () => startTalent(talentConfig);
  const talents: RunningTalent[] = [];
  if (options.withTalent ?? true) talents.push(await launchTalent());
  const talent = talents[0];

  let stations: RunningStations | undefined;
  // Only the suites that use it start it (its expert copy reads the talent topics from the start).
  if (options.withStations ?? false) stations = await startStations(stationsConfig);

  const gateways: RunningGateway[] = [];
  for (let i = 0; i < (options.gateways ?? 1); i += 1) {
    const base: GatewayConfig = { ...gatewayConfigFromEnv(env), http: { host: '127.0.0.1', port: 0 } };
    gateways.push(await startGateway({ ...base, ...options.gateway?.(base) }));
  }

  return {
    run,
    environment,
    env,
    talent,
    stations,
    talentDb: talentConfig.mongo.dbName,
    stationsDb: stationsConfig.mongo.dbName,
    talentQueue: talentConfig.deadlineQueue,
    stationsQueue: stationsConfig.jobQueue,
    gateways,
    addTalent: async () => {
      const instance = await launchTalent();
      talents.push(instance);
      return instance;
    },
    close: async () => {
      await Promise.all(gateways.map((gateway) => gateway.close()));
      await Promise.all(talents.map((instance) => instance.close()));
      await stations?.close();
      if (options.environment === undefined)
        await dropEnvironment(environment, env, [
          ...(talent ? [talentConfig.mongo.dbName] : []),
          ...(stations ? [stationsConfig.mongo.dbName] : []),
        ]);
    },
  };
}

/**
 * Removes what a finished run left: its Kafka topics and groups, its databases (FerretDB keeps one
 * SQLite file per database) and its Redis keys (queues, inbox, rate limits).
 */
async function dropEnvironment(environment: string, env: NodeJS.ProcessEnv, databases: string[]) {
  const infra = infraEnv();
  await deleteEnvironment(
    createKafka(messagingConfigFromEnv({ clientId: 'cleanup', groupId: 'cleanup' }, env)),
    environment,
  );
  const { default: mongoose } = await import('mongoose');
  for (const dbName of databases) {
    const connection = await mongoose.createConnection(infra.mongoUrl, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
  const redis = new Redis(infra.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    for (const pattern of [`bull:${environment}.*`, `qs:${environment}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await redis.del(...keys);
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
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
