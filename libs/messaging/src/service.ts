import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import type { MessagingConfig } from './config';
import { createKafka, kafkaTransportOptions } from './kafka';
import { ensureTopics, platformTopics } from './topics';

export interface RunningService {
  app: INestApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a platform service: the Kafka request-reply server (commands from the gateway), its
 * module (database, outbox relay, jobs), and a small HTTP server for health checks.
 */
export async function startService(
  module: DynamicModule,
  config: { kafka: MessagingConfig; http: { host: string; port: number } },
): Promise<RunningService> {
  // Topics first: the Nest Kafka server subscribes at start and auto-creation is off on purpose.
  await ensureTopics(createKafka(config.kafka), platformTopics(), config.kafka.partitions);
  const app = await NestFactory.create(module, { bufferLogs: true });
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
