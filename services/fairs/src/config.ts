import { z } from 'zod';
import {
  queueNameSchema,
  scopedQueue,
  serviceBaseConfigFromEnv,
  type ServiceBaseConfig,
} from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface FairsConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** The BullMQ queue of offer expiries (`<env>.<FAIRS_JOB_QUEUE>`). */
  jobQueue: string;
  /** How long an offer from the waiting list holds its places (`FAIRS_OFFER_TTL_SECONDS`, default a day). */
  offerTtlSeconds: number;
  /**
   * Registrations one instance writes at once (`FAIRS_REGISTER_CONCURRENCY`, default 8): the rest
   * wait their turn, since many writers at once on FerretDB's SQLite only wait on each other.
   */
  registerConcurrency: number;
}

const envSchema = z.object({
  FAIRS_JOB_QUEUE: queueNameSchema.default('fairs-jobs'),
  FAIRS_OFFER_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  FAIRS_REGISTER_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(8),
});

/**
 * The service's settings: `FAIRS_HTTP_HOST` / `FAIRS_HTTP_PORT` (health, default 3103, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_fairs`), `FAIRS_JOB_QUEUE`,
 * `FAIRS_OFFER_TTL_SECONDS`, `FAIRS_REGISTER_CONCURRENCY` and the common ones (`REDIS_URL` for the offers' jobs).
 */
export function fairsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FairsConfig {
  const base = serviceBaseConfigFromEnv('fairs', 'FAIRS', 3103, env);
  const own = envSchema.parse(env);
  return {
    ...base,
    mongo: persistenceConfigFromEnv('fairs', env),
    jobQueue: scopedQueue(base.kafka.environment, own.FAIRS_JOB_QUEUE),
    offerTtlSeconds: own.FAIRS_OFFER_TTL_SECONDS,
    registerConcurrency: own.FAIRS_REGISTER_CONCURRENCY,
  };
}
