import { serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface ExchangeConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
}

/**
 * The service's settings: `EXCHANGE_HTTP_HOST` / `EXCHANGE_HTTP_PORT` (health, default 3105, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_exchange`) and the common ones.
 */
export function exchangeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ExchangeConfig {
  const base = serviceBaseConfigFromEnv('exchange', 'EXCHANGE', 3105, env);
  return { ...base, mongo: persistenceConfigFromEnv('exchange', env) };
}
