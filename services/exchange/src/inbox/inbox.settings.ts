import { z } from 'zod';
import type { ExchangeConfig } from '../config';

/** Who the inbox addresses as the cooperation office (the admin that confirms placements). */
export interface InboxSettings {
  officeOrgId: string;
}

/** What a test (or, later, the service's config) may set on the config object. */
export interface InboxOverrides {
  inboxOfficeOrgId?: string;
}

const envSchema = z.object({ EXCHANGE_OFFICE_ORG: z.string().min(1).max(64).default('bj-coop-office') });

/** From the config's own key when given (a test's override), else `EXCHANGE_OFFICE_ORG` (default bj-coop-office). */
export function inboxSettings(
  config: ExchangeConfig & InboxOverrides,
  env: NodeJS.ProcessEnv = process.env,
): InboxSettings {
  return { officeOrgId: config.inboxOfficeOrgId ?? envSchema.parse(env).EXCHANGE_OFFICE_ORG };
}
