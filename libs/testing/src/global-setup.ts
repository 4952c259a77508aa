import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureInfra, REPO_ROOT } from './infra';

/** Jest global setup of the integration project: start or reuse the real infrastructure once. */
export default async function globalSetup(): Promise<void> {
  ensureInfra();
  process.env['LOG_LEVEL'] ??= 'warn';
  // What killed runs left behind would otherwise pile up in Kafka (topics), FerretDB and Redis.
  execFileSync(
    process.execPath,
    [join(REPO_ROOT, 'scripts/run-ts.cjs'), join(REPO_ROOT, 'test/support/sweep-environments.ts')],
    {
      stdio: 'inherit',
    },
  );
}
