import { forwardRef, Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  event,
  type BoothMap,
  type BulkDecisionResult,
  type ExhibitorApplicationInput,
  type ExhibitorDecision,
  type ExhibitorPage,
  type ExhibitorView,
  type ListExhibitorsQuery,
  type Principal,
  type SetBoothRulesBody,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { absent, VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { FAIR_MODEL, type FairDocument } from '../fairs/fair.schema';
import { canManageFair, canReadFair } from '../fairs/fair.rules';
import {
  BOOTH_LEDGER_MODEL,
  EXHIBITOR_MODEL,
  type BoothHolder,
  type BoothLedgerDocument,
  type ExhibitorDocument,
} from './exhibitor.schema';
import {
  checkDecision,
  decideDecision,
  decideNote,
  decideReviewChanges,
  decideSave,
  decideSubmit,
  decideWithdraw,
  exhibitorId,
  exhibitorView,
  refuse,
  refusalOf,
} from './exhibitor.decide';
import { allocate, boothMap, release, resolveBoothRules } from './booths';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const NO_RULES = { maxBoothsPerEnterprise: null, reservedPerCounty: [] };
const REFUSAL_CODES = {
  booth_cap: 'CAP_REACHED',
  booths_exhausted: 'CONFLICT',
  booths_reserved: 'CONFLICT',
  booth_type_unknown: 'CONFLICT',
} as const;

/**
 * Exhibitor applications and the booth ledger of each fair. Accepting is two guarded single-
 * document updates: first the ledger assigns the booths (the allocator decides on the ledger as
 * read, and the write is guarded by its version, so concurrent accepts are decided one after the
 * other), then the application moves to accepted, guarded on its status. A retried accept finds
 * its booths in the ledger and only finishes the application; an application that moved away
 * meanwhile gives its booths back.
 */
@Injectable()
export class ExhibitorsService {
  private readonly apps: VersionedStore<ExhibitorDocument>;
  private readonly ledger: VersionedStore<BoothLedgerDocument>;

  constructor(
    @InjectModel(EXHIBITOR_MODEL) apps: Model<ExhibitorDocument>,
    @InjectModel(BOOTH_LEDGER_MODEL) ledger: Model<BoothLedgerDocument>,
    @InjectModel(FAIR_MODEL) private readonly fairs: Model<FairDocument>,
    // The relay's module imports this part (for its outbox models): a forward reference, and no
    // class in the parameter's type, keeps that import cycle from reading the class too early.
    @Inject(forwardRef(() => OutboxRelayService)) relay: Pick<OutboxRelayService, 'kick'>,
  ) {
    this.apps = new VersionedStore(apps.collection as unknown as Collection<ExhibitorDocument>, {
      noun: 'application',
      publish: (hint) => relay.kick(hint),
    });
    // Every accept of a fair writes its one ledger: many may race, each retries until decided.
    this.ledger = new VersionedStore(ledger.collection as unknown as Collection<BoothLedgerDocument>, {
      noun: 'booth ledger',
      publish: (hint) => relay.kick(hint),
      maxAttempts: 80,
    });
  }

  /** A fair one may read, by `_id`; one one may not read does not exist for them. */
  private async loadFair(id: string, principal: Principal): Promise<FairDocument> {
    const doc = await this.fairs.collection.findOne({ _id: id as never }, { projection: OUTBOX_EXCLUDED });
    if (!doc || !canReadFair(principal, doc as unknown as FairDocument))
      throw AppError.notFound(`No fair with id ${id}`);
    return doc as unknown as FairDocument;
  }

  private async findApp(fairId: string, orgId: string): Promise<ExhibitorDocument | null> {
    return (await this.apps.collection.findOne(
      { _id: exhibitorId(fairId, orgId) } as Filter<ExhibitorDocument>,
      { projection: OUTBOX_EXCLUDED },
    )) as ExhibitorDocument | null;
  }
  private async loadApp(fairId: string, orgId: string): Promise<ExhibitorDocument> {
    const doc = await this.findApp(fairId, orgId);
    if (!doc) throw refuse(404, 'NOT_FOUND', 'not_found', `No application of ${orgId} to fair ${fairId}`);
    return doc;
  }

  private async readLedger(fair: FairDocument): Promise<BoothLedgerDocument> {
    const doc = await this.ledger.collection.findOne({ _id: fair._id } as Filter<BoothLedgerDocument>, {
      projection: OUTBOX_EXCLUDED,
    });
    return (
      (doc as BoothLedgerDocument | null) ??
      absent<BoothLedgerDocument>({
        _id: fair._id,
        organiserOrgId: fair.organiser.orgId,
        rules: NO_RULES,
        holders: [],
      } as unknown as BoothLedgerDocument)
    );
  }

  private ledgerEvent(
    ledger: BoothLedgerDocument,
    holders: BoothHolder[],
    changed: 'rules' | 'assigned' | 'released',
    rules = ledger.rules,
  ) {
    return event('fairs.booths.changed.v1', {
      ledger: {
        fairId: ledger._id,
        organiserOrgId: ledger.organiserOrgId,
        rules,
        holders,
        version: ledger.version + 1,
      },
      changed,
    });
  }

  async get(
    { fairId, orgId }: { fairId: string; orgId: string },
    { principal }: CommandContext,
  ): Promise<ExhibitorView> {
    const fair = await this.loadFair(fairId, principal);
    const doc = await this.loadApp(fairId, orgId);
    const view = exhibitorView(doc, principal, fair);
    if (!view) throw AppError.notFound(`No application of ${orgId} to fair ${fairId}`);
    return view;
  }

  async list(
    query: ListExhibitorsQuery & { fairId: string },
    { principal }: CommandContext,
  ): Promise<ExhibitorPage> {
    const fair = await this.loadFair(query.fairId, principal);
    const reviewer = canManageFair(principal, fair);
    const filter: Record<string, unknown> = { fairId: fair._id };
    if (reviewer) filter['status'] = query.status ?? { $ne: 'draft' };
    else if (query.status && query.status !== 'accepted') filter['status'] = '__none__';
    else filter['status'] = 'accepted';
    if (query.status === 'draft') filter['status'] = '__none__';
    if (query.county) filter['enterprise.region'] = query.county;
    if (query.boothTypeId) filter['boothTypeId'] = query.boothTypeId;
    const [docs, total] = await Promise.all([
      this.apps.collection
        .find(filter as Filter<ExhibitorDocument>, { projection: OUTBOX_EXCLUDED })
        .sort({ createdAt: 1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.apps.collection.countDocuments(filter as Filter<ExhibitorDocument>),
    ]);
    return {
      items: docs.map((doc) => exhibitorView(doc as ExhibitorDocument, principal, fair)!).filter(Boolean),
      total,
      page: query.page,
      pageSize: query.pageSize,
      reviewer,
    };
  }

  async mine({ principal }: CommandContext): Promise<{ items: ExhibitorView[] }> {
    if (!principal.orgId) return { items: [] };
    const docs = (await this.apps.collection
      .find({ 'enterprise.orgId': principal.orgId } as Filter<ExhibitorDocument>, {
        projection: OUTBOX_EXCLUDED,
      })
      .sort({ updatedAt: -1 })
      .limit(200)
      .toArray()) as ExhibitorDocument[];
    const fairs = new Map<string, FairDocument>();
    const items: ExhibitorView[] = [];
    for (const doc of docs) {
      if (!fairs.has(doc.fairId)) {
        const fair = await this.loadFair(doc.fairId, principal).catch(() => undefined);
        if (fair) fairs.set(doc.fairId, fair);
      }
      const fair = fairs.get(doc.fairId);
      const view = fair && exhibitorView(doc, principal, fair);
      if (view) items.push(view);
    }
    return { items };
  }

  async save(
    command: {
      fairId: string;
      orgId: string;
      application: ExhibitorApplicationInput;
      expectedVersion?: number | undefined;
    },
    ctx: CommandContext,
  ): Promise<ExhibitorView> {
    const fair = await this.loadFair(command.fairId, ctx.principal);
    return this.apps.update(
      async () =>
        (await this.findApp(fair._id, command.orgId)) ??
        absent<ExhibitorDocument>({ _id: exhibitorId(fair._id, command.orgId) } as ExhibitorDocument),
      decideSave(command.application, ctx.principal, fair, command.orgId),
      ctx,
      { expectedVersion: command.expectedVersion },
    );
  }

  async submit(
    command: { fairId: string; orgId: string; expectedVersion?: number | undefined },
    ctx: CommandContext,
  ) {
    const fair = await this.loadFair(command.fairId, ctx.principal);
    return this.apps.update(
      () => this.ownApp(fair, command.orgId, ctx.principal),
      decideSubmit(ctx.principal, fair),
      ctx,
      {
        expectedVersion: command.expectedVersion,
      },
    );
  }

  /** The caller's own application (another's does not exist for an enterprise). */
  private async ownApp(fair: FairDocument, orgId: string, principal: Principal) {
    const doc = await this.loadApp(fair._id, orgId);
    if (!exhibitorView(doc, principal, fair)) throw AppError.notFound(`No application of ${orgId}`);
    return doc;
  }

  /** Withdrawn, then its booths freed; a retried withdrawal frees them if the first did not get to. */
  async withdraw(
    command: { fairId: string; orgId: string; expectedVersion?: number | undefined },
    ctx: CommandContext,
  ) {
    const fair = await this.loadFair(command.fairId, ctx.principal);
    const view = await this.apps.update(
      () => this.ownApp(fair, command.orgId, ctx.principal),
      decideWithdraw(ctx.principal, fair),
      ctx,
      { expectedVersion: command.expectedVersion },
    );
    await this.releaseBooths(fair, command.orgId, ctx);
    return view;
  }

  async decide(
    command: {
      fairId: string;
      orgId: string;
      decision: ExhibitorDecision;
      reason?: string | undefined;
      expectedVersion?: number | undefined;
    },
    ctx: CommandContext,
  ): Promise<ExhibitorView> {
    const fair = await this.loadFair(command.fairId, ctx.principal);
    return this.decideOne(fair, command, ctx);
  }

  private async decideOne(
    fair: FairDocument,
    {
      orgId,
      decision,
      reason,
      expectedVersion,
    }: {
      orgId: string;
      decision: ExhibitorDecision;
      reason?: string | undefined;
      expectedVersion?: number | undefined;
    },
    ctx: CommandContext,
  ): Promise<ExhibitorView> {
    const { principal } = ctx;
    const doc = await this.loadApp(fair._id, orgId);
    if (expectedVersion !== undefined && doc.version !== expectedVersion)
      throw AppError.stale(
        `The application changed since version ${expectedVersion}; it is at version ${doc.version}`,
      );
    const options = reason ? { reason } : {};
    if (checkDecision(doc, decision, principal, fair, reason) === 'done')
      return exhibitorView(doc, principal, fair)!;
    if (decision !== 'accept') {
      const view = await this.apps.update(
        () => this.loadApp(fair._id, orgId),
        decideDecision(decision, principal, fair, options),
        ctx,
      );
      // Booths a half-done accept left behind go back (a no-op when there are none).
      await this.releaseBooths(fair, orgId, ctx);
      return view;
    }
    const holder = await this.assignBooths(fair, doc, ctx);
    try {
      return await this.apps.update(
        () => this.loadApp(fair._id, orgId),
        decideDecision('accept', principal, fair, { boothIds: holder.boothIds }),
        ctx,
      );
    } catch (error) {
      // Moved away meanwhile (withdrawn, rejected): its booths go back.
      const now = await this.findApp(fair._id, orgId);
      if (now?.status !== 'accepted') await this.releaseBooths(fair, orgId, ctx);
      throw error;
    }
  }

  /** One guarded update of the ledger: the allocator's booths for this application, or its refusal. */
  private assignBooths(
    fair: FairDocument,
    doc: ExhibitorDocument,
    ctx: CommandContext,
  ): Promise<BoothHolder> {
    return this.ledger.update<BoothHolder>(
      () => this.readLedger(fair),
      (ledger, { now }) => {
        const result = allocate(fair.boothTypes, ledger.rules, ledger.holders, {
          orgId: doc.enterprise.orgId,
          enterpriseName: doc.enterprise.name,
          county: doc.enterprise.region,
          boothTypeId: doc.boothTypeId,
          booths: doc.booths,
        });
        if (!result.ok) throw refuse(409, REFUSAL_CODES[result.reason], result.reason, result.message);
        if (result.already) return { unchanged: result.holder };
        const holders = [...ledger.holders, result.holder];
        return {
          set: {
            organiserOrgId: ledger.organiserOrgId,
            rules: ledger.rules,
            holders,
            ...(ledger.version === 0 ? { createdAt: now } : {}),
          },
          events: [this.ledgerEvent(ledger, holders, 'assigned')],
          reply: result.holder,
        };
      },
      ctx,
    );
  }

  private async releaseBooths(fair: FairDocument, orgId: string, ctx: CommandContext): Promise<void> {
    await this.ledger.update(
      () => this.readLedger(fair),
      (ledger) => {
        const holders = release(ledger.holders, orgId);
        if (!holders || ledger.version === 0) return { unchanged: undefined };
        return {
          set: { holders },
          events: [this.ledgerEvent(ledger, holders, 'released')],
          reply: undefined,
        };
      },
      ctx,
    );
  }

  /** Each item its own decision, answered one by one: a refused item changes nothing and says why. */
  async decideBulk(
    {
      fairId,
      items,
    }: {
      fairId: string;
      items: {
        orgId: string;
        decision: ExhibitorDecision;
        reason?: string | undefined;
        expectedVersion?: number | undefined;
      }[];
    },
    ctx: CommandContext,
  ): Promise<{ results: BulkDecisionResult[] }> {
    const fair = await this.loadFair(fairId, ctx.principal);
    if (!canManageFair(ctx.principal, fair))
      throw AppError.forbidden('Only the organiser’s staff and admins review exhibitors');
    const results: BulkDecisionResult[] = [];
    for (const item of items) {
      try {
        const view = await this.decideOne(fair, item, ctx);
        results.push({
          orgId: item.orgId,
          ok: true,
          ...(view.status ? { status: view.status } : {}),
          boothIds: view.boothIds ?? [],
        });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        results.push({
          orgId: item.orgId,
          ok: false,
          code: error.code,
          reason: refusalOf(error),
          message: error.message,
        });
      }
    }
    return { results };
  }

  async note({ fairId, orgId, text }: { fairId: string; orgId: string; text: string }, ctx: CommandContext) {
    const fair = await this.loadFair(fairId, ctx.principal);
    return this.apps.update(() => this.loadApp(fair._id, orgId), decideNote(text, ctx.principal, fair), ctx);
  }

  async reviewChanges(
    command: {
      fairId: string;
      orgId: string;
      outcome: 'approve' | 'reject';
      reason?: string | undefined;
      expectedVersion?: number | undefined;
    },
    ctx: CommandContext,
  ) {
    const fair = await this.loadFair(command.fairId, ctx.principal);
    return this.apps.update(
      () => this.loadApp(fair._id, command.orgId),
      decideReviewChanges(command.outcome, ctx.principal, fair, command.reason),
      ctx,
      { expectedVersion: command.expectedVersion },
    );
  }

  async booths({ fairId }: { fairId: string }, { principal }: CommandContext): Promise<BoothMap> {
    const fair = await this.loadFair(fairId, principal);
    return boothMap(fair, await this.readLedger(fair), canManageFair(principal, fair));
  }

  async setBoothRules(
    {
      fairId,
      rules,
      expectedVersion,
    }: { fairId: string; rules: SetBoothRulesBody; expectedVersion?: number | undefined },
    ctx: CommandContext,
  ): Promise<BoothMap> {
    const fair = await this.loadFair(fairId, ctx.principal);
    if (!canManageFair(ctx.principal, fair))
      throw AppError.forbidden('Only the organiser’s staff and admins set the booth rules');
    if (fair.status === 'closed' || fair.status === 'cancelled')
      throw refuse(409, 'CONFLICT', 'fair_status', `The fair is ${fair.status}: its booth rules are final`);
    const resolved = resolveBoothRules(rules, fair);
    return this.ledger.update(
      () => this.readLedger(fair),
      (ledger, { now }) => {
        const next = { ...ledger, rules: resolved, version: ledger.version + 1 };
        return {
          set: {
            organiserOrgId: ledger.organiserOrgId,
            rules: resolved,
            holders: ledger.holders,
            ...(ledger.version === 0 ? { createdAt: now } : {}),
          },
          events: [this.ledgerEvent(ledger, ledger.holders, 'rules', resolved)],
          reply: boothMap(fair, next, true),
        };
      },
      ctx,
      { expectedVersion },
    );
  }
}
