import { Controller } from '@nestjs/common';
import {
  BookingCommands,
  SlotCommands,
  StationCommands,
  TourCommands,
  type BookingReasonCommand,
  type BookingRef,
  type CancelSlotCommand,
  type CheckInCommand,
  type CreateSlotCommand,
  type CreateStationInput,
  type CreateTourInput,
  type ListToursQuery,
  type MyBookingsQuery,
  type RescheduleCommand,
  type SearchSlotsQuery,
  type SlotRef,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { StationsService } from '../stations/stations.service';
import { SlotsService } from './slots.service';
import { BookingBatches } from './booking-batches';
import { AttendanceService } from './attendance.service';
import { ToursService } from '../tours/tours.service';

/**
 * Request-reply handlers of stations, slots, bookings and tours. Many run at once (see
 * ConcurrentKafkaServer): a burst of bookings for one slot is then decided in batches.
 */
@Controller()
export class StationsMessages {
  constructor(
    private readonly stations: StationsService,
    private readonly slots: SlotsService,
    private readonly bookings: BookingBatches,
    private readonly attendance: AttendanceService,
    private readonly tours: ToursService,
  ) {}

  @Handles(StationCommands.create)
  createStation(p: CreateStationInput, ctx: CommandContext) {
    return this.stations.create(p, ctx);
  }

  @Handles(StationCommands.get)
  getStation({ id }: { id: string }, ctx: CommandContext) {
    return this.stations.get(id, ctx);
  }

  @Handles(StationCommands.list)
  listStations(p: { county?: string | undefined }, ctx: CommandContext) {
    return this.stations.list(p, ctx);
  }

  @Handles(SlotCommands.create)
  createSlot(p: CreateSlotCommand, ctx: CommandContext) {
    return this.slots.create(p, ctx);
  }

  @Handles(SlotCommands.get)
  getSlot(p: { id: string }, ctx: CommandContext) {
    return this.slots.get(p, ctx);
  }

  @Handles(SlotCommands.list)
  listSlots(p: { stationId: string }) {
    return this.slots.list(p);
  }

  @Handles(SlotCommands.search)
  searchSlots(p: SearchSlotsQuery) {
    return this.slots.search(p);
  }

  @Handles(SlotCommands.cancel)
  cancelSlot(p: CancelSlotCommand, ctx: CommandContext) {
    return this.slots.cancelSlot(p, ctx);
  }

  @Handles(BookingCommands.book)
  book(p: SlotRef, ctx: CommandContext) {
    return this.bookings.book(p, ctx);
  }

  @Handles(BookingCommands.cancel)
  cancel(p: BookingReasonCommand, ctx: CommandContext) {
    return this.slots.cancel(p, ctx);
  }

  @Handles(BookingCommands.approve)
  approve(p: BookingRef, ctx: CommandContext) {
    return this.slots.approve(p, ctx);
  }

  @Handles(BookingCommands.reject)
  reject(p: BookingReasonCommand, ctx: CommandContext) {
    return this.slots.reject(p, ctx);
  }

  @Handles(BookingCommands.acceptOffer)
  acceptOffer(p: SlotRef, ctx: CommandContext) {
    return this.slots.acceptOffer(p, ctx);
  }

  @Handles(BookingCommands.declineOffer)
  declineOffer(p: SlotRef, ctx: CommandContext) {
    return this.slots.declineOffer(p, ctx);
  }

  @Handles(BookingCommands.reschedule)
  reschedule(p: RescheduleCommand, ctx: CommandContext) {
    return this.slots.reschedule(p, ctx);
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
    return this.slots.mine(p, ctx);
  }

  @Handles(BookingCommands.leaveWaitlist)
  leaveWaitlist(p: SlotRef, ctx: CommandContext) {
    return this.slots.leaveWaitlist(p, ctx);
  }

  @Handles(TourCommands.create)
  createTour(p: CreateTourInput, ctx: CommandContext) {
    return this.tours.create(p, ctx);
  }

  @Handles(TourCommands.list)
  listTours(p: ListToursQuery) {
    return this.tours.list(p);
  }
}
