import { scopedQueue } from '@qingshui/messaging';
import type { ExchangeConfig } from '../config';

/** How tracking counts time, and its job queue. */
export interface TrackingSettings {
  /** A "day" of the deadlines' clock, in ms (see ExchangeConfig.trackingDayMs). */
  dayMs: number;
  /** Days before the end date that "end approaching" falls due. */
  endNoticeDays: number;
  /** The queue, scoped to the environment. */
  queue: string;
}

export function trackingSettings(config: ExchangeConfig): TrackingSettings {
  return {
    dayMs: config.trackingDayMs,
    endNoticeDays: config.trackingEndNoticeDays,
    queue: scopedQueue(config.kafka.environment, config.trackingQueue),
  };
}
