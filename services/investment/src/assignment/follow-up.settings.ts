import { scopedQueue } from '@qingshui/messaging';
import type { InvestmentConfig } from '../config';

/** How the follow-ups count time, and their job queue. */
export interface FollowUpSettings {
  /** A "day" of the reminders' rules (tests use fractions of a second). */
  dayMs: number;
  /** Days a fired reminder stays untouched before it escalates. */
  escalationDays: number;
  /** The queue, scoped to the environment. */
  queue: string;
}

/** The follow-ups' settings from the service's config (config.ts reads them from the environment). */
export function followUpSettings(config: InvestmentConfig): FollowUpSettings {
  return {
    dayMs: config.followUpDayMs,
    escalationDays: config.followUpEscalationDays,
    queue: scopedQueue(config.kafka.environment, config.followUpQueue),
  };
}
