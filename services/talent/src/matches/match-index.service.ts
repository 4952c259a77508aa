import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import {
  ChallengeEvents,
  TalentEvents,
  type ChallengeEventPayload,
  type Envelope,
  type EventTopic,
  type ExpertProfile,
} from '@qingshui/contracts';
import { subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { ChallengeIndex, ExpertIndex } from '../matching';
import { EXPERT_MODEL, type ExpertDocument } from '../experts/expert.schema';
import { CHALLENGE_MODEL, type ChallengeDocument } from '../challenges/challenge.schema';
import { TALENT_CONFIG } from '../tokens';
import type { TalentConfig } from '../config';
import {
  matchableChallenge,
  matchableChallengeFromDocument,
  matchableExpert,
  matchableExpertFromDocument,
} from './matchable';

const EXPERT_TOPICS: EventTopic[] = [TalentEvents.expertRegistered, TalentEvents.expertUpdated];
const CHALLENGE_TOPICS: EventTopic[] = Object.values(ChallengeEvents);

/**
 * The in-memory indexes that matching and search answer from. Each instance of the service
 * rebuilds them from MongoDB at start and then follows the service's own events in a consumer
 * group of its own, so every instance sees every change and answers the same. It subscribes
 * before it reads the database, so no change falls between the two; an event older than what
 * the index holds (by aggregate version) is ignored.
 */
@Injectable()
export class MatchIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly experts = new ExpertIndex();
  readonly challenges = new ChallengeIndex();
  private readonly expertVersions = new Map<string, number>();
  private readonly challengeVersions = new Map<string, number>();
  private subscription: ConsumerSubscription | undefined;
  private buffered: { topic: string; envelope: Envelope }[] | undefined = [];

  constructor(
    @Inject(TALENT_CONFIG) private readonly config: TalentConfig,
    @InjectModel(EXPERT_MODEL) private readonly expertModel: Model<ExpertDocument>,
    @InjectModel(CHALLENGE_MODEL) private readonly challengeModel: Model<ChallengeDocument>,
    @InjectPinoLogger('match-index') private readonly logger: PinoLogger,
  ) {}

  get ready(): boolean {
    return this.buffered === undefined;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'index',
      // One group per instance: every instance must see every event.
      groupId: `${this.config.kafka.groupId}-index-${randomUUID()}`,
      topics: [...EXPERT_TOPICS, ...CHALLENGE_TOPICS],
      logger: this.logger.logger,
      concurrency: this.config.kafka.concurrency,
      handler: async (envelope, { topic }) => {
        if (this.buffered) this.buffered.push({ topic, envelope });
        else this.apply(topic, envelope);
      },
    });
    await this.rebuild();
  }

  /** Loads every expert and every challenge, then replays what arrived meanwhile. */
  private async rebuild(): Promise<void> {
    const started = Date.now();
    for await (const doc of this.expertModel.find({}, { outbox: 0 }).lean<ExpertDocument>().cursor()) {
      this.upsertExpert(doc._id, doc.version, () => matchableExpertFromDocument(doc));
    }
    for await (const doc of this.challengeModel
      .find({}, { outbox: 0, applications: 0, confidentialDetails: 0 })
      .lean<ChallengeDocument>()
      .cursor()) {
      this.upsertChallenge(doc._id, doc.version, () => matchableChallengeFromDocument(doc));
    }
    const pending = this.buffered ?? [];
    this.buffered = undefined;
    for (const { topic, envelope } of pending) this.apply(topic, envelope);
    this.logger.info(
      {
        experts: this.experts.size,
        challenges: this.challenges.size,
        replayed: pending.length,
        ms: Date.now() - started,
      },
      'match index built',
    );
  }

  private apply(topic: string, envelope: Envelope): void {
    if (EXPERT_TOPICS.includes(topic as EventTopic)) {
      const expert = (envelope.payload as { expert: ExpertProfile }).expert;
      this.upsertExpert(expert.id, expert.version, () => matchableExpert(expert.id, expert));
    } else if (CHALLENGE_TOPICS.includes(topic as EventTopic)) {
      const { challenge } = envelope.payload as ChallengeEventPayload;
      this.upsertChallenge(challenge.id, challenge.version, () => matchableChallenge(challenge));
    }
  }

  private upsertExpert(id: string, version: number, build: () => ReturnType<typeof matchableExpert>): void {
    if ((this.expertVersions.get(id) ?? 0) >= version) return;
    this.expertVersions.set(id, version);
    this.experts.upsert(build());
  }

  private upsertChallenge(
    id: string,
    version: number,
    build: () => ReturnType<typeof matchableChallenge>,
  ): void {
    if ((this.challengeVersions.get(id) ?? 0) >= version) return;
    this.challengeVersions.set(id, version);
    this.challenges.upsert(build());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
