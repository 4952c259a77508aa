import { ensureInfra } from './infra';

/** Jest global setup of the integration project: start or reuse the real infrastructure once. */
export default async function globalSetup(): Promise<void> {
  ensureInfra();
  process.env['LOG_LEVEL'] ??= 'warn';
}
