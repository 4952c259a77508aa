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
  type BookingView,
  type BookResult,
  type CreateSlotCommand,
  type OfferView,
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
import { OfferJobs } from './offer-jobs';
import {
  assertWindowOpen,
  canManage,
  countSeat,
  freeSeat,
  seatRefusal,
  whoOf,
  type Offer,
  type Who,
} from './slot.rules';

const MAX_ATTEMPTS = 100;
type Ctx = Pick<CommandContext, 'principal' | 'correlationId'>;
const ACTIVE = new Set(['pending', 'confirmed']);

export function slotSummary(doc: SlotDocument): SlotSummary {
  return {
    id: doc._id,
    stationId: doc.stationId,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
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
    waitlistLength: doc.waitlist.length,
    offersOpen: doc.offers.length,
    version: doc.version,
  };
}

function bookingView(b: BookingRecord, slot: SlotDocument): BookingView {
  return {
    id: b.id,
    slotId: slot._id,
    stationId: slot.stationId,
    userId: b.userId,
    ...(b.orgId ? { orgId: b.orgId } : {}),
    ...(b.region ? { region: b.region } : {}),
    status: b.status,
    ...(b.reason ? { reason: b.reason } : {}),
    ...(b.cancelledBy ? { cancelledBy: b.cancelledBy } : {}),
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

@Injectable()
export class SlotsService {
  constructor(
    @InjectModel(SLOT_MODEL) private readonly slots: Model<SlotDocument>,
    private readonly stations: StationsService,
    private readonly calendars: CalendarsService,
    private readonly offers: OfferJobs,
    private readonly relay: OutboxRelayService,
    @InjectPinoLogger('slots') private readonly logger: PinoLogger,
  ) {}

  private get collection(): Collection<SlotDocument> {
    return this.slots.collection as unknown as Collection<SlotDocument>;
  }

  private event(
    topic: SlotEventTopic,
    doc: SlotDocument,
    extra: { booking?: BookingRecord; offer?: OfferRecord; userId?: string; waitlistPosition?: number },
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
        },
        occurredAt: now,
      }),
    );
  }

  private offerEvents(next: SlotDocument, made: Offer[], ctx: Ctx, now: Date): OutboxEntry[] {
    return made.map((offer) =>
      this.event(SlotEvents.offerMade, next, { offer, userId: offer.userId }, ctx, now),
    );
  }

  private async load(id: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc) throw AppError.notFound(`No slot with id ${id}`);
    return doc as SlotDocument;
  }

  private async loadByBooking(bookingId: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ bookingIds: bookingId });
    if (!doc) throw AppError.notFound(`No booking with id ${bookingId}`);
    return doc as SlotDocument;
  }

  /** A read-decide-write on the whole slot, guarded by the version read. False: lost a race. */
  private async write(
    current: SlotDocument,
    set: Partial<SlotDocument>,
    events: OutboxEntry[],
  ): Promise<boolean> {
    const result = await this.collection.updateOne({ _id: current._id, version: current.version }, {
      $set: { ...set, version: current.version + 1, outboxPending: true },
      $push: { outbox: { $each: events } },
    } as unknown as UpdateFilter<SlotDocument>);
    if (result.modifiedCount !== 1) return false;
    this.relay.kick();
    return true;
  }

  private async scheduleOffers(slotId: string, made: Offer[]): Promise<void> {
    for (const offer of made) {
      try {
        await this.offers.schedule(slotId, offer.id, offer.expiresAt);
      } catch (error) {
        this.logger.error({ err: error, slotId }, 'offer job not scheduled; repaired at next start');
      }
    }
  }

  async create({ stationId, slot: input }: CreateSlotCommand, ctx: CommandContext): Promise<SlotView> {
    const station = await this.stations.load(stationId);
    if (!canManage(ctx.principal, station))
      throw AppError.forbidden('Only the station’s host side may add slots');
    const now = new Date();
    const start = new Date(input.start);
    const doc: SlotDocument = {
      _id: randomUUID(),
      stationId,
      county: station.county,
      pairedDistrict: station.pairedDistrict,
      hostOrgId: station.hostOrgId,
      cadreUserIds: station.cadreUserIds,
      start,
      end: new Date(input.end),
      capacity: input.capacity,
      approvalRequired: input.approvalRequired,
      ...(input.maxPerOrg !== undefined ? { maxPerOrg: input.maxPerOrg } : {}),
      ...(input.maxPerRegion !== undefined ? { maxPerRegion: input.maxPerRegion } : {}),
      opensAt: input.opensAt ? new Date(input.opensAt) : now,
      closesAt: input.closesAt ? new Date(input.closesAt) : start,
      offerTtlSeconds: input.offerTtlSeconds,
      seatsTaken: 0,
      orgCounts: {},
      regionCounts: {},
      seatHolders: [],
      bookingIds: [],
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
    doc.outbox = [this.event(SlotEvents.created, doc, {}, ctx, now)];
    await this.collection.insertOne(doc);
    this.relay.kick();
    return slotView(doc, ctx.principal);
  }

  async get({ id }: { id: string }, { principal }: Pick<CommandContext, 'principal'>): Promise<SlotView> {
    return slotView(await this.load(id), principal);
  }

  async list({ stationId }: { stationId: string }): Promise<SlotList> {
    await this.stations.load(stationId);
    const docs = await this.collection
      .find({ stationId }, { projection: { outbox: 0 } })
      .sort({ start: 1, _id: 1 })
      .limit(500)
      .toArray();
    return { items: docs.map((d) => slotSummary(d as SlotDocument)) };
  }

  /** Is this calendar hold still backed by an active booking? (Used to drop holds left by a crash.) */
  private readonly holdIsActive = async (hold: HoldRecord): Promise<boolean> => {
    const slot = await this.collection.findOne({ _id: hold.slotId });
    return !!slot?.bookings.some((b) => b.id === hold.bookingId && ACTIVE.has(b.status));
  };

  /**
   * Books a seat, or joins the waitlist when the slot is full. The calendar hold comes first (no
   * overlap), then the seat in one atomic conditional update whose filter states every rule:
   * a free seat, the caps for the expert's organisation and region, not already holding or waiting.
   */
  async book({ slotId }: SlotRef, ctx: CommandContext): Promise<BookResult> {
    const who = whoOf(ctx.principal);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const slot = await this.load(slotId);
      const now = new Date();
      assertWindowOpen(slot, now);
      if (slot.seatHolders.includes(who.userId))
        throw AppError.duplicate('You already hold a seat or an offer on this slot');
      if (slot.waitlist.includes(who.userId)) throw AppError.duplicate('You are already on the waitlist');
      const refusal = seatRefusal(slot, who);
      if (refusal === 'org-cap' || refusal === 'region-cap') {
        throw new AppError(
          409,
          'CONFLICT',
          refusal === 'org-cap'
            ? 'Your organisation has taken every seat it may on this slot'
            : 'Your region has taken every seat it may on this slot',
        );
      }
      const result =
        refusal === 'full'
          ? await this.joinWaitlist(slot, who, ctx, now)
          : await this.takeSeat(slot, who, ctx, now);
      if (result) return result;
      await backoff(attempt);
    }
    throw new AppError(409, 'CONFLICT', 'The slot is being booked by many right now; try again');
  }

  private async takeSeat(slot: SlotDocument, who: Who, ctx: Ctx, now: Date): Promise<BookResult | undefined> {
    const booking: BookingRecord = {
      id: randomUUID(),
      userId: who.userId,
      ...(who.orgId ? { orgId: who.orgId } : {}),
      ...(who.region ? { region: who.region } : {}),
      status: slot.approvalRequired ? 'pending' : 'confirmed',
      createdAt: now,
      updatedAt: now,
    };
    await this.calendars.reserve(
      who.userId,
      { bookingId: booking.id, slotId: slot._id, start: slot.start, end: slot.end, at: now },
      this.holdIsActive,
    );
    // FerretDB 1.24 oversold a 10-seat slot (12 confirmed of 40) with only `seatsTaken < capacity`
    // and `$inc` in the filter: the conditional update is not atomic there. The version read is
    // therefore part of the guard too (a compare-and-set on the whole slot).
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
    const next = {
      ...countSeat(slot, who, 1),
      bookings: [...slot.bookings, booking],
      seatHolders: [...slot.seatHolders, who.userId],
      version: slot.version + 1,
    };
    const topic = booking.status === 'pending' ? SlotEvents.bookingRequested : SlotEvents.bookingConfirmed;
    const event = this.event(topic, next, { booking, userId: who.userId }, ctx, now);
    const result = await this.collection.updateOne(
      filter as Filter<SlotDocument>,
      {
        $inc: inc,
        $push: { seatHolders: who.userId, bookingIds: booking.id, bookings: booking, outbox: event },
        $set: { outboxPending: true, updatedAt: now },
      } as unknown as UpdateFilter<SlotDocument>,
    );
    if (result.modifiedCount !== 1) {
      await this.calendars.release(who.userId, booking.id);
      return undefined;
    }
    this.relay.kick();
    return {
      outcome: booking.status === 'pending' ? 'pending' : 'confirmed',
      booking: bookingView(booking, next),
      slot: slotSummary(next),
    };
  }

  private async joinWaitlist(
    slot: SlotDocument,
    who: Who,
    ctx: Ctx,
    now: Date,
  ): Promise<BookResult | undefined> {
    const entry = { ...who, at: now };
    const next = {
      ...slot,
      waitlist: [...slot.waitlist, who.userId],
      waitEntries: [...slot.waitEntries, entry],
      version: slot.version + 1,
    };
    const event = this.event(
      SlotEvents.waitlisted,
      next,
      { userId: who.userId, waitlistPosition: next.waitlist.length },
      ctx,
      now,
    );
    const result = await this.collection.updateOne(
      {
        _id: slot._id,
        version: slot.version,
        seatsTaken: { $gte: slot.capacity },
        seatHolders: { $ne: who.userId },
        waitlist: { $ne: who.userId },
      } as Filter<SlotDocument>,
      {
        $inc: { version: 1 },
        $push: { waitlist: who.userId, waitEntries: entry, outbox: event },
        $set: { outboxPending: true, updatedAt: now },
      } as unknown as UpdateFilter<SlotDocument>,
    );
    if (result.modifiedCount !== 1) return undefined;
    this.relay.kick();
    const after = await this.load(slot._id);
    const position = after.waitlist.indexOf(who.userId) + 1;
    return { outcome: 'waitlisted', waitlistPosition: position, slot: slotSummary(after) };
  }

  /**
   * One guarded step on the booking's slot: `decide` computes the new slot and its events from
   * what was read; the write happens only if nobody changed the slot meanwhile.
   */
  private async step<T>(
    read: () => Promise<SlotDocument>,
    decide: (
      slot: SlotDocument,
      now: Date,
    ) =>
      | {
          set: Partial<SlotDocument>;
          events: OutboxEntry[];
          made: Offer[];
          after?: () => Promise<void>;
          result: T;
        }
      | T,
  ): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const slot = await read();
      const now = new Date();
      const decision = decide(slot, now);
      if (!decision || typeof decision !== 'object' || !('set' in (decision as object))) return decision as T;
      const { set, events, made, after, result } = decision as {
        set: Partial<SlotDocument>;
        events: OutboxEntry[];
        made: Offer[];
        after?: () => Promise<void>;
        result: T;
      };
      if (await this.write(slot, { ...set, updatedAt: now }, events)) {
        await this.scheduleOffers(slot._id, made);
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

  private queueSet(state: {
    seatsTaken: number;
    orgCounts: Record<string, number>;
    regionCounts: Record<string, number>;
    seatHolders: string[];
    waitlist: string[];
    waitEntries: SlotDocument['waitEntries'];
    offers: OfferRecord[];
  }): Partial<SlotDocument> {
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

  /** Ends an active booking (cancel or reject): frees its seat and offers it down the line. */
  private endBooking(
    bookingId: string,
    ctx: Ctx,
    kind: 'cancel' | 'reject',
    reason: string,
  ): Promise<BookingView> {
    return this.step<BookingView>(
      () => this.loadByBooking(bookingId),
      (slot, now) => {
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        const manager = canManage(ctx.principal, slot);
        if (kind === 'reject' && !manager) throw AppError.forbidden('Only the host side decides on bookings');
        if (kind === 'cancel' && !manager && booking.userId !== ctx.principal.userId)
          throw AppError.notFound(`No booking with id ${bookingId}`);
        if (kind === 'reject' && booking.status !== 'pending')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be rejected`);
        if (!ACTIVE.has(booking.status))
          throw new AppError(409, 'CONFLICT', `The booking is already ${booking.status}`);
        const ended: BookingRecord = {
          ...booking,
          status: kind === 'reject' ? 'rejected' : 'cancelled',
          reason,
          cancelledBy: ctx.principal.userId,
          updatedAt: now,
        };
        const { state, made } = freeSeat(slot, booking, now, slot.offerTtlSeconds);
        const next: SlotDocument = {
          ...state,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? ended : b)),
          version: slot.version + 1,
        };
        const topic = kind === 'reject' ? SlotEvents.bookingRejected : SlotEvents.bookingCancelled;
        return {
          set: { ...this.queueSet(next), bookings: next.bookings },
          events: [
            this.event(topic, next, { booking: ended, userId: booking.userId }, ctx, now),
            ...this.offerEvents(next, made, ctx, now),
          ],
          made,
          after: () => this.calendars.release(booking.userId, bookingId),
          result: bookingView(ended, next),
        };
      },
    );
  }

  cancel({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    return this.endBooking(bookingId, ctx, 'cancel', reason);
  }

  reject({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    return this.endBooking(bookingId, ctx, 'reject', reason);
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
        const approved: BookingRecord = { ...booking, status: 'confirmed', updatedAt: now };
        const next: SlotDocument = {
          ...slot,
          bookings: slot.bookings.map((b) => (b.id === bookingId ? approved : b)),
          version: slot.version + 1,
        };
        return {
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
          made: [],
          result: bookingView(approved, next),
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
      throw AppError.notFound('You have no open offer on this slot');
    const bookingId = randomUUID();
    await this.calendars.reserve(
      who.userId,
      { bookingId, slotId, start: first.start, end: first.end, at: new Date() },
      this.holdIsActive,
    );
    try {
      const view = await this.step<BookingView>(
        () => this.load(slotId),
        (slot, now) => {
          const open = slot.offers.find((o) => o.id === offer.id);
          if (!open || new Date(open.expiresAt).getTime() <= now.getTime())
            throw AppError.notFound('You have no open offer on this slot');
          const booking: BookingRecord = {
            id: bookingId,
            userId: who.userId,
            ...(open.orgId ? { orgId: open.orgId } : {}),
            ...(open.region ? { region: open.region } : {}),
            status: slot.approvalRequired ? 'pending' : 'confirmed',
            createdAt: now,
            updatedAt: now,
          };
          const next: SlotDocument = {
            ...slot,
            offers: slot.offers.filter((o) => o.id !== open.id),
            bookings: [...slot.bookings, booking],
            bookingIds: [...slot.bookingIds, bookingId],
            version: slot.version + 1,
          };
          return {
            set: { offers: next.offers, bookings: next.bookings, bookingIds: next.bookingIds },
            events: [
              this.event(
                SlotEvents.offerAccepted,
                next,
                { offer: open, booking, userId: who.userId },
                ctx,
                now,
              ),
            ],
            made: [],
            after: () => this.offers.remove(slotId, open.id),
            result: bookingView(booking, next),
          };
        },
      );
      return view;
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
        if (!offer) return undefined;
        const { state, made } = freeSeat(
          { ...slot, offers: slot.offers.filter((o) => o.id !== offer.id) },
          offer,
          now,
          slot.offerTtlSeconds,
        );
        const next: SlotDocument = { ...state, version: slot.version + 1 };
        const topic = kind === 'declined' ? SlotEvents.offerDeclined : SlotEvents.offerExpired;
        return {
          set: this.queueSet(next),
          events: [
            this.event(topic, next, { offer, userId: offer.userId }, ctx, now),
            ...this.offerEvents(next, made, ctx, now),
          ],
          made,
          after: kind === 'declined' ? () => this.offers.remove(slotId, offer.id) : undefined,
          result: slotSummary(next),
        };
      },
    );
  }

  async declineOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<SlotSummary> {
    const who = whoOf(ctx.principal);
    const summary = await this.dropOffer(slotId, ctx, (o) => o.userId === who.userId, 'declined');
    if (!summary) throw AppError.notFound('You have no open offer on this slot');
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

  /** Open offers, to schedule any job lost between a write and its schedule (same job ids). */
  async openOffers(): Promise<{ slotId: string; offer: OfferRecord }[]> {
    // Scans the slots once at start (a filter on a non-empty array is not something to trust on FerretDB).
    const docs = await this.collection.find({}, { projection: { offers: 1 } }).toArray();
    return docs.flatMap((d) => d.offers.map((offer) => ({ slotId: d._id, offer })));
  }
}
