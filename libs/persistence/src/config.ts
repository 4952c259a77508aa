import { z } from 'zod';

export const persistenceConfigSchema = z.object({
  url: z.string().regex(/^mongodb(\+srv)?:\/\//, 'a mongodb:// URL'),
  /** Each service owns its database, per environment: `qingshui_<env>_<service>` unless overridden. */
  dbName: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/),
});
export type PersistenceConfig = z.infer<typeof persistenceConfigSchema>;

export function persistenceConfigFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): PersistenceConfig {
  const environment = (env['QS_ENV'] ?? 'dev').replace(/-/g, '_');
  const result = persistenceConfigSchema.safeParse({
    url: env['MONGO_URL'] ?? 'mongodb://127.0.0.1:27017',
    dbName: env['MONGO_DB'] ?? `qingshui_${environment}_${service}`,
  });
  if (!result.success) {
    const detail = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid MongoDB configuration: ${detail}`);
  }
  return result.data;
}
