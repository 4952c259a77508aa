import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
import {
  BookingCommands,
  SlotCommands,
  StationCommands,
  type BookingReasonCommand,
  type BookingRef,
  type CommandPattern,
  type CreateSlotCommand,
  type CreateStationInput,
  type SlotRef,
} from '@qingshui/contracts';
import { handleCommand, type CommandContext } from '@qingshui/messaging';
import { StationsService } from '../stations/stations.service';
import { SlotsService } from './slots.service';

/** Request-reply handlers of stations, slots and bookings. */
@Controller()
export class StationsMessages {
  constructor(
    private readonly stations: StationsService,
    private readonly slots: SlotsService,
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

  @MessagePattern(BookingCommands.book)
  book(@Payload() m: unknown) {
    return this.handle(BookingCommands.book, m, (p: SlotRef, ctx) => this.slots.book(p, ctx));
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
}
