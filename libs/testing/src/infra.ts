import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export const REPO_ROOT = join(__dirname, '../../..');

/** Addresses of the real infrastructure, as `infra/bin/infra` starts it (ports overridable). */
export function infraEnv() {
  const env = process.env;
  return {
    kafkaBrokers: env['KAFKA_BROKERS'] ?? `127.0.0.1:${env['QS_KAFKA_PORT'] ?? 9092}`,
    mongoUrl: env['MONGO_URL'] ?? `mongodb://127.0.0.1:${env['QS_MONGO_PORT'] ?? 27017}`,
    redisUrl: env['REDIS_URL'] ?? `redis://127.0.0.1:${env['QS_REDIS_PORT'] ?? 6379}`,
    keycloakUrl: env['KEYCLOAK_URL'] ?? `http://127.0.0.1:${env['QS_KEYCLOAK_PORT'] ?? 8180}`,
  };
}

/** Starts whatever part of the infrastructure is not running yet; a no-op when all of it runs. */
export function ensureInfra(): void {
  if (process.env['QS_SKIP_INFRA'] === '1') return;
  execFileSync('bash', [join(REPO_ROOT, 'infra/bin/infra'), 'up'], { stdio: 'inherit', cwd: REPO_ROOT });
}

/** A short random suffix so each test run has its own databases and consumer groups. */
export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
