import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  hasRole,
  type ApplicationList,
  type ApplicationRef,
  type ApplicationView,
  type AwardChallengeCommand,
  type CancelChallengeCommand,
  type ChallengeAction,
  type ChallengePage,
  type ChallengeView,
  type CreateChallengeInput,
  type ListChallengesQuery,
  type MyApplicationList,
  type Principal,
  type RejectApplicationCommand,
  type SubmitApplicationCommand,
  type UpdateChallengeCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { EXPERT_MODEL, type ExpertDocument } from '../experts/expert.schema';
import { CHALLENGE_MODEL, type ChallengeDocument } from './challenge.schema';
import { canManage, canRead, type ApplicantFacts } from './challenge.rules';
import { factsOf, toApplicationView, toView } from './challenge.views';
import { ChallengeDeadlines, type DeadlineJobData } from './challenge-deadlines';
import * as decide from './challenge.decide';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;

/**
 * The use cases of the challenge list (揭榜挂帅): each reads the challenge, lets its pure decision
 * (challenge.decide.ts) say what changes, and has the versioned store write that in one guarded
 * update, with its events in the outbox and its deadline job after the write.
 */
@Injectable()
export class ChallengesService {
  private readonly store: VersionedStore<ChallengeDocument, DeadlineJobData>;

  constructor(
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeDocument>,
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    relay: OutboxRelayService,
    deadlines: ChallengeDeadlines,
  ) {
    this.store = new VersionedStore(this.collection, {
      noun: 'challenge',
      publish: () => relay.kick(),
      jobs: deadlines.port,
    });
  }

  /** The driver collection: writes state their preconditions exactly, without mongoose casting. */
  private get collection(): Collection<ChallengeDocument> {
    return this.challenges.collection as unknown as Collection<ChallengeDocument>;
  }

  /** Reads and decisions never need the outbox, which grows with every event until relayed. */
  private async load(id: string): Promise<ChallengeDocument> {
    const doc = await this.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No challenge with id ${id}`);
    return doc as ChallengeDocument;
  }

  /** Loads a challenge the caller may read; one it may not read does not exist for it (404). */
  private async loadReadable(id: string, principal: Principal): Promise<ChallengeDocument> {
    const doc = await this.load(id);
    if (!canRead(principal, factsOf(doc))) throw AppError.notFound(`No challenge with id ${id}`);
    return doc;
  }

  /** One read-decide-write on a challenge the caller may read. */
  private change<R>(
    id: string,
    ctx: Pick<CommandContext, 'principal' | 'correlationId'>,
    decision: decide.DecideOnChallenge<R>,
    expectedVersion?: number,
  ): Promise<R> {
    return this.store.update(() => this.loadReadable(id, ctx.principal), decision, ctx, { expectedVersion });
  }

  async create(input: CreateChallengeInput, ctx: CommandContext): Promise<ChallengeView> {
    const now = new Date();
    const { doc, events, reply } = decide.create(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  async get(id: string, { principal }: Pick<CommandContext, 'principal'>): Promise<ChallengeView> {
    return toView(await this.loadReadable(id, principal), principal);
  }

  async list(query: ListChallengesQuery, { principal }: CommandContext): Promise<ChallengePage> {
    const filter: Record<string, unknown> = {};
    if (query.status) filter['status'] = query.status;
    if (query.field) filter['field'] = query.field;
    if (query.county) filter['county'] = query.county;
    if (!hasRole(principal, 'admin')) {
      // Never-published challenges only for those concerned (the same rule as canRead).
      const visible: Record<string, unknown>[] = [{ publishedAt: { $exists: true } }];
      if (principal.orgId) visible.push({ 'poster.orgId': principal.orgId });
      if (hasRole(principal, 'cadre') && principal.region) {
        visible.push({ county: principal.region }, { pairedDistrict: principal.region });
      }
      filter['$or'] = visible;
    }
    const [docs, total] = await Promise.all([
      this.collection
        .find(filter as Filter<ChallengeDocument>, { projection: OUTBOX_EXCLUDED })
        .sort({ createdAt: -1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.collection.countDocuments(filter as Filter<ChallengeDocument>),
    ]);
    return {
      items: docs.map((doc) => toView(doc as ChallengeDocument, principal)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async update({ id, patch, expectedVersion }: UpdateChallengeCommand, ctx: CommandContext) {
    return this.change(id, ctx, decide.update(patch, ctx.principal), expectedVersion);
  }
  async publish({ id, expectedVersion }: ChallengeAction, ctx: CommandContext) {
    return this.change(id, ctx, decide.publish(ctx.principal), expectedVersion);
  }
  async close({ id, expectedVersion }: ChallengeAction, ctx: CommandContext) {
    return this.change(id, ctx, decide.close(ctx.principal), expectedVersion);
  }
  async cancel({ id, expectedVersion, reason }: CancelChallengeCommand, ctx: CommandContext) {
    return this.change(id, ctx, decide.cancel({ reason }, ctx.principal), expectedVersion);
  }
  async award({ id, expectedVersion, applicationId }: AwardChallengeCommand, ctx: CommandContext) {
    return this.change(id, ctx, decide.award({ applicationId }, ctx.principal), expectedVersion);
  }
  async deliver({ id, expectedVersion }: ChallengeAction, ctx: CommandContext) {
    return this.change(id, ctx, decide.deliver(ctx.principal), expectedVersion);
  }
  async complete({ id, expectedVersion }: ChallengeAction, ctx: CommandContext) {
    return this.change(id, ctx, decide.complete(ctx.principal), expectedVersion);
  }
  async acceptTerms({ id }: { id: string }, ctx: CommandContext) {
    return this.change(id, ctx, decide.acceptTerms(ctx.principal));
  }

  /**
   * The deadline job: true when it closed the challenge, false when there was nothing to close (a
   * challenge gone, closed already, or whose deadline moved). Contention fails the job, and BullMQ
   * runs it again.
   */
  async closeAtDeadline(id: string, acting: Acting): Promise<boolean> {
    try {
      return await this.store.update(() => this.load(id), decide.closeAtDeadline(), acting);
    } catch (error) {
      if (error instanceof AppError && error.status === 404) return false;
      throw error;
    }
  }

  /** Ids and deadlines of every published challenge: the worker makes sure each has its job. */
  async publishedDeadlines(): Promise<{ id: string; deadline: Date }[]> {
    const docs = await this.collection
      .find({ status: 'published' }, { projection: { _id: 1, deadline: 1 } })
      .toArray();
    return docs.map((doc) => ({ id: doc._id, deadline: doc.deadline }));
  }

  private async applicants(filter: Record<string, unknown>): Promise<ApplicantFacts[]> {
    const docs = await this.experts
      .find(filter, { _id: 1, userId: 1, orgId: 1 })
      .lean<Pick<ExpertDocument, '_id' | 'userId' | 'orgId'>[]>()
      .exec();
    return docs.map((d) => ({ expertId: d._id, userId: d.userId, orgId: d.orgId }));
  }

  /** 揭榜: the applicants' profiles are read first; the decision and its filter do the rest. */
  async submitApplication(
    { id, application }: SubmitApplicationCommand,
    ctx: CommandContext,
  ): Promise<ApplicationView> {
    const [leader] = await this.applicants({ userId: ctx.principal.userId });
    const found = application.teamExpertIds.length
      ? await this.applicants({ _id: { $in: application.teamExpertIds } })
      : [];
    const missing = application.teamExpertIds.filter((e) => !found.some((t) => t.expertId === e));
    if (missing.length > 0) {
      throw AppError.validation([
        { field: 'teamExpertIds', message: `No expert with id ${missing.join(', ')}` },
      ]);
    }
    const team = application.teamExpertIds.map((e) => found.find((t) => t.expertId === e)!);
    return this.change(id, ctx, decide.submitApplication(application, ctx.principal, { leader, team }));
  }

  /** The poster side sees every application; an expert sees the ones they are on. */
  async listApplications({ id }: { id: string }, { principal }: CommandContext): Promise<ApplicationList> {
    const doc = await this.loadReadable(id, principal);
    const all = canManage(principal, factsOf(doc));
    const items = doc.applications.filter((a) => all || a.userIds.includes(principal.userId));
    return { items: items.map((a) => toApplicationView(a, id)) };
  }

  /** An expert's applications, as leader or team member: the challenges their expert id is on. */
  async myApplications({ principal }: CommandContext): Promise<MyApplicationList> {
    const expert = await this.experts
      .findOne({ userId: principal.userId }, { _id: 1 })
      .lean<Pick<ExpertDocument, '_id'>>()
      .exec();
    if (!expert) return { items: [] };
    const docs = await this.collection
      .find({ applicantExpertIds: expert._id } as Filter<ChallengeDocument>, { projection: OUTBOX_EXCLUDED })
      .toArray();
    const items = docs.flatMap((doc) =>
      doc.applications
        .filter((a) => a.userIds.includes(principal.userId))
        .map((a) => ({
          application: toApplicationView(a, doc._id),
          challenge: {
            id: doc._id,
            title: doc.title,
            status: doc.status,
            field: doc.field,
            county: doc.county,
            deadline: new Date(doc.deadline).toISOString(),
          },
        })),
    );
    return {
      items: items.sort((a, b) => b.application.submittedAt.localeCompare(a.application.submittedAt)),
    };
  }

  async shortlist({ id, applicationId }: ApplicationRef, ctx: CommandContext) {
    return this.change(id, ctx, decide.shortlistApplication({ applicationId }, ctx.principal));
  }
  async reject({ id, applicationId, reason }: RejectApplicationCommand, ctx: CommandContext) {
    return this.change(id, ctx, decide.rejectApplication({ applicationId, reason }, ctx.principal));
  }
}
