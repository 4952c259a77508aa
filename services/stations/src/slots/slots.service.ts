import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import {
  AppError,
  SlotEvents,
  type BookingReasonCommand,
  type BookingRef,
  type BookingView,
  type CancelSlotCommand,
  type CreateSlotCommand,
  type MyBookingList,
  type MyBookingsQuery,
  type RescheduleCommand,
  type SearchSlotsQuery,
  type Principal,
  type SlotList,
  type SlotRef,
  type SlotSummary,
  type SlotView,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { StationsService } from '../stations/stations.service';
import { BookingBatches } from './booking-batches';
import type { BookingRecord, OfferRecord, SlotDocument } from './slot.schema';
import { CalendarsService } from './calendars.service';
import type { StationJob } from './station-jobs';
import { canManage, decisionDeadline, freeSeat, whoOf, type Offer, type Who } from './slot.rules';
import { bookingView, newSeatable, slotSummary, slotView } from './slot-views';
import { ACTIVE, SUMMARY_PROJECTION, SlotStore, approvalJob, reminderJob, type Ctx } from './slot-store';

/**
 * Slots and tours: creating, reading and finding them; ending, approving, moving bookings; offers
 * down the line; calling a slot off; and the repair of lost jobs at start. Booking itself is in
 * BookingBatches, attendance in AttendanceService.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly store: SlotStore,
    private readonly stations: StationsService,
    private readonly calendars: CalendarsService,
    private readonly bookings: BookingBatches,
  ) {}

  /** Inserts a new slot or tour with its creation event, and schedules its no-show sweep. */
  async insert(doc: SlotDocument, ctx: CommandContext): Promise<SlotView> {
    const now = new Date(doc.createdAt);
    doc.outbox = [this.store.event(SlotEvents.created, doc, {}, ctx, now)];
    doc.outboxPending = true;
    await this.store.collection.insertOne(doc);
    this.store.relay.kick();
    await this.store.jobs.scheduleQuietly(
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
    return slotView(await this.store.load(id), principal);
  }

  async list({ stationId }: { stationId: string }): Promise<SlotList> {
    await this.stations.load(stationId);
    return this.store.find({ stationId });
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
    const found = await this.store.find(filter, query.available ? 1000 : query.limit);
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

  /** An expert's bookings (all statuses, or those asked for), soonest first, with what was booked. */
  async mine(
    { status }: MyBookingsQuery,
    { principal }: Pick<CommandContext, 'principal'>,
  ): Promise<MyBookingList> {
    const docs = (await this.store.collection
      .find({ bookedUserIds: principal.userId }, { projection: SUMMARY_PROJECTION })
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
    return this.store.step<BookingView | undefined>(
      () => this.store.loadByBooking(bookingId),
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
        const { state, made } = freeSeat(slot, booking, now, slot.offerTtlSeconds, randomUUID);
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
            set: { ...this.store.queueSet(next), bookings: next.bookings },
            events: [
              this.store.event(topic, next, { booking: ended, userId: booking.userId }, ctx, now),
              ...this.store.offerEvents(next, made, ctx, now),
            ],
            schedule: this.store.offerJobs(slot._id, made),
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
    return this.store.step<BookingView>(
      () => this.store.loadByBooking(bookingId),
      (slot, now) => {
        if (!canManage(ctx.principal, slot))
          throw AppError.forbidden('Only the host side decides on bookings');
        const booking = slot.bookings.find((b) => b.id === bookingId)!;
        if (booking.status !== 'pending')
          throw new AppError(409, 'CONFLICT', `A ${booking.status} booking cannot be approved`);
        const { decideBy: _decided, ...rest } = booking;
        const approved: BookingRecord = { ...rest, status: 'confirmed', updatedAt: now };
        return this.store.bookingChange(
          slot,
          approved,
          SlotEvents.bookingApproved,
          ctx,
          now,
          (next) => bookingView(approved, next),
          { unschedule: [approvalJob(slot._id, bookingId)] },
        );
      },
    );
  }

  /** The offered expert takes the held seat: calendar hold first, then the guarded slot write. */
  async acceptOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<BookingView> {
    const who = whoOf(ctx.principal);
    const first = await this.store.load(slotId);
    const offer = first.offers.find((o) => o.userId === who.userId);
    if (!offer || new Date(offer.expiresAt).getTime() <= Date.now())
      throw AppError.notFound('You have no open offer here');
    const bookingId = randomUUID();
    await this.calendars.reserve(
      who.userId,
      { bookingId, slotId, start: first.start, end: first.end, at: new Date() },
      this.store.holdIsActive,
    );
    try {
      return await this.store.step<BookingView>(
        () => this.store.load(slotId),
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
                this.store.event(
                  SlotEvents.offerAccepted,
                  next,
                  { offer: open, booking, userId: who.userId },
                  ctx,
                  now,
                ),
              ],
              schedule: this.store.bookingJobs(slot, booking, now),
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
    return this.store.step<SlotSummary | undefined>(
      () => this.store.load(slotId),
      (slot, now) => {
        const offer = slot.offers.find((o) => match(o, now));
        if (!offer) return { noop: undefined };
        const { state, made } = freeSeat(
          { ...slot, offers: slot.offers.filter((o) => o.id !== offer.id) },
          offer,
          now,
          slot.offerTtlSeconds,
          randomUUID,
        );
        const next: SlotDocument = { ...state, version: slot.version + 1 };
        const topic = kind === 'declined' ? SlotEvents.offerDeclined : SlotEvents.offerExpired;
        return {
          write: {
            set: this.store.queueSet(next),
            events: [
              this.store.event(topic, next, { offer, userId: offer.userId }, ctx, now),
              ...this.store.offerEvents(next, made, ctx, now),
            ],
            schedule: this.store.offerJobs(slotId, made),
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
    return this.store.step<SlotSummary>(
      () => this.store.load(slotId),
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
            events: [this.store.event(SlotEvents.waitlistLeft, next, { userId, lineMoved: true }, ctx, now)],
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
    const from = await this.store.loadByBooking(bookingId);
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
    const target = await this.store.load(slotId);
    if (target.stationId !== from.stationId)
      throw AppError.validation([{ field: 'slotId', message: 'The new slot must be at the same station' }]);
    // The batch checks the rest (open, window, seat, caps, calendar) with the slot's other requests.
    const taken = await this.bookings.move(slotId, who, bookingId, ctx);
    if (!taken.booking) throw new AppError(409, 'SLOT_FULL', 'The new slot has no free seat');
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

  /**
   * Calls off a slot or tour (the host side, with a reason): every active booking is cancelled,
   * open offers withdrawn and the line cleared, each expert concerned is told, their calendar
   * holds and the slot's jobs go. Idempotent: a cancelled slot stays as it is.
   */
  cancelSlot({ slotId, reason }: CancelSlotCommand, ctx: CommandContext): Promise<SlotSummary> {
    return this.store.step<SlotSummary>(
      () => this.store.load(slotId),
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
            set: { ...this.store.queueSet(next), status: next.status, cancelReason: reason, bookings },
            events: [
              this.store.event(SlotEvents.cancelled, next, {}, ctx, now),
              ...ending.map((b) =>
                this.store.event(
                  SlotEvents.bookingCancelled,
                  next,
                  { booking: cancelledById.get(b.id)!, userId: b.userId },
                  ctx,
                  now,
                ),
              ),
              ...[...new Set(told)]
                .filter((userId) => !ending.some((b) => b.userId === userId))
                .map((userId) => this.store.event(SlotEvents.cancelled, next, { userId }, ctx, now)),
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
    const docs = (await this.store.collection
      .find({ end: { $gt: new Date(now.getTime() - 7 * 24 * 3600_000) } }, { projection: { outbox: 0 } })
      .toArray()) as SlotDocument[];
    let jobs = 0;
    let moves = 0;
    for (const slot of docs) {
      const due: { job: StationJob; at: Date }[] = [
        ...this.store.offerJobs(slot._id, slot.offers as Offer[]),
        {
          job: { kind: 'no-show', slotId: slot._id, startMs: slot.start.getTime() },
          at: new Date(slot.start.getTime() + slot.noShowGraceSeconds * 1000),
        },
      ];
      for (const booking of slot.bookings.filter((b) => ACTIVE.has(b.status))) {
        // A reminded booking is confirmed: it has no job left.
        if (!booking.remindedAt) due.push(...this.store.bookingJobs(slot, booking, now));
        if (booking.movedFrom && (await this.finishMove(booking.movedFrom, booking.id, ctx))) moves += 1;
      }
      await this.store.runJobs(due);
      jobs += due.length;
    }
    return { jobs, moves };
  }
}
