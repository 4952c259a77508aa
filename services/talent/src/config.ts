import { z } from 'zod';
import { messagingConfigFromEnv, type MessagingConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface TalentConfig {
  http: { host: string; port: number };
  logLevel: string;
  kafka: MessagingConfig;
  mongo: PersistenceConfig;
  outboxPollMs: number;
  /** Redis for the BullMQ deadline jobs. */
  redisUrl: string;
  deadlineQueue: string;
}

const envSchema = z.object({
  TALENT_HTTP_HOST: z.string().default('127.0.0.1'),
  TALENT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .default('redis://127.0.0.1:6379'),
  CHALLENGE_DEADLINE_QUEUE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .default('talent-challenge-deadlines'),
});

export function talentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TalentConfig {
  const parsed = envSchema.parse(env);
  return {
    http: { host: parsed.TALENT_HTTP_HOST, port: parsed.TALENT_HTTP_PORT },
    logLevel: parsed.LOG_LEVEL,
    kafka: messagingConfigFromEnv({ clientId: 'talent', groupId: 'talent' }, env),
    mongo: persistenceConfigFromEnv('talent', env),
    outboxPollMs: parsed.OUTBOX_POLL_MS,
    redisUrl: parsed.REDIS_URL,
    deadlineQueue: parsed.CHALLENGE_DEADLINE_QUEUE,
  };
}
