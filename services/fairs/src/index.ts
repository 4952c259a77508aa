import { startFairs } from './bootstrap';
import { fairsConfigFromEnv } from './config';

// What whole-platform tests and tooling may use to start the service in-process.
export { startFairs, type RunningFairs } from './bootstrap';
export { fairsConfigFromEnv, type FairsConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = { name: 'fairs', configFromEnv: fairsConfigFromEnv, start: startFairs } as const;
export * from './seed/demo-fairs';
export * from './seed/demo-exhibitors';
export * from './seed/demo-registrations';
export * from './seed/demo-booth-scans';
