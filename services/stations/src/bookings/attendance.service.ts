import { Injectable } from '@nestjs/common';
import type { BookingRef, BookingView, CheckInCommand } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import type { Acting } from '@qingshui/persistence';
import { SlotStore } from '../slots/slot-store';
import { decideCheckIn, decideMarkNoShow, decideNoShowSweep, decideReminder } from './booking.decide';

/** Check-in at the station or a tour stop, no-shows after the start, and reminders before it. */
@Injectable()
export class AttendanceService {
  constructor(private readonly store: SlotStore) {}

  /** Checks an expert in at the slot (stop 0) or at a tour stop; idempotent per stop. */
  checkIn({ bookingId, stop }: CheckInCommand, ctx: CommandContext): Promise<BookingView> {
    return this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideCheckIn(slot, { bookingId, stop }, ctx.principal, at),
      ctx,
    );
  }

  /** The host marks one confirmed booking a no-show, once the start has passed without a check-in. */
  markNoShow({ bookingId }: BookingRef, ctx: CommandContext): Promise<BookingView> {
    return this.store.update(
      () => this.store.loadByBooking(bookingId),
      (slot, at) => decideMarkNoShow(slot, bookingId, ctx.principal, at),
      ctx,
    );
  }

  /** Run by the no-show job after the start and its grace; answers how many it marked. */
  sweepNoShows(slotId: string, startMs: number, ctx: Acting): Promise<number> {
    return this.store.update(
      () => this.store.load(slotId),
      (slot, at) => decideNoShowSweep(slot, startMs, at),
      ctx,
    );
  }

  /** Run by the reminder job; answers whether it reminded. */
  remind(slotId: string, bookingId: string, startMs: number, ctx: Acting): Promise<boolean> {
    return this.store.update(
      () => this.store.load(slotId),
      (slot, at) => decideReminder(slot, { bookingId, startMs }, at),
      ctx,
    );
  }
}
