// What whole-platform tests and benchmarks may use to start a gateway in-process.
export { startGateway, type RunningGateway } from './bootstrap';
export { gatewayConfigFromEnv, type GatewayConfig } from './config';
