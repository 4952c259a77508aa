import { Injectable } from '@nestjs/common';
import {
  AppError,
  SlotEvents,
  type BookingRef,
  type BookingView,
  type CheckInCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import type { BookingRecord, SlotDocument } from './slot.schema';
import { canManage, checkInWindow } from './slot.rules';
import { bookingView } from './slot-views';
import { SlotStore, type Ctx, type Decision } from './slot-store';

/** Check-in at the station or a tour stop, no-shows after the start, and reminders before it. */
@Injectable()
export class AttendanceService {
  constructor(private readonly store: SlotStore) {}

  /** Checks an expert in at the slot (stop 0) or at a tour stop; idempotent per stop. */
  checkIn({ bookingId, stop }: CheckInCommand, ctx: CommandContext): Promise<BookingView> {
    return this.store.step<BookingView>(
      () => this.store.loadByBooking(bookingId),
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
        return this.store.bookingChange(slot, checked, SlotEvents.checkedIn, ctx, now, (next) =>
          bookingView(checked, next),
        );
      },
    );
  }

  /** The host marks one confirmed booking a no-show, once the start has passed without a check-in. */
  markNoShow({ bookingId }: BookingRef, ctx: CommandContext): Promise<BookingView> {
    return this.store.step<BookingView>(
      () => this.store.loadByBooking(bookingId),
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
    return this.store.step<number>(
      () => this.store.load(slotId),
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
          this.store.event(SlotEvents.noShow, next, { booking: b, userId: b.userId }, ctx, now),
        ),
        result: result(marked.values().next().value!, next),
      },
    };
  }

  /** Run by the reminder job: only a confirmed booking, only for the start it was scheduled for. */
  async remind(slotId: string, bookingId: string, startMs: number, ctx: Ctx): Promise<boolean> {
    return this.store.step<boolean>(
      () => this.store.load(slotId),
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
        return this.store.bookingChange(slot, reminded, SlotEvents.reminder, ctx, now, () => true);
      },
    );
  }
}
