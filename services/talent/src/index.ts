// What whole-platform tests and benchmarks may use to start the service in-process.
export { startTalent, type RunningTalent } from './bootstrap';
export { talentConfigFromEnv, type TalentConfig } from './config';
