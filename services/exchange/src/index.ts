import { startExchange } from './bootstrap';
import { exchangeConfigFromEnv } from './config';

// What whole-platform tests and tooling may use to start the service in-process.
export { startExchange, type RunningExchange } from './bootstrap';
export { exchangeConfigFromEnv, type ExchangeConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = {
  name: 'exchange',
  configFromEnv: exchangeConfigFromEnv,
  start: startExchange,
} as const;
// Demo data, and what the benchmarks and whole-platform tests drive or check directly.
export * from './seed/demo-exchange';
export { ledgerId, quotaFigures, decideStep, HOLDS_PLACE } from './placements/placement.decide';
export { QUOTA_MODEL, type QuotaDocument } from './placements/quota.schema';
