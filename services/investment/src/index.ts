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
// Demo data, and what the benchmarks and whole-platform tests drive or check directly.
export * from './seed/demo-ids';
export * from './seed/demo-needs';
export * from './seed/demo-projects';
export * from './seed/demo-enterprises';
export * from './seed/demo-leads';
export * from './seed/demo-rosters';
export * from './lead-snapshot';
export * from './assignment/assignment.service';
export * from './assignment/follow-up-jobs';
export * from './assignment/follow-ups.service';
export * from './enterprises/duplicate-index';
export * from './enterprises/enterprise-name';
export * from './leads/lead-projections';
export * from './leads/lead-totals';
export * from './leads/lead.decide';
export * from './leads/lead.schema';
export * from './leads/leads.service';
