import { z } from 'zod';
import { queueNameSchema, scopedQueue } from '@qingshui/messaging';
import { END_NOTICE_DAYS } from '@qingshui/contracts';
import type { ExchangeConfig } from '../config';

/** How tracking counts time, and its job queue. */
export interface TrackingSettings {
  /** A "day" of the deadlines' clock, in ms (tests use a few ms: time runs faster around each confirmation). */
  dayMs: number;
  /** Days before the end date that "end approaching" falls due. */
  endNoticeDays: number;
  /** The queue, scoped to the environment. */
  queue: string;
}

/** What a test (or, later, the service's config) may set on the config object. */
export interface TrackingOverrides {
  trackingDayMs?: number;
  trackingEndNoticeDays?: number;
  trackingQueue?: string;
}

const envSchema = z.object({
  EXCHANGE_TRACKING_DAY_MS: z.coerce.number().int().min(1).max(86_400_000).default(86_400_000),
  EXCHANGE_TRACKING_END_NOTICE_DAYS: z.coerce.number().int().min(1).max(180).default(END_NOTICE_DAYS),
  EXCHANGE_TRACKING_QUEUE: queueNameSchema.default('exchange-tenures'),
});

/**
 * From the config's own keys when given (a test's overrides), else from the environment:
 * `EXCHANGE_TRACKING_DAY_MS`, `EXCHANGE_TRACKING_END_NOTICE_DAYS`, `EXCHANGE_TRACKING_QUEUE`. Read
 * here rather than in the shared config.ts so that this part stays in its own files.
 */
export function trackingSettings(
  config: ExchangeConfig & TrackingOverrides,
  env: NodeJS.ProcessEnv = process.env,
): TrackingSettings {
  const own = envSchema.parse(env);
  return {
    dayMs: config.trackingDayMs ?? own.EXCHANGE_TRACKING_DAY_MS,
    endNoticeDays: config.trackingEndNoticeDays ?? own.EXCHANGE_TRACKING_END_NOTICE_DAYS,
    queue: scopedQueue(config.kafka.environment, config.trackingQueue ?? own.EXCHANGE_TRACKING_QUEUE),
  };
}
