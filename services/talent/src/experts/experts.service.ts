import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  type CreateExpertInput,
  type ExpertPage,
  type ExpertProfile,
  type ListExpertsQuery,
  type Principal,
  type UpdateExpertCommand,
  type VerifyExpertCommand,
} from '@qingshui/contracts';
import { eventEntry, type CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { EXPERT_MODEL, type ExpertDocument } from './expert.schema';
import { toProfile } from './expert.views';
import * as decide from './expert.decide';
import { OutboxRelayService } from '../outbox-relay.service';

const DUPLICATE_KEY = 11000;

/** Who credits the track record: the platform itself, from other records' events. */
const SYSTEM = { userId: 'system' };

/**
 * A new expert document with its `registered` event already in its outbox, for importing a pool
 * (the demo seed) exactly as registration shapes one.
 */
export function newExpertDocument(
  spec: decide.NewExpertSpec & { correlationId: string; actor: string; now?: Date },
): ExpertDocument {
  const now = spec.now ?? new Date();
  const { doc, events } = decide.newExpert(spec, now);
  const outbox = events.map((e) =>
    eventEntry(e, { key: doc._id, actor: spec.actor, correlationId: spec.correlationId, occurredAt: now }),
  );
  return { ...doc, outbox, outboxPending: true };
}

const PROFILE_PROJECTION = { outbox: 0, outboxPending: 0, creditedChallenges: 0 } as const;

/**
 * The use cases of the expert pool: each reads the profile, lets its pure decision
 * (expert.decide.ts) say what changes, and has the versioned store write that in one guarded
 * update with its event in the outbox.
 */
@Injectable()
export class ExpertsService {
  private readonly store: VersionedStore<ExpertDocument>;

  constructor(
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    relay: OutboxRelayService,
  ) {
    this.store = new VersionedStore(this.experts.collection as unknown as Collection<ExpertDocument>, {
      noun: 'profile',
      publish: () => relay.kick(),
    });
  }

  async create(input: CreateExpertInput, ctx: CommandContext): Promise<ExpertProfile> {
    const now = new Date();
    const { doc, events, reply } = decide.register(input, ctx.principal, { now, newId: randomUUID });
    try {
      await this.store.insert(doc, events, ctx, now);
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        throw AppError.duplicate('You already have an expert profile; change it with PATCH instead');
      }
      throw error;
    }
    return reply;
  }

  async get(id: string, viewer?: Principal): Promise<ExpertProfile> {
    return toProfile(await this.load(id), viewer);
  }

  private async load(id: string): Promise<ExpertDocument> {
    const doc = await this.experts.findById(id, PROFILE_PROJECTION).lean<ExpertDocument>().exec();
    if (!doc) throw AppError.notFound(`No expert with id ${id}`);
    return doc;
  }

  /** The decision compares the expected version itself (after the right to edit), so none is passed here. */
  async update({ id, ...cmd }: UpdateExpertCommand, ctx: CommandContext): Promise<ExpertProfile> {
    return this.store.update(() => this.load(id), decide.update(cmd, ctx.principal), ctx);
  }

  async verify({ id, verified }: VerifyExpertCommand, ctx: CommandContext): Promise<ExpertProfile> {
    return this.store.update(() => this.load(id), decide.verify({ verified }, ctx.principal), ctx);
  }

  /** Counts a completed challenge for an expert, once per challenge; true if it counted now. */
  creditSolvedChallenge(expertId: string, challengeId: string, correlationId: string): Promise<boolean> {
    return this.credit(
      { _id: expertId },
      decide.creditSolvedChallenge(challengeId),
      challengeId,
      correlationId,
    );
  }

  /** Counts a visit tour the expert took part in (checked in at a stop), once per tour. */
  creditVisit(userId: string, tourId: string, correlationId: string): Promise<boolean> {
    return this.credit({ userId }, decide.creditVisit(tourId), tourId, correlationId);
  }

  /** Someone without an expert profile has no track record to count in: nothing to do. */
  private async credit(
    who: { _id: string } | { userId: string },
    decision: decide.DecideOnExpert<boolean>,
    sourceId: string,
    correlationId: string,
  ): Promise<boolean> {
    const read = async () => {
      const doc = await this.experts.findOne(who, { outbox: 0 }).lean<ExpertDocument>().exec();
      if (!doc) throw AppError.notFound(`No expert ${JSON.stringify(who)}`);
      return doc;
    };
    try {
      return await this.store.update(read, decision, {
        principal: SYSTEM,
        correlationId,
        causationId: sourceId,
      });
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return false;
      throw error;
    }
  }

  async list(query: ListExpertsQuery, viewer?: Principal): Promise<ExpertPage> {
    const filter: Record<string, unknown> = {};
    if (query.field) filter['fields'] = query.field;
    if (query.region) filter['region'] = query.region;
    if (query.academician !== undefined) filter['academician'] = query.academician;
    if (query.verified !== undefined) filter['verified'] = query.verified;
    if (query.userIds) filter['userId'] = { $in: query.userIds };
    const [docs, total] = await Promise.all([
      this.experts
        .find(filter, PROFILE_PROJECTION)
        .sort({ createdAt: -1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .lean<ExpertDocument[]>()
        .exec(),
      this.experts.countDocuments(filter).exec(),
    ]);
    return {
      items: docs.map((doc) => toProfile(doc, viewer)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
