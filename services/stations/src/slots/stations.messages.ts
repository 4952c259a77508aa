import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
import {
  BookingCommands,
  SlotCommands,
  StationCommands,
  TourCommands,
  type BookingReasonCommand,
  type BookingRef,
  type CancelSlotCommand,
  type CheckInCommand,
  type CommandPattern,
  type CreateSlotCommand,
  type CreateStationInput,
  type CreateTourInput,
  type ListToursQuery,
  type MyBookingsQuery,
  type RescheduleCommand,
  type SearchSlotsQuery,
  type SlotRef,
} from '@qingshui/contracts';
import { handleCommand, type CommandContext } from '@qingshui/messaging';
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
    @InjectPinoLogger('stations') private readonly logger: PinoLogger,
  ) {}

  private handle<P, T>(
    pattern: CommandPattern,
    message: unknown,
    run: (payload: P, ctx: CommandContext) => Promise<T>,
  ) {
    return handleCommand(pattern, message, this.logger.logger, run);
  }

  @MessagePattern(StationCommands.create)
  createStation(@Payload() m: unknown) {
    return this.handle(StationCommands.create, m, (p: CreateStationInput, ctx) =>
      this.stations.create(p, ctx),
    );
  }

  @MessagePattern(StationCommands.get)
  getStation(@Payload() m: unknown) {
    return this.handle(StationCommands.get, m, ({ id }: { id: string }, ctx) => this.stations.get(id, ctx));
  }

  @MessagePattern(StationCommands.list)
  listStations(@Payload() m: unknown) {
    return this.handle(StationCommands.list, m, (p: { county?: string }, ctx) => this.stations.list(p, ctx));
  }

  @MessagePattern(SlotCommands.create)
  createSlot(@Payload() m: unknown) {
    return this.handle(SlotCommands.create, m, (p: CreateSlotCommand, ctx) => this.slots.create(p, ctx));
  }

  @MessagePattern(SlotCommands.get)
  getSlot(@Payload() m: unknown) {
    return this.handle(SlotCommands.get, m, (p: { id: string }, ctx) => this.slots.get(p, ctx));
  }

  @MessagePattern(SlotCommands.list)
  listSlots(@Payload() m: unknown) {
    return this.handle(SlotCommands.list, m, (p: { stationId: string }) => this.slots.list(p));
  }

  @MessagePattern(SlotCommands.search)
  searchSlots(@Payload() m: unknown) {
    return this.handle(SlotCommands.search, m, (p: SearchSlotsQuery) => this.slots.search(p));
  }

  @MessagePattern(SlotCommands.cancel)
  cancelSlot(@Payload() m: unknown) {
    return this.handle(SlotCommands.cancel, m, (p: CancelSlotCommand, ctx) => this.slots.cancelSlot(p, ctx));
  }

  @MessagePattern(BookingCommands.book)
  book(@Payload() m: unknown) {
    return this.handle(BookingCommands.book, m, (p: SlotRef, ctx) => this.bookings.book(p, ctx));
  }

  @MessagePattern(BookingCommands.cancel)
  cancel(@Payload() m: unknown) {
    return this.handle(BookingCommands.cancel, m, (p: BookingReasonCommand, ctx) =>
      this.slots.cancel(p, ctx),
    );
  }

  @MessagePattern(BookingCommands.approve)
  approve(@Payload() m: unknown) {
    return this.handle(BookingCommands.approve, m, (p: BookingRef, ctx) => this.slots.approve(p, ctx));
  }

  @MessagePattern(BookingCommands.reject)
  reject(@Payload() m: unknown) {
    return this.handle(BookingCommands.reject, m, (p: BookingReasonCommand, ctx) =>
      this.slots.reject(p, ctx),
    );
  }

  @MessagePattern(BookingCommands.acceptOffer)
  acceptOffer(@Payload() m: unknown) {
    return this.handle(BookingCommands.acceptOffer, m, (p: SlotRef, ctx) => this.slots.acceptOffer(p, ctx));
  }

  @MessagePattern(BookingCommands.declineOffer)
  declineOffer(@Payload() m: unknown) {
    return this.handle(BookingCommands.declineOffer, m, (p: SlotRef, ctx) => this.slots.declineOffer(p, ctx));
  }

  @MessagePattern(BookingCommands.reschedule)
  reschedule(@Payload() m: unknown) {
    return this.handle(BookingCommands.reschedule, m, (p: RescheduleCommand, ctx) =>
      this.slots.reschedule(p, ctx),
    );
  }

  @MessagePattern(BookingCommands.checkIn)
  checkIn(@Payload() m: unknown) {
    return this.handle(BookingCommands.checkIn, m, (p: CheckInCommand, ctx) =>
      this.attendance.checkIn(p, ctx),
    );
  }

  @MessagePattern(BookingCommands.markNoShow)
  markNoShow(@Payload() m: unknown) {
    return this.handle(BookingCommands.markNoShow, m, (p: BookingRef, ctx) =>
      this.attendance.markNoShow(p, ctx),
    );
  }

  @MessagePattern(BookingCommands.mine)
  mine(@Payload() m: unknown) {
    return this.handle(BookingCommands.mine, m, (p: MyBookingsQuery, ctx) => this.slots.mine(p, ctx));
  }

  @MessagePattern(BookingCommands.leaveWaitlist)
  leaveWaitlist(@Payload() m: unknown) {
    return this.handle(BookingCommands.leaveWaitlist, m, (p: SlotRef, ctx) =>
      this.slots.leaveWaitlist(p, ctx),
    );
  }

  @MessagePattern(TourCommands.create)
  createTour(@Payload() m: unknown) {
    return this.handle(TourCommands.create, m, (p: CreateTourInput, ctx) => this.tours.create(p, ctx));
  }

  @MessagePattern(TourCommands.list)
  listTours(@Payload() m: unknown) {
    return this.handle(TourCommands.list, m, (p: ListToursQuery) => this.tours.list(p));
  }
}
