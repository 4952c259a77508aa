import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import {
  AppError,
  ApplicationEvents,
  ChallengeEvents,
  createEnvelope,
  hasRole,
  type ApplicationEventTopic,
  type ApplicationList,
  type ApplicationRef,
  type ApplicationSummary,
  type ApplicationView,
  type AwardChallengeCommand,
  type CancelChallengeCommand,
  type ChallengeAction as ChallengeActionCommand,
  type ChallengeEventTopic,
  type ChallengePage,
  type ChallengePublic,
  type ChallengeView,
  type CreateChallengeInput,
  type ListChallengesQuery,
  type Principal,
  type RejectApplicationCommand,
  type SubmitApplicationCommand,
  type UpdateChallengeCommand,
  type UpdateChallengeInput,
} from '@qingshui/contracts';
import { outboxEntry, type CommandContext, type OutboxEntry } from '@qingshui/messaging';
import { OutboxRelayService } from '../outbox-relay.service';
import { EXPERT_MODEL, type ExpertDocument } from '../experts/expert.schema';
import {
  CHALLENGE_MODEL,
  type ApplicationRecord,
  type ChallengeDocument,
  type HistoryRecord,
} from './challenge.schema';
import {
  assertEditable,
  assertMayApply,
  assertMayPerform,
  canManage,
  canRead,
  canSeeConfidential,
  isSystem,
  nextApplicationStatus,
  nextStatus,
  pairedDistrictOf,
  posterFor,
  type ApplicantFacts,
  type ApplicationAction,
  type ChallengeAction,
  type ChallengeFacts,
} from './challenge.rules';
import { ChallengeDeadlines } from './challenge-deadlines';

const MAX_ATTEMPTS = 5;

function factsOf(doc: ChallengeDocument): ChallengeFacts {
  const awarded = doc.applications.find((a) => a.id === doc.awardedApplicationId);
  return {
    status: doc.status,
    poster: doc.poster,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    deadline: doc.deadline,
    publishedAt: doc.publishedAt ?? undefined,
    termsConfidential: doc.terms.confidentiality,
    termsAcceptedBy: doc.termsAcceptedBy,
    applicantExpertIds: doc.applicantExpertIds,
    awardedUserIds: awarded?.userIds ?? [],
  };
}

function historyView(entry: HistoryRecord) {
  return {
    from: entry.from,
    to: entry.to,
    by: entry.by,
    at: new Date(entry.at).toISOString(),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

export function toPublic(doc: ChallengeDocument): ChallengePublic {
  return {
    id: doc._id,
    title: doc.title,
    publicSummary: doc.publicSummary,
    field: doc.field,
    requiredSkills: doc.requiredSkills,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    reward: doc.reward,
    deadline: doc.deadline.toISOString(),
    terms: doc.terms,
    status: doc.status,
    poster: doc.poster,
    history: doc.history.map(historyView),
    applicationCount: doc.applications.length,
    ...(doc.awardedApplicationId ? { awardedApplicationId: doc.awardedApplicationId } : {}),
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt.toISOString() } : {}),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

export function toView(doc: ChallengeDocument, principal: Principal): ChallengeView {
  const facts = factsOf(doc);
  const confidential = canSeeConfidential(principal, facts);
  return {
    ...toPublic(doc),
    ...(confidential ? { confidentialDetails: doc.confidentialDetails } : {}),
    canSeeConfidential: confidential,
    termsAccepted: doc.termsAcceptedBy.includes(principal.userId),
    canManage: canManage(principal, facts),
  };
}

function summaryOf(app: ApplicationRecord, challengeId: string): ApplicationSummary {
  return {
    id: app.id,
    challengeId,
    leaderExpertId: app.leaderExpertId,
    leaderUserId: app.leaderUserId,
    expertIds: app.expertIds,
    userIds: app.userIds,
    status: app.status,
    ...(app.reason ? { reason: app.reason } : {}),
    submittedAt: new Date(app.submittedAt).toISOString(),
    updatedAt: new Date(app.updatedAt).toISOString(),
  };
}

const toApplicationView = (app: ApplicationRecord, challengeId: string): ApplicationView => ({
  ...summaryOf(app, challengeId),
  proposal: app.proposal,
});

@Injectable()
export class ChallengesService {
  constructor(
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeDocument>,
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    private readonly relay: OutboxRelayService,
    private readonly deadlines: ChallengeDeadlines,
    @InjectPinoLogger('challenges') private readonly logger: PinoLogger,
  ) {}

  /** The driver collection: writes state their preconditions exactly, without mongoose casting. */
  private get collection(): Collection<ChallengeDocument> {
    return this.challenges.collection as unknown as Collection<ChallengeDocument>;
  }

  private event(
    topic: ChallengeEventTopic | ApplicationEventTopic,
    doc: ChallengeDocument,
    payload: object,
    { principal, correlationId }: Pick<CommandContext, 'principal' | 'correlationId'>,
    now: Date,
  ): OutboxEntry {
    return outboxEntry(
      topic,
      createEnvelope({
        type: topic,
        key: doc._id,
        actor: principal.userId,
        correlationId,
        payload: { challenge: toPublic(doc), ...payload },
        occurredAt: now,
      }),
    );
  }

  private async load(id: string): Promise<ChallengeDocument> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc) throw AppError.notFound(`No challenge with id ${id}`);
    return doc as ChallengeDocument;
  }

  /** Loads a challenge the caller may read; one it may not read does not exist for it (404). */
  private async loadReadable(id: string, principal: Principal): Promise<ChallengeDocument> {
    const doc = await this.load(id);
    if (!canRead(principal, factsOf(doc))) throw AppError.notFound(`No challenge with id ${id}`);
    return doc;
  }

  /**
   * Writes `next` (computed from `current`) if nobody changed the challenge meanwhile: the filter
   * states the version read, plus any extra precondition. Returns false when the guard failed.
   */
  private async write(
    current: ChallengeDocument,
    set: Partial<ChallengeDocument>,
    events: OutboxEntry[],
    extra: Filter<ChallengeDocument> = {},
    push: Record<string, unknown> = {},
  ): Promise<boolean> {
    const update = {
      $set: { ...set, version: current.version + 1, outboxPending: true },
      $push: { ...push, outbox: events.length === 1 ? events[0] : { $each: events } },
    } as unknown as UpdateFilter<ChallengeDocument>;
    const result = await this.collection.updateOne(
      { _id: current._id, version: current.version, ...extra } as Filter<ChallengeDocument>,
      update,
    );
    if (result.modifiedCount === 1) {
      this.relay.kick();
      return true;
    }
    return false;
  }

  /** Retries a read-decide-write step on a concurrent change; a stale `expectedVersion` is a 409. */
  private async withRetry<T>(
    id: string,
    principal: Principal,
    expectedVersion: number | undefined,
    step: (current: ChallengeDocument) => Promise<T | undefined>,
  ): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const current = await this.loadReadable(id, principal);
      if (expectedVersion !== undefined && expectedVersion !== current.version) {
        throw AppError.stale(
          `The challenge changed since version ${expectedVersion}; it is at version ${current.version}`,
        );
      }
      const result = await step(current);
      if (result !== undefined) return result;
      if (expectedVersion !== undefined)
        throw AppError.stale('The challenge changed meanwhile; read it again');
    }
    throw new AppError(409, 'CONFLICT', 'The challenge is being changed by others right now; try again');
  }

  /**
   * The deadline job follows the write. If Redis fails here the write stands: the worker
   * reschedules every published challenge at start, and the application filter states the
   * deadline anyway, so no application ever passes it.
   */
  private async afterWrite(id: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.error({ err: error, challengeId: id }, 'deadline job not updated; repaired at next start');
    }
  }

  async create(input: CreateChallengeInput, ctx: CommandContext): Promise<ChallengeView> {
    const poster = posterFor(ctx.principal, input.county);
    const now = new Date();
    const doc: ChallengeDocument = {
      _id: randomUUID(),
      title: input.title,
      publicSummary: input.publicSummary,
      confidentialDetails: input.confidentialDetails,
      field: input.field,
      requiredSkills: input.requiredSkills,
      county: input.county,
      pairedDistrict: pairedDistrictOf(input.county),
      reward: input.reward,
      deadline: new Date(input.deadline),
      terms: input.terms,
      status: 'draft',
      poster,
      history: [{ from: null, to: 'draft', by: ctx.principal.userId, at: now }],
      termsAcceptedBy: [],
      applications: [],
      applicantExpertIds: [],
      version: 1,
      createdAt: now,
      updatedAt: now,
      outbox: [],
      outboxPending: true,
    };
    doc.outbox = [this.event(ChallengeEvents.created, doc, {}, ctx, now)];
    await this.collection.insertOne(doc);
    this.relay.kick();
    return toView(doc, ctx.principal);
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
    const projection = { outbox: 0, outboxPending: 0 };
    const [docs, total] = await Promise.all([
      this.collection
        .find(filter as Filter<ChallengeDocument>, { projection })
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

  async update(
    { id, patch, expectedVersion }: UpdateChallengeCommand,
    ctx: CommandContext,
  ): Promise<ChallengeView> {
    let movedDeadline: Date | undefined;
    const view = await this.withRetry(id, ctx.principal, expectedVersion, async (current) => {
      if (!canManage(ctx.principal, factsOf(current))) {
        throw AppError.forbidden(
          'Only the poster’s organisation, the county’s cadres or an admin may change it',
        );
      }
      const changed = changedChallengeFields(current, patch);
      assertEditable(current.status, changed);
      if (changed.length === 0) return toView(current, ctx.principal);
      const now = new Date();
      const set: Partial<ChallengeDocument> = { updatedAt: now };
      for (const field of changed) {
        (set as Record<string, unknown>)[field] =
          field === 'deadline' ? new Date(patch.deadline!) : patch[field];
      }
      const next = { ...current, ...set, version: current.version + 1 } as ChallengeDocument;
      const topic = current.status === 'draft' ? ChallengeEvents.draftUpdated : ChallengeEvents.updated;
      if (!(await this.write(current, set, [this.event(topic, next, { changed }, ctx, now)])))
        return undefined;
      movedDeadline =
        current.status === 'published' && changed.includes('deadline') ? next.deadline : undefined;
      return toView(next, ctx.principal);
    });
    const moved = movedDeadline;
    if (moved) await this.afterWrite(id, () => this.deadlines.reschedule(id, moved));
    return view;
  }

  /** One lifecycle step: rules, history, event, and the deadline job that goes with it. */
  private async transition(
    action: ChallengeAction,
    id: string,
    ctx: Pick<CommandContext, 'principal' | 'correlationId'>,
    options: { expectedVersion?: number | undefined; reason?: string; applicationId?: string } = {},
  ): Promise<ChallengeView> {
    const view = await this.withRetry(id, ctx.principal, options.expectedVersion, async (current) => {
      const facts = factsOf(current);
      assertMayPerform(ctx.principal, action, facts);
      const to = nextStatus(action, current.status);
      const now = new Date();
      if (action === 'publish' && current.deadline.getTime() <= now.getTime()) {
        throw AppError.validation([
          { field: 'deadline', message: 'Move the deadline into the future first' },
        ]);
      }
      const entry: HistoryRecord = {
        from: current.status,
        to,
        by: ctx.principal.userId,
        at: now,
        ...(options.reason ? { reason: options.reason } : {}),
      };
      const set: Partial<ChallengeDocument> = {
        status: to,
        history: [...current.history, entry],
        updatedAt: now,
        ...(action === 'publish' ? { publishedAt: now } : {}),
      };
      const topic = {
        publish: ChallengeEvents.published,
        close: ChallengeEvents.closed,
        award: ChallengeEvents.awarded,
        deliver: ChallengeEvents.delivered,
        complete: ChallengeEvents.completed,
        cancel: ChallengeEvents.cancelled,
      }[action];
      let awarded: ApplicationRecord | undefined;
      if (action === 'award') {
        const app = current.applications.find((a) => a.id === options.applicationId);
        if (!app) throw AppError.notFound(`No application ${options.applicationId} on this challenge`);
        awarded = {
          ...app,
          status: nextApplicationStatus('award', app.status, current.status),
          updatedAt: now,
        };
        set.applications = current.applications.map((a) => (a.id === app.id ? awarded! : a));
        set.awardedApplicationId = app.id;
      }
      const next = { ...current, ...set, version: current.version + 1 } as ChallengeDocument;
      const events = [this.event(topic, next, { transition: historyView(entry) }, ctx, now)];
      if (awarded) {
        events.push(
          this.event(ApplicationEvents.awarded, next, { application: summaryOf(awarded, id) }, ctx, now),
        );
      }
      return (await this.write(current, set, events)) ? toView(next, ctx.principal) : undefined;
    });
    await this.afterWrite(id, () =>
      action === 'publish'
        ? this.deadlines.schedule(id, new Date(view.deadline))
        : (action === 'close' && !isSystem(ctx.principal)) || action === 'cancel'
          ? this.deadlines.remove(id)
          : Promise.resolve(),
    );
    return view;
  }

  publish(cmd: ChallengeActionCommand, ctx: CommandContext) {
    return this.transition('publish', cmd.id, ctx, cmd);
  }
  close(cmd: ChallengeActionCommand, ctx: CommandContext) {
    return this.transition('close', cmd.id, ctx, cmd);
  }
  cancel(cmd: CancelChallengeCommand, ctx: CommandContext) {
    return this.transition('cancel', cmd.id, ctx, cmd);
  }
  award(cmd: AwardChallengeCommand, ctx: CommandContext) {
    return this.transition('award', cmd.id, ctx, cmd);
  }
  deliver(cmd: ChallengeActionCommand, ctx: CommandContext) {
    return this.transition('deliver', cmd.id, ctx, cmd);
  }
  complete(cmd: ChallengeActionCommand, ctx: CommandContext) {
    return this.transition('complete', cmd.id, ctx, cmd);
  }

  /**
   * The deadline job: closes a challenge that is still published and whose deadline has come.
   * Idempotent: a re-run, or a manual close first, finds nothing to do.
   */
  async closeAtDeadline(
    id: string,
    ctx: Pick<CommandContext, 'principal' | 'correlationId'>,
  ): Promise<boolean> {
    const current = await this.collection.findOne({ _id: id });
    if (!current || current.status !== 'published') return false;
    if (current.deadline.getTime() > Date.now()) {
      // The deadline moved later and this job is stale; the moved deadline has its own job.
      return false;
    }
    try {
      await this.transition('close', id, ctx);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.status === 409) return false;
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

  /** An expert accepts the terms (and may then read the confidential details); idempotent. */
  async acceptTerms({ id }: { id: string }, ctx: CommandContext): Promise<ChallengeView> {
    const { principal } = ctx;
    if (!hasRole(principal, 'expert')) throw AppError.forbidden('Only experts accept a challenge’s terms');
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const current = await this.loadReadable(id, principal);
      if (current.termsAcceptedBy.includes(principal.userId)) return toView(current, principal);
      if (current.status !== 'published') {
        throw new AppError(
          409,
          'CONFLICT',
          `Terms are accepted on a published challenge; this one is ${current.status}`,
        );
      }
      const now = new Date();
      const next = {
        ...current,
        termsAcceptedBy: [...current.termsAcceptedBy, principal.userId],
        version: current.version + 1,
      };
      const ok = await this.write(
        current,
        { termsAcceptedBy: next.termsAcceptedBy },
        [this.event(ChallengeEvents.termsAccepted, next, { userId: principal.userId }, ctx, now)],
        { status: 'published' },
      );
      if (ok) return toView(next, principal);
    }
    throw new AppError(409, 'CONFLICT', 'The challenge is being changed by others right now; try again');
  }

  private async applicant(filter: Record<string, unknown>): Promise<ApplicantFacts[]> {
    const docs = await this.experts
      .find(filter, { _id: 1, userId: 1, orgId: 1 })
      .lean<Pick<ExpertDocument, '_id' | 'userId' | 'orgId'>[]>()
      .exec();
    return docs.map((d) => ({ expertId: d._id, userId: d.userId, orgId: d.orgId }));
  }

  /**
   * 揭榜: the write states every precondition in its filter (still published, deadline ahead,
   * none of these experts on an application yet, the version read), so two concurrent
   * applications can never both pass.
   */
  async submitApplication(
    { id, application }: SubmitApplicationCommand,
    ctx: CommandContext,
  ): Promise<ApplicationView> {
    const { principal } = ctx;
    const [leader] = await this.applicant({ userId: principal.userId });
    const team = application.teamExpertIds.length
      ? await this.applicant({ _id: { $in: application.teamExpertIds } })
      : [];
    const missing = application.teamExpertIds.filter((e) => !team.some((t) => t.expertId === e));
    if (missing.length > 0) {
      throw AppError.validation([
        { field: 'teamExpertIds', message: `No expert with id ${missing.join(', ')}` },
      ]);
    }
    const ordered = application.teamExpertIds.map((e) => team.find((t) => t.expertId === e)!);
    return this.withRetry(id, principal, undefined, async (current) => {
      const now = new Date();
      assertMayApply(principal, factsOf(current), leader, ordered, now);
      const members = [leader!, ...ordered];
      const record: ApplicationRecord = {
        id: randomUUID(),
        leaderExpertId: leader!.expertId,
        leaderUserId: leader!.userId,
        expertIds: members.map((m) => m.expertId),
        userIds: members.map((m) => m.userId),
        proposal: application.proposal,
        status: 'submitted',
        submittedAt: now,
        updatedAt: now,
      };
      const applicantExpertIds = [...current.applicantExpertIds, ...record.expertIds];
      const next = {
        ...current,
        applications: [...current.applications, record],
        applicantExpertIds,
        updatedAt: now,
        version: current.version + 1,
      };
      const ok = await this.write(
        current,
        { applicantExpertIds, updatedAt: now },
        [this.event(ApplicationEvents.submitted, next, { application: summaryOf(record, id) }, ctx, now)],
        {
          status: 'published',
          deadline: { $gt: now },
          applicantExpertIds: { $nin: record.expertIds },
        } as Filter<ChallengeDocument>,
        { applications: record },
      );
      return ok ? toApplicationView(record, id) : undefined;
    });
  }

  /** The poster side sees every application; an expert sees the ones they are on. */
  async listApplications({ id }: { id: string }, { principal }: CommandContext): Promise<ApplicationList> {
    const doc = await this.loadReadable(id, principal);
    const all = canManage(principal, factsOf(doc));
    const items = doc.applications.filter((a) => all || a.userIds.includes(principal.userId));
    return { items: items.map((a) => toApplicationView(a, id)) };
  }

  private async moveApplication(
    action: Exclude<ApplicationAction, 'award'>,
    { id, applicationId }: ApplicationRef,
    ctx: CommandContext,
    reason?: string,
  ): Promise<ApplicationView> {
    return this.withRetry(id, ctx.principal, undefined, async (current) => {
      if (!canManage(ctx.principal, factsOf(current))) {
        throw AppError.forbidden(`Only the poster side may ${action} applications`);
      }
      const app = current.applications.find((a) => a.id === applicationId);
      if (!app) throw AppError.notFound(`No application ${applicationId} on this challenge`);
      const now = new Date();
      const moved: ApplicationRecord = {
        ...app,
        status: nextApplicationStatus(action, app.status, current.status),
        updatedAt: now,
        ...(reason ? { reason } : {}),
      };
      // No positional `$` or arrayFilters on FerretDB: rewrite the array under the version guard.
      const applications = current.applications.map((a) => (a.id === app.id ? moved : a));
      const next = { ...current, applications, updatedAt: now, version: current.version + 1 };
      const topic = action === 'shortlist' ? ApplicationEvents.shortlisted : ApplicationEvents.rejected;
      const ok = await this.write(current, { applications, updatedAt: now }, [
        this.event(topic, next, { application: summaryOf(moved, id) }, ctx, now),
      ]);
      return ok ? toApplicationView(moved, id) : undefined;
    });
  }

  shortlist(ref: ApplicationRef, ctx: CommandContext) {
    return this.moveApplication('shortlist', ref, ctx);
  }
  reject(cmd: RejectApplicationCommand, ctx: CommandContext) {
    return this.moveApplication('reject', cmd, ctx, cmd.reason);
  }
}

/** The fields a patch really changes (arrays and objects compared by content). */
export function changedChallengeFields(
  current: ChallengeDocument,
  patch: UpdateChallengeInput,
): (keyof UpdateChallengeInput)[] {
  return (Object.keys(patch) as (keyof UpdateChallengeInput)[]).filter((key) => {
    if (key === 'deadline') return new Date(patch.deadline!).getTime() !== current.deadline.getTime();
    return JSON.stringify(patch[key]) !== JSON.stringify(current[key]);
  });
}
