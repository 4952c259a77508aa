import { randomUUID } from 'node:crypto';
import { forwardRef, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  hasRole,
  type CommandRequest,
  type EnterpriseRef,
  type InvestmentField,
  type InvestmentLeadView,
  type LeadCard,
  type LeadCardPage,
  type LeadCommands,
  type LeadOrigin,
  type LeadTotals,
  type Principal,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type DecisionContext } from '@qingshui/persistence';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import { OutboxRelayService } from '../outbox-relay.service';
import { AssignmentService, type PickedOwner } from '../assignment/assignment.service';
import { FollowUpsService } from '../assignment/follow-ups.service';
import { LEAD_MODEL, type LeadDocument } from './lead.schema';
import {
  assertMayCreate,
  assertReadable,
  decideActivity,
  decideAddTask,
  decideCreate,
  decideMerge,
  decideMove,
  decideOriginEvent,
  decideReassign,
  decideRequestLanding,
  decideSetTask,
  decideStatus,
  decideUpdate,
  decideVerifyLanding,
  isOpen,
  leadView,
  snapshotOf,
  type LeadDecision,
  type NewLead,
} from './lead.decide';
import { LeadProjections } from './lead-projections';
import { leadIdOfOrigin } from './lead-ids';
import { sumTotals, totalsScope } from './lead-totals';

type Request<N extends keyof typeof LeadCommands> = CommandRequest<(typeof LeadCommands)[N]>;

/** A lead born elsewhere: from a fair's booth scan or an awarded challenge (lineage). */
export interface OpenFromOriginInput {
  /**
   * Identifies the lead for its origin, so a replayed event opens no second one: for a fair scan
   * `fair-scan:<exhibitorOrgId>:<visitorUserId>` (one lead per enterprise-visitor pair), for a
   * challenge `challenge:<challengeId>`.
   */
  originKey: string;
  enterprise: EnterpriseRef;
  county: string;
  field?: InvestmentField;
  title: string;
  origin: LeadOrigin;
  /** The event's id: a later event for the same key becomes one activity, once. */
  eventId: string;
  /** The activity recorded when the lead exists already (a rescan, another contact). */
  activity: { kind: 'meeting' | 'visit' | 'call' | 'email' | 'note'; at: string; summary: string };
}

const READ = { projection: { outbox: 0, outboxPending: 0 } } as const;
const byActivity = (a: LeadCard, b: LeadCard) => b.lastActivityAt.localeCompare(a.lastActivityAt);
const page = (cards: LeadCard[], p: number, size: number): LeadCardPage => ({
  items: cards.sort(byActivity).slice((p - 1) * size, p * size),
  total: cards.length,
  page: p,
  pageSize: size,
});

/**
 * Leads and the pipeline (issue #11, item 4): one document per lead, each command a pure decision
 * (lead.decide.ts) written through the versioned store with its event. After every committed
 * change: the read models (totals, boards) and the assignment part's follow-ups are told. Owners'
 * capacity is claimed before a write that needs an owner and given back when the write does not
 * happen, or when the lead closes, lands or changes owner.
 */
@Injectable()
export class LeadsService {
  readonly store: VersionedStore<LeadDocument>;
  readonly leads: Collection<LeadDocument>;
  private readonly logger = new Logger('leads');

  constructor(
    @InjectModel(LEAD_MODEL) model: Model<LeadDocument>,
    // The relay's module lists this part's outbox models: a forward reference.
    @Inject(forwardRef(() => OutboxRelayService)) relay: Pick<OutboxRelayService, 'kick'>,
    private readonly assignment: AssignmentService,
    private readonly followUps: FollowUpsService,
    readonly projections: LeadProjections,
  ) {
    this.leads = model.collection as unknown as Collection<LeadDocument>;
    this.store = new VersionedStore(this.leads, { noun: 'lead', publish: (hint) => relay.kick(hint) });
  }

  private read = async (id: string): Promise<LeadDocument> => {
    const doc = (await this.leads.findOne({ _id: id }, READ)) as LeadDocument | null;
    if (!doc) throw AppError.notFound(`No lead with id ${id}`);
    return doc;
  };

  /** After a committed change: the read models, then the follow-ups (neither undoes the change). */
  private async committed(before: NewLead | undefined, after: NewLead): Promise<void> {
    if (before && before.version === after.version) return;
    try {
      await this.projections.project(after);
    } catch (error) {
      this.logger.error(`lead ${after._id} v${after.version}: projection failed: ${String(error)}`);
    }
    try {
      await this.followUps.onLeadChanged(snapshotOf(after));
    } catch (error) {
      this.logger.warn(`lead ${after._id} v${after.version}: follow-ups failed: ${String(error)}`);
    }
  }

  /**
   * One read-decide-write of a lead by a principal who may read it (others: 404), then what
   * follows a committed change.
   */
  private async change(
    id: string,
    ctx: Pick<CommandContext, 'principal' | 'correlationId'>,
    decide: (doc: LeadDocument, context: DecisionContext) => LeadDecision,
    expectedVersion?: number,
  ): Promise<{ before: NewLead; after: NewLead }> {
    let before: NewLead | undefined;
    const after = await this.store.update(
      async () => {
        const doc = (await this.leads.findOne({ _id: id }, READ)) as LeadDocument | null;
        assertReadable(ctx.principal, doc, id);
        before = doc;
        return doc as LeadDocument;
      },
      decide,
      ctx,
      { expectedVersion },
    );
    await this.committed(before, after);
    return { before: before!, after };
  }

  async get(id: string, principal: Principal): Promise<InvestmentLeadView> {
    const doc = (await this.leads.findOne({ _id: id }, READ)) as LeadDocument | null;
    assertReadable(principal, doc, id);
    return leadView(doc);
  }

  private async claimOwner(leadId: string, county: string, field?: InvestmentField, amountYuan?: number) {
    return this.assignment.claimOwner({
      leadId,
      county,
      ...(field ? { field } : {}),
      ...(amountYuan !== undefined ? { amountYuan } : {}),
    });
  }

  async create(input: Request<'create'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    assertMayCreate(ctx.principal, input);
    const id = randomUUID();
    const owner: PickedOwner | undefined = input.ownerId
      ? await this.assignment.claimNamedOwner({ leadId: id, county: input.county }, input.ownerId)
      : await this.claimOwner(id, input.county, input.field, input.values.estimatedAmountYuan);
    const now = new Date();
    try {
      const { doc, events } = decideCreate(
        {
          id,
          title: input.title,
          enterprise: input.enterprise,
          county: input.county,
          field: input.field,
          needId: input.needId,
          projectId: input.projectId,
          values: input.values,
          origin: { kind: 'manual' },
          owner,
        },
        ctx.principal,
        now,
      );
      await this.store.insert(doc, events, ctx, now);
      await this.committed(undefined, doc);
      return leadView(doc);
    } catch (error) {
      if (owner) await this.assignment.releaseOwner(owner.userId, id);
      throw error;
    }
  }

  async update(input: Request<'update'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const { after } = await this.change(
      input.id,
      ctx,
      (doc, { now }) => decideUpdate(doc, input, ctx.principal, now),
      input.expectedVersion,
    );
    return leadView(after);
  }

  async move(input: Request<'move'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const current = await this.read(input.id);
    assertReadable(ctx.principal, current, input.id);
    const pairCoordinator =
      input.to === 'signed' ? await this.assignment.isPairCoordinator(ctx.principal, current.county) : false;
    // A move to assigned without an owner asks the county's rules for one first; a refused move gives it back.
    const claimed =
      input.to === 'assigned' && !current.owner && current.stage === 'prospect'
        ? await this.claimOwner(
            current._id,
            current.county,
            current.field,
            input.values.estimatedAmountYuan ?? current.values.estimatedAmountYuan,
          )
        : undefined;
    try {
      const { after } = await this.change(
        input.id,
        ctx,
        (doc, { now }) =>
          decideMove(doc, input, ctx.principal, { pairCoordinator, claimedOwner: claimed }, now),
        input.expectedVersion,
      );
      if (claimed && after.owner?.userId !== claimed.userId)
        await this.assignment.releaseOwner(claimed.userId, current._id);
      return leadView(after);
    } catch (error) {
      if (claimed) await this.assignment.releaseOwner(claimed.userId, current._id);
      throw error;
    }
  }

  async requestLanding(input: Request<'requestLanding'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const current = await this.read(input.id);
    assertReadable(ctx.principal, current, input.id);
    const pairCoordinator = await this.assignment.isPairCoordinator(ctx.principal, current.county);
    const { after } = await this.change(
      input.id,
      ctx,
      (doc, { now }) => decideRequestLanding(doc, input, ctx.principal, { pairCoordinator }, now),
      input.expectedVersion,
    );
    return leadView(after);
  }

  async verifyLanding(input: Request<'verifyLanding'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const { before, after } = await this.change(
      input.id,
      ctx,
      (doc, { now }) => decideVerifyLanding(doc, input, ctx.principal, now),
      input.expectedVersion,
    );
    if (isOpen(before) && !isOpen(after) && after.owner)
      await this.assignment.releaseOwner(after.owner.userId, after._id);
    return leadView(after);
  }

  async setStatus(input: Request<'setStatus'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const current = await this.read(input.id);
    assertReadable(ctx.principal, current, input.id);
    const reopening =
      !isOpen(current) && current.stage !== 'landed' && !['lost', 'abandoned'].includes(input.status);
    // A reopened lead takes its owner's capacity again (refused when they have no room).
    if (reopening && current.owner)
      await this.assignment.claimNamedOwner(
        { leadId: current._id, county: current.county },
        current.owner.userId,
      );
    try {
      const { before, after } = await this.change(
        input.id,
        ctx,
        (doc, { now }) => decideStatus(doc, input, ctx.principal, now),
        input.expectedVersion,
      );
      if (isOpen(before) && !isOpen(after) && after.owner)
        await this.assignment.releaseOwner(after.owner.userId, after._id);
      return leadView(after);
    } catch (error) {
      if (reopening && current.owner) await this.assignment.releaseOwner(current.owner.userId, current._id);
      throw error;
    }
  }

  async reassign(input: Request<'reassign'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const current = await this.read(input.id);
    assertReadable(ctx.principal, current, input.id);
    if (current.owner?.userId === input.ownerId) return leadView(current);
    const owner = await this.assignment.claimNamedOwner(
      { leadId: current._id, county: current.county },
      input.ownerId,
    );
    try {
      const { before, after } = await this.change(
        input.id,
        ctx,
        (doc, { now }) => decideReassign(doc, owner, input.reason, ctx.principal, now),
        input.expectedVersion,
      );
      if (before.owner && before.owner.userId !== after.owner?.userId)
        await this.assignment.releaseOwner(before.owner.userId, after._id);
      if (!isOpen(after)) await this.assignment.releaseOwner(owner.userId, after._id);
      return leadView(after);
    } catch (error) {
      await this.assignment.releaseOwner(owner.userId, current._id);
      throw error;
    }
  }

  async addActivity(input: Request<'addActivity'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const activityId = randomUUID();
    const { after } = await this.change(input.id, ctx, (doc, { now }) =>
      decideActivity(
        doc,
        { id: activityId, kind: input.kind, at: input.at, people: input.people, summary: input.summary },
        ctx.principal,
        now,
      ),
    );
    return leadView(after);
  }

  async addTask(input: Request<'addTask'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const taskId = randomUUID();
    const { after } = await this.change(input.id, ctx, (doc, { now }) =>
      decideAddTask(doc, { id: taskId, title: input.title, dueAt: input.dueAt }, ctx.principal, now),
    );
    return leadView(after);
  }

  async setTask(input: Request<'setTask'>, ctx: CommandContext): Promise<InvestmentLeadView> {
    const { after } = await this.change(input.id, ctx, (doc, { now }) =>
      decideSetTask(doc, input, ctx.principal, now),
    );
    return leadView(after);
  }

  // --- lists (boards kept by the projections, read by `_id`) ---
  async list(input: Request<'list'>, principal: Principal): Promise<LeadCardPage> {
    let counties: readonly string[];
    if (hasRole(principal, 'admin')) counties = input.county ? [input.county] : COUNTY_IDS;
    else {
      const own =
        hasRole(principal, 'cadre') && principal.region ? pairOf(principal.region)?.county.id : undefined;
      if (!own) throw AppError.forbidden('The pipeline is for the cadres of a pair and admins');
      if (input.county && input.county !== own)
        throw AppError.forbidden('A cadre sees the pipeline of their own county and pair only');
      counties = [own];
    }
    const cards = (await Promise.all(counties.map((c) => this.projections.cards(`county:${c}`)))).flat();
    const wanted = cards.filter(
      (c) => (!input.stage || c.stage === input.stage) && (!input.status || c.status === input.status),
    );
    return page(wanted, input.page, input.pageSize);
  }

  async mine(input: Request<'mine'>, principal: Principal): Promise<LeadCardPage> {
    const board =
      hasRole(principal, 'enterprise') && principal.orgId
        ? `org:${principal.orgId}`
        : `owner:${principal.userId}`;
    return page(await this.projections.cards(board), input.page, input.pageSize);
  }

  async landingRequests(input: Request<'landingRequests'>, principal: Principal): Promise<LeadCardPage> {
    if (!hasRole(principal, 'admin'))
      throw AppError.forbidden('Landings are verified by the cooperation office');
    return page(await this.projections.cards('verify'), input.page, input.pageSize);
  }

  async totals(input: Request<'totals'>, principal: Principal): Promise<LeadTotals> {
    const counties = totalsScope(principal, input);
    const docs = await this.projections.totalsOf(counties);
    return sumTotals(docs, counties, input);
  }

  // --- lineage (the enterprises part's consumers call these) ---

  /** Opens the origin's lead, or records the event as an activity of the one that exists. Idempotent. */
  async openFromOrigin(
    input: OpenFromOriginInput,
    ctx: CommandContext,
  ): Promise<{ leadId: string; created: boolean }> {
    const id = leadIdOfOrigin(input.originKey);
    const existing = (await this.leads.findOne({ _id: id }, READ)) as LeadDocument | null;
    if (!existing) {
      const owner = await this.claimOwner(id, input.county, input.field);
      const now = new Date();
      const { doc, events } = decideCreate(
        {
          id,
          title: input.title,
          enterprise: input.enterprise,
          county: input.county,
          field: input.field,
          values: {},
          origin: input.origin,
          originKey: input.originKey,
          originEventId: input.eventId,
          owner,
          activity: { id: randomUUID(), ...input.activity, people: [], eventId: input.eventId },
        },
        ctx.principal,
        now,
      );
      try {
        await this.store.insert(doc, events, ctx, now);
        await this.committed(undefined, doc);
        return { leadId: id, created: true };
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) {
          if (owner) await this.assignment.releaseOwner(owner.userId, id);
          throw error;
        }
        // Another delivery opened it meanwhile: record this event on it as below.
        if (owner) await this.assignment.releaseOwner(owner.userId, id);
      }
    }
    let before: NewLead | undefined;
    const after = await this.store.update(
      async () => {
        const doc = await this.read(id);
        before = doc;
        return doc;
      },
      (doc, { now, newId }) =>
        decideOriginEvent(
          doc,
          {
            eventId: input.eventId,
            origin: input.origin,
            activity: { id: newId(), ...input.activity, people: [] },
          },
          ctx.principal,
          now,
        ),
      ctx,
    );
    await this.committed(before, after);
    return { leadId: id, created: false };
  }

  /** A merge: every lead of `from` now names `to` (history says which merge). Returns how many moved. */
  async moveEnterprise(
    from: EnterpriseRef,
    to: EnterpriseRef,
    mergeId: string,
    ctx: CommandContext,
  ): Promise<number> {
    // The enterprise's board lists its leads (by `_id`, never a filter over the leads).
    const cards = await this.projections.cards(`enterprise:${from.enterpriseId}`);
    let moved = 0;
    for (const card of cards) {
      let before: NewLead | undefined;
      const after = await this.store.update(
        async () => {
          const doc = await this.read(card.id);
          before = doc;
          return doc;
        },
        (doc, { now }) => decideMerge(doc, { from, to, mergeId }, ctx.principal, now),
        ctx,
      );
      if (before && before.version !== after.version) moved += 1;
      await this.committed(before, after);
    }
    return moved;
  }
}
