import { z } from 'zod';
import { queueNameSchema, scopedQueue } from '@qingshui/messaging';
import type { InvestmentConfig } from '../config';

/** How the follow-ups count time, and their job queue. */
export interface FollowUpSettings {
  /** A "day" of the reminders' rules (tests use seconds). */
  dayMs: number;
  /** Days a fired reminder stays untouched before it escalates. */
  escalationDays: number;
  queue: string;
}

/** What a test or the service's config may set (config.ts is shared; these may move there). */
export interface FollowUpOverrides {
  followUpDayMs?: number;
  followUpEscalationDays?: number;
  followUpQueue?: string;
}

const envSchema = z.object({
  INVESTMENT_FOLLOWUP_DAY_MS: z.coerce.number().int().min(10).max(86_400_000).default(86_400_000),
  INVESTMENT_FOLLOWUP_ESCALATION_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  INVESTMENT_FOLLOWUP_QUEUE: queueNameSchema.default('investment-follow-ups'),
});

/**
 * From the config's own keys when given (a test's overrides), else from the environment:
 * `INVESTMENT_FOLLOWUP_DAY_MS`, `INVESTMENT_FOLLOWUP_ESCALATION_DAYS`, `INVESTMENT_FOLLOWUP_QUEUE`.
 * Read here rather than in the shared config.ts so this part stays in its own files.
 */
export function followUpSettings(
  config: InvestmentConfig & FollowUpOverrides,
  env = process.env,
): FollowUpSettings {
  const own = envSchema.parse(env);
  return {
    dayMs: config.followUpDayMs ?? own.INVESTMENT_FOLLOWUP_DAY_MS,
    escalationDays: config.followUpEscalationDays ?? own.INVESTMENT_FOLLOWUP_ESCALATION_DAYS,
    queue: scopedQueue(config.kafka.environment, config.followUpQueue ?? own.INVESTMENT_FOLLOWUP_QUEUE),
  };
}
