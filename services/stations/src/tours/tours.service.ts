import { Injectable } from '@nestjs/common';
import type { Filter } from 'mongodb';
import {
  AppError,
  type CreateTourInput,
  type ListToursQuery,
  type SlotList,
  type SlotView,
} from '@qingshui/contracts';
import { counterpartOf } from '@qingshui/regions';
import type { CommandContext } from '@qingshui/messaging';
import { SlotsService } from '../slots/slots.service';
import { SlotStore } from '../slots/slot-store';
import { newSeatable } from '../slots/slot-views';
import type { SlotDocument } from '../slots/slot.schema';
import { assertMayCreateTour } from '../slots/slot.rules';

/**
 * Visit tours (院士专家库区行): an itinerary through several counties. A tour is booked like a
 * slot (same seats, caps, waitlist, offers, approvals, reminders), over the whole itinerary.
 */
@Injectable()
export class ToursService {
  constructor(
    private readonly slots: SlotsService,
    private readonly store: SlotStore,
  ) {}

  async create(input: CreateTourInput, ctx: CommandContext): Promise<SlotView> {
    const counties = [...new Set(input.stops.map((s) => s.county))];
    assertMayCreateTour(ctx.principal, input.organiserOrgId, counties);
    const now = new Date();
    const start = new Date(input.stops[0]!.start);
    if (start.getTime() <= now.getTime())
      throw AppError.validation([{ field: 'stops.0.start', message: 'A new tour must start in the future' }]);
    const paired = (county: string) => counterpartOf(county)?.id ?? county;
    const doc: SlotDocument = {
      ...newSeatable(input, now, start),
      kind: 'tour',
      title: input.title,
      description: input.description,
      stops: input.stops,
      eligibility: input.eligibility,
      ...(input.eligibility.fields.length > 0 ? { fields: input.eligibility.fields } : {}),
      county: counties[0]!,
      pairedDistrict: paired(counties[0]!),
      counties,
      pairedDistricts: [...new Set(counties.map(paired))],
      hostOrgId: input.organiserOrgId,
      cadreUserIds: [...new Set([ctx.principal.userId, ...input.cadreUserIds])],
      start,
      end: new Date(input.stops[input.stops.length - 1]!.end),
    };
    return this.slots.insert(doc, ctx);
  }

  list({ county, upcoming }: ListToursQuery): Promise<SlotList> {
    const filter: Filter<SlotDocument> = { kind: 'tour' };
    if (county) filter.counties = county;
    if (upcoming) filter.end = { $gt: new Date() };
    return this.store.find(filter, 200);
  }
}
