import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  createEnvelope,
  hasRole,
  TalentEvents,
  type CreateExpertInput,
  type ExpertPage,
  type ExpertProfile,
  type ListExpertsQuery,
  type Principal,
  type UpdateExpertCommand,
  type VerifyExpertCommand,
} from '@qingshui/contracts';
import { outboxEntry, recordEvent, type CommandContext } from '@qingshui/messaging';
import { EXPERT_MODEL, type ExpertDocument } from './expert.schema';
import { canEditExpert, canSeeContact, canVerifyExpert, changedFields } from './expert.rules';
import { OutboxRelayService } from '../outbox-relay.service';

const DUPLICATE_KEY = 11000;
const MAX_UPDATE_ATTEMPTS = 5;

/**
 * The profile as `viewer` may see it; without a viewer (events, which anyone may watch) the
 * contact details are left out. Documents written before a field existed read as its default.
 */
export function toProfile(doc: ExpertDocument, viewer?: Principal): ExpertProfile {
  const base = {
    id: doc._id,
    userId: doc.userId,
    contactVisibility: doc.contactVisibility ?? 'cadres',
  };
  return {
    ...base,
    ...(doc.orgId ? { orgId: doc.orgId } : {}),
    name: doc.name,
    institution: doc.institution,
    title: doc.title,
    fields: doc.fields,
    skills: doc.skills,
    bio: doc.bio,
    region: doc.region,
    academician: doc.academician ?? false,
    honours: doc.honours ?? [],
    languages: doc.languages ?? [],
    availability: (doc.availability ?? []).map(({ from, to, note }) => ({
      from,
      to,
      ...(note ? { note } : {}),
    })),
    ...(canSeeContact(viewer, base) ? { contact: compact(doc.contact ?? {}) } : {}),
    conflictOrgIds: doc.conflictOrgIds ?? [],
    engagements: {
      visits: doc.engagements?.visits ?? 0,
      challengesSolved: doc.engagements?.challengesSolved ?? 0,
    },
    verified: doc.verified ?? false,
    ...(doc.verifiedBy ? { verifiedBy: doc.verifiedBy } : {}),
    ...(doc.verifiedAt ? { verifiedAt: doc.verifiedAt.toISOString() } : {}),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** What an event carries: the profile without contact details. */
export function publicProfile(profile: ExpertProfile): ExpertProfile {
  const { contact: _contact, ...rest } = profile;
  return rest;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * A new expert aggregate with its `registered` event already in its outbox: the one place that
 * shapes a new profile, for registration and for importing a pool (demo seed, bulk onboarding).
 */
export function newExpertDocument(spec: {
  id: string;
  userId: string;
  orgId?: string;
  input: CreateExpertInput;
  correlationId: string;
  actor: string;
  engagements?: { visits: number; challengesSolved: number };
  verified?: boolean;
  now?: Date;
}): ExpertDocument {
  const now = spec.now ?? new Date();
  const doc: ExpertDocument = {
    _id: spec.id,
    userId: spec.userId,
    ...(spec.orgId ? { orgId: spec.orgId } : {}),
    ...spec.input,
    engagements: spec.engagements ?? { visits: 0, challengesSolved: 0 },
    verified: spec.verified ?? false,
    version: 1,
    createdAt: now,
    updatedAt: now,
    outbox: [],
    outboxPending: true,
  };
  const event = createEnvelope({
    type: TalentEvents.expertRegistered,
    key: spec.id,
    actor: spec.actor,
    correlationId: spec.correlationId,
    payload: { expert: publicProfile(toProfile(doc)) },
    occurredAt: now,
  });
  doc.outbox.push(outboxEntry(TalentEvents.expertRegistered, event));
  return doc;
}

const PROFILE_PROJECTION = { outbox: 0, outboxPending: 0, creditedChallenges: 0 } as const;

@Injectable()
export class ExpertsService {
  constructor(
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    private readonly relay: OutboxRelayService,
  ) {}

  /** The driver collection: writes state their preconditions exactly, without mongoose casting. */
  private get collection(): Collection<ExpertDocument> {
    return this.experts.collection as unknown as Collection<ExpertDocument>;
  }

  /** An expert registers their own profile; one per user (unique index on userId). */
  async create(
    input: CreateExpertInput,
    { principal, correlationId }: CommandContext,
  ): Promise<ExpertProfile> {
    if (!hasRole(principal, 'expert'))
      throw AppError.forbidden('Only experts keep a profile in the expert pool');
    const doc = newExpertDocument({
      id: randomUUID(),
      userId: principal.userId,
      ...(principal.orgId ? { orgId: principal.orgId } : {}),
      input,
      correlationId,
      actor: principal.userId,
    });
    const profile = toProfile(doc, principal);
    try {
      await this.collection.insertOne(doc);
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        throw AppError.duplicate('You already have an expert profile; change it with PATCH instead');
      }
      throw error;
    }
    this.relay.kick();
    return profile;
  }

  async get(id: string, viewer?: Principal): Promise<ExpertProfile> {
    return toProfile(await this.load(id), viewer);
  }

  private async load(id: string): Promise<ExpertDocument> {
    const doc = await this.experts.findById(id, PROFILE_PROJECTION).lean<ExpertDocument>().exec();
    if (!doc) throw AppError.notFound(`No expert with id ${id}`);
    return doc;
  }

  /**
   * Applies a patch with optimistic concurrency: the update states the version it read, so two
   * concurrent edits never overwrite each other silently. With `expectedVersion` a stale caller
   * gets 409; without it the read-modify-write is retried.
   */
  async update(
    { id, patch, expectedVersion }: UpdateExpertCommand,
    { principal, correlationId }: CommandContext,
  ): Promise<ExpertProfile> {
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const current = await this.get(id, principal);
      if (!canEditExpert(principal, current))
        throw AppError.forbidden('Only the owner or an admin may edit this profile');
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw AppError.stale(
          `The profile changed since version ${expectedVersion}; it is at version ${current.version}`,
        );
      }
      const changed = changedFields(current, patch);
      if (changed.length === 0) return current;

      const now = new Date();
      const next: ExpertProfile = {
        ...current,
        ...patch,
        version: current.version + 1,
        updatedAt: now.toISOString(),
      };
      const event = createEnvelope({
        type: TalentEvents.expertUpdated,
        key: id,
        actor: principal.userId,
        correlationId,
        payload: { expert: publicProfile(next), changed },
        occurredAt: now,
      });
      const record = recordEvent(outboxEntry(TalentEvents.expertUpdated, event));
      const changes = Object.fromEntries(changed.map((field) => [field, patch[field]]));
      const result = await this.collection.updateOne(
        { _id: id, version: current.version },
        { $set: { ...changes, version: next.version, updatedAt: now, ...record.$set }, $push: record.$push },
      );
      if (result.modifiedCount === 1) {
        this.relay.kick();
        return next;
      }
      if (expectedVersion !== undefined) throw AppError.stale('The profile changed meanwhile; read it again');
    }
    throw new AppError(409, 'CONFLICT', 'The profile is being changed by others right now; try again');
  }

  /**
   * Counts a completed challenge in each awarded expert's track record, once per challenge: the
   * write states the version it read and that the challenge is not yet counted.
   */
  /** Counts a completed challenge for an expert, once per challenge. */
  creditSolvedChallenge(expertId: string, challengeId: string, correlationId: string): Promise<void> {
    return this.creditEngagement({ _id: expertId }, 'challengesSolved', challengeId, correlationId);
  }

  /** Counts a visit tour the expert took part in (checked in at a stop), once per tour. */
  creditVisit(userId: string, tourId: string, correlationId: string): Promise<void> {
    return this.creditEngagement({ userId }, 'visits', tourId, correlationId);
  }

  private async creditEngagement(
    who: { _id: string } | { userId: string },
    kind: 'challengesSolved' | 'visits',
    sourceId: string,
    correlationId: string,
  ): Promise<void> {
    const guard = kind === 'visits' ? 'creditedVisits' : 'creditedChallenges';
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const doc = await this.experts.findOne(who, { outbox: 0 }).lean<ExpertDocument>().exec();
      if (!doc || (doc[guard] ?? []).includes(sourceId)) return;
      const now = new Date();
      const current = toProfile(doc);
      const next: ExpertProfile = {
        ...current,
        engagements: { ...current.engagements, [kind]: current.engagements[kind] + 1 },
        version: current.version + 1,
        updatedAt: now.toISOString(),
      };
      const event = createEnvelope({
        type: TalentEvents.expertUpdated,
        key: doc._id,
        actor: 'system',
        correlationId,
        causationId: sourceId,
        payload: { expert: publicProfile(next), changed: ['engagements'] },
        occurredAt: now,
      });
      const record = recordEvent(outboxEntry(TalentEvents.expertUpdated, event));
      const result = await this.collection.updateOne(
        { _id: doc._id, version: current.version, [guard]: { $ne: sourceId } },
        {
          $set: { engagements: next.engagements, version: next.version, updatedAt: now, ...record.$set },
          $push: { ...record.$push, [guard]: sourceId },
        },
      );
      if (result.modifiedCount === 1) {
        this.relay.kick();
        return;
      }
    }
    throw new Error(
      `could not credit ${kind} ${sourceId} to expert ${JSON.stringify(who)}: too much contention`,
    );
  }

  /** A cadre or an admin vouches for (or withdraws the mark from) an expert's identity. */
  async verify(
    { id, verified }: VerifyExpertCommand,
    { principal, correlationId }: CommandContext,
  ): Promise<ExpertProfile> {
    for (let attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const doc = await this.load(id);
      const current = toProfile(doc, principal);
      if (!canVerifyExpert(principal, current)) {
        throw AppError.forbidden('Only cadres and admins verify experts, and never their own profile');
      }
      if (current.verified === verified) return current;
      const now = new Date();
      const next: ExpertProfile = {
        ...current,
        verified,
        ...(verified ? { verifiedBy: principal.userId, verifiedAt: now.toISOString() } : {}),
        version: current.version + 1,
        updatedAt: now.toISOString(),
      };
      if (!verified) {
        delete next.verifiedBy;
        delete next.verifiedAt;
      }
      const event = createEnvelope({
        type: TalentEvents.expertUpdated,
        key: id,
        actor: principal.userId,
        correlationId,
        payload: { expert: publicProfile(next), changed: ['verified'] },
        occurredAt: now,
      });
      const record = recordEvent(outboxEntry(TalentEvents.expertUpdated, event));
      const result = await this.collection.updateOne(
        { _id: id, version: current.version },
        {
          $set: {
            verified,
            ...(verified ? { verifiedBy: principal.userId, verifiedAt: now } : {}),
            version: next.version,
            updatedAt: now,
            ...record.$set,
          },
          ...(verified ? {} : { $unset: { verifiedBy: '', verifiedAt: '' } }),
          $push: record.$push,
        },
      );
      if (result.modifiedCount === 1) {
        this.relay.kick();
        return next;
      }
    }
    throw new AppError(409, 'CONFLICT', 'The profile is being changed by others right now; try again');
  }

  async list(query: ListExpertsQuery, viewer?: Principal): Promise<ExpertPage> {
    const filter: Record<string, unknown> = {};
    if (query.field) filter['fields'] = query.field;
    if (query.region) filter['region'] = query.region;
    if (query.academician !== undefined) filter['academician'] = query.academician;
    if (query.verified !== undefined) filter['verified'] = query.verified;
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
