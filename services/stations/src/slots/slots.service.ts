import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import {
  AppError,
  createEnvelope,
  SlotEvents,
  type BookingReasonCommand,
  type BookingRef,
  type BookingStatus,
  type BookingView,
  type BookResult,
  type CancelSlotCommand,
  type CheckInCommand,
  type CreateSlotCommand,
  type MyBookingList,
  type MyBookingsQuery,
  type OfferView,
  type RescheduleCommand,
  type SearchSlotsQuery,
  type ExpertField,
  type Principal,
  type SlotEventTopic,
  type SlotList,
  type SlotRef,
  type SlotSummary,
  type SlotView,
} from '@qingshui/contracts';
import { outboxEntry, type CommandContext, type OutboxEntry } from '@qingshui/messaging';
import { OutboxRelayService } from '../outbox-relay.service';
import { StationsService } from '../stations/stations.service';
import {
  SLOT_MODEL,
  type BookingRecord,
  type HoldRecord,
  type OfferRecord,
  type SlotDocument,
} from './slot.schema';
import { CalendarsService, backoff } from './calendars.service';
import { StationJobs, type StationJob } from './station-jobs';
import { ExpertsDirectory } from '../experts/experts-directory';
import {
  assertWindowOpen,
  canManage,
  checkInWindow,
  countSeat,
  decisionDeadline,
  eligibilityRefusal,
  freeSeat,
  offerFreeSeats,
  reminderTime,
  seatRefusal,
  whoOf,
  type Offer,
  type SeatState,
  type Who,
} from './slot.rules';

const MAX_ATTEMPTS = 100;
type Ctx = Pick<CommandContext, 'principal' | 'correlationId' | 'deadline'>;
const ACTIVE = new Set<BookingStatus>(['pending', 'confirmed']);
const iso = (d: Date | string) => new Date(d).toISOString();

function assertOpen(slot: SlotDocument): void {
  if (slot.status === 'cancelled')
    throw new AppError(409, 'CONFLICT', `This was cancelled by the host: ${slot.cancelReason ?? ''}`.trim());
}

export function slotSummary(doc: SlotDocument): SlotSummary {
  return {
    id: doc._id,
    kind: doc.kind,
    status: doc.status ?? 'open',
    ...(doc.cancelReason ? { cancelReason: doc.cancelReason } : {}),
    ...(doc.stationId ? { stationId: doc.stationId } : {}),
    ...(doc.stationName ? { stationName: doc.stationName } : {}),
    ...(doc.address ? { address: doc.address } : {}),
    ...(doc.fields ? { fields: doc.fields as ExpertField[] } : {}),
    ...(doc.title ? { title: doc.title } : {}),
    ...(doc.kind === 'tour' ? { description: doc.description ?? '' } : {}),
    ...(doc.stops ? { stops: doc.stops } : {}),
    ...(doc.eligibility ? { eligibility: doc.eligibility } : {}),
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    counties: doc.counties,
    pairedDistricts: doc.pairedDistricts,
    hostOrgId: doc.hostOrgId,
    start: doc.start.toISOString(),
    end: doc.end.toISOString(),
    capacity: doc.capacity,
    seatsTaken: doc.seatsTaken,
    approvalRequired: doc.approvalRequired,
    ...(doc.maxPerOrg !== undefined && doc.maxPerOrg !== null ? { maxPerOrg: doc.maxPerOrg } : {}),
    ...(doc.maxPerRegion !== undefined && doc.maxPerRegion !== null
      ? { maxPerRegion: doc.maxPerRegion }
      : {}),
    opensAt: doc.opensAt.toISOString(),
    closesAt: doc.closesAt.toISOString(),
    offerTtlSeconds: doc.offerTtlSeconds,
    approvalTtlSeconds: doc.approvalTtlSeconds,
    reminderLeadSeconds: doc.reminderLeadSeconds,
    noShowGraceSeconds: doc.noShowGraceSeconds,
    waitlistLength: doc.waitlist.length,
    offersOpen: doc.offers.length,
    version: doc.version,
  };
}

export function bookingView(b: BookingRecord, slot: SlotDocument): BookingView {
  return {
    id: b.id,
    slotId: slot._id,
    ...(slot.stationId ? { stationId: slot.stationId } : {}),
    userId: b.userId,
    ...(b.orgId ? { orgId: b.orgId } : {}),
    ...(b.region ? { region: b.region } : {}),
    status: b.status,
    ...(b.reason ? { reason: b.reason } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
    ...(b.decideBy ? { decideBy: iso(b.decideBy) } : {}),
    ...(b.movedFrom ? { movedFrom: b.movedFrom } : {}),
    ...(b.movedTo ? { movedTo: b.movedTo } : {}),
    checkIns: (b.checkIns ?? []).map((c) => ({ stop: c.stop, at: iso(c.at), by: c.by })),
    ...(b.attendance ? { attendance: b.attendance } : {}),
    ...(b.remindedAt ? { remindedAt: iso(b.remindedAt) } : {}),
    start: slot.start.toISOString(),
    end: slot.end.toISOString(),
    createdAt: new Date(b.createdAt).toISOString(),
    updatedAt: new Date(b.updatedAt).toISOString(),
  };
}

const offerView = (o: OfferRecord, slotId: string): OfferView => ({
  id: o.id,
  slotId,
  userId: o.userId,
  expiresAt: new Date(o.expiresAt).toISOString(),
});

function slotView(doc: SlotDocument, principal: Principal): SlotView {
  const manager = canManage(principal, doc);
  const position = doc.waitlist.indexOf(principal.userId);
  const offer = doc.offers.find((o) => o.userId === principal.userId);
  return {
    ...slotSummary(doc),
    bookings: doc.bookings
      .filter((b) => manager || b.userId === principal.userId)
      .map((b) => bookingView(b, doc)),
    ...(position >= 0 ? { myWaitlistPosition: position + 1 } : {}),
    ...(offer ? { myOffer: offerView(offer, doc._id) } : {}),
    ...(manager ? { waitlist: doc.waitlist } : {}),
    canManage: manager,
  };
}

/** Counter keys are organisation and region ids, checked by the contracts to hold no '.' or '$'. */
const orgKey = (orgId: string) => `orgCounts.${orgId}`;
const regionKey = (region: string) => `regionCounts.${region}`;

/** What a guarded step writes, and what follows once it is written. */
interface Write<T> {
  set: Partial<SlotDocument>;
  events: OutboxEntry[];
  /** Jobs to add and to remove after the write (deterministic ids; a lost one is repaired at start). */
  schedule?: { job: StationJob; at: Date }[];
  unschedule?: StationJob[];
  after?: () => Promise<void>;
  result: T;
}
type Decision<T> = { write: Write<T> } | { noop: T };

/** One booking request waiting for its slot's next batch. */
interface PendingBooking {
  who: Who;
  ctx: Ctx;
  resolve: (outcome: BatchOutcome) => void;
}
type BatchOutcome = { kind: 'done'; seat: boolean; result: BookResult } | { kind: 'error'; error: unknown };

/** Requests decided in one write at most (a write rewrites the whole slot document anyway). */
const MAX_BATCH = 500;
/** A decision this close to the caller's deadline would reach it too late: it is not made. */
const REPLY_MARGIN_MS = 250;
const CACHE_MS = 1000;
const CACHE_SLOTS = 2000;

/** A new booking for `who`: pending with a decision deadline when the host approves bookings. */
function newBooking(slot: SlotDocument, who: Who, id: string, now: Date, movedFrom?: string): BookingRecord {
  const pending = slot.approvalRequired;
  return {
    id,
    userId: who.userId,
    ...(who.orgId ? { orgId: who.orgId } : {}),
    ...(who.region ? { region: who.region } : {}),
    status: pending ? 'pending' : 'confirmed',
    ...(pending ? { decideBy: decisionDeadline(now, slot.approvalTtlSeconds, slot.start) } : {}),
    ...(movedFrom ? { movedFrom } : {}),
    checkIns: [],
    createdAt: now,
    updatedAt: now,
  };
}

const reminderJob = (slot: SlotDocument, bookingId: string): StationJob => ({
  kind: 'reminder',
  slotId: slot._id,
  bookingId,
  startMs: slot.start.getTime(),
});
const approvalJob = (slotId: string, bookingId: string): StationJob => ({
  kind: 'approval-expiry',
  slotId,
  bookingId,
});

@Injectable()
export class SlotsService {
  /** Booking requests waiting for their slot's next batch, and the slots being drained. */
  private readonly pending = new Map<string, PendingBooking[]>();
  private readonly draining = new Set<string>();
  /** Slots as last read or written here, for the checks before a request joins a batch. */
  private readonly recent = new Map<string, { doc: SlotDocument; at: number }>();
  private readonly loading = new Map<string, Promise<SlotDocument>>();

  constructor(
    @InjectModel(SLOT_MODEL) private readonly slots: Model<SlotDocument>,
    private readonly stations: StationsService,
    private readonly calendars: CalendarsService,
    private readonly jobs: StationJobs,
    private readonly experts: ExpertsDirectory,
    private readonly relay: OutboxRelayService,
    @InjectPinoLogger('slots') private readonly logger: PinoLogger,
  ) {}

  private get collection(): Collection<SlotDocument> {
    return this.slots.collection as unknown as Collection<SlotDocument>;
  }

  private event(
    topic: SlotEventTopic,
    doc: SlotDocument,
    extra: {
      booking?: BookingRecord;
      offer?: OfferRecord;
      userId?: string;
      waitlistPosition?: number;
      /** Set when the event moved the line: everyone waiting learns their new place. */
      lineMoved?: boolean;
    },
    ctx: Ctx,
    now: Date,
  ): OutboxEntry {
    return outboxEntry(
      topic,
      createEnvelope({
        type: topic,
        key: doc._id,
        actor: ctx.principal.userId,
        correlationId: ctx.correlationId,
        payload: {
          slot: slotSummary(doc),
          ...(extra.booking ? { booking: bookingView(extra.booking, doc) } : {}),
          ...(extra.offer ? { offer: offerView(extra.offer, doc._id) } : {}),
          ...(extra.userId ? { userId: extra.userId } : {}),
          ...(extra.waitlistPosition ? { waitlistPosition: extra.waitlistPosition } : {}),
          ...(extra.lineMoved && doc.waitlist.length > 0 ? { waitlist: doc.waitlist } : {}),
        },
        occurredAt: now,
      }),
    );
  }

  private offerEvents(next: SlotDocument, made: Offer[], ctx: Ctx, now: Date): OutboxEntry[] {
    return made.map((offer, i) =>
      this.event(
        SlotEvents.offerMade,
        next,
        { offer, userId: offer.userId, lineMoved: i === made.length - 1 },
        ctx,
        now,
      ),
    );
  }

  private offerJobs(slotId: string, made: Offer[]): { job: StationJob; at: Date }[] {
    return made.map((o) => ({ job: { kind: 'offer-expiry', slotId, offerId: o.id }, at: o.expiresAt }));
  }

  /** The reminder and, while pending, the approval deadline of a new booking. */
  private bookingJobs(
    slot: SlotDocument,
    booking: BookingRecord,
    now: Date,
  ): { job: StationJob; at: Date }[] {
    const jobs: { job: StationJob; at: Date }[] = [];
    const remindAt = reminderTime(slot.start, slot.reminderLeadSeconds, now);
    if (remindAt) jobs.push({ job: reminderJob(slot, booking.id), at: remindAt });
    if (booking.status === 'pending' && booking.decideBy)
      jobs.push({ job: approvalJob(slot._id, booking.id), at: new Date(booking.decideBy) });
    return jobs;
  }

  private async runJobs(schedule: { job: StationJob; at: Date }[] = [], unschedule: StationJob[] = []) {
    await Promise.all([
      ...schedule.map(({ job, at }) => this.jobs.scheduleQuietly(job, at)),
      ...unschedule.map((job) => this.jobs.remove(job)),
    ]);
  }

  // Decisions never need the pending events: they are only ever appended with $push.
  async load(id: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 0 } });
    if (!doc) throw AppError.notFound(`No slot or tour with id ${id}`);
    return doc as SlotDocument;
  }

  private async loadByBooking(bookingId: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ bookingIds: bookingId }, { projection: { outbox: 0 } });
    if (!doc) throw AppError.notFound(`No booking with id ${bookingId}`);
    return doc as SlotDocument;
  }

  /**
   * One guarded read-decide-write: `decide` computes the change and its events from what was
   * read; the write happens only if nobody changed the slot meanwhile (else read again).
   */
  private async step<T>(
    read: () => Promise<SlotDocument>,
    decide: (slot: SlotDocument, now: Date) => Decision<T>,
  ) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const slot = await read();
      const now = new Date();
      const decision = decide(slot, now);
      if ('noop' in decision) return decision.noop;
      const { set, events, schedule, unschedule, after, result } = decision.write;
      const written = await this.collection.updateOne({ _id: slot._id, version: slot.version }, {
        $set: { ...set, updatedAt: now, version: slot.version + 1, outboxPending: true },
        $push: { outbox: { $each: events } },
      } as unknown as UpdateFilter<SlotDocument>);
      if (written.modifiedCount === 1) {
        this.relay.kick();
        await this.runJobs(schedule, unschedule);
        try {
          await after?.();
        } catch (error) {
          this.logger.error({ err: error, slotId: slot._id }, 'follow-up after a slot write failed');
        }
        return result;
      }
      await backoff(attempt);
    }
    throw new AppError(409, 'CONFLICT', 'The slot is being changed by others right now; try again');
  }

  /** Inserts a new slot or tour with its creation event, and schedules its no-show sweep. */
  async insert(doc: SlotDocument, ctx: CommandContext): Promise<SlotView> {
    const now = new Date(doc.createdAt);
    doc.outbox = [this.event(SlotEvents.created, doc, {}, ctx, now)];
    doc.outboxPending = true;
    await this.collection.insertOne(doc);
    this.relay.kick();
    await this.jobs.scheduleQuietly(
      { kind: 'no-show', slotId: doc._id, startMs: doc.start.getTime() },
      new Date(doc.start.getTime() + doc.noShowGraceSeconds * 1000),
    );
    return slotView(doc, ctx.principal);
  }

  async create({ stationId, slot: input }: CreateSlotCommand, ctx: CommandContext): Promise<SlotView> {
    const station = await this.stations.load(stationId);
    if (!canManage(ctx.principal, station))
      throw AppError.forbidden('Only the station’s host side may add slots');
    const now = new Date();
    const start = new Date(input.start);
    if (start.getTime() <= now.getTime())
      throw AppError.validation([{ field: 'start', message: 'A new slot must start in the future' }]);
    return this.insert(
      {
        ...newSeatable(input, now, start),
        kind: 'slot',
        stationId,
        stationName: station.name,
        address: station.address,
        fields: station.fields,
        county: station.county,
        pairedDistrict: station.pairedDistrict,
        counties: [station.county],
        pairedDistricts: [station.pairedDistrict],
        hostOrgId: station.hostOrgId,
        cadreUserIds: station.cadreUserIds,
        start,
        end: new Date(input.end),
      },
      ctx,
    );
  }

  async get({ id }: { id: string }, { principal }: Pick<CommandContext, 'principal'>): Promise<SlotView> {
    return slotView(await this.load(id), principal);
  }

  async list({ stationId }: { stationId: string }): Promise<SlotList> {
    await this.stations.load(stationId);
    return this.find({ stationId });
  }

  /** Open slots across stations by county, field and start; optionally only bookable now. */
  async search(query: SearchSlotsQuery): Promise<SlotList> {
    const now = new Date();
    const start: Record<string, Date> = { $gte: query.from ? new Date(query.from) : now };
    if (query.to) start['$lt'] = new Date(query.to);
    const filter: Filter<SlotDocument> = { kind: 'slot', status: 'open', start } as Filter<SlotDocument>;
    if (query.county) filter.counties = query.county;
    if (query.field) filter.fields = query.field;
    // Seat and window checks compare two fields of one document: done here, not in the filter.
    const found = await this.find(filter, query.available ? 1000 : query.limit);
    const items = query.available
      ? found.items
          .filter(
            (s) =>
              s.seatsTaken < s.capacity &&
              Date.parse(s.opensAt) <= now.getTime() &&
              Date.parse(s.closesAt) > now.getTime(),
          )
          .slice(0, query.limit)
      : found.items;
    return { items };
  }

  async find(filter: Filter<SlotDocument>, limit = 500): Promise<SlotList> {
    const docs = await this.collection
      .find(filter, { projection: { outbox: 0 } })
      .sort({ start: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return { items: docs.map((d) => slotSummary(d as SlotDocument)) };
  }

  /** An expert's bookings (all statuses, or those asked for), soonest first, with what was booked. */
  async mine(
    { status }: MyBookingsQuery,
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<MyBookingList> {
    const docs = (await this.collection
      .find({ bookedUserIds: principal.userId }, { projection: { outbox: 0 } })
      .sort({ start: 1, _id: 1 })
      .limit(1000)
      .toArray()) as SlotDocument[];
    return {
      items: docs.flatMap((doc) =>
        doc.bookings
          .filter((b) => b.userId === principal.userId && (!status || status.includes(b.status)))
          .map((b) => ({ ...bookingView(b, doc), slot: slotSummary(doc) })),
      ),
    };
  }

  /** Is this calendar hold still backed by an active booking? (Used to drop holds left by a crash.) */
  private readonly holdIsActive = async (hold: HoldRecord): Promise<boolean> => {
    const slot = await this.collection.findOne({ _id: hold.slotId });
    return !!slot?.bookings.some((b) => b.id === hold.bookingId && ACTIVE.has(b.status));
  };

  /** The 409 for a cap, or undefined: a full slot means the waitlist instead. */
  private capError(refusal: ReturnType<typeof seatRefusal>): AppError | undefined {
    if (refusal === 'org-cap')
      return new AppError(409, 'CAP_REACHED', 'Your organisation has taken every seat it may here');
    if (refusal === 'region-cap')
      return new AppError(409, 'CAP_REACHED', 'Your region has taken every seat it may here');
    return undefined;
  }

  /** A slot as read at most CACHE_MS ago: for the checks before a booking joins its batch. */
  private async loadRecent(slotId: string): Promise<SlotDocument> {
    const cached = this.recent.get(slotId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.doc;
    // One read for everyone asking at once (a burst would otherwise read the slot a thousand times).
    let loading = this.loading.get(slotId);
    if (!loading) {
      loading = this.load(slotId).finally(() => this.loading.delete(slotId));
      this.loading.set(slotId, loading);
    }
    const doc = await loading;
    this.remember(doc);
    return doc;
  }

  private remember(doc: SlotDocument): void {
    if (this.recent.size >= CACHE_SLOTS) this.recent.clear();
    this.recent.set(doc._id, { doc, at: Date.now() });
  }

  /**
   * Books a seat, or joins the waitlist when the slot is full. The request joins its slot's next
   * batch: the batch takes a calendar hold for each request that will get a seat (no overlap), then
   * decides every request in arrival order against the slot as it is and writes them all in one
   * version-guarded update (see `drain`). Under a burst a thousand requests are a few writes.
   */
  async book({ slotId }: SlotRef, ctx: CommandContext): Promise<BookResult> {
    const who = whoOf(ctx.principal);
    const slot = await this.loadRecent(slotId);
    assertOpen(slot);
    assertWindowOpen(slot, new Date());
    if (slot.eligibility) {
      const refusal = eligibilityRefusal(slot.eligibility, await this.experts.find(who.userId));
      if (refusal) throw new AppError(403, 'NOT_ELIGIBLE', refusal);
    }
    const outcome = await this.submit(slotId, { who, ctx });
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.result;
  }

  /** Queues a booking request for its slot's next batch; one drain loop per slot and instance. */
  private submit(slotId: string, request: Omit<PendingBooking, 'resolve'>): Promise<BatchOutcome> {
    return new Promise((resolve) => {
      const queue = this.pending.get(slotId) ?? [];
      queue.push({ ...request, resolve });
      this.pending.set(slotId, queue);
      if (!this.draining.has(slotId)) void this.drain(slotId);
    });
  }

  private async drain(slotId: string): Promise<void> {
    this.draining.add(slotId);
    try {
      for (;;) {
        const queue = this.pending.get(slotId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, MAX_BATCH);
        const holds = new Map<PendingBooking, string>();
        const refused = new Map<PendingBooking, unknown>();
        let seated = new Set<PendingBooking>();
        try {
          await this.holdSeatsAhead(slotId, batch, holds, refused);
          const { outcomes, state } = await this.step(
            () => this.load(slotId),
            (slot, now) => this.decideBatch(slot, batch, holds, refused, now),
          );
          this.remember(state);
          seated = new Set(batch.filter((_, i) => outcomes[i]!.kind === 'done' && outcomes[i]!.seat));
          batch.forEach((request, i) => request.resolve(outcomes[i]!));
        } catch (error) {
          for (const request of batch) request.resolve({ kind: 'error', error });
        } finally {
          // Holds of requests that got no seat (waitlisted, refused, or the write failed) go.
          await Promise.all(
            [...holds]
              .filter(([request]) => !seated.has(request))
              .map(([request, holdId]) => this.calendars.release(request.who.userId, holdId)),
          );
        }
      }
    } finally {
      this.pending.delete(slotId);
      this.draining.delete(slotId);
    }
  }

  /**
   * Which requests of the batch will get a seat, as the slot stands: each of them takes its calendar
   * hold now (in parallel: one document per expert), so the seat write can follow at once. A
   * request whose hold is refused (an overlapping booking) is refused; its seat goes down the line.
   */
  private async holdSeatsAhead(
    slotId: string,
    batch: PendingBooking[],
    holds: Map<PendingBooking, string>,
    refused: Map<PendingBooking, unknown>,
  ): Promise<void> {
    const slot = await this.load(slotId);
    let seats: SeatState = slot;
    const taking: PendingBooking[] = [];
    for (const request of batch) {
      if (slot.seatHolders.includes(request.who.userId) || slot.waitlist.includes(request.who.userId))
        continue;
      if (seatRefusal(seats, request.who) !== undefined) continue;
      seats = countSeat(seats, request.who, 1);
      taking.push(request);
    }
    const at = new Date();
    await Promise.all(
      taking.map(async (request) => {
        const holdId = randomUUID();
        try {
          await this.calendars.reserve(
            request.who.userId,
            { bookingId: holdId, slotId, start: slot.start, end: slot.end, at },
            this.holdIsActive,
          );
          holds.set(request, holdId);
        } catch (error) {
          refused.set(request, error);
        }
      }),
    );
  }

  /**
   * Decides a batch in arrival order, each request against the slot as the ones before it left it:
   * a seat (with the calendar hold taken for it), the waitlist, or a refusal (expired, closed,
   * duplicate, cap, overlap). Seats left free (a hold refused, or the slot changed meanwhile) are
   * offered down the line. One write for all, with one event each carrying the counts of its moment.
   */
  private decideBatch(
    slot: SlotDocument,
    batch: PendingBooking[],
    holds: Map<PendingBooking, string>,
    refused: Map<PendingBooking, unknown>,
    now: Date,
  ): Decision<{ outcomes: BatchOutcome[]; state: SlotDocument }> {
    let state: SlotDocument = {
      ...slot,
      orgCounts: { ...slot.orgCounts },
      regionCounts: { ...slot.regionCounts },
      seatHolders: [...slot.seatHolders],
      bookingIds: [...slot.bookingIds],
      bookedUserIds: [...slot.bookedUserIds],
      bookings: [...slot.bookings],
      waitlist: [...slot.waitlist],
      waitEntries: [...slot.waitEntries],
      version: slot.version + 1,
    };
    const outcomes: BatchOutcome[] = [];
    const events: OutboxEntry[] = [];
    const schedule: { job: StationJob; at: Date }[] = [];
    for (const request of batch) {
      const { who, ctx } = request;
      try {
        // The caller stopped waiting (and was told 503): deciding now would be a change nobody hears of.
        if (ctx.deadline !== undefined && now.getTime() > ctx.deadline - REPLY_MARGIN_MS)
          throw new AppError(503, 'DEPENDENCY_UNAVAILABLE', 'The request expired before it was handled');
        assertOpen(state);
        assertWindowOpen(state, now);
        if (state.seatHolders.includes(who.userId))
          throw AppError.duplicate('You already hold a seat or an offer here');
        if (state.waitlist.includes(who.userId)) throw AppError.duplicate('You are already on the waitlist');
        const refusal = seatRefusal(state, who);
        const capError = this.capError(refusal);
        if (capError) throw capError;
        if (refused.has(request)) throw refused.get(request);
        const holdId = holds.get(request);
        if (refusal === 'full' || !holdId) {
          state.waitlist.push(who.userId);
          state.waitEntries.push({ ...who, at: now });
          const position = state.waitlist.length;
          events.push(
            this.event(
              SlotEvents.waitlisted,
              state,
              { userId: who.userId, waitlistPosition: position },
              ctx,
              now,
            ),
          );
          outcomes.push({
            kind: 'done',
            seat: false,
            result: { outcome: 'waitlisted', waitlistPosition: position, slot: slotSummary(state) },
          });
          continue;
        }
        const booking = newBooking(state, who, holdId, now);
        Object.assign(state, countSeat(state, who, 1));
        state.seatHolders.push(who.userId);
        state.bookingIds.push(booking.id);
        state.bookedUserIds.push(who.userId);
        state.bookings.push(booking);
        const pending = booking.status === 'pending';
        events.push(
          this.event(
            pending ? SlotEvents.bookingRequested : SlotEvents.bookingConfirmed,
            state,
            { booking, userId: who.userId },
            ctx,
            now,
          ),
        );
        schedule.push(...this.bookingJobs(state, booking, now));
        outcomes.push({
          kind: 'done',
          seat: true,
          result: {
            outcome: pending ? 'pending' : 'confirmed',
            booking: bookingView(booking, state),
            slot: slotSummary(state),
          },
        });
      } catch (error) {
        outcomes.push({ kind: 'error', error });
      }
    }
    if (events.length === 0) return { noop: { outcomes, state: slot } };
    // A seat nobody in the batch could take (a hold refused) goes to the first in line it fits.
    const { state: offered, made } = offerFreeSeats(state, now, state.offerTtlSeconds);
    state = offered;
    const first = batch[0]!.ctx;
    events.push(...this.offerEvents(state, made, first, now));
    schedule.push(...this.offerJobs(state._id, made));
    return {
      write: {
        set: {
          ...this.queueSet(state),
          bookingIds: state.bookingIds,
          bookedUserIds: state.bookedUserIds,
          bookings: state.bookings,
        },
        events,
        schedule,
        result: { outcomes, state },
      },
    };
  }

  /**
   * Takes one seat for a move (rescheduling), outside the batches: a conditional update whose
   * filter holds the version read, a free seat and the caps. The calendar hold is taken first
   * (it may overlap the booking it replaces) and released if the seat is not.
   */
  private async takeSeat(
    slot: SlotDocument,
    who: Who,
    ctx: Ctx,
    now: Date,
    move?: { from: string },
  ): Promise<BookResult | undefined> {
    const booking = newBooking(slot, who, randomUUID(), now, move?.from);
    const pending = booking.status === 'pending';
    await this.calendars.reserve(
      who.userId,
      { bookingId: booking.id, slotId: slot._id, start: slot.start, end: slot.end, at: now },
      this.holdIsActive,
      move?.from,
    );
    const filter: Record<string, unknown> = {
      _id: slot._id,
      version: slot.version,
      seatsTaken: { $lt: slot.capacity },
      seatHolders: { $ne: who.userId },
      waitlist: { $ne: who.userId },
    };
    const inc: Record<string, number> = { seatsTaken: 1, version: 1 };
    const conditions: Record<string, unknown>[] = [];
    if (who.orgId) {
      inc[orgKey(who.orgId)] = 1;
      if (slot.maxPerOrg != null)
        conditions.push({
          $or: [
            { [orgKey(who.orgId)]: { $exists: false } },
            { [orgKey(who.orgId)]: { $lt: slot.maxPerOrg } },
          ],
        });
    }
    if (who.region) {
      inc[regionKey(who.region)] = 1;
      if (slot.maxPerRegion != null)
        conditions.push({
          $or: [
            { [regionKey(who.region)]: { $exists: false } },
            { [regionKey(who.region)]: { $lt: slot.maxPerRegion } },
          ],
        });
    }
    if (conditions.length > 0) filter['$and'] = conditions;
    const next: SlotDocument = {
      ...countSeat(slot, who, 1),
      bookings: [...slot.bookings, booking],
      seatHolders: [...slot.seatHolders, who.userId],
      version: slot.version + 1,
    };
    const topic = pending ? SlotEvents.bookingRequested : SlotEvents.bookingConfirmed;
    const event = this.event(topic, next, { booking, userId: who.userId }, ctx, now);
    const result = await this.collection.updateOne(
      filter as Filter<SlotDocument>,
      {
        $inc: inc,
        $push: {
          seatHolders: who.userId,
          bookingIds: booking.id,
          bookedUserIds: who.userId,
          bookings: booking,
          outbox: event,
        },
        $set: { outboxPending: true, updatedAt: now },
      } as unknown as UpdateFilter<SlotDocument>,
    );
    if (result.modifiedCount !== 1) {
      await this.calendars.release(who.userId, booking.id);
      return undefined;
    }
    this.relay.kick();
    await this.runJobs(this.bookingJobs(slot, booking, now));
    return {
      outcome: pending ? 'pending' : 'confirmed',
      booking: bookingView(booking, next),
      slot: slotSummary(next),
    };
  }

  private queueSet(state: SlotDocument): Partial<SlotDocument> {
    return {
      seatsTaken: state.seatsTaken,
      orgCounts: state.orgCounts,
      regionCounts: state.regionCounts,
      seatHolders: state.seatHolders,
      waitlist: state.waitlist,
      waitEntries: state.waitEntries,
      offers: state.offers,
    };
  }

  /**
   * Ends an active booking (cancelled, rejected, expired or moved away): frees its seat, offers it
   * down the line, drops its jobs and its calendar hold. `check` may refuse (throw) or skip (false).
   */
  private endBooking(
    bookingId: string,
    ctx: Ctx,
    end: {
      status: 'cancelled' | 'rejected' | 'expired' | 'rescheduled';
      reason?: string;
      movedTo?: string;
      check: (slot: SlotDocument, booking: BookingRecord, now: Date) => boolean;
    },
  ): Promise<BookingView | undefined> {
    return this.step<BookingView | undefined>(
      () => this.loadByBooking(bookingId),
      (slot, now) => {
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        if (!end.check(slot, booking, now)) return { noop: undefined };
        const ended: BookingRecord = {
          ...booking,
          status: end.status,
          ...(end.reason ? { reason: end.reason } : {}),
          ...(end.movedTo ? { movedTo: end.movedTo } : {}),
          cancelledBy: ctx.principal.userId,
          updatedAt: now,
        };
        const { state, made } = freeSeat(slot, booking, now, slot.offerTtlSeconds);
        const next: SlotDocument = {
          ...state,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? ended : b)),
          version: slot.version + 1,
        };
        const topic = {
          cancelled: SlotEvents.bookingCancelled,
          rejected: SlotEvents.bookingRejected,
          expired: SlotEvents.bookingExpired,
          rescheduled: SlotEvents.bookingRescheduled,
        }[end.status];
        return {
          write: {
            set: { ...this.queueSet(next), bookings: next.bookings },
            events: [
              this.event(topic, next, { booking: ended, userId: booking.userId }, ctx, now),
              ...this.offerEvents(next, made, ctx, now),
            ],
            schedule: this.offerJobs(slot._id, made),
            // An expiry runs as the approval job itself: it must not try to remove itself.
            unschedule: [
              reminderJob(slot, bookingId),
              ...(end.status === 'expired' ? [] : [approvalJob(slot._id, bookingId)]),
            ],
            after: () => this.calendars.release(booking.userId, bookingId),
            result: bookingView(ended, next),
          },
        };
      },
    );
  }

  private assertActive(booking: BookingRecord, action: string): void {
    if (!ACTIVE.has(booking.status))
      throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be ${action}`);
  }

  /** The expert's own booking (404 to others, as if it did not exist), or the host side's. */
  private assertOwnerOrHost(slot: SlotDocument, booking: BookingRecord, principal: Principal): void {
    if (booking.userId !== principal.userId && !canManage(principal, slot))
      throw AppError.notFound(`No booking with id ${booking.id}`);
  }

  async cancel({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    return (await this.endBooking(bookingId, ctx, {
      status: 'cancelled',
      reason,
      check: (slot, booking) => {
        this.assertOwnerOrHost(slot, booking, ctx.principal);
        this.assertActive(booking, 'cancelled');
        return true;
      },
    }))!;
  }

  async reject({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    return (await this.endBooking(bookingId, ctx, {
      status: 'rejected',
      reason,
      check: (slot, booking) => {
        if (!canManage(ctx.principal, slot))
          throw AppError.forbidden('Only the host side decides on bookings');
        if (booking.status !== 'pending')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be rejected`);
        return true;
      },
    }))!;
  }

  /** Run by the approval job; a booking decided meanwhile (or with a later deadline) is left alone. */
  async expireApproval(bookingId: string, ctx: Ctx): Promise<void> {
    await this.endBooking(bookingId, ctx, {
      status: 'expired',
      reason: 'The host did not decide in time',
      check: (_slot, booking, now) =>
        booking.status === 'pending' &&
        !!booking.decideBy &&
        new Date(booking.decideBy).getTime() <= now.getTime() + 1000,
    });
  }

  approve({ bookingId }: BookingRef, ctx: CommandContext): Promise<BookingView> {
    return this.step<BookingView>(
      () => this.loadByBooking(bookingId),
      (slot, now) => {
        if (!canManage(ctx.principal, slot))
          throw AppError.forbidden('Only the host side decides on bookings');
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        if (booking.status !== 'pending')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be approved`);
        const { decideBy: _decided, ...rest } = booking;
        const approved: BookingRecord = { ...rest, status: 'confirmed', updatedAt: now };
        const next: SlotDocument = {
          ...slot,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? approved : b)),
          version: slot.version + 1,
        };
        return {
          write: {
            set: { bookings: next.bookings },
            events: [
              this.event(
                SlotEvents.bookingApproved,
                next,
                { booking: approved, userId: booking.userId },
                ctx,
                now,
              ),
            ],
            unschedule: [approvalJob(slot._id, bookingId)],
            result: bookingView(approved, next),
          },
        };
      },
    );
  }

  /** The offered expert takes the held seat: calendar hold first, then the guarded slot write. */
  async acceptOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<BookingView> {
    const who = whoOf(ctx.principal);
    const first = await this.load(slotId);
    const offer = first.offers.find((o) => o.userId === who.userId);
    if (!offer || new Date(offer.expiresAt).getTime() <= Date.now())
      throw AppError.notFound('You have no open offer here');
    const bookingId = randomUUID();
    await this.calendars.reserve(
      who.userId,
      { bookingId, slotId, start: first.start, end: first.end, at: new Date() },
      this.holdIsActive,
    );
    try {
      return await this.step<BookingView>(
        () => this.load(slotId),
        (slot, now) => {
          const open = slot.offers.find((o) => o.id === offer.id);
          if (!open || new Date(open.expiresAt).getTime() <= now.getTime())
            throw AppError.notFound('You have no open offer here');
          const pending = slot.approvalRequired;
          const booking: BookingRecord = {
            id: bookingId,
            userId: who.userId,
            ...(open.orgId ? { orgId: open.orgId } : {}),
            ...(open.region ? { region: open.region } : {}),
            status: pending ? 'pending' : 'confirmed',
            ...(pending ? { decideBy: decisionDeadline(now, slot.approvalTtlSeconds, slot.start) } : {}),
            checkIns: [],
            createdAt: now,
            updatedAt: now,
          };
          const next: SlotDocument = {
            ...slot,
            offers: slot.offers.filter((o) => o.id !== open.id),
            bookings: [...slot.bookings, booking],
            bookingIds: [...slot.bookingIds, bookingId],
            bookedUserIds: [...slot.bookedUserIds, who.userId],
            version: slot.version + 1,
          };
          return {
            write: {
              set: {
                offers: next.offers,
                bookings: next.bookings,
                bookingIds: next.bookingIds,
                bookedUserIds: next.bookedUserIds,
              },
              events: [
                this.event(
                  SlotEvents.offerAccepted,
                  next,
                  { offer: open, booking, userId: who.userId },
                  ctx,
                  now,
                ),
              ],
              schedule: this.bookingJobs(slot, booking, now),
              unschedule: [{ kind: 'offer-expiry', slotId, offerId: open.id }],
              result: bookingView(booking, next),
            },
          };
        },
      );
    } catch (error) {
      await this.calendars.release(who.userId, bookingId);
      throw error;
    }
  }

  /** Declined by the expert, or expired (system): the seat goes to the next in line. */
  private dropOffer(
    slotId: string,
    ctx: Ctx,
    match: (o: OfferRecord, now: Date) => boolean,
    kind: 'declined' | 'expired',
  ): Promise<SlotSummary | undefined> {
    return this.step<SlotSummary | undefined>(
      () => this.load(slotId),
      (slot, now) => {
        const offer = slot.offers.find((o) => match(o, now));
        if (!offer) return { noop: undefined };
        const { state, made } = freeSeat(
          { ...slot, offers: slot.offers.filter((o) => o.id !== offer.id) },
          offer,
          now,
          slot.offerTtlSeconds,
        );
        const next: SlotDocument = { ...state, version: slot.version + 1 };
        const topic = kind === 'declined' ? SlotEvents.offerDeclined : SlotEvents.offerExpired;
        return {
          write: {
            set: this.queueSet(next),
            events: [
              this.event(topic, next, { offer, userId: offer.userId }, ctx, now),
              ...this.offerEvents(next, made, ctx, now),
            ],
            schedule: this.offerJobs(slotId, made),
            unschedule: kind === 'declined' ? [{ kind: 'offer-expiry', slotId, offerId: offer.id }] : [],
            result: slotSummary(next),
          },
        };
      },
    );
  }

  async declineOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<SlotSummary> {
    const who = whoOf(ctx.principal);
    const summary = await this.dropOffer(slotId, ctx, (o) => o.userId === who.userId, 'declined');
    if (!summary) throw AppError.notFound('You have no open offer here');
    return summary;
  }

  /** Run by the offer job; idempotent (an accepted or already expired offer is not found). */
  async expireOffer(slotId: string, offerId: string, ctx: Ctx): Promise<void> {
    await this.dropOffer(
      slotId,
      ctx,
      (o, now) => o.id === offerId && new Date(o.expiresAt).getTime() <= now.getTime() + 1000,
      'expired',
    );
  }

  /** Leaves the waitlist; the others move up one place. */
  leaveWaitlist({ slotId }: SlotRef, ctx: CommandContext): Promise<SlotSummary> {
    const userId = ctx.principal.userId;
    return this.step<SlotSummary>(
      () => this.load(slotId),
      (slot, now) => {
        if (!slot.waitlist.includes(userId)) throw AppError.notFound('You are not on this waitlist');
        const next: SlotDocument = {
          ...slot,
          waitlist: slot.waitlist.filter((u) => u !== userId),
          waitEntries: slot.waitEntries.filter((e) => e.userId !== userId),
          version: slot.version + 1,
        };
        return {
          write: {
            set: { waitlist: next.waitlist, waitEntries: next.waitEntries },
            events: [this.event(SlotEvents.waitlistLeft, next, { userId, lineMoved: true }, ctx, now)],
            result: slotSummary(next),
          },
        };
      },
    );
  }

  /**
   * Moves an active booking to another slot of the same station, as one step for the expert:
   * the new seat is taken first (no waitlist: full means nothing happens), then the old booking
   * ends as `rescheduled`. If the old booking changed meanwhile, the new seat is given back.
   * A crash between the two writes is finished at the next start (see `repair`).
   */
  async reschedule({ bookingId, slotId }: RescheduleCommand, ctx: CommandContext): Promise<BookingView> {
    const from = await this.loadByBooking(bookingId);
    const old = from.bookings.find((b) => b.id === bookingId)!;
    this.assertOwnerOrHost(from, old, ctx.principal);
    this.assertActive(old, 'rescheduled');
    if (from.kind !== 'slot') throw new AppError(409, 'CONFLICT', 'Only station slots can be rescheduled');
    if (slotId === from._id)
      throw AppError.validation([{ field: 'slotId', message: 'This is the booking’s own slot' }]);
    const who: Who = {
      userId: old.userId,
      ...(old.orgId ? { orgId: old.orgId } : {}),
      ...(old.region ? { region: old.region } : {}),
    };
    let taken: BookResult | undefined;
    for (let attempt = 1; attempt <= MAX_ATTEMPTS && !taken; attempt += 1) {
      const target = await this.load(slotId);
      if (target.stationId !== from.stationId)
        throw AppError.validation([{ field: 'slotId', message: 'The new slot must be at the same station' }]);
      const now = new Date();
      assertOpen(target);
      assertWindowOpen(target, now);
      if (target.seatHolders.includes(who.userId)) throw AppError.duplicate('You already hold a seat there');
      const refusal = seatRefusal(target, who);
      if (refusal === 'full') throw new AppError(409, 'SLOT_FULL', 'The new slot has no free seat');
      const capError = this.capError(refusal);
      if (capError) throw capError;
      taken = await this.takeSeat(target, who, ctx, now, { from: bookingId });
      if (!taken) await backoff(attempt);
    }
    if (!taken?.booking)
      throw new AppError(409, 'CONFLICT', 'The new slot is being booked by many; try again');
    const moved = await this.finishMove(bookingId, taken.booking.id, ctx);
    if (!moved) {
      await this.endBooking(taken.booking.id, ctx, {
        status: 'cancelled',
        reason: 'Rescheduling did not happen: the original booking had changed',
        check: (_slot, booking) => ACTIVE.has(booking.status),
      });
      throw new AppError(409, 'CONFLICT', 'The booking changed while it was being moved; nothing was moved');
    }
    return taken.booking;
  }

  /** Ends the old booking of a move; false when it is no longer active (the move must be undone). */
  private async finishMove(oldBookingId: string, newBookingId: string, ctx: Ctx): Promise<boolean> {
    const ended = await this.endBooking(oldBookingId, ctx, {
      status: 'rescheduled',
      movedTo: newBookingId,
      check: (_slot, booking) => ACTIVE.has(booking.status),
    });
    return ended !== undefined;
  }

  /** Checks an expert in at the slot (stop 0) or at a tour stop; idempotent per stop. */
  checkIn({ bookingId, stop }: CheckInCommand, ctx: CommandContext): Promise<BookingView> {
    return this.step<BookingView>(
      () => this.loadByBooking(bookingId),
      (slot, now) => {
        if (!canManage(ctx.principal, slot)) throw AppError.forbidden('Only the host side checks experts in');
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        if (booking.status !== 'confirmed')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be checked in`);
        const window = checkInWindow(slot, stop);
        if (now < window.start || now >= window.end)
          throw new AppError(
            409,
            'WINDOW_CLOSED',
            `Check-in here is open from ${window.start.toISOString()} to ${window.end.toISOString()}`,
          );
        if ((booking.checkIns ?? []).some((c) => c.stop === stop))
          return { noop: bookingView(booking, slot) };
        const checked: BookingRecord = {
          ...booking,
          checkIns: [...(booking.checkIns ?? []), { stop, at: now, by: ctx.principal.userId }],
          attendance: 'present',
          updatedAt: now,
        };
        const next: SlotDocument = {
          ...slot,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? checked : b)),
          version: slot.version + 1,
        };
        return {
          write: {
            set: { bookings: next.bookings },
            events: [
              this.event(SlotEvents.checkedIn, next, { booking: checked, userId: booking.userId }, ctx, now),
            ],
            result: bookingView(checked, next),
          },
        };
      },
    );
  }

  /** The host marks one confirmed booking a no-show, once the start has passed without a check-in. */
  markNoShow({ bookingId }: BookingRef, ctx: CommandContext): Promise<BookingView> {
    return this.step<BookingView>(
      () => this.loadByBooking(bookingId),
      (slot, now) => {
        if (!canManage(ctx.principal, slot)) throw AppError.forbidden('Only the host side marks no-shows');
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        if (booking.status !== 'confirmed')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be a no-show`);
        if (now < slot.start)
          throw new AppError(409, 'CONFLICT', 'A no-show can be marked only after the start');
        if ((booking.checkIns ?? []).length > 0)
          throw new AppError(409, 'CONFLICT', 'The expert was checked in');
        if (booking.attendance === 'no-show') return { noop: bookingView(booking, slot) };
        return this.noShows(slot, [booking], ctx, now, bookingView);
      },
    );
  }

  /** Run by the no-show job after the start and its grace: every confirmed booking not checked in. */
  async sweepNoShows(slotId: string, startMs: number, ctx: Ctx): Promise<number> {
    return this.step<number>(
      () => this.load(slotId),
      (slot, now) => {
        const missing = slot.bookings.filter(
          (b) => b.status === 'confirmed' && !b.attendance && (b.checkIns ?? []).length === 0,
        );
        if (slot.start.getTime() !== startMs || missing.length === 0) return { noop: 0 };
        return this.noShows(slot, missing, ctx, now, () => missing.length);
      },
    );
  }

  private noShows<T>(
    slot: SlotDocument,
    absent: BookingRecord[],
    ctx: Ctx,
    now: Date,
    result: (marked: BookingRecord, next: SlotDocument) => T,
  ): Decision<T> {
    const ids = new Set(absent.map((b) => b.id));
    const marked = new Map(
      absent.map((b) => [b.id, { ...b, attendance: 'no-show' as const, updatedAt: now }] as const),
    );
    const next: SlotDocument = {
      ...slot,
      bookings: slot.bookings.map((b) => (ids.has(b.id) ? marked.get(b.id)! : b)),
      version: slot.version + 1,
    };
    return {
      write: {
        set: { bookings: next.bookings },
        events: [...marked.values()].map((b) =>
          this.event(SlotEvents.noShow, next, { booking: b, userId: b.userId }, ctx, now),
        ),
        result: result(marked.values().next().value!, next),
      },
    };
  }

  /** Run by the reminder job: only a confirmed booking, only for the start it was scheduled for. */
  async remind(slotId: string, bookingId: string, startMs: number, ctx: Ctx): Promise<boolean> {
    return this.step<boolean>(
      () => this.load(slotId),
      (slot, now) => {
        const booking = slot.bookings.find((b) => b.id === bookingId);
        if (
          !booking ||
          booking.status !== 'confirmed' ||
          booking.remindedAt ||
          slot.start.getTime() !== startMs
        )
          return { noop: false };
        const reminded: BookingRecord = { ...booking, remindedAt: now };
        const next: SlotDocument = {
          ...slot,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? reminded : b)),
          version: slot.version + 1,
        };
        return {
          write: {
            set: { bookings: next.bookings },
            events: [
              this.event(SlotEvents.reminder, next, { booking: reminded, userId: booking.userId }, ctx, now),
            ],
            result: true,
          },
        };
      },
    );
  }

  /**
   * Calls off a slot or tour (the host side, with a reason): every active booking is cancelled,
   * open offers withdrawn and the line cleared, each expert concerned is told, their calendar
   * holds and the slot's jobs go. Idempotent: a cancelled slot stays as it is.
   */
  cancelSlot({ slotId, reason }: CancelSlotCommand, ctx: CommandContext): Promise<SlotSummary> {
    return this.step<SlotSummary>(
      () => this.load(slotId),
      (slot, now) => {
        if (!canManage(ctx.principal, slot)) throw AppError.forbidden('Only the host side may cancel it');
        if (slot.status === 'cancelled') return { noop: slotSummary(slot) };
        const ending = slot.bookings.filter((b) => ACTIVE.has(b.status));
        const bookings = slot.bookings.map((b) =>
          ACTIVE.has(b.status)
            ? {
                ...b,
                status: 'cancelled' as const,
                reason,
                cancelledBy: ctx.principal.userId,
                updatedAt: now,
              }
            : b,
        );
        const next: SlotDocument = {
          ...slot,
          status: 'cancelled',
          cancelReason: reason,
          bookings,
          seatsTaken: 0,
          orgCounts: {},
          regionCounts: {},
          seatHolders: [],
          waitlist: [],
          waitEntries: [],
          offers: [],
          version: slot.version + 1,
        };
        const told = [...ending.map((b) => b.userId), ...slot.offers.map((o) => o.userId), ...slot.waitlist];
        const cancelledById = new Map(bookings.map((b) => [b.id, b]));
        return {
          write: {
            set: { ...this.queueSet(next), status: next.status, cancelReason: reason, bookings },
            events: [
              this.event(SlotEvents.cancelled, next, {}, ctx, now),
              ...ending.map((b) =>
                this.event(
                  SlotEvents.bookingCancelled,
                  next,
                  { booking: cancelledById.get(b.id)!, userId: b.userId },
                  ctx,
                  now,
                ),
              ),
              ...[...new Set(told)]
                .filter((userId) => !ending.some((b) => b.userId === userId))
                .map((userId) => this.event(SlotEvents.cancelled, next, { userId }, ctx, now)),
            ],
            unschedule: [
              ...ending.flatMap((b) => [reminderJob(slot, b.id), approvalJob(slot._id, b.id)]),
              ...slot.offers.map((o): StationJob => ({ kind: 'offer-expiry', slotId, offerId: o.id })),
              { kind: 'no-show', slotId, startMs: slot.start.getTime() },
            ],
            after: async () => {
              for (const b of ending) await this.calendars.release(b.userId, b.id);
            },
            result: slotSummary(next),
          },
        };
      },
    );
  }

  /**
   * At start: schedules every job a crash could have lost between a write and its schedule (the
   * ids are deterministic, so existing jobs stay as they are), and finishes interrupted moves.
   */
  async repair(ctx: Ctx): Promise<{ jobs: number; moves: number }> {
    const now = new Date();
    const docs = (await this.collection
      .find({ end: { $gt: new Date(now.getTime() - 7 * 24 * 3600_000) } }, { projection: { outbox: 0 } })
      .toArray()) as SlotDocument[];
    let jobs = 0;
    let moves = 0;
    for (const slot of docs) {
      const due: { job: StationJob; at: Date }[] = [
        ...this.offerJobs(slot._id, slot.offers as Offer[]),
        {
          job: { kind: 'no-show', slotId: slot._id, startMs: slot.start.getTime() },
          at: new Date(slot.start.getTime() + slot.noShowGraceSeconds * 1000),
        },
      ];
      for (const booking of slot.bookings.filter((b) => ACTIVE.has(b.status))) {
        // A reminded booking is confirmed: it has no job left.
        if (!booking.remindedAt) due.push(...this.bookingJobs(slot, booking, now));
        if (booking.movedFrom && (await this.finishMove(booking.movedFrom, booking.id, ctx))) moves += 1;
      }
      await this.runJobs(due);
      jobs += due.length;
    }
    return { jobs, moves };
  }
}

/** The seat, queue and timing fields every new slot or tour starts with. */
export function newSeatable(
  input: {
    capacity: number;
    approvalRequired: boolean;
    maxPerOrg?: number | undefined;
    maxPerRegion?: number | undefined;
    opensAt?: string | undefined;
    closesAt?: string | undefined;
    offerTtlSeconds: number;
    approvalTtlSeconds: number;
    reminderLeadSeconds: number;
    noShowGraceSeconds: number;
  },
  now: Date,
  start?: Date,
) {
  return {
    _id: randomUUID(),
    status: 'open' as const,
    capacity: input.capacity,
    approvalRequired: input.approvalRequired,
    ...(input.maxPerOrg !== undefined ? { maxPerOrg: input.maxPerOrg } : {}),
    ...(input.maxPerRegion !== undefined ? { maxPerRegion: input.maxPerRegion } : {}),
    opensAt: input.opensAt ? new Date(input.opensAt) : now,
    closesAt: input.closesAt ? new Date(input.closesAt) : (start ?? now),
    offerTtlSeconds: input.offerTtlSeconds,
    approvalTtlSeconds: input.approvalTtlSeconds,
    reminderLeadSeconds: input.reminderLeadSeconds,
    noShowGraceSeconds: input.noShowGraceSeconds,
    seatsTaken: 0,
    orgCounts: {},
    regionCounts: {},
    seatHolders: [],
    bookingIds: [],
    bookedUserIds: [],
    bookings: [],
    waitlist: [],
    waitEntries: [],
    offers: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
    outbox: [],
    outboxPending: true,
  };
}
