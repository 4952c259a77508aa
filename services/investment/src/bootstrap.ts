import { startService, type RunningService } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { investmentConfigFromEnv, type InvestmentConfig } from './config';

export type RunningInvestment = RunningService;

/** Starts the investment service (commands over Kafka, MongoDB, the outbox relay, health). For main.ts and tests. */
export function startInvestment(overrides: Partial<InvestmentConfig> = {}): Promise<RunningInvestment> {
  const config = { ...investmentConfigFromEnv(), ...overrides };
  return startService(AppModule.forRoot(config), config);
}
