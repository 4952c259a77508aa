import { z } from 'zod';
import { END_NOTICE_DAYS } from '@qingshui/contracts';
import { queueNameSchema, serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface ExchangeConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** A "day" of the tenure deadlines' clock, in ms (tests use a few ms: time runs faster around each confirmation). */
  trackingDayMs: number;
  /** Days before a tenure's end date that "end approaching" falls due. */
  trackingEndNoticeDays: number;
  /** The tenure deadlines' BullMQ queue (unscoped; the environment's prefix is added when it is opened). */
  trackingQueue: string;
  /** The organisation the inbox addresses as the cooperation office (the admin that confirms placements). */
  inboxOfficeOrgId: string;
  /** How often the quota ledgers are checked for figures a crash left untold. */
  quotaRepairMs: number;
}

const ownEnvSchema = z.object({
  EXCHANGE_TRACKING_DAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(86_400_000),
  EXCHANGE_TRACKING_END_NOTICE_DAYS: z.coerce.number().int().min(1).max(180).default(END_NOTICE_DAYS),
  EXCHANGE_TRACKING_QUEUE: queueNameSchema.default('exchange-tenures'),
  EXCHANGE_OFFICE_ORG: z.string().min(1).max(64).default('bj-coop-office'),
  EXCHANGE_QUOTA_REPAIR_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
});

/**
 * The service's settings: `EXCHANGE_HTTP_HOST` / `EXCHANGE_HTTP_PORT` (health, default 3105, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_exchange`), tracking's
 * `EXCHANGE_TRACKING_DAY_MS` (a day), `EXCHANGE_TRACKING_END_NOTICE_DAYS` (30) and
 * `EXCHANGE_TRACKING_QUEUE`, the inbox's `EXCHANGE_OFFICE_ORG` (bj-coop-office), the quota
 * figures' repair interval `EXCHANGE_QUOTA_REPAIR_MS` (30 s), and the common ones.
 */
export function exchangeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ExchangeConfig {
  const base = serviceBaseConfigFromEnv('exchange', 'EXCHANGE', 3105, env);
  const own = ownEnvSchema.parse(env);
  return {
    ...base,
    mongo: persistenceConfigFromEnv('exchange', env),
    trackingDayMs: own.EXCHANGE_TRACKING_DAY_MS,
    trackingEndNoticeDays: own.EXCHANGE_TRACKING_END_NOTICE_DAYS,
    trackingQueue: own.EXCHANGE_TRACKING_QUEUE,
    inboxOfficeOrgId: own.EXCHANGE_OFFICE_ORG,
    quotaRepairMs: own.EXCHANGE_QUOTA_REPAIR_MS,
  };
}
