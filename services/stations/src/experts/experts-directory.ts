import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { TalentEvents, type ExpertField, type ExpertProfile } from '@qingshui/contracts';
import { subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { STATIONS_CONFIG } from '../tokens';
import type { StationsConfig } from '../config';

/** What the stations service needs to know of an expert: tour eligibility. Keyed by user id. */
export interface ExpertFacts {
  _id: string;
  expertId: string;
  verified: boolean;
  fields: ExpertField[];
  version: number;
}

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * A local copy of the talent service's expert profiles, kept from its events (from the beginning
 * of the topics for a new deployment). Writes are guarded by the profile's version, so replays
 * and out-of-order redeliveries never move a record backwards.
 */
@Injectable()
export class ExpertsDirectory implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(STATIONS_CONFIG) private readonly config: StationsConfig,
    @InjectConnection() private readonly connection: Connection,
    @InjectPinoLogger('experts-directory') private readonly logger: PinoLogger,
  ) {}

  private get collection(): Collection<ExpertFacts> {
    return this.connection.db!.collection<ExpertFacts>('experts');
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'experts',
      groupId: `${this.config.kafka.groupId}-experts`,
      topics: [TalentEvents.expertRegistered, TalentEvents.expertUpdated],
      fromBeginning: true,
      logger: this.logger.logger,
      handler: async (envelope) => {
        await this.apply((envelope.payload as { expert: ExpertProfile }).expert);
      },
    });
  }

  async apply(expert: ExpertProfile): Promise<void> {
    const facts = {
      expertId: expert.id,
      verified: expert.verified,
      fields: expert.fields,
      version: expert.version,
    };
    // A replay (a new deployment reads the topics from the start) mostly brings what is known:
    // a read by id is cheap, a write is not (FerretDB serialises writes and scans for this filter).
    const known = await this.collection.findOne({ _id: expert.userId }, { projection: { version: 1 } });
    if (known && known.version >= expert.version) return;
    try {
      await this.collection.updateOne(
        { _id: expert.userId, version: { $lt: expert.version } },
        { $set: facts },
        { upsert: true },
      );
    } catch (error) {
      // The record exists with this version or a newer one: nothing to do.
      if (!isDuplicate(error)) throw error;
    }
  }

  find(userId: string): Promise<ExpertFacts | null> {
    return this.collection.findOne({ _id: userId });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
