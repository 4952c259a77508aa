// What whole-platform tests and benchmarks may use to start the service in-process.
export { startStations, type RunningStations } from './bootstrap';
export { stationsConfigFromEnv, type StationsConfig } from './config';
// Pure booking rules, for tests and the benchmark.
export * as slotRules from './slots/slot.rules';
// Demo data for `npm run up` (scripts/seed.ts).
export * from './seed/demo-stations';
