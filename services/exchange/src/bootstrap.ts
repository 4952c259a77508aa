import { startService, type RunningService } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { exchangeConfigFromEnv, type ExchangeConfig } from './config';

export type RunningExchange = RunningService;

/** Starts the exchange service (commands over Kafka, MongoDB, the outbox relay, health). For main.ts and tests. */
export function startExchange(overrides: Partial<ExchangeConfig> = {}): Promise<RunningExchange> {
  const config = { ...exchangeConfigFromEnv(), ...overrides };
  return startService(AppModule.forRoot(config), config);
}
