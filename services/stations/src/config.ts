import { z } from 'zod';
import {
  queueNameSchema,
  scopedQueue,
  serviceBaseConfigFromEnv,
  type ServiceBaseConfig,
} from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface StationsConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** The BullMQ queue of offer and approval expiries, reminders and no-show sweeps (`<env>.<STATIONS_JOB_QUEUE>`). */
  jobQueue: string;
}

const envSchema = z.object({
  STATIONS_JOB_QUEUE: queueNameSchema.default('stations-jobs'),
});

export function stationsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StationsConfig {
  const base = serviceBaseConfigFromEnv('stations', 'STATIONS', 3102, env);
  return {
    ...base,
    mongo: persistenceConfigFromEnv('stations', env),
    jobQueue: scopedQueue(base.kafka.environment, envSchema.parse(env).STATIONS_JOB_QUEUE),
  };
}
