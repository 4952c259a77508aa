import { z } from 'zod';
import { queueNameSchema, serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface TalentConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** The BullMQ queue of challenge deadlines. */
  deadlineQueue: string;
}

const envSchema = z.object({
  CHALLENGE_DEADLINE_QUEUE: queueNameSchema.default('talent-challenge-deadlines'),
});

export function talentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TalentConfig {
  return {
    ...serviceBaseConfigFromEnv('talent', 'TALENT', 3101, env),
    mongo: persistenceConfigFromEnv('talent', env),
    deadlineQueue: envSchema.parse(env).CHALLENGE_DEADLINE_QUEUE,
  };
}
