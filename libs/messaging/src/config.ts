import { z } from 'zod';

const brokerList = z
  .string()
  .min(1)
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'host:port')).min(1));

/**
 * The environment a process belongs to (`dev`, `prod`, a test run's own): every Kafka topic and
 * consumer group, job queue, database and Redis key carries it, so environments sharing the same
 * infrastructure never see each other's messages or data.
 */
export const environmentSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,30}$/, 'lowercase letters, digits and dashes, starting with a letter');

/** `QS_ENV`, `dev` when unset. */
export function environmentFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const result = environmentSchema.safeParse(env['QS_ENV'] ?? 'dev');
  if (!result.success) throw new Error(`Invalid QS_ENV: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

export const messagingConfigSchema = z.object({
  environment: environmentSchema,
  brokers: brokerList,
  clientId: z.string().min(1),
  groupId: z.string().min(1),
  /** Partitions per topic at creation; reply topics need at least one per gateway instance. */
  partitions: z.coerce.number().int().min(1).max(64).default(3),
  /** Partitions a consumer works on at once (kafkajs partitionsConsumedConcurrently). */
  concurrency: z.coerce.number().int().min(1).max(64).default(3),
  /** How long a request-reply call waits before the caller answers 503. */
  requestTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(5000),
});
export type MessagingConfig = z.infer<typeof messagingConfigSchema>;

/** Reads KAFKA_* variables; throws a readable error naming the bad variable. */
export function messagingConfigFromEnv(
  defaults: { clientId: string; groupId: string },
  env: NodeJS.ProcessEnv = process.env,
): MessagingConfig {
  const result = messagingConfigSchema.safeParse({
    environment: environmentFromEnv(env),
    brokers: env['KAFKA_BROKERS'] ?? '127.0.0.1:9092',
    clientId: env['KAFKA_CLIENT_ID'] ?? defaults.clientId,
    groupId: env['KAFKA_GROUP_ID'] ?? defaults.groupId,
    partitions: env['KAFKA_PARTITIONS'],
    concurrency: env['KAFKA_CONCURRENCY'],
    requestTimeoutMs: env['KAFKA_REQUEST_TIMEOUT_MS'],
  });
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Kafka configuration: ${detail}`);
  }
  return result.data;
}
