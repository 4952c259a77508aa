import { startGateway } from './bootstrap';
import { gatewayConfigFromEnv } from './config';

// What whole-platform tests and benchmarks may use to start a gateway in-process.
export { startGateway, type RunningGateway } from './bootstrap';
export { gatewayConfigFromEnv, type GatewayConfig } from './config';
/** The uniform entry every app exports: tooling and the test platform start apps by name through it. */
export const service = { name: 'gateway', configFromEnv: gatewayConfigFromEnv, start: startGateway } as const;
