import { z } from 'zod';
import {
  queueNameSchema,
  scopedQueue,
  serviceBaseConfigFromEnv,
  type ServiceBaseConfig,
} from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface TalentConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** The BullMQ queue of challenge deadlines (`<env>.<CHALLENGE_DEADLINE_QUEUE>`). */
  deadlineQueue: string;
}

const envSchema = z.object({
  CHALLENGE_DEADLINE_QUEUE: queueNameSchema.default('talent-challenge-deadlines'),
});

export function talentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TalentConfig {
  const base = serviceBaseConfigFromEnv('talent', 'TALENT', 3101, env);
  return {
    ...base,
    mongo: persistenceConfigFromEnv('talent', env),
    deadlineQueue: scopedQueue(base.kafka.environment, envSchema.parse(env).CHALLENGE_DEADLINE_QUEUE),
  };
}
