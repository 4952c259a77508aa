import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { z } from 'zod';
import { messagingConfigFromEnv, type MessagingConfig } from './config';
import { createKafka, kafkaTransportOptions } from './kafka';
import { ConcurrentKafkaServer } from './concurrent-server';
import { ensureTopics, platformTopics, scoped } from './topics';
import pino from 'pino';
import { setCommandLogger } from './handles';

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
  config: {
    kafka: MessagingConfig;
    http: { host: string; port: number };
    commandConcurrency: number;
    logLevel: string;
  },
): Promise<RunningService> {
  const { environment } = config.kafka;
  // Topics first: the Nest Kafka server subscribes at start and auto-creation is off on purpose.
  await ensureTopics(
    createKafka(config.kafka),
    environment,
    platformTopics(environment),
    config.kafka.partitions,
  );
  setCommandLogger(pino({ name: config.kafka.clientId, level: config.logLevel }));
  const app = await NestFactory.create(module, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  const { options } = kafkaTransportOptions(config.kafka);
  app.connectMicroservice<MicroserviceOptions>(
    { strategy: new ConcurrentKafkaServer(options ?? {}, config.commandConcurrency, environment) },
    { inheritAppConfig: true },
  );
  await app.startAllMicroservices();
  await app.listen(config.http.port, config.http.host);
  const url = await app.getUrl();
  return { app, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}

/** What every platform service reads from its environment, besides its own settings. */
export interface ServiceBaseConfig {
  http: { host: string; port: number };
  logLevel: string;
  kafka: MessagingConfig;
  outboxPollMs: number;
  /** Redis for the service's delayed jobs. */
  redisUrl: string;
  /** Commands a service instance works on at once (see CommandDispatcher). */
  commandConcurrency: number;
}

/** A BullMQ queue name from the environment (no ':' — BullMQ uses it as a separator). */
export const queueNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/);

/** A job queue of an environment: `<env>.<name>`, like its topics. */
export const scopedQueue = (environment: string, name: string): string => scoped(environment, name);

/**
 * The common part of a service's configuration: `<PREFIX>_HTTP_HOST` / `_PORT` for its health
 * server, `LOG_LEVEL`, `OUTBOX_POLL_MS`, `REDIS_URL` and the Kafka settings.
 */
export function serviceBaseConfigFromEnv(
  name: string,
  prefix: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv,
): ServiceBaseConfig {
  const parsed = z
    .object({
      [`${prefix}_HTTP_HOST`]: z.string().default('127.0.0.1'),
      [`${prefix}_HTTP_PORT`]: z.coerce.number().int().min(0).max(65535).default(defaultPort),
      LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
      OUTBOX_POLL_MS: z.coerce.number().int().min(50).default(1000),
      COMMAND_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(500),
      REDIS_URL: z
        .string()
        .regex(/^rediss?:\/\//)
        .default('redis://127.0.0.1:6379'),
    })
    .parse(env) as Record<string, string | number>;
  return {
    http: { host: String(parsed[`${prefix}_HTTP_HOST`]), port: Number(parsed[`${prefix}_HTTP_PORT`]) },
    logLevel: String(parsed['LOG_LEVEL']),
    kafka: messagingConfigFromEnv({ clientId: name, groupId: name }, env),
    outboxPollMs: Number(parsed['OUTBOX_POLL_MS']),
    redisUrl: String(parsed['REDIS_URL']),
    commandConcurrency: Number(parsed['COMMAND_CONCURRENCY']),
  };
}
