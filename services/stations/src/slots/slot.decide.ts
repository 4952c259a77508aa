import {
  AppError,
  SlotEvents,
  type CreateSlotInput,
  type EventSpec,
  type Principal,
  type SlotSummary,
  type SlotView,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { StationDocument } from '../stations/station.schema';
import type { BookingRecord, SlotDocument } from './slot.schema';
import { canManage } from './slot.rules';
import { slotSummary, slotView } from './slot-views';
import { bookingEvent, slotEvent } from './slot-events';
import {
  approvalJob,
  noShowJob,
  offerExpiryJob,
  reminderJob,
  type ScheduledJob,
  type StationJob,
} from '../jobs/station-job.rules';
import type { HoldRef } from '../calendar/calendar.decide';
import { allows, nextBookingStatus } from '../bookings/booking.rules';

// Decisions about a slot or tour as a whole: creating one, calling it off. Pure.

/** A decision on a slot or tour (its bookings included: they live in its document). */
export type SlotDecision<R> = Decision<SlotDocument, R, StationJob>;

/** What the slot's counters and line look like in a write that moved seats. */
export function queueSet(state: SlotDocument): Partial<SlotDocument> {
  return {
    seatsTaken: state.seatsTaken,
    orgCounts: state.orgCounts,
    regionCounts: state.regionCounts,
    seatHolders: state.seatHolders,
    waitlist: state.waitlist,
    waitEntries: state.waitEntries,
    offers: state.offers,
  };
}

/** A new slot or tour: the document to insert with its events, the jobs that follow, the reply. */
export interface NewSlot {
  doc: Omit<SlotDocument, 'outbox' | 'outboxPending'>;
  events: EventSpec[];
  schedule: ScheduledJob[];
  reply: SlotView;
}

/** What a new slot or tour takes from its creation input: seats, caps, window and timings. */
export interface SeatableInput {
  capacity: number;
  approvalRequired: boolean;
  maxPerOrg?: number | undefined;
  maxPerRegion?: number | undefined;
  opensAt?: string | undefined;
  closesAt?: string | undefined;
  offerTtlSeconds: number;
  approvalTtlSeconds: number;
  reminderLeadSeconds: number;
  noShowGraceSeconds: number;
}

type Placed = Omit<SlotDocument, keyof ReturnType<typeof newSeatable> | 'outbox' | 'outboxPending'>;

/** The seat, queue and timing fields every new slot or tour starts with (the window closes at the start by default). */
function newSeatable(input: SeatableInput, start: Date, { now, newId }: DecisionContext) {
  return {
    _id: newId(),
    status: 'open' as const,
    capacity: input.capacity,
    approvalRequired: input.approvalRequired,
    ...(input.maxPerOrg !== undefined ? { maxPerOrg: input.maxPerOrg } : {}),
    ...(input.maxPerRegion !== undefined ? { maxPerRegion: input.maxPerRegion } : {}),
    opensAt: input.opensAt ? new Date(input.opensAt) : now,
    closesAt: input.closesAt ? new Date(input.closesAt) : start,
    offerTtlSeconds: input.offerTtlSeconds,
    approvalTtlSeconds: input.approvalTtlSeconds,
    reminderLeadSeconds: input.reminderLeadSeconds,
    noShowGraceSeconds: input.noShowGraceSeconds,
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
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * A new slot or tour (`placed`: where and when it is, who hosts it) with its seats: its creation
 * event, and its no-show sweep after the start.
 */
export function newSlot(
  input: SeatableInput,
  placed: Placed,
  principal: Principal,
  at: DecisionContext,
): NewSlot {
  const doc: NewSlot['doc'] = { ...newSeatable(input, placed.start, at), ...placed };
  const full = { ...doc, outbox: [], outboxPending: false };
  return {
    doc,
    events: [slotEvent(SlotEvents.created, full)],
    schedule: [noShowJob(doc)],
    reply: slotView(full, principal),
  };
}

/** A station's host side adds a residency slot, starting in the future, where the station is. */
export function decideCreateSlot(
  station: StationDocument,
  input: CreateSlotInput,
  principal: Principal,
  at: DecisionContext,
): NewSlot {
  if (!canManage(principal, station)) throw AppError.forbidden('Only the station’s host side may add slots');
  const start = new Date(input.start);
  if (start.getTime() <= at.now.getTime())
    throw AppError.validation([{ field: 'start', message: 'A new slot must start in the future' }]);
  return newSlot(
    input,
    {
      kind: 'slot',
      stationId: station._id,
      stationName: station.name,
      address: station.address,
      fields: station.fields,
      county: station.county,
      pairedDistrict: station.pairedDistrict,
      counties: [station.county],
      pairedDistricts: [station.pairedDistrict],
      hostOrgId: station.hostOrgId,
      cadreUserIds: station.cadreUserIds,
      start,
      end: new Date(input.end),
    },
    principal,
    at,
  );
}

/** A call-off, and the calendar holds of the bookings it ended, to release once written. */
export interface CalledOff {
  slot: SlotSummary;
  release: HoldRef[];
}

/**
 * Calls off a slot or tour (the host side, with a reason): every active booking is cancelled,
 * open offers withdrawn and the line cleared, each expert concerned is told, the slot's jobs go
 * (and the bookings' calendar holds after the write). A cancelled slot stays as it is.
 */
export function decideCancelSlot(
  slot: SlotDocument,
  reason: string,
  principal: Principal,
  { now }: DecisionContext,
): SlotDecision<CalledOff> {
  if (!canManage(principal, slot)) throw AppError.forbidden('Only the host side may cancel it');
  if (slot.status === 'cancelled') return { unchanged: { slot: slotSummary(slot), release: [] } };
  const ending = slot.bookings.filter((b) => allows('cancel', b.status));
  const cancel = (b: BookingRecord): BookingRecord => ({
    ...b,
    status: nextBookingStatus('cancel', b.status),
    reason,
    cancelledBy: principal.userId,
    updatedAt: now,
  });
  const bookings = slot.bookings.map((b) => (allows('cancel', b.status) ? cancel(b) : b));
  const next: SlotDocument = {
    ...slot,
    status: 'cancelled',
    cancelReason: reason,
    bookings,
    seatsTaken: 0,
    orgCounts: {},
    regionCounts: {},
    seatHolders: [],
    waitlist: [],
    waitEntries: [],
    offers: [],
    version: slot.version + 1,
  };
  const byId = new Map(bookings.map((b) => [b.id, b]));
  const booked = new Set(ending.map((b) => b.userId));
  // Offered and waiting experts hear of the call-off once each; booked ones through their booking.
  const told = new Set([...slot.offers.map((o) => o.userId), ...slot.waitlist].filter((u) => !booked.has(u)));
  return {
    set: { ...queueSet(next), status: next.status, cancelReason: reason, bookings },
    events: [
      slotEvent(SlotEvents.cancelled, next),
      ...ending.map((b) => bookingEvent(SlotEvents.bookingCancelled, next, byId.get(b.id)!)),
      ...[...told].map((userId) => slotEvent(SlotEvents.cancelled, next, userId)),
    ],
    unschedule: [
      ...ending.flatMap((b) => [reminderJob(slot, b.id), approvalJob(slot._id, b.id)]),
      ...slot.offers.map((o) => offerExpiryJob(slot._id, o.id)),
      noShowJob(slot).job,
    ],
    reply: { slot: slotSummary(next), release: ending.map((b) => ({ userId: b.userId, bookingId: b.id })) },
  };
}
