import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import type {
  CancelSlotCommand,
  CreateSlotCommand,
  Principal,
  SearchSlotsQuery,
  SlotList,
  SlotSummary,
  SlotView,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { StationsService } from '../stations/stations.service';
import { CalendarsService } from '../calendar/calendar.service';
import type { SlotDocument } from './slot.schema';
import { slotView } from './slot-views';
import { SlotStore } from './slot-store';
import { decideCancelSlot, decideCreateSlot } from './slot.decide';

/** Residency slots of a station: adding one, calling it off, reading and finding them. */
@Injectable()
export class SlotsService {
  constructor(
    private readonly store: SlotStore,
    private readonly stations: StationsService,
    private readonly calendars: CalendarsService,
  ) {}

  async create({ stationId, slot }: CreateSlotCommand, ctx: CommandContext): Promise<SlotView> {
    const station = await this.stations.load(stationId);
    const at = { now: new Date(), newId: randomUUID };
    const created = decideCreateSlot(station, slot, ctx.principal, at);
    await this.store.insert(created, ctx, at.now);
    return created.reply;
  }

  /** Calls off a slot or tour; the calendar holds of the bookings it ended go after the write. */
  async cancel({ slotId, reason }: CancelSlotCommand, ctx: CommandContext): Promise<SlotSummary> {
    const called = await this.store.update(
      () => this.store.load(slotId),
      (slot, at) => decideCancelSlot(slot, reason, ctx.principal, at),
      ctx,
    );
    await this.calendars.releaseQuietly(called.release);
    return called.slot;
  }

  async get({ id }: { id: string }, { principal }: { principal: Principal }): Promise<SlotView> {
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
}
