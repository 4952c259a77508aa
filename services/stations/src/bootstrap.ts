import { startService, type RunningService } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { stationsConfigFromEnv, type StationsConfig } from './config';

export type RunningStations = RunningService;

/** Starts the stations service (commands over Kafka, MongoDB, jobs, health). For main.ts and tests. */
export function startStations(overrides: Partial<StationsConfig> = {}): Promise<RunningStations> {
  const config = { ...stationsConfigFromEnv(), ...overrides };
  return startService(AppModule.forRoot(config), config);
}
