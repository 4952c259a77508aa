import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection } from 'mongoose';
import { FairEvents } from '@qingshui/contracts';
import { MongoInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { FAIRS_CONFIG } from '../tokens';
import type { FairsConfig } from '../config';
import { RegistrationJobs } from './registration-jobs';
import { RegistrationsService } from './registrations.service';

/**
 * Runs the offers' expiries, repairs at start what a crash left half done, and cancels the
 * registrations of a cancelled fair (from `fairs.fair.moved.v1`, once per event through an inbox;
 * a repeat finds every registration ended already).
 */
@Injectable()
export class RegistrationsWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(FAIRS_CONFIG) private readonly config: FairsConfig,
    @InjectConnection() private readonly connection: Connection,
    private readonly jobs: RegistrationJobs,
    private readonly registrations: RegistrationsService,
    @InjectPinoLogger('registrations') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.startWorker((job) => this.registrations.expireOffer(job));
    const repaired = await this.registrations.repair();
    this.logger.info(repaired, 'registrations checked');
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'registrations',
      groupId: `${this.config.kafka.groupId}-registrations`,
      topics: [FairEvents.moved],
      logger: this.logger.logger,
      inbox: new MongoInbox(this.connection, 'fairs-registrations'),
      handler: async (envelope) => {
        const { fair } = envelope.payload;
        if (fair.status !== 'cancelled') return;
        const cancelled = await this.registrations.cancelFair(
          fair.id,
          fair.cancelReason,
          envelope.correlationId,
        );
        this.logger.info({ fairId: fair.id, cancelled }, 'registrations of a cancelled fair cancelled');
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
