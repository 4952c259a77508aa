import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { Transport, type KafkaOptions } from '@nestjs/microservices';
import type { Logger } from 'pino';
import type { MessagingConfig } from './config';
import { scoped } from './topics';

function kafkaLogCreator(logger?: Logger) {
  return () =>
    ({ level, log }: LogEntry): void => {
      if (!logger) return;
      const { message, ...extra } = log;
      // A rebalance is routine (an instance joins or leaves); kafkajs reports it as an error.
      if (/rebalanc/i.test(`${message} ${String(extra['error'] ?? '')}`))
        logger.debug(extra, `kafka: ${message}`);
      else if (level <= logLevel.ERROR) logger.error(extra, `kafka: ${message}`);
      else if (level === logLevel.WARN) logger.warn(extra, `kafka: ${message}`);
    };
}

export function kafkaClientConfig(config: MessagingConfig, logger?: Logger): KafkaConfig {
  return {
    clientId: config.clientId,
    brokers: config.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10_000,
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
  };
}

export function createKafka(config: MessagingConfig, logger?: Logger): Kafka {
  return new Kafka(kafkaClientConfig(config, logger));
}

/**
 * Options for the Nest Kafka transport. `postfixId: ''` keeps our client and group ids as given
 * (Nest appends `-server`/`-client` otherwise), so several instances share one consumer group.
 */
export function kafkaTransportOptions(config: MessagingConfig, logger?: Logger): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
      postfixId: '',
      client: kafkaClientConfig(config, logger),
      consumer: {
        groupId: scoped(config.environment, config.groupId),
        allowAutoTopicCreation: false,
        sessionTimeout: 10_000,
        heartbeatInterval: 1000,
        rebalanceTimeout: 10_000,
      },
      // Requests and replies are not idempotent-ordered: one lost is a 503 the caller may retry,
      // and serialising every send behind the previous ack (maxInFlightRequests: 1) queues them
      // up under load. Events leave through the outbox relay's own idempotent producer.
      producer: { allowAutoTopicCreation: false },
      run: { partitionsConsumedConcurrently: config.concurrency },
      subscribe: { fromBeginning: false },
    },
  };
}
