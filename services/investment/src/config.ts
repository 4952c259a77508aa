import { serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface InvestmentConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
}

/**
 * The service's settings: `INVESTMENT_HTTP_HOST` / `INVESTMENT_HTTP_PORT` (health, default 3104, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_investment`) and the common ones.
 */
export function investmentConfigFromEnv(env: NodeJS.ProcessEnv = process.env): InvestmentConfig {
  const base = serviceBaseConfigFromEnv('investment', 'INVESTMENT', 3104, env);
  return { ...base, mongo: persistenceConfigFromEnv('investment', env) };
}
