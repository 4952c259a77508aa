import { startService, type RunningService } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { talentConfigFromEnv, type TalentConfig } from './config';

export type RunningTalent = RunningService;

/** Starts the talent service (commands over Kafka, MongoDB, the match index, health). For main.ts and tests. */
export function startTalent(overrides: Partial<TalentConfig> = {}): Promise<RunningTalent> {
  const config = { ...talentConfigFromEnv(), ...overrides };
  return startService(AppModule.forRoot(config), config);
}
