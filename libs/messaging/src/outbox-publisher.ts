import type { Logger } from 'pino';
import type { Model } from 'mongoose';
import type { Producer } from 'kafkajs';
import type { MessagingConfig } from './config';
import { createKafka } from './kafka';
import { OutboxRelay, type OutboxHint } from './outbox';

export interface OutboxPublisherOptions {
  kafka: MessagingConfig;
  /** The service's aggregates: every model that carries an outbox. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any document type
  models: Model<any>[];
  logger: Logger;
  pollIntervalMs: number;
}

/**
 * A service's outbox relay with its own idempotent producer: started once the models exist,
 * kicked after each write so events leave at once, polled as a safety net.
 */
export class OutboxPublisher {
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(private readonly options: OutboxPublisherOptions) {}

  async start(): Promise<void> {
    const { kafka, models, logger, pollIntervalMs } = this.options;
    const client = createKafka({ ...kafka, clientId: `${kafka.clientId}-outbox` }, logger);
    this.producer = client.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    this.relay = new OutboxRelay({
      models,
      environment: kafka.environment,
      producer: this.producer,
      logger,
      pollIntervalMs,
    });
    this.relay.start();
  }

  kick(hint?: OutboxHint): void {
    this.relay?.kick(hint);
  }

  /** For readiness: the producer is connected. */
  get connected(): boolean {
    return this.producer !== undefined;
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect();
  }
}
