import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import {
  AppError,
  event,
  type EventSpec,
  type MyRegistrations,
  type Principal,
  type RegisterCommand,
  type RegistrationPage,
  type RegistrationView,
  type SetTicketTypesCommand,
  type TicketTypesView,
  type Waitlist,
  type ListRegistrationsCommand,
} from '@qingshui/contracts';
import { eventEntry, type CommandContext } from '@qingshui/messaging';
import { FAIR_MODEL, type FairDocument } from '../fairs/fair.schema';
import { canManageFair, canReadFair } from '../fairs/fair.rules';
import { InjectRelay, type OutboxKick } from './relay';
import { FAIRS_CONFIG } from '../tokens';
import type { FairsConfig } from '../config';
import { TicketsService } from '../tickets/tickets.service';
import { ticketIdsOf } from '../tickets/ticket-ids';
import {
  LEDGER_MODEL,
  REGISTRATION_MODEL,
  USER_REGISTRATIONS_MODEL,
  type LedgerDocument,
  type RegistrationDocument,
  type UserRegistrationsDocument,
} from './registration.schema';
import {
  applyInc,
  blockOf,
  claimOf,
  decideTicketTypes,
  EMPTY_LEDGER,
  incOf,
  placesOf,
  recount,
  takeFilter,
  waitFilter,
  type Claim,
  type LedgerCounts,
} from './ledger.rules';
import {
  acceptRegistration,
  decideAccept,
  decideApprove,
  decideCancel,
  decideDecline,
  decideExpire,
  decideOffer,
  decideReject,
  fairDates,
  firstThatFits,
  heldStatus,
  isEnded,
  newRegistration,
  positionOf,
  registrationId,
  registrationView,
  type RegistrationTopic,
  type Step,
} from './registration.decide';
import { RegistrationJobs, type OfferExpiryJob } from './registration-jobs';

const NO_OUTBOX = { outbox: 0, outboxPending: 0 } as const;
type Acting = Pick<CommandContext, 'principal' | 'correlationId'>;
export const SYSTEM: Principal = { userId: 'system:fairs', username: 'system', roles: ['admin'] };
const system = (kind: string): Acting => ({ principal: SYSTEM, correlationId: `${kind}-${randomUUID()}` });
/** A change whose second write is older than this is taken as stuck (its writer crashed). */
export const STUCK_AFTER_MS = 60_000;
/** How long a fair and its ticket types read for a registration serve the next ones. */
const RECENT_MS = 2000;
const isOpen = (fair: Pick<FairDocument, 'status'>) =>
  fair.status === 'visitors-open' || fair.status === 'running';

/** At most `limit` at once; the rest wait their turn in order. */
class Gate {
  private running = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly limit: number) {}
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.running += 1;
    try {
      return await task();
    } finally {
      this.running -= 1;
      this.queue.shift()?.();
    }
  }
}

/**
 * Registrations, their places and the waiting list. Every change is written in the same order:
 * the registration first (marked with the step's id in `ledgerDue` when the ledger must follow),
 * then the ledger's guarded `$inc`, then the mark cleared and the tickets written. A crash
 * between leaves a registration marked or `pending`: the repair at start recounts that fair's
 * ledger from its registrations (see `reconcile`).
 */
@Injectable()
export class RegistrationsService {
  readonly regs: Collection<RegistrationDocument>;
  readonly ledgers: Collection<LedgerDocument>;
  private readonly users: Collection<UserRegistrationsDocument>;
  private readonly fairs: Collection<FairDocument>;
  private readonly promoting = new Set<string>();
  /** Registrations written at once by this instance: past a few, FerretDB's writers only wait on each other. */
  private readonly gate: Gate;
  private readonly promoteAgain = new Set<string>();

  constructor(
    @InjectModel(REGISTRATION_MODEL) regs: Model<RegistrationDocument>,
    @InjectModel(LEDGER_MODEL) ledgers: Model<LedgerDocument>,
    @InjectModel(USER_REGISTRATIONS_MODEL) users: Model<UserRegistrationsDocument>,
    @InjectModel(FAIR_MODEL) fairs: Model<FairDocument>,
    @Inject(FAIRS_CONFIG) private readonly config: FairsConfig,
    private readonly tickets: TicketsService,
    private readonly jobs: RegistrationJobs,
    @InjectRelay() private readonly relay: OutboxKick,
    @InjectPinoLogger('registrations') private readonly logger: PinoLogger,
  ) {
    this.regs = regs.collection as unknown as Collection<RegistrationDocument>;
    this.ledgers = ledgers.collection as unknown as Collection<LedgerDocument>;
    this.users = users.collection as unknown as Collection<UserRegistrationsDocument>;
    this.fairs = fairs.collection as unknown as Collection<FairDocument>;
    this.gate = new Gate(config.registerConcurrency);
  }

  // --- reads ---
  async fairOf(fairId: string): Promise<FairDocument | null> {
    return (await this.fairs.findOne({ _id: fairId }, { projection: NO_OUTBOX })) as FairDocument | null;
  }

  private async readableFair(fairId: string, principal: Principal): Promise<FairDocument> {
    const fair = await this.fairOf(fairId);
    if (!fair || !canReadFair(principal, fair)) throw AppError.notFound(`No fair with id ${fairId}`);
    return fair;
  }

  private async managedFair(fairId: string, principal: Principal): Promise<FairDocument> {
    const fair = await this.readableFair(fairId, principal);
    if (!canManageFair(principal, fair))
      throw AppError.forbidden('Only the organiser’s staff and admins manage the fair’s registrations');
    return fair;
  }

  async ledgerOf(fairId: string): Promise<LedgerCounts & { rev?: number }> {
    const doc = await this.ledgers.findOne({ _id: fairId }, { projection: NO_OUTBOX });
    return (doc as LedgerDocument | null) ?? EMPTY_LEDGER;
  }

  private async reg(id: string): Promise<RegistrationDocument | null> {
    return (await this.regs.findOne({ _id: id }, { projection: NO_OUTBOX })) as RegistrationDocument | null;
  }

  /** The registrations of a fair: a read of the whole collection on FerretDB (see the README's scale). */
  private async regsOfFair(
    fairId: string,
    status?: RegistrationDocument['status'],
  ): Promise<RegistrationDocument[]> {
    const filter: Filter<RegistrationDocument> = status ? { fairId, status } : { fairId };
    return (await this.regs.find(filter, { projection: NO_OUTBOX }).toArray()) as RegistrationDocument[];
  }

  // --- ticket types ---
  private typesView(fair: FairDocument, ledger: LedgerCounts, principal: Principal): TicketTypesView {
    const days = fairDates(fair);
    return {
      fairId: fair._id,
      types: ledger.types.map((type) => ({ ...type, places: placesOf(ledger, type.id, days).days })),
      version: ledger.typesVersion,
      canManage: canManageFair(principal, fair),
    };
  }

  async getTypes(fairId: string, { principal }: Acting): Promise<TicketTypesView> {
    const fair = await this.readableFair(fairId, principal);
    return this.typesView(fair, await this.ledgerOf(fairId), principal);
  }

  /** New ticket types in one guarded write: at the version read, and no lowered quota below what is taken. */
  async setTypes(
    { fairId, types, expectedVersion }: SetTicketTypesCommand,
    ctx: Acting,
  ): Promise<TicketTypesView> {
    const fair = await this.managedFair(fairId, ctx.principal);
    if (fair.status === 'closed' || fair.status === 'cancelled')
      throw new AppError(409, 'CONFLICT', `The fair is ${fair.status}: its ticket types stay as they are`);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const ledger = await this.ledgerOf(fairId);
      if (expectedVersion !== undefined && expectedVersion !== ledger.typesVersion)
        throw AppError.stale(
          `The ticket types changed since version ${expectedVersion}; they are at version ${ledger.typesVersion}`,
        );
      const { quota, fresh, lowered } = decideTicketTypes(ledger, fairDates(fair), types);
      const now = new Date();
      const version = ledger.typesVersion + 1;
      const next: LedgerCounts = { ...ledger, types, quota, typesVersion: version };
      for (const p of fresh) next.taken = { ...next.taken, [p]: 0 };
      const places = types.map((t) => placesOf(next, t.id, fairDates(fair)));
      const entry = eventEntry(
        event('fairs.ticket-types.updated.v1', {
          fairId,
          organiserOrgId: fair.organiser.orgId,
          types,
          places,
          version,
        }),
        { key: fairId, actor: ctx.principal.userId, correlationId: ctx.correlationId, occurredAt: now },
      );
      if (ledger.typesVersion === 0) {
        try {
          await this.ledgers.insertOne({
            _id: fairId,
            types,
            typesVersion: 1,
            quota,
            taken: Object.fromEntries(Object.keys(quota).map((p) => [p, 0])),
            waiting: Object.fromEntries(Object.keys(quota).map((p) => [p, 0])),
            org: {},
            seq: 0,
            rev: 1,
            updatedAt: now,
            outbox: [entry],
            outboxPending: true,
          });
        } catch (error) {
          if ((error as { code?: number }).code === 11000) continue;
          throw error;
        }
      } else {
        const filter: Record<string, unknown> = { _id: fairId, typesVersion: ledger.typesVersion };
        for (const [p, q] of Object.entries(lowered)) filter[`taken.${p}`] = { $lte: q };
        const set: Record<string, unknown> = { types, quota, updatedAt: now, outboxPending: true };
        for (const p of fresh) {
          set[`taken.${p}`] = 0;
          set[`waiting.${p}`] = 0;
        }
        const result = await this.ledgers.updateOne(
          filter as Filter<LedgerDocument>,
          {
            $set: set,
            $inc: { typesVersion: 1, rev: 1 },
            $push: { outbox: entry },
          } as never,
        );
        if (result.modifiedCount !== 1) {
          if (expectedVersion !== undefined)
            throw AppError.stale('The ticket types changed meanwhile; read them again');
          continue;
        }
      }
      this.relay.kick({ collection: this.ledgers.collectionName, id: fairId });
      this.recent.delete(fairId);
      // More places may let the line move.
      void this.promote(fairId);
      return this.typesView(fair, next, ctx.principal);
    }
    throw new AppError(409, 'CONFLICT', 'The ticket types are being changed by others right now; try again');
  }

  // --- writes of a registration ---
  private entries(id: string, events: readonly EventSpec[], acting: Acting, now: Date) {
    return events.map((spec) =>
      eventEntry(spec, {
        key: id,
        actor: acting.principal.userId,
        correlationId: acting.correlationId,
        occurredAt: now,
      }),
    );
  }

  /**
   * One guarded write of a registration: at the version read (and `where`), the events in its
   * outbox. False when it changed meanwhile.
   */
  private async write(
    doc: Pick<RegistrationDocument, '_id' | 'version'>,
    change: {
      set?: Partial<RegistrationDocument>;
      unset?: (keyof RegistrationDocument)[];
      where?: Record<string, unknown>;
      events?: EventSpec[];
    },
    acting: Acting,
    now: Date,
  ): Promise<boolean> {
    const outbox = this.entries(doc._id, change.events ?? [], acting, now);
    const set: Record<string, unknown> = { ...change.set, version: doc.version + 1, updatedAt: now };
    const update: Record<string, unknown> = { $set: set };
    if (outbox.length > 0) {
      set['outboxPending'] = true;
      update['$push'] = { outbox: { $each: outbox } };
    }
    const unset = (change.unset ?? []).filter((k) => !(k in set));
    if (unset.length > 0) update['$unset'] = Object.fromEntries(unset.map((k) => [k, '']));
    const result = await this.regs.updateOne(
      { ...change.where, _id: doc._id, version: doc.version } as Filter<RegistrationDocument>,
      update as UpdateFilter<RegistrationDocument>,
    );
    if (result.modifiedCount !== 1) return false;
    if (outbox.length > 0) this.relay.kick({ collection: this.regs.collectionName, id: doc._id });
    return true;
  }

  /** Clears a step's mark, if it is still that step's (a later step has its own). */
  private async clearMark(id: string, field: 'ledgerDue' | 'ticketsDue', stepId: string): Promise<void> {
    await this.regs.updateOne(
      { _id: id, [field]: stepId } as Filter<RegistrationDocument>,
      {
        $unset: { [field]: '' },
      } as UpdateFilter<RegistrationDocument>,
    );
  }

  private summary(fair: FairDocument) {
    return { id: fair._id, title: fair.title, organiserOrgId: fair.organiser.orgId };
  }

  private regEvent(
    topic: RegistrationTopic,
    doc: RegistrationDocument,
    fair: FairDocument,
    ledger: LedgerCounts,
    position?: number,
  ): EventSpec {
    return event(topic, {
      registration: registrationView(doc, position),
      fair: this.summary(fair),
      places: placesOf(ledger, doc.typeId, fairDates(fair)),
    });
  }

  // --- registering ---
  /** Fairs and ticket types as read a moment ago: a registration's guards state what it read, so a stale copy only costs a retry. */
  private readonly recent = new Map<string, { fair: FairDocument; ledger: LedgerCounts; at: number }>();
  private async recentOf(fairId: string, principal: Principal, fresh = false) {
    const cached = this.recent.get(fairId);
    if (!fresh && cached && Date.now() - cached.at < RECENT_MS) {
      if (!canReadFair(principal, cached.fair)) throw AppError.notFound(`No fair with id ${fairId}`);
      return cached;
    }
    const [fair, ledger] = await Promise.all([this.readableFair(fairId, principal), this.ledgerOf(fairId)]);
    const entry = { fair, ledger, at: Date.now() };
    this.recent.set(fairId, entry);
    if (this.recent.size > 1000) this.recent.delete(this.recent.keys().next().value!);
    return entry;
  }

  /**
   * Registers the caller: the registration is written first (`pending`, marked for the ledger),
   * then its places are taken in the ledger with one guarded `$inc` (room for all N, nobody
   * waiting ahead, the organisation under its cap), or it joins the line with the ledger's next
   * sequence number; then its tickets, then its status with its event.
   */
  async register(input: RegisterCommand, ctx: Acting): Promise<RegistrationView> {
    return this.gate.run(() => this.registerNow(input, ctx));
  }

  private async registerNow(input: RegisterCommand, ctx: Acting): Promise<RegistrationView> {
    const { principal } = ctx;
    let { fair, ledger } = await this.recentOf(input.fairId, principal);
    let accepted: ReturnType<typeof acceptRegistration>;
    try {
      accepted = acceptRegistration(input, fair, ledger, principal);
    } catch {
      // Refused on what was read a moment ago: read again before refusing.
      ({ fair, ledger } = await this.recentOf(input.fairId, principal, true));
      accepted = acceptRegistration(input, fair, ledger, principal);
    }
    const id = registrationId(input.fairId, principal.userId);
    const now = new Date();
    const stepId = randomUUID();
    let doc = newRegistration(input, accepted, principal, undefined, now, stepId);
    let existing: RegistrationDocument | null = null;
    const indexed = this.users.updateOne(
      { _id: principal.userId },
      { $set: { [`fairs.${input.fairId}`]: now } },
      { upsert: true },
    );
    try {
      await this.regs.insertOne({ ...doc, outbox: [], outboxPending: false } as never);
    } catch (error) {
      if ((error as { code?: number }).code !== 11000) throw error;
      existing = await this.reg(id);
      if (!existing) throw new AppError(409, 'CONFLICT', 'Your registration is being written; try again');
      if (!isEnded(existing.status)) {
        const same =
          existing.typeId === input.typeId &&
          existing.size === input.size &&
          existing.days.join() === [...input.days].sort().join();
        if (same && existing.status !== 'pending')
          return registrationView(existing, await this.positionFor(existing));
        throw AppError.duplicate('You are registered for this fair already: cancel it to register anew');
      }
      // Registering anew after an end: the same document, its next attempt.
      doc = newRegistration(input, accepted, principal, existing, now, stepId);
      const unset = [
        'windowId',
        'company',
        'orgId',
        'orgKey',
        'offer',
        'waitSeq',
        'reason',
        'ticketsDue',
      ] as const;
      const ok = await this.write(
        existing,
        {
          set: { ...doc, version: existing.version + 1 } as Partial<RegistrationDocument>,
          unset: unset.filter((k) => !(k in doc)) as (keyof RegistrationDocument)[],
          where: { status: existing.status },
        },
        ctx,
        now,
      );
      if (!ok) throw new AppError(409, 'CONFLICT', 'Your registration changed meanwhile; try again');
    }
    await indexed;
    const written: RegistrationDocument = {
      ...doc,
      version: existing ? existing.version + 1 : 1,
      outbox: [],
      outboxPending: false,
    };
    try {
      for (let attempt = 1; attempt <= 8; attempt += 1) {
        const claim = claimOf(written, accepted.type);
        const taken = await this.ledgers.findOneAndUpdate(
          takeFilter(input.fairId, ledger.typesVersion, ledger, claim, {
            behindLine: true,
          }) as Filter<LedgerDocument>,
          { $inc: incOf(claim, { places: 1, line: 0 }), $set: { updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
        if (taken) return await this.settle(written, fair, taken, { kind: 'held' }, ctx, stepId);
        // No room, or someone waits: into the line, if that is why (the organisation under its cap).
        const waited = await this.ledgers.findOneAndUpdate(
          waitFilter(input.fairId, ledger, claim) as Filter<LedgerDocument>,
          { $inc: { ...incOf(claim, { places: 0, line: 1 }), seq: 1 }, $set: { updatedAt: new Date() } },
          { returnDocument: 'after' },
        );
        if (waited)
          return await this.settle(
            written,
            fair,
            waited,
            { kind: 'waiting', seq: waited.seq, claim },
            ctx,
            stepId,
          );
        const before = ledger.typesVersion;
        ({ fair, ledger } = await this.recentOf(input.fairId, principal, true));
        if (ledger.typesVersion !== before) {
          accepted = acceptRegistration(input, fair, ledger, principal);
          continue;
        }
        if (blockOf(ledger, claim, { behindLine: true }) === 'org-cap')
          throw new AppError(
            409,
            'CAP_REACHED',
            `Your organisation already holds its ${claim.org!.cap} places of ${accepted.type.name}`,
          );
      }
      throw new AppError(409, 'CONFLICT', 'The fair’s places are changing fast right now; try again');
    } catch (error) {
      // Refused before any place was taken: the intent goes, as if it had never been.
      if (existing)
        await this.regs.updateOne(
          { _id: id, ledgerDue: stepId },
          { $set: { status: existing.status, attempt: existing.attempt }, $unset: { ledgerDue: '' } },
        );
      else await this.regs.deleteOne({ _id: id, ledgerDue: stepId, status: 'pending' });
      throw error;
    }
  }

  /**
   * The registration's last write, once the ledger holds its places (its tickets written just
   * before: ids from the registration, so a crash and a retry write them once) or its place in line.
   */
  private async settle(
    doc: RegistrationDocument,
    fair: FairDocument,
    ledger: LedgerCounts,
    outcome: { kind: 'held' } | { kind: 'waiting'; seq: number; claim: Claim },
    ctx: Acting,
    stepId: string,
  ): Promise<RegistrationView> {
    const now = new Date();
    let next: RegistrationDocument;
    let topic: RegistrationTopic;
    let position: number | undefined;
    if (outcome.kind === 'held') {
      const status = heldStatus(doc.kind);
      next = {
        ...doc,
        status,
        ticketIds: status === 'confirmed' ? ticketIdsOf(doc._id, doc.attempt, doc.size) : [],
        history: [...doc.history, { status, at: now }],
      };
      topic = status === 'confirmed' ? 'fairs.registration.confirmed.v1' : 'fairs.registration.requested.v1';
      if (status === 'confirmed') await this.tickets.issue(next, now);
    } else {
      next = {
        ...doc,
        status: 'waiting',
        waitSeq: outcome.seq,
        history: [...doc.history, { status: 'waiting', at: now }],
      };
      topic = 'fairs.registration.waitlisted.v1';
      position = Math.max(...outcome.claim.pools.map((p) => ledger.waiting[p] ?? 1));
    }
    const { ledgerDue: _due, ...rest } = next;
    const ok = await this.write(
      doc,
      {
        set: {
          status: rest.status,
          ticketIds: rest.ticketIds,
          history: rest.history,
          ...(rest.waitSeq !== undefined ? { waitSeq: rest.waitSeq } : {}),
        },
        unset: ['ledgerDue'],
        where: { ledgerDue: stepId },
        events: [
          this.regEvent(
            topic,
            { ...rest, version: doc.version + 1 } as RegistrationDocument,
            fair,
            ledger,
            position,
          ),
        ],
      },
      ctx,
      now,
    );
    if (!ok) throw new AppError(409, 'CONFLICT', 'Your registration changed meanwhile; read it again');
    const written = { ...rest, version: doc.version + 1, updatedAt: now } as RegistrationDocument;
    if (
      outcome.kind === 'waiting' &&
      outcome.claim.pools.some((p) => (ledger.taken[p] ?? 0) < (ledger.quota[p] ?? 0))
    )
      void this.promote(doc.fairId);
    return registrationView(written, position);
  }

  private async finishTickets(doc: RegistrationDocument, stepId: string): Promise<void> {
    await this.tickets.issue(doc);
    await this.clearMark(doc._id, 'ticketsDue', stepId);
  }

  // --- the steps of a registration ---
  /**
   * Reads, decides one step, writes the registration (guarded by its version and status, marked
   * for the ledger), then the ledger, the tickets and the jobs; down the line if places came free.
   */
  private async apply(
    id: string,
    decide: (doc: RegistrationDocument, fair: FairDocument, now: Date) => Step | 'unchanged',
    ctx: Acting,
    options: { reason?: (doc: RegistrationDocument) => string } = {},
  ): Promise<RegistrationView> {
    for (let attempt = 1; attempt <= 6; attempt += 1) {
      const doc = await this.reg(id);
      if (!doc) throw AppError.notFound('No such registration');
      const fair = await this.fairOf(doc.fairId);
      if (!fair) throw AppError.notFound('No such fair');
      const now = new Date();
      const step = decide(doc, fair, now);
      if (step === 'unchanged') return registrationView(doc, await this.positionFor(doc));
      if (doc.ledgerDue) {
        // Another step's ledger write is under way (an offer being claimed): after it, not across it.
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
        continue;
      }
      const ledger = await this.ledgerOf(doc.fairId);
      const claim = claimOf(
        doc,
        ledger.types.find((t) => t.id === doc.typeId),
      );
      const inc = incOf(claim, step.ledger);
      const ledgerMoves = step.ledger.places !== 0 || step.ledger.line !== 0;
      const ledgerStep = randomUUID();
      const ticketStep = randomUUID();
      const set: Partial<RegistrationDocument> = {
        ...step.set,
        ...(ledgerMoves ? { ledgerDue: ledgerStep } : {}),
        ...(step.issue
          ? { ticketIds: ticketIdsOf(doc._id, doc.attempt, doc.size), ticketsDue: ticketStep }
          : {}),
        ...(step.revoke ? { ticketsDue: ticketStep } : {}),
      };
      const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now } as RegistrationDocument;
      const after = ledgerMoves ? applyInc(ledger, inc) : ledger;
      const ok = await this.write(
        doc,
        {
          set,
          ...(step.to !== 'offered' ? { unset: ['offer'] as (keyof RegistrationDocument)[] } : {}),
          where: { status: { $in: step.from } },
          events: [this.regEvent(step.topic, next, fair, after)],
        },
        ctx,
        now,
      );
      if (!ok) continue;
      if (ledgerMoves) {
        await this.ledgers.updateOne({ _id: doc.fairId }, { $inc: inc, $set: { updatedAt: now } });
        await this.clearMark(doc._id, 'ledgerDue', ledgerStep);
      }
      if (step.issue) await this.finishTickets(next, ticketStep);
      if (step.revoke) {
        await this.tickets.revoke(
          next,
          options.reason?.(next) ?? step.set.reason ?? '报名已取消',
          fair.organiser.orgId,
          ctx,
        );
        await this.clearMark(doc._id, 'ticketsDue', ticketStep);
      }
      // The offer's job goes with it (unless this is that job running).
      if (doc.status === 'offered' && doc.offer && step.to !== 'offered' && step.to !== 'expired')
        await this.jobs.remove(doc.offer.id);
      if (step.ledger.places === -1 && isOpen(fair)) void this.promote(doc.fairId);
      return registrationView({
        ...next,
        offer: step.to === 'offered' ? next.offer : undefined,
      } as RegistrationDocument);
    }
    throw new AppError(409, 'CONFLICT', 'The registration is being changed by others right now; try again');
  }

  private async refOf(fairId: string, userId: string | undefined, principal: Principal) {
    const fair = await this.readableFair(fairId, principal);
    const manager = canManageFair(principal, fair);
    const who = userId ?? principal.userId;
    if (who !== principal.userId && !manager) throw AppError.notFound('No such registration');
    return { fair, manager, id: registrationId(fairId, who) };
  }

  async cancel(
    { fairId, userId, reason }: { fairId: string; userId?: string | undefined; reason?: string | undefined },
    ctx: Acting,
  ): Promise<RegistrationView> {
    const { manager, id } = await this.refOf(fairId, userId, ctx.principal);
    return this.apply(id, (doc, _fair, now) => decideCancel(doc, ctx.principal, manager, reason, now), ctx);
  }

  async approve(
    { fairId, userId }: { fairId: string; userId: string },
    ctx: Acting,
  ): Promise<RegistrationView> {
    await this.managedFair(fairId, ctx.principal);
    return this.apply(
      registrationId(fairId, userId),
      (doc, _f, now) => decideApprove(doc, ctx.principal, now),
      ctx,
    );
  }

  async reject(
    { fairId, userId, reason }: { fairId: string; userId: string; reason: string },
    ctx: Acting,
  ): Promise<RegistrationView> {
    await this.managedFair(fairId, ctx.principal);
    return this.apply(
      registrationId(fairId, userId),
      (doc, _f, now) => decideReject(doc, ctx.principal, reason, now),
      ctx,
    );
  }

  async acceptOffer(fairId: string, ctx: Acting): Promise<RegistrationView> {
    const { id } = await this.refOf(fairId, undefined, ctx.principal);
    return this.apply(id, (doc, _f, now) => decideAccept(doc, ctx.principal, now), ctx);
  }

  async declineOffer(fairId: string, ctx: Acting): Promise<RegistrationView> {
    const { id } = await this.refOf(fairId, undefined, ctx.principal);
    return this.apply(id, (doc, _f, now) => decideDecline(doc, ctx.principal, now), ctx);
  }

  /** The offer's job: only that offer, if still open (an accepted or ended one is left alone). */
  async expireOffer(job: OfferExpiryJob): Promise<void> {
    const ctx = system('offer-expiry');
    await this.apply(
      registrationId(job.fairId, job.userId),
      (doc, _f, now) => decideExpire(doc, job.offerId, now),
      ctx,
    );
  }

  /** New names on a group's tickets: the changed tickets are re-signed (their old codes refused). */
  async updateMembers(
    {
      fairId,
      name,
      members,
    }: { fairId: string; name?: string | undefined; members: RegistrationDocument['members'] },
    ctx: Acting,
  ): Promise<RegistrationView> {
    const { id, fair } = await this.refOf(fairId, undefined, ctx.principal);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const doc = await this.reg(id);
      if (!doc) throw AppError.notFound('No such registration');
      if (isEnded(doc.status) || doc.status === 'pending')
        throw new AppError(409, 'CONFLICT', `The registration is ${doc.status}: its names stay`);
      if (members.length > doc.size - 1)
        throw AppError.validation([
          { field: 'members', message: `A group of ${doc.size} names at most ${doc.size - 1} others` },
        ]);
      const now = new Date();
      const next = { ...doc, members, ...(name ? { name } : {}), version: doc.version + 1, updatedAt: now };
      const ledger = await this.ledgerOf(fairId);
      const ok = await this.write(
        doc,
        {
          set: { members, ...(name ? { name } : {}) },
          events: [this.regEvent('fairs.registration.changed.v1', next, fair, ledger)],
        },
        ctx,
        now,
      );
      if (!ok) continue;
      if (next.status === 'confirmed') await this.tickets.reissue(next, fair.organiser.orgId, ctx);
      return registrationView(next);
    }
    throw new AppError(409, 'CONFLICT', 'The registration is being changed right now; try again');
  }

  // --- the line ---
  /**
   * Offers the places free now to the first in line that fits, one after another, until nobody
   * waiting fits. One run per fair at a time in this instance (a call meanwhile runs it once more
   * after); across instances the claim on the registration and the ledger's guard keep one place
   * from being offered twice.
   */
  async promote(fairId: string): Promise<void> {
    if (this.promoting.has(fairId)) {
      this.promoteAgain.add(fairId);
      return;
    }
    this.promoting.add(fairId);
    try {
      do {
        this.promoteAgain.delete(fairId);
        await this.promoteOnce(fairId);
      } while (this.promoteAgain.has(fairId));
    } catch (error) {
      this.logger.error({ err: error, fairId }, 'promotion failed; the next freed place runs it again');
    } finally {
      this.promoting.delete(fairId);
    }
  }

  private async promoteOnce(fairId: string): Promise<number> {
    let ledger = await this.ledgerOf(fairId);
    if (!Object.values(ledger.waiting).some((w) => w > 0)) return 0;
    const fair = await this.fairOf(fairId);
    if (!fair || !isOpen(fair)) return 0;
    const waiting = await this.regsOfFair(fairId, 'waiting');
    const skipped = new Set<string>();
    let offers = 0;
    for (;;) {
      const next = firstThatFits(
        ledger,
        waiting.filter((w) => !skipped.has(w._id)),
      );
      if (!next) return offers;
      skipped.add(next._id);
      const ctx = system('offer');
      const now = new Date();
      const offer = {
        id: randomUUID(),
        expiresAt: new Date(now.getTime() + this.config.offerTtlSeconds * 1000),
      };
      const step = decideOffer(next, offer, now);
      if (step === 'unchanged') continue;
      const stepId = randomUUID();
      // The claim: only while it still waits at the version read (no event yet).
      if (
        !(await this.write(
          next,
          { set: { ...step.set, ledgerDue: stepId }, where: { status: 'waiting' } },
          ctx,
          now,
        ))
      )
        continue;
      const claimed = { ...next, ...step.set, version: next.version + 1 } as RegistrationDocument;
      const claim = claimOf(
        next,
        ledger.types.find((t) => t.id === next.typeId),
      );
      const after = await this.ledgers.findOneAndUpdate(
        takeFilter(fairId, ledger.typesVersion, ledger, claim, {
          behindLine: false,
        }) as Filter<LedgerDocument>,
        { $inc: incOf(claim, { places: 1, line: -1 }), $set: { updatedAt: new Date() } },
        { returnDocument: 'after' },
      );
      if (!after) {
        // The places went meanwhile: the registration waits in its place again.
        await this.write(
          claimed,
          {
            set: { status: 'waiting', history: next.history },
            unset: ['offer', 'ledgerDue'],
            where: { ledgerDue: stepId },
          },
          ctx,
          new Date(),
        );
        ledger = await this.ledgerOf(fairId);
        skipped.delete(next._id);
        const fresh = await this.reg(next._id);
        const i = waiting.findIndex((w) => w._id === next._id);
        if (fresh && i >= 0) waiting[i] = fresh;
        if (
          firstThatFits(
            ledger,
            waiting.filter((w) => w.status === 'waiting'),
          ) === undefined
        )
          return offers;
        continue;
      }
      ledger = after;
      const told = await this.write(
        claimed,
        {
          unset: ['ledgerDue'],
          where: { ledgerDue: stepId },
          events: [
            this.regEvent(
              'fairs.registration.offered.v1',
              { ...claimed, version: claimed.version + 1 },
              fair,
              after,
            ),
          ],
        },
        ctx,
        new Date(),
      );
      if (!told) this.logger.warn({ id: next._id }, 'offer changed before it was told');
      await this.jobs.schedule(
        { kind: 'offer-expiry', fairId, userId: next.userId, offerId: offer.id },
        offer.expiresAt,
      );
      offers += 1;
    }
  }

  // --- reads of registrations ---
  private async positionFor(doc: RegistrationDocument): Promise<number | undefined> {
    if (doc.status !== 'waiting') return undefined;
    return positionOf(doc, await this.regsOfFair(doc.fairId, 'waiting'));
  }

  async get(
    { fairId, userId }: { fairId: string; userId?: string | undefined },
    ctx: Acting,
  ): Promise<RegistrationView> {
    const { id } = await this.refOf(fairId, userId, ctx.principal);
    const doc = await this.reg(id);
    if (!doc || doc.status === 'failed') throw AppError.notFound('No registration at this fair');
    return registrationView(doc, await this.positionFor(doc));
  }

  async mine({ principal }: Acting): Promise<MyRegistrations> {
    const user = await this.users.findOne({ _id: principal.userId });
    const items: MyRegistrations['items'] = [];
    for (const fairId of Object.keys(user?.fairs ?? {})) {
      const [doc, fair] = await Promise.all([
        this.reg(registrationId(fairId, principal.userId)),
        this.fairOf(fairId),
      ]);
      if (!doc || !fair || doc.status === 'failed' || doc.status === 'pending') continue;
      items.push({ ...registrationView(doc, await this.positionFor(doc)), fairTitle: fair.title });
    }
    items.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return { items };
  }

  async list(query: ListRegistrationsCommand, ctx: Acting): Promise<RegistrationPage> {
    const fair = await this.managedFair(query.fairId, ctx.principal);
    const all = await this.regsOfFair(query.fairId);
    const waiting = all.filter((r) => r.status === 'waiting');
    const q = query.q?.toLowerCase();
    const matches = all
      .filter((r) => r.status !== 'pending' && r.status !== 'failed')
      .filter((r) => !query.typeId || r.typeId === query.typeId)
      .filter((r) => !query.status || r.status === query.status)
      .filter((r) => !query.day || r.days.includes(query.day))
      .filter(
        (r) =>
          !q ||
          [r.name, r.company?.name, r.orgId, ...r.members.flatMap((m) => [m.name, m.organisation])]
            .filter((s): s is string => !!s)
            .some((s) => s.toLowerCase().includes(q)),
      )
      .sort((a, b) => +new Date(a.createdAt) - +new Date(b.createdAt) || a._id.localeCompare(b._id));
    const ledger = await this.ledgerOf(query.fairId);
    const start = (query.page - 1) * query.pageSize;
    return {
      items: matches
        .slice(start, start + query.pageSize)
        .map((r) => registrationView(r, positionOf(r, waiting))),
      total: matches.length,
      page: query.page,
      pageSize: query.pageSize,
      places: ledger.types.map((t) => placesOf(ledger, t.id, fairDates(fair))),
    };
  }

  async waitlist(fairId: string, paging: { page: number; pageSize: number }, ctx: Acting): Promise<Waitlist> {
    await this.managedFair(fairId, ctx.principal);
    const line = (await this.regsOfFair(fairId))
      .filter((r) => r.status === 'waiting' || r.status === 'offered')
      .filter((r) => r.waitSeq !== undefined)
      .sort((a, b) => a.waitSeq! - b.waitSeq!);
    const waiting = line.filter((r) => r.status === 'waiting');
    const from = (paging.page - 1) * paging.pageSize;
    return {
      fairId,
      items: line.slice(from, from + paging.pageSize).map((r) => registrationView(r, positionOf(r, waiting))),
      total: line.length,
      ...paging,
    };
  }

  // --- the fair cancelled ---
  /** Every registration of a cancelled fair cancelled (its tickets revoked, its person told); a repeat finds nothing left. */
  async cancelFair(fairId: string, reason: string | undefined, correlationId: string): Promise<number> {
    await this.tickets.markFairCancelled(fairId);
    this.recent.delete(fairId);
    const ctx: Acting = { principal: SYSTEM, correlationId };
    const why = `展会已取消${reason ? `：${reason}` : ''}`.slice(0, 1000);
    let cancelled = 0;
    const pass = async () => {
      for (const reg of await this.regsOfFair(fairId)) {
        if (isEnded(reg.status)) continue;
        await this.apply(
          reg._id,
          (doc, _f, now) =>
            doc.status === 'pending' ? 'unchanged' : decideCancel(doc, SYSTEM, true, why, now),
          ctx,
        );
        cancelled += 1;
      }
    };
    await pass();
    // A registration that read the fair open a moment before it was cancelled lands after the
    // first pass (instances keep what they read for RECENT_MS): a second pass finds it.
    await new Promise((resolve) => setTimeout(resolve, RECENT_MS + 500));
    await pass();
    return cancelled;
  }

  // --- repair ---
  /**
   * Recounts a fair's ledger from its registrations (places of those that hold them, the line of
   * those waiting) and writes it only if the ledger did not move meanwhile. Registrations stuck
   * `pending` for longer than STUCK_AFTER_MS are failed first (their person registers again).
   * Limits: it skips a fair while a change is in flight (a mark younger than STUCK_AFTER_MS), so
   * it is meant for the start of the service; a change that stalls longer than that between its
   * two writes could be counted twice (never a place given twice: the recount only follows the
   * registrations' statuses).
   */
  async reconcile(fairId: string, now = new Date()): Promise<boolean> {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const ledger = (await this.ledgers.findOne(
        { _id: fairId },
        { projection: NO_OUTBOX },
      )) as LedgerDocument | null;
      if (!ledger) return false;
      const regs = await this.regsOfFair(fairId);
      const fresh = (r: RegistrationDocument) =>
        now.getTime() - new Date(r.updatedAt).getTime() < STUCK_AFTER_MS;
      if (regs.some((r) => (r.ledgerDue || r.status === 'pending') && fresh(r))) return false;
      const stuck = regs.filter((r) => r.status === 'pending');
      const fair = stuck.length > 0 ? await this.fairOf(fairId) : null;
      for (const r of stuck) {
        // Its tickets may have been written just before the crash: they are revoked.
        if (fair)
          await this.tickets.revoke(
            { fairId, ticketIds: ticketIdsOf(r._id, r.attempt, r.size) },
            '报名未完成',
            fair.organiser.orgId,
            system('repair'),
          );
      }
      for (const r of stuck)
        await this.regs.updateOne(
          { _id: r._id, version: r.version, status: 'pending' },
          {
            $set: {
              status: 'failed',
              history: [...r.history, { status: 'failed', at: now }],
              updatedAt: now,
            },
            $unset: { ledgerDue: '' },
          },
        );
      const current = regs.map((r) => (r.status === 'pending' ? { ...r, status: 'failed' as const } : r));
      const counts = recount(ledger, current);
      const result = await this.ledgers.updateOne(
        { _id: fairId, rev: ledger.rev },
        { $set: { ...counts, updatedAt: now }, $inc: { rev: 1 } },
      );
      if (result.modifiedCount === 1) {
        for (const r of regs.filter((r) => r.ledgerDue))
          await this.regs.updateOne({ _id: r._id, ledgerDue: r.ledgerDue } as Filter<RegistrationDocument>, {
            $unset: { ledgerDue: '' },
          });
        return true;
      }
    }
    return false;
  }

  /**
   * At start: recounts the fairs with registrations stuck mid-way, finishes tickets left half
   * written, and schedules every open offer's expiry again (job ids are the offers': no doubles).
   */
  async repair(): Promise<{ fairs: number; tickets: number; offers: number }> {
    const stuck = (await this.regs
      .find(
        {
          $or: [
            { ledgerDue: { $exists: true } },
            { ticketsDue: { $exists: true } },
            { status: 'pending' },
            { status: 'offered' },
          ],
        },
        { projection: NO_OUTBOX },
      )
      .toArray()) as RegistrationDocument[];
    const fairs = new Set(stuck.filter((r) => r.ledgerDue || r.status === 'pending').map((r) => r.fairId));
    let recounted = 0;
    for (const fairId of fairs)
      if (await this.reconcile(fairId)) {
        recounted += 1;
        // Places a crash kept from anyone go down the line now.
        void this.promote(fairId);
      }
    let tickets = 0;
    const ctx = system('repair');
    for (const r of stuck.filter((r) => r.ticketsDue)) {
      const fair = await this.fairOf(r.fairId);
      if (r.status === 'confirmed') await this.tickets.issue(r);
      else if (isEnded(r.status) && fair)
        await this.tickets.revoke(r, r.reason ?? '报名已取消', fair.organiser.orgId, ctx);
      await this.clearMark(r._id, 'ticketsDue', r.ticketsDue!);
      tickets += 1;
    }
    const offered = stuck.filter((r) => r.status === 'offered' && r.offer);
    for (const r of offered)
      await this.jobs.schedule(
        { kind: 'offer-expiry', fairId: r.fairId, userId: r.userId, offerId: r.offer!.id },
        new Date(r.offer!.expiresAt),
      );
    return { fairs: recounted, tickets, offers: offered.length };
  }
}
