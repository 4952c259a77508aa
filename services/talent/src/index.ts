// What whole-platform tests and benchmarks may use to start the service in-process.
export { startTalent, type RunningTalent } from './bootstrap';
export { talentConfigFromEnv, type TalentConfig } from './config';
// The benchmark's in-process baseline reads through the same service the Kafka handlers use.
export { ExpertsService } from './experts/experts.service';
// The matching engine (pure, in memory) and its synthetic data, for the matching benchmark.
export * as matching from './matching';
export * as matchingSynthetic from './matching/synthetic';
