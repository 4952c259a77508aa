import { z } from 'zod';
import { messagingConfigFromEnv, type MessagingConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface StationsConfig {
  http: { host: string; port: number };
  logLevel: string;
  kafka: MessagingConfig;
  mongo: PersistenceConfig;
  outboxPollMs: number;
  /** Redis for the BullMQ jobs: offer and approval expiry, reminders, no-shows. */
  redisUrl: string;
  jobQueue: string;
}

const envSchema = z.object({
  STATIONS_HTTP_HOST: z.string().default('127.0.0.1'),
  STATIONS_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .default('redis://127.0.0.1:6379'),
  STATIONS_JOB_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .default('stations-jobs'),
});

export function stationsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StationsConfig {
  const parsed = envSchema.parse(env);
  return {
    http: { host: parsed.STATIONS_HTTP_HOST, port: parsed.STATIONS_HTTP_PORT },
    logLevel: parsed.LOG_LEVEL,
    kafka: messagingConfigFromEnv({ clientId: 'stations', groupId: 'stations' }, env),
    mongo: persistenceConfigFromEnv('stations', env),
    outboxPollMs: parsed.OUTBOX_POLL_MS,
    redisUrl: parsed.REDIS_URL,
    jobQueue: parsed.STATIONS_JOB_QUEUE,
  };
}
