import { startService, type RunningService } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { fairsConfigFromEnv, type FairsConfig } from './config';

export type RunningFairs = RunningService;

/** Starts the fairs service (commands over Kafka, MongoDB, the outbox relay, health). For main.ts and tests. */
export function startFairs(overrides: Partial<FairsConfig> = {}): Promise<RunningFairs> {
  const config = { ...fairsConfigFromEnv(), ...overrides };
  return startService(AppModule.forRoot(config), config);
}
