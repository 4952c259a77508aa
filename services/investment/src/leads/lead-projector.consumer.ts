import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import { LeadEvents } from '@qingshui/contracts';
import { subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { INVESTMENT_CONFIG } from '../tokens';
import type { InvestmentConfig } from '../config';
import { LEAD_MODEL, type LeadDocument } from './lead.schema';
import { LeadProjections } from './lead-projections';
import { snapshotOf } from './lead.decide';
import { FollowUpsService } from '../assignment/follow-ups.service';

/**
 * The backstop of the read models and the follow-ups: every lead event (published from the lead's
 * outbox, at least once) projects the lead as it is now and hands it to the follow-ups. The write
 * path does both already, so this mostly finds them at the lead's version and does nothing; it
 * repairs what a crash interrupted. No inbox: both are idempotent per lead and version.
 */
@Injectable()
export class LeadProjectorConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(INVESTMENT_CONFIG) private readonly config: InvestmentConfig,
    @InjectModel(LEAD_MODEL) private readonly leads: Model<LeadDocument>,
    private readonly projections: LeadProjections,
    private readonly followUps: FollowUpsService,
    @InjectPinoLogger('lead-projector') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'lead-projector',
      groupId: `${this.config.kafka.groupId}-lead-projector`,
      topics: [LeadEvents.opened, LeadEvents.stageChanged, LeadEvents.changed],
      logger: this.logger.logger,
      handler: async (envelope) => {
        const doc = await this.leads
          .findById(envelope.payload.lead.id, { outbox: 0, outboxPending: 0 })
          .lean<LeadDocument>()
          .exec();
        if (!doc) return;
        await this.projections.project(doc);
        // The follow-ups hear of the change here too: the writer's direct hand-over may have failed.
        await this.followUps.onLeadChanged(snapshotOf(doc));
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
