import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection } from 'mongoose';
import { z } from 'zod';
import { eventContract, placementSnapshotSchema, type Envelope, type EventTopic } from '@qingshui/contracts';
import { MongoInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { EXCHANGE_CONFIG } from '../tokens';
import type { ExchangeConfig } from '../config';
import { TrackingService } from './tracking.service';

/**
 * The placements part's events that carry a placement snapshot: the confirmation opens a tenure.
 * Consumed by name (the placements part declares them); a topic not declared yet is skipped.
 */
export const SNAPSHOT_TOPICS = ['exchange.placement.confirmed.v1'] as const;
const snapshotPayload = z.object({ placement: placementSnapshotSchema });

/** Who opened a tenure: the office that confirmed the placement (the envelope's actor). */
const CONFIRMER_NAME = '合作交流办';

/**
 * Keeps one tenure per confirmed placement from the placements part's events: one consumer group
 * for all instances, from the topics' beginning (a new environment replays its history), an inbox
 * against redelivery; the tenure's own version check makes an older snapshot change nothing.
 */
@Injectable()
export class TrackingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
    @InjectConnection() private readonly connection: Connection,
    private readonly tracking: TrackingService,
    @InjectPinoLogger('tracking-consumer') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const topics = SNAPSHOT_TOPICS.filter((topic) => eventContract(topic)) as unknown as EventTopic[];
    if (topics.length < SNAPSHOT_TOPICS.length)
      this.logger.warn(
        { missing: SNAPSHOT_TOPICS.filter((t) => !eventContract(t)) },
        'placement topics not declared yet: no tenures from them',
      );
    if (topics.length === 0) return;
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'tracking',
      groupId: `${this.config.kafka.groupId}-tracking`,
      topics,
      fromBeginning: true,
      logger: this.logger.logger,
      inbox: new MongoInbox(this.connection, 'exchange-tracking'),
      handler: (envelope) => this.handle(envelope as Envelope),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** One event (exposed for tests). */
  async handle(envelope: Envelope): Promise<void> {
    const { placement } = snapshotPayload.parse(envelope.payload);
    await this.tracking.onSnapshot(placement, { userId: envelope.actor, name: CONFIRMER_NAME }, envelope.id);
  }
}
