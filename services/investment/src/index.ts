import { startInvestment } from './bootstrap';
import { investmentConfigFromEnv } from './config';

// What whole-platform tests and tooling may use to start the service in-process.
export { startInvestment, type RunningInvestment } from './bootstrap';
export { investmentConfigFromEnv, type InvestmentConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = {
  name: 'investment',
  configFromEnv: investmentConfigFromEnv,
  start: startInvestment,
} as const;
