import { z } from 'zod';
import { environmentFromEnv } from '@qingshui/messaging';

export const persistenceConfigSchema = z.object({
  url: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// URL'),
  /** Each service owns its database, per environment: `qingshui_<env>_<service>` unless overridden. */
  dbName: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/),
});
export type PersistenceConfig = z.infer<typeof persistenceConfigSchema>;

/** The prefix every database of an environment starts with (MongoDB names allow no dashes here). */
export function databasePrefix(environment: string): string {
  return `qingshui_${environment.replace(/-/g, '_')}_`;
}

/** A service's own database in an environment: `qingshui_<env>_<service>`. */
export function databaseName(environment: string, service: string): string {
  return `${databasePrefix(environment)}${service}`;
}

export function persistenceConfigFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): PersistenceConfig {
  const result = persistenceConfigSchema.safeParse({
    url: env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
    dbName: env['MONGO_DB'] ?? databaseName(environmentFromEnv(env), service),
  });
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid MongoDB configuration: ${detail}`);
  }
  return result.data;
}
