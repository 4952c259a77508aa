import { Controller } from '@nestjs/common';
import {
  BookingCommands,
  type BookingReasonCommand,
  type BookingRef,
  type CheckInCommand,
  type MyBookingsQuery,
  type RescheduleCommand,
  type SlotRef,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { BookingBatches } from './booking-batches';
import { BookingsService } from './bookings.service';
import { AttendanceService } from './attendance.service';

/**
 * Request-reply handlers of bookings (and tour registrations). Many run at once (see
 * ConcurrentKafkaServer): a burst of bookings for one slot is then decided in batches.
 */
@Controller()
export class BookingsMessages {
  constructor(
    private readonly batches: BookingBatches,
    private readonly bookings: BookingsService,
    private readonly attendance: AttendanceService,
  ) {}

  @Handles(BookingCommands.book)
  book(p: SlotRef, ctx: CommandContext) {
    return this.batches.book(p, ctx);
  }

  @Handles(BookingCommands.cancel)
  cancel(p: BookingReasonCommand, ctx: CommandContext) {
    return this.bookings.cancel(p, ctx);
  }

  @Handles(BookingCommands.approve)
  approve(p: BookingRef, ctx: CommandContext) {
    return this.bookings.approve(p, ctx);
  }

  @Handles(BookingCommands.reject)
  reject(p: BookingReasonCommand, ctx: CommandContext) {
    return this.bookings.reject(p, ctx);
  }

  @Handles(BookingCommands.acceptOffer)
  acceptOffer(p: SlotRef, ctx: CommandContext) {
    return this.bookings.acceptOffer(p, ctx);
  }

  @Handles(BookingCommands.declineOffer)
  declineOffer(p: SlotRef, ctx: CommandContext) {
    return this.bookings.declineOffer(p, ctx);
  }

  @Handles(BookingCommands.reschedule)
  reschedule(p: RescheduleCommand, ctx: CommandContext) {
    return this.bookings.reschedule(p, ctx);
  }

  @Handles(BookingCommands.checkIn)
  checkIn(p: CheckInCommand, ctx: CommandContext) {
    return this.attendance.checkIn(p, ctx);
  }

  @Handles(BookingCommands.markNoShow)
  markNoShow(p: BookingRef, ctx: CommandContext) {
    return this.attendance.markNoShow(p, ctx);
  }

  @Handles(BookingCommands.mine)
  mine(p: MyBookingsQuery, ctx: CommandContext) {
    return this.bookings.mine(p, ctx);
  }

  @Handles(BookingCommands.leaveWaitlist)
  leaveWaitlist(p: SlotRef, ctx: CommandContext) {
    return this.bookings.leaveWaitlist(p, ctx);
  }
}
