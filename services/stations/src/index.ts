import { startStations } from './bootstrap';
import { stationsConfigFromEnv } from './config';

// What whole-platform tests and benchmarks may use to start the service in-process.
export { startStations, type RunningStations } from './bootstrap';
export { stationsConfigFromEnv, type StationsConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = {
  name: 'stations',
  configFromEnv: stationsConfigFromEnv,
  start: startStations,
} as const;
// Pure booking rules, for tests and the benchmark.
export * as slotRules from './slots/slot.rules';
// Demo data for `npm run up` (scripts/seed.ts).
export * from './seed/demo-stations';
