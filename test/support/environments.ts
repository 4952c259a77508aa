import { Redis } from 'ioredis';
import { MongoClient } from 'mongodb';
import { createKafka, deleteEnvironment, messagingConfigFromEnv } from '@qingshui/messaging';
import { databasePrefix } from '@qingshui/persistence';
import { infraEnv } from '@qingshui/testing';

/** A test run's environment: `t` and its run id (base-36 start time, then 4 random characters). */
const TEST_ENVIRONMENT = /^t([0-9a-z]{8})[0-9a-z]{4}$/;

/** When the test environment was made (epoch ms), or undefined for any other environment. */
export function testEnvironmentStartedAt(environment: string): number | undefined {
  const match = TEST_ENVIRONMENT.exec(environment);
  return match ? parseInt(match[1]!, 36) : undefined;
}

/**
 * Removes everything of one environment: its Kafka topics and groups, its databases (FerretDB
 * keeps a SQLite file per database) and its Redis keys (job queues, inbox, rate limits, keys).
 */
export async function dropEnvironment(environment: string): Promise<void> {
  const infra = infraEnv();
  const kafka = createKafka(
    messagingConfigFromEnv(
      { clientId: 'cleanup', groupId: 'cleanup' },
      { ...process.env, QS_ENV: environment, KAFKA_BROKERS: infra.kafkaBrokers },
    ),
  );
  await deleteEnvironment(kafka, environment);
  const mongo = await MongoClient.connect(infra.mongoUrl);
  try {
    const prefix = databasePrefix(environment);
    const { databases } = await mongo.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases.filter((d) => d.name.startsWith(prefix)))
      await mongo.db(name).dropDatabase();
  } finally {
    await mongo.close();
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

/**
 * Drops the environments that finished test runs left behind (a run killed, a suite that never
 * reached its cleanup): test environments older than `olderThanMs`, which no run lasts.
 * Environments of other kinds (dev, prod) are never touched.
 */
export async function sweepStaleTestEnvironments(olderThanMs = 3 * 3600_000): Promise<string[]> {
  const infra = infraEnv();
  const admin = createKafka(
    messagingConfigFromEnv(
      { clientId: 'sweep', groupId: 'sweep' },
      { ...process.env, KAFKA_BROKERS: infra.kafkaBrokers },
    ),
  ).admin();
  await admin.connect();
  let environments: string[];
  try {
    const names = new Set((await admin.listTopics()).map((topic) => topic.split('.')[0]!));
    environments = [...names].filter((env) => {
      const startedAt = testEnvironmentStartedAt(env);
      return startedAt !== undefined && Date.now() - startedAt > olderThanMs;
    });
  } finally {
    await admin.disconnect();
  }
  for (const environment of environments) await dropEnvironment(environment);
  return environments;
}
