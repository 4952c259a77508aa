import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import type { CreateTourInput, ListToursQuery, SlotList, SlotView } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { SlotStore } from '../slots/slot-store';
import type { SlotDocument } from '../slots/slot.schema';
import { decideCreateTour } from './tour.decide';

/**
 * Visit tours (院士专家库区行): an itinerary through several counties. A tour is booked like a
 * slot (same seats, caps, waitlist, offers, approvals, reminders), over the whole itinerary.
 */
@Injectable()
export class ToursService {
  constructor(private readonly store: SlotStore) {}

  async create(input: CreateTourInput, ctx: CommandContext): Promise<SlotView> {
    const at = { now: new Date(), newId: randomUUID };
    const created = decideCreateTour(input, ctx.principal, at);
    await this.store.insert(created, ctx, at.now);
    return created.reply;
  }

  list({ county, upcoming }: ListToursQuery): Promise<SlotList> {
    const filter: Filter<SlotDocument> = { kind: 'tour' };
    if (county) filter.counties = county;
    if (upcoming) filter.end = { $gt: new Date() };
    return this.store.find(filter, 200);
  }
}
