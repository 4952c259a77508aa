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
  type UpdateExpertCommand,
} from '@qingshui/contracts';
import { outboxEntry, recordEvent, type CommandContext } from '@qingshui/messaging';
import { EXPERT_MODEL, type ExpertDocument } from './expert.schema';
import { canEditExpert, changedFields } from './expert.rules';
import { OutboxRelayService } from '../outbox-relay.service';

const DUPLICATE_KEY = 11000;
const MAX_UPDATE_ATTEMPTS = 5;

export function toProfile(doc: ExpertDocument): ExpertProfile {
  return {
    id: doc._id,
    userId: doc.userId,
    ...(doc.orgId ? { orgId: doc.orgId } : {}),
    name: doc.name,
    institution: doc.institution,
    title: doc.title,
    fields: doc.fields,
    skills: doc.skills,
    bio: doc.bio,
    region: doc.region,
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

const PROFILE_PROJECTION = { outbox: 0, outboxPending: 0 } as const;

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
    const now = new Date();
    const id = randomUUID();
    const profile: ExpertProfile = {
      id,
      userId: principal.userId,
      ...(principal.orgId ? { orgId: principal.orgId } : {}),
      ...input,
      version: 1,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    const event = createEnvelope({
      type: TalentEvents.expertRegistered,
      key: id,
      actor: principal.userId,
      correlationId,
      payload: { expert: profile },
      occurredAt: now,
    });
    try {
      await this.collection.insertOne({
        _id: id,
        userId: principal.userId,
        ...(principal.orgId ? { orgId: principal.orgId } : {}),
        ...input,
        version: 1,
        createdAt: now,
        updatedAt: now,
        outbox: [outboxEntry(TalentEvents.expertRegistered, event)],
        outboxPending: true,
      });
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) {
        throw AppError.duplicate('You already have an expert profile; change it with PATCH instead');
      }
      throw error;
    }
    this.relay.kick();
    return profile;
  }

  async get(id: string): Promise<ExpertProfile> {
    const doc = await this.experts.findById(id, PROFILE_PROJECTION).lean<ExpertDocument>().exec();
    if (!doc) throw AppError.notFound(`No expert with id ${id}`);
    return toProfile(doc);
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
      const current = await this.get(id);
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
        payload: { expert: next, changed },
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

  async list(query: ListExpertsQuery): Promise<ExpertPage> {
    const filter: Record<string, unknown> = {};
    if (query.field) filter['fields'] = query.field;
    if (query.region) filter['region'] = query.region;
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
    return { items: docs.map(toProfile), total, page: query.page, pageSize: query.pageSize };
  }
}
