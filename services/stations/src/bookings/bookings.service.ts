import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  AppError,
  type BookingReasonCommand,
  type BookingRef,
  type BookingView,
  type MyBookingList,
  type MyBookingsQuery,
  type Principal,
  type RescheduleCommand,
  type SlotRef,
  type SlotSummary,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import type { Acting } from '@qingshui/persistence';
import type { SlotDocument } from '../slots/slot.schema';
import { SUMMARY_PROJECTION, SlotStore } from '../slots/slot-store';
import { bookingView, slotSummary } from '../slots/slot-views';
import { whoOf } from '../slots/slot.rules';
import { CalendarsService } from '../calendar/calendar.service';
import { BookingBatches } from './booking-batches';
import {
  assertSameStation,
  decideAcceptOffer,
  decideApprovalExpiry,
  decideApprove,
  decideCancel,
  decideDeclineOffer,
  decideLeaveWaitlist,
  decideMoveAway,
  decideOfferExpiry,
  decideReject,
  decideUndoMove,
  moveRequest,
  openOffer,
  type EndedBooking,
} from './booking.decide';

type Asking = Acting & { principal: Principal };

/**
 * A booking's life after it was made (booking itself is in BookingBatches, attendance in
 * AttendanceService): ending it, the host's decision, offers down the line, leaving the line,
 * moving it. Each operation reads the slot, lets a pure decision decide, writes it with the slot
 * store and then does what follows (calendar holds).
 */
@Injectable()
export class BookingsService {
  constructor(
    private readonly store: SlotStore,
    private readonly calendars: CalendarsService,
    private readonly batches: BookingBatches,
  ) {}

  /** The write is done: the hold of a booking that ended goes from its expert's calendar. */
  private async released(ended: EndedBooking): Promise<BookingView>;
  private async released(ended: EndedBooking | undefined): Promise<BookingView | undefined>;
  private async released(ended: EndedBooking | undefined): Promise<BookingView | undefined> {
    if (!ended) return undefined;
    await this.calendars.releaseQuietly([ended.release]);
    return ended.booking;
  }

  async cancel({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    const ended = await this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideCancel(slot, { bookingId, reason }, ctx.principal, at),
      ctx,
    );
    return this.released(ended);
  }

  async reject({ bookingId, reason }: BookingReasonCommand, ctx: CommandContext): Promise<BookingView> {
    const ended = await this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideReject(slot, { bookingId, reason }, ctx.principal, at),
      ctx,
    );
    return this.released(ended);
  }

  /** Run by the approval job. */
  async expireApproval(bookingId: string, ctx: Asking): Promise<void> {
    const ended = await this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideApprovalExpiry(slot, bookingId, ctx.principal, at),
      ctx,
    );
    await this.released(ended);
  }

  approve({ bookingId }: BookingRef, ctx: CommandContext): Promise<BookingView> {
    return this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideApprove(slot, bookingId, ctx.principal, at),
      ctx,
    );
  }

  /** The offered expert takes the held seat: calendar hold first, then the guarded slot write. */
  async acceptOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<BookingView> {
    const who = whoOf(ctx.principal);
    const first = await this.store.load(slotId);
    const offer = openOffer(first, who, new Date());
    const bookingId = randomUUID();
    await this.calendars.reserve(
      who.userId,
      { bookingId, slotId, start: first.start, end: first.end, at: new Date() },
      this.store.holdIsActive,
    );
    try {
      return await this.store.update(
        () => this.store.load(slotId),
        (slot, at) => decideAcceptOffer(slot, { offerId: offer.id, bookingId }, at),
        ctx,
      );
    } catch (error) {
      await this.calendars.releaseQuietly([{ userId: who.userId, bookingId }]);
      throw error;
    }
  }

  declineOffer({ slotId }: SlotRef, ctx: CommandContext): Promise<SlotSummary> {
    const who = whoOf(ctx.principal);
    return this.store.update(
      () => this.store.load(slotId),
      (slot, at) => decideDeclineOffer(slot, who, at),
      ctx,
    );
  }

  /** Run by the offer job. */
  async expireOffer(slotId: string, offerId: string, ctx: Acting): Promise<void> {
    await this.store.update(
      () => this.store.load(slotId),
      (slot, at) => decideOfferExpiry(slot, offerId, at),
      ctx,
    );
  }

  leaveWaitlist({ slotId }: SlotRef, ctx: CommandContext): Promise<SlotSummary> {
    return this.store.update(
      () => this.store.load(slotId),
      (slot) => decideLeaveWaitlist(slot, ctx.principal),
      ctx,
    );
  }

  /**
   * Moves an active booking to another slot of the same station, as one step for the expert:
   * the new seat is taken first (no waitlist: full means nothing happens), then the old booking
   * ends as `rescheduled`. If the old booking changed meanwhile, the new seat is given back.
   * A crash between the two writes is finished at the next start (see StationWorker's repair).
   */
  async reschedule({ bookingId, slotId }: RescheduleCommand, ctx: CommandContext): Promise<BookingView> {
    const from = await this.store.loadByBooking(bookingId);
    const who = moveRequest(from, { bookingId, slotId }, ctx.principal);
    assertSameStation(from, await this.store.load(slotId));
    const moved = (await this.batches.move(slotId, who, bookingId, ctx)).booking;
    if (!moved) throw new AppError(409, 'SLOT_FULL', 'The new slot has no free seat');
    if (await this.finishMove(bookingId, moved.id, ctx)) return moved;
    await this.released(
      await this.store.update(
        () => this.store.loadByBooking(moved.id),
        (slot, at) => decideUndoMove(slot, moved.id, ctx.principal, at),
        ctx,
      ),
    );
    throw new AppError(409, 'CONFLICT', 'The booking changed while it was being moved; nothing was moved');
  }

  /** Ends the old booking of a move; false when it is no longer active (the move must be undone). */
  async finishMove(oldBookingId: string, newBookingId: string, ctx: Asking): Promise<boolean> {
    const ended = await this.store.update(
      () => this.store.loadByBooking(oldBookingId),
      (slot, at) =>
        decideMoveAway(slot, { bookingId: oldBookingId, movedTo: newBookingId }, ctx.principal, at),
      ctx,
    );
    return (await this.released(ended)) !== undefined;
  }

  /** An expert's bookings (all statuses, or those asked for), soonest first, with what was booked. */
  async mine({ status }: MyBookingsQuery, { principal }: { principal: Principal }): Promise<MyBookingList> {
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
}
