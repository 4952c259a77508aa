import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection, Model } from 'mongoose';
import { ChallengeEvents, SlotEvents } from '@qingshui/contracts';
import { MongoInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { CHALLENGE_MODEL, type ChallengeDocument } from '../challenges/challenge.schema';
import { TALENT_CONFIG } from '../tokens';
import type { TalentConfig } from '../config';
import { ExpertsService } from './experts.service';

/**
 * Keeps the experts' track record from other records' events: a completed challenge counts for
 * every expert of its awarded application; a visit tour counts once the expert is checked in. One consumer group for all
 * instances, an inbox against redelivery, and a per-expert guard against counting twice.
 */
@Injectable()
export class EngagementsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(TALENT_CONFIG) private readonly config: TalentConfig,
    @InjectConnection() private readonly connection: Connection,
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeDocument>,
    private readonly experts: ExpertsService,
    @InjectPinoLogger('engagements') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'engagements',
      groupId: `${this.config.kafka.groupId}-engagements`,
      topics: [ChallengeEvents.completed, SlotEvents.checkedIn],
      logger: this.logger.logger,
      inbox: new MongoInbox(this.connection, 'talent-engagements'),
      // Both credits are the expert decisions (expert.decide.ts) through the same use cases as a
      // command's: one guarded update each, counted once per source.
      handler: async (envelope) => {
        if (envelope.type === SlotEvents.checkedIn) {
          const { slot, booking } = envelope.payload;
          if (slot.kind === 'tour')
            await this.experts.creditVisit(booking.userId, slot.id, envelope.correlationId);
          return;
        }
        const { challenge } = envelope.payload;
        const doc = await this.challenges
          .findById(challenge.id, { applications: 1, awardedApplicationId: 1 })
          .lean<ChallengeDocument>()
          .exec();
        const awarded = doc?.applications.find((a) => a.id === doc.awardedApplicationId);
        for (const expertId of awarded?.expertIds ?? []) {
          await this.experts.creditSolvedChallenge(expertId, challenge.id, envelope.correlationId);
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
