import { AppError, type CreateTourInput, type Principal } from '@qingshui/contracts';
import type { DecisionContext } from '@qingshui/persistence';
import { counterpartOf } from '@qingshui/regions';
import { assertMayCreateTour } from '../slots/slot.rules';
import { newSlot, type NewSlot } from '../slots/slot.decide';

// Visit tours (院士专家库区行): an itinerary through several counties, booked like a slot. Pure.

const pairedOf = (county: string) => counterpartOf(county)?.id ?? county;

/**
 * A new tour: organised by an admin, a cadre of the organiser or of a county visited; it starts in
 * the future and runs from its first stop's start to its last stop's end. Every county visited
 * and its paired district hear of it; an eligibility rule on fields makes the tour findable by them.
 */
export function decideCreateTour(input: CreateTourInput, principal: Principal, at: DecisionContext): NewSlot {
  const counties = [...new Set(input.stops.map((s) => s.county))];
  assertMayCreateTour(principal, input.organiserOrgId, counties);
  const start = new Date(input.stops[0]!.start);
  if (start.getTime() <= at.now.getTime())
    throw AppError.validation([{ field: 'stops.0.start', message: 'A new tour must start in the future' }]);
  return newSlot(
    input,
    {
      kind: 'tour',
      title: input.title,
      description: input.description,
      stops: input.stops,
      eligibility: input.eligibility,
      ...(input.eligibility.fields.length > 0 ? { fields: input.eligibility.fields } : {}),
      county: counties[0]!,
      pairedDistrict: pairedOf(counties[0]!),
      counties,
      pairedDistricts: [...new Set(counties.map(pairedOf))],
      hostOrgId: input.organiserOrgId,
      cadreUserIds: [...new Set([principal.userId, ...input.cadreUserIds])],
      start,
      end: new Date(input.stops[input.stops.length - 1]!.end),
    },
    principal,
    at,
  );
}
