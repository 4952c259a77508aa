import {
  event,
  StationEvents,
  type CreateStationInput,
  type EventSpec,
  type Principal,
  type StationView,
} from '@qingshui/contracts';
import type { DecisionContext } from '@qingshui/persistence';
import { counterpartOf } from '@qingshui/regions';
import type { StationDocument } from './station.schema';
import { assertMayCreateStation } from '../slots/slot.rules';
import { stationView } from './station-views';

// Decisions about workstations (院士专家工作站). Pure.

export interface NewStation {
  doc: Omit<StationDocument, 'outbox' | 'outboxPending'>;
  events: EventSpec[];
  reply: StationView;
}

/**
 * A cadre of the county (or an admin) opens a station: run by its creator and the cadres named,
 * hosted by an organisation, paired with the county's Beijing district.
 */
export function decideCreateStation(
  input: CreateStationInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): NewStation {
  assertMayCreateStation(principal, input.county);
  const doc: NewStation['doc'] = {
    _id: newId(),
    name: input.name,
    county: input.county,
    pairedDistrict: counterpartOf(input.county)?.id ?? input.county,
    hostOrgId: input.hostOrgId,
    fields: input.fields,
    address: input.address,
    cadreUserIds: [...new Set([principal.userId, ...input.cadreUserIds])],
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    doc,
    events: [event(StationEvents.created, { station: stationView(doc) })],
    reply: stationView(doc, principal),
  };
}
