import { NestFactory } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { createKafka, ensureTopics, kafkaTransportOptions, platformTopics } from '@qingshui/messaging';
import { AppModule } from './app.module';
import { stationsConfigFromEnv, type StationsConfig } from './config';

export interface RunningStations {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts the stations service: Kafka request-reply server (commands from the gateway), MongoDB,
 * the outbox relay, and a small HTTP server for health checks. Used by main.ts and by tests.
 */
export async function startStations(overrides: Partial<StationsConfig> = {}): Promise<RunningStations> {
  const config = { ...stationsConfigFromEnv(), ...overrides };
  // Topics first: the Nest Kafka server subscribes at start and auto-creation is off on purpose.
  await ensureTopics(createKafka(config.kafka), platformTopics(), config.kafka.partitions);

  const app = await NestFactory.create(AppModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  app.connectMicroservice<MicroserviceOptions>(kafkaTransportOptions(config.kafka), {
    inheritAppConfig: true,
  });
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  return { app, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}
