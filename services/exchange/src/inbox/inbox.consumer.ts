import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection } from 'mongoose';
import { eventContract, type Envelope, type EventTopic } from '@qingshui/contracts';
import { MongoInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { EXCHANGE_CONFIG } from '../tokens';
import type { ExchangeConfig } from '../config';
import { InboxService } from './inbox.service';

/**
 * The exchange events whose steps someone must act on next (see planItems). Those of the
 * placements part are consumed by name; a topic not declared yet is skipped at start.
 */
export const INBOX_TOPICS = [
  'exchange.nomination.submitted.v1',
  'exchange.placement.step-recorded.v1',
  'exchange.placement.agreed.v1',
  'exchange.placement.confirmed.v1',
  'exchange.tenure.deadline.v1',
  'exchange.tenure.changed.v1',
] as const;

/**
 * Files inbox items from the exchange events, after the writes that caused them: one consumer group
 * for all instances, from the topics' beginning, an inbox of handled event ids against redelivery
 * (and item ids derived from the event's, so a repeat files nothing twice).
 */
@Injectable()
export class InboxConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    @InjectConnection() private readonly connection: Connection,
    private readonly inbox: InboxService,
    @InjectPinoLogger('inbox-consumer') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const missing = INBOX_TOPICS.filter((topic) => !eventContract(topic));
    if (missing.length)
      this.logger.warn({ missing }, 'exchange topics not declared yet: no inbox items from them');
    const topics = INBOX_TOPICS.filter((topic) => eventContract(topic)) as unknown as EventTopic[];
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'inbox',
      groupId: `${this.config.kafka.groupId}-inbox`,
      topics,
      fromBeginning: true,
      logger: this.logger.logger,
      inbox: new MongoInbox(this.connection, 'exchange-inbox'),
      handler: async (envelope) => {
        await this.inbox.file(envelope as Envelope);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
