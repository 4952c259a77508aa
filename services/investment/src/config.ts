import { z } from 'zod';
import { queueNameSchema, serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface InvestmentConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
  /** A "day" of the follow-up reminders' rules, in ms (tests use a fraction of a second). */
  followUpDayMs: number;
  /** Days a fired reminder stays untouched before it escalates to the pair's coordinators. */
  followUpEscalationDays: number;
  /** The follow-ups' BullMQ queue (unscoped; the environment's prefix is added when it is opened). */
  followUpQueue: string;
}

const followUpEnvSchema = z.object({
  INVESTMENT_FOLLOWUP_DAY_MS: z.coerce.number().int().min(10).max(86_400_000).default(86_400_000),
  INVESTMENT_FOLLOWUP_ESCALATION_DAYS: z.coerce.number().int().min(1).max(60).default(3),
  INVESTMENT_FOLLOWUP_QUEUE: queueNameSchema.default('investment-follow-ups'),
});

/**
 * The service's settings: `INVESTMENT_HTTP_HOST` / `INVESTMENT_HTTP_PORT` (health, default 3104, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_investment`), the follow-ups'
 * `INVESTMENT_FOLLOWUP_DAY_MS` (a day), `INVESTMENT_FOLLOWUP_ESCALATION_DAYS` (3) and
 * `INVESTMENT_FOLLOWUP_QUEUE`, and the common ones.
 */
export function investmentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InvestmentConfig {
  const base = serviceBaseConfigFromEnv('investment', 'INVESTMENT', 3104, env);
  const followUps = followUpEnvSchema.parse(env);
  return {
    ...base,
    mongo: persistenceConfigFromEnv('investment', env),
    followUpDayMs: followUps.INVESTMENT_FOLLOWUP_DAY_MS,
    followUpEscalationDays: followUps.INVESTMENT_FOLLOWUP_ESCALATION_DAYS,
    followUpQueue: followUps.INVESTMENT_FOLLOWUP_QUEUE,
  };
}
