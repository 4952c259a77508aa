import { serviceBaseConfigFromEnv, type ServiceBaseConfig } from '@qingshui/messaging';
import { persistenceConfigFromEnv, type PersistenceConfig } from '@qingshui/persistence';

export interface FairsConfig extends ServiceBaseConfig {
  mongo: PersistenceConfig;
}

/**
 * The service's settings: `FAIRS_HTTP_HOST` / `FAIRS_HTTP_PORT` (health, default 3103, as in
 * apps.json), `MONGO_URL` / `MONGO_DB` (default `qingshui_<env>_fairs`) and the common ones.
 */
export function fairsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): FairsConfig {
  const base = serviceBaseConfigFromEnv('fairs', 'FAIRS', 3103, env);
  return { ...base, mongo: persistenceConfigFromEnv('fairs', env) };
}
