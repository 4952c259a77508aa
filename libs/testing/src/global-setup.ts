import { ensureInfra } from './infra';
import { sweepStaleTestEnvironments } from './environments';

/** Jest global setup of the integration project: start or reuse the real infrastructure once. */
export default async function globalSetup(): Promise<void> {
  ensureInfra();
  process.env['LOG_LEVEL'] ??= 'warn';
  // What killed runs left behind would otherwise pile up in Kafka (topics), FerretDB and Redis.
  const swept = await sweepStaleTestEnvironments();
  if (swept.length > 0) console.warn(`dropped ${swept.length} stale test environments`);
}
