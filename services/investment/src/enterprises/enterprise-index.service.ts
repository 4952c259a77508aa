import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import { EnterpriseEvents, type EnterpriseView, type Envelope } from '@qingshui/contracts';
import { subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { INVESTMENT_CONFIG } from '../tokens';
import type { InvestmentConfig } from '../config';
import { DuplicateIndex } from './duplicate-index';
import { ENTERPRISE_MODEL, type EnterpriseDocument } from './enterprise.schema';
import { enterpriseView, indexedOf } from './enterprise.decide';

/**
 * The duplicate index (duplicate-index.ts) of this instance: rebuilt from MongoDB at start, then
 * kept current from this instance's own writes at once (read-your-writes) and from the part's
 * events in a consumer group of its own, so every instance sees every other's writes too. It
 * subscribes before it reads, so no change falls between the two; older versions are ignored.
 */
@Injectable()
export class EnterpriseIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly index = new DuplicateIndex();
  private subscription: ConsumerSubscription | undefined;
  private buffered: EnterpriseView[] | undefined = [];

  constructor(
    @Inject(INVESTMENT_CONFIG) private readonly config: InvestmentConfig,
    @InjectModel(ENTERPRISE_MODEL) private readonly model: Model<EnterpriseDocument>,
    @InjectPinoLogger('enterprise-index') private readonly logger: PinoLogger,
  ) {}

  get ready(): boolean {
    return this.buffered === undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'enterprise-index',
      // One group per instance: every instance must see every event.
      groupId: `${this.config.kafka.groupId}-enterprise-index-${randomUUID()}`,
      topics: Object.values(EnterpriseEvents),
      logger: this.logger.logger,
      handler: async (envelope: Envelope) => {
        const { enterprise } = envelope.payload as { enterprise: EnterpriseView };
        if (this.buffered) this.buffered.push(enterprise);
        else this.apply(enterprise);
      },
    });
    const started = Date.now();
    for await (const doc of this.model.find({}, { outbox: 0 }).lean<EnterpriseDocument>().cursor())
      this.apply(enterpriseView(doc));
    const pending = this.buffered ?? [];
    this.buffered = undefined;
    for (const view of pending) this.apply(view);
    this.logger.info(
      { enterprises: this.index.size, replayed: pending.length, ms: Date.now() - started },
      'enterprise index built',
    );
  }

  /** A record as written (by this instance or, through its event, another). */
  apply(view: EnterpriseView): void {
    this.index.upsert(indexedOf(view));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
