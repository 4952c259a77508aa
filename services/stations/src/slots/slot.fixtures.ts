import type { Principal } from '@qingshui/contracts';
import type { Change, Decision, DecisionContext } from '@qingshui/persistence';
import type { BookingRecord, OfferRecord, SlotDocument } from './slot.schema';

// Test data for the pure decisions of the stations service (used by the unit specs only).

/** An hour of 1 Jan 2030 (UTC). */
export const at = (hours: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, 0) + hours * 3600_000);

/** A decision context at `now` whose new ids are `id-1`, `id-2`, … */
export function context(now: Date): DecisionContext {
  let n = 0;
  return { now, newId: () => `id-${(n += 1)}` };
}

export const person = (
  userId: string,
  roles: Principal['roles'],
  over: Partial<Principal> = {},
): Principal => ({
  userId,
  username: userId,
  roles,
  ...over,
});

export const host = person('cadre-1', ['cadre'], { region: 'xichuan', orgId: 'gov-xichuan' });
export const stranger = person('someone', ['expert'], { region: 'haidian', orgId: 'inst-x' });
export const expert = (userId: string, orgId = `org-${userId}`, region = 'haidian') =>
  person(userId, ['expert'], { orgId, region });

/** An open station slot in 淅川 from hour 48 to 72, bookable from hour 0 until its start. */
export function aSlot(over: Partial<SlotDocument> = {}): SlotDocument {
  return {
    _id: 'slot-1',
    kind: 'slot',
    status: 'open',
    stationId: 'station-1',
    stationName: '淅川县院士专家工作站',
    address: '淅川县',
    fields: ['medicine'],
    county: 'xichuan',
    pairedDistrict: 'chaoyang',
    counties: ['xichuan'],
    pairedDistricts: ['chaoyang'],
    hostOrgId: 'hosp-xichuan',
    cadreUserIds: ['cadre-1'],
    start: at(48),
    end: at(72),
    capacity: 2,
    approvalRequired: false,
    opensAt: at(0),
    closesAt: at(48),
    offerTtlSeconds: 3600,
    approvalTtlSeconds: 7200,
    reminderLeadSeconds: 86_400,
    noShowGraceSeconds: 7200,
    seatsTaken: 0,
    orgCounts: {},
    regionCounts: {},
    seatHolders: [],
    bookingIds: [],
    bookedUserIds: [],
    bookings: [],
    waitlist: [],
    waitEntries: [],
    offers: [],
    version: 3,
    createdAt: at(0),
    updatedAt: at(0),
    outbox: [],
    outboxPending: false,
    ...over,
  };
}

export function aBooking(over: Partial<BookingRecord> & { id: string; userId: string }): BookingRecord {
  return { status: 'confirmed', checkIns: [], createdAt: at(1), updatedAt: at(1), ...over };
}

/** A slot whose seats are held by these bookings and offers, and whose line is `waiting`. */
export function slotWith(
  bookings: BookingRecord[],
  offers: OfferRecord[] = [],
  waiting: { userId: string; orgId?: string; region?: string }[] = [],
  over: Partial<SlotDocument> = {},
): SlotDocument {
  const holders = [...bookings.filter((b) => b.status === 'pending' || b.status === 'confirmed'), ...offers];
  const count = (key: 'orgId' | 'region') =>
    holders.reduce<Record<string, number>>((acc, h) => {
      const k = h[key];
      if (k) acc[k] = (acc[k] ?? 0) + 1;
      return acc;
    }, {});
  return aSlot({
    bookings,
    bookingIds: bookings.map((b) => b.id),
    bookedUserIds: bookings.map((b) => b.userId),
    offers,
    seatsTaken: holders.length,
    seatHolders: holders.map((h) => h.userId),
    orgCounts: count('orgId'),
    regionCounts: count('region'),
    waitlist: waiting.map((w) => w.userId),
    waitEntries: waiting.map((w) => ({ ...w, at: at(2) })),
    ...over,
  });
}

/** The decision as a change (fails the test when it is not one). */
export function changeOf<R, J>(decision: Decision<SlotDocument, R, J>): Change<SlotDocument, R, J> {
  if ('unchanged' in decision)
    throw new Error(`expected a change, got unchanged ${JSON.stringify(decision)}`);
  return decision;
}

export { payloadsOf, refusal, topicsOf } from '@qingshui/testing';
