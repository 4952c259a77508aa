import {
  AppError,
  SlotEvents,
  type BookingView,
  type BookResult,
  type Principal,
  type SlotSummary,
} from '@qingshui/contracts';
import type { Acting, AttributedEvent, Change, DecisionContext } from '@qingshui/persistence';
import type { BookingRecord, OfferRecord, SlotDocument } from '../slots/slot.schema';
import {
  assertOpen,
  assertWindowOpen,
  checkInWindow,
  countSeat,
  decisionDeadline,
  freeSeat,
  offerFreeSeats,
  seatRefusal,
  type SeatState,
  type Who,
} from '../slots/slot.rules';
import { bookingView, slotSummary } from '../slots/slot-views';
import { queueSet, type SlotDecision } from '../slots/slot.decide';
import {
  bookingEvent,
  offerAcceptedEvent,
  offerEvent,
  offersMade,
  waitlistedEvent,
  waitlistLeftEvent,
  type BookingTopic,
} from '../slots/slot-events';
import {
  approvalJob,
  bookingJobs,
  offerExpiryJob,
  offerJobs,
  reminderJob,
  type ScheduledJob,
  type StationJob,
} from '../jobs/station-job.rules';
import type { HoldRef } from '../calendar/calendar.decide';
import {
  allows,
  assertHost,
  assertOwnerOrHost,
  bookingIn,
  capError,
  holderOf,
  nextBookingStatus,
  type BookingAction,
} from './booking.rules';

// Every decision about bookings, as pure functions of the slot read (bookings live in their slot's
// document), the command, who asks and the decision context (time, new ids). No I/O here: the
// handlers read, let these decide, write with the versioned store and do the follow-ups.

const replaced = (slot: SlotDocument, updated: BookingRecord) =>
  slot.bookings.map((b) => (b.id === updated.id ? updated : b));

/** The write that replaces one booking of the slot with `updated`, and one event about it. */
function bookingChange<R>(
  slot: SlotDocument,
  updated: BookingRecord,
  topic: BookingTopic,
  reply: (next: SlotDocument) => R,
): Change<SlotDocument, R, StationJob> {
  const next: SlotDocument = { ...slot, bookings: replaced(slot, updated), version: slot.version + 1 };
  return {
    set: { bookings: next.bookings },
    events: [bookingEvent(topic, next, updated)],
    reply: reply(next),
  };
}

/** A new booking for `who`: pending with a decision deadline when the host approves bookings. */
export function newBooking(
  slot: SlotDocument,
  who: Who,
  id: string,
  now: Date,
  movedFrom?: string,
): BookingRecord {
  const pending = slot.approvalRequired;
  return {
    id,
    userId: who.userId,
    ...(who.orgId ? { orgId: who.orgId } : {}),
    ...(who.region ? { region: who.region } : {}),
    status: pending ? 'pending' : 'confirmed',
    ...(pending ? { decideBy: decisionDeadline(now, slot.approvalTtlSeconds, slot.start) } : {}),
    ...(movedFrom ? { movedFrom } : {}),
    checkIns: [],
    createdAt: now,
    updatedAt: now,
  };
}

// --- booking a seat, in batches ---

/** One booking request of a batch. */
export interface BookingRequest {
  who: Who;
  /** Who asked: the envelope of this request's events names them. */
  acting: Acting;
  /** Epoch ms after which the caller no longer waits. */
  deadline?: number | undefined;
  /** A move (rescheduling) of this booking: a seat or nothing, never the waitlist. */
  movedFrom?: string | undefined;
  /** The calendar hold taken ahead for this request's seat (its id becomes the booking's), or why not. */
  hold?: { taken: string } | { refused: unknown } | undefined;
}

export type BookingOutcome =
  { kind: 'done'; seat: boolean; result: BookResult } | { kind: 'error'; error: unknown };

/** A decision this close to the caller's deadline would reach it too late: it is not made. */
export const REPLY_MARGIN_MS = 250;

/**
 * Which requests of a batch will get a seat as the slot stands: each of them takes a calendar
 * hold before the batch is decided (so the seat write can follow at once). The others (already
 * seated or waiting, capped, or beyond the free seats) need none.
 */
export function seatsAhead<T extends { who: Who }>(slot: SlotDocument, batch: readonly T[]): T[] {
  let seats: SeatState = slot;
  const taking: T[] = [];
  for (const request of batch) {
    if (slot.seatHolders.includes(request.who.userId) || slot.waitlist.includes(request.who.userId)) continue;
    if (seatRefusal(seats, request.who) !== undefined) continue;
    seats = countSeat(seats, request.who, 1);
    taking.push(request);
  }
  return taking;
}

/**
 * Decides a batch in arrival order, each request against the slot as the ones before it left it:
 * a seat (with the calendar hold taken for it), the waitlist, or a refusal (expired, closed,
 * duplicate, cap, overlap; a move finds no seat). Seats left free (a hold refused, or the slot
 * changed meanwhile) are offered down the line. ONE write for all, with one event each carrying
 * the counts of its moment and naming its own caller; the reply has each request's outcome and
 * the slot as written.
 */
export function decideBatch(
  slot: SlotDocument,
  batch: readonly BookingRequest[],
  { now, newId }: DecisionContext,
): SlotDecision<{ outcomes: BookingOutcome[]; state: SlotDocument }> {
  // Copies that this decision may grow in place: a batch has up to hundreds of requests.
  let state: SlotDocument = {
    ...slot,
    orgCounts: { ...slot.orgCounts },
    regionCounts: { ...slot.regionCounts },
    seatHolders: [...slot.seatHolders],
    bookingIds: [...slot.bookingIds],
    bookedUserIds: [...slot.bookedUserIds],
    bookings: [...slot.bookings],
    waitlist: [...slot.waitlist],
    waitEntries: [...slot.waitEntries],
    version: slot.version + 1,
  };
  const outcomes: BookingOutcome[] = [];
  const events: AttributedEvent[] = [];
  const schedule: ScheduledJob[] = [];
  for (const request of batch) {
    const { who, acting } = request;
    try {
      // The caller stopped waiting (and was told 503): deciding now would be a change nobody hears of.
      if (request.deadline !== undefined && now.getTime() > request.deadline - REPLY_MARGIN_MS)
        throw new AppError(503, 'DEPENDENCY_UNAVAILABLE', 'The request expired before it was handled');
      assertOpen(state);
      assertWindowOpen(state, now);
      if (state.seatHolders.includes(who.userId))
        throw AppError.duplicate('You already hold a seat or an offer here');
      if (state.waitlist.includes(who.userId)) throw AppError.duplicate('You are already on the waitlist');
      const refusal = seatRefusal(state, who);
      const capped = capError(refusal);
      if (capped) throw capped;
      if (request.hold && 'refused' in request.hold) throw request.hold.refused;
      const holdId = request.hold?.taken;
      if (request.movedFrom && (refusal === 'full' || !holdId))
        throw new AppError(409, 'SLOT_FULL', 'The new slot has no free seat');
      if (refusal === 'full' || !holdId) {
        state.waitlist.push(who.userId);
        state.waitEntries.push({ ...who, at: now });
        const position = state.waitlist.length;
        events.push({ event: waitlistedEvent(state, who.userId, position), acting });
        outcomes.push({
          kind: 'done',
          seat: false,
          result: { outcome: 'waitlisted', waitlistPosition: position, slot: slotSummary(state) },
        });
        continue;
      }
      const booking = newBooking(state, who, holdId, now, request.movedFrom);
      Object.assign(state, countSeat(state, who, 1));
      state.seatHolders.push(who.userId);
      state.bookingIds.push(booking.id);
      state.bookedUserIds.push(who.userId);
      state.bookings.push(booking);
      const pending = booking.status === 'pending';
      const topic = pending ? SlotEvents.bookingRequested : SlotEvents.bookingConfirmed;
      events.push({ event: bookingEvent(topic, state, booking), acting });
      schedule.push(...bookingJobs(state, booking, now));
      outcomes.push({
        kind: 'done',
        seat: true,
        result: {
          outcome: pending ? 'pending' : 'confirmed',
          booking: bookingView(booking, state),
          slot: slotSummary(state),
        },
      });
    } catch (error) {
      outcomes.push({ kind: 'error', error });
    }
  }
  if (events.length === 0) return { unchanged: { outcomes, state: slot } };
  // A seat nobody in the batch could take (a hold refused) goes to the first in line it fits.
  const { state: offered, made } = offerFreeSeats(state, now, state.offerTtlSeconds, newId);
  state = offered;
  return {
    set: {
      ...queueSet(state),
      bookingIds: state.bookingIds,
      bookedUserIds: state.bookedUserIds,
      bookings: state.bookings,
    },
    // The offers are the write's own doing: they go under its actor (the batch's first caller).
    events: [...events, ...offersMade(state, made)],
    schedule: [...schedule, ...offerJobs(state._id, made)],
    reply: { outcomes, state },
  };
}

// --- ending a booking ---

/** A booking that ended, and the calendar hold to release once the write is done. */
export interface EndedBooking {
  booking: BookingView;
  release: HoldRef;
}

type Ending = Extract<BookingAction, 'cancel' | 'reject' | 'expire' | 'reschedule'>;

const ENDED_TOPIC: Record<Ending, BookingTopic> = {
  cancel: SlotEvents.bookingCancelled,
  reject: SlotEvents.bookingRejected,
  expire: SlotEvents.bookingExpired,
  reschedule: SlotEvents.bookingRescheduled,
};

/**
 * Ends an active booking (cancelled, rejected, expired or moved away): frees its seat, offers it
 * down the line, drops its jobs; its calendar hold is released after the write.
 */
function endBooking(
  slot: SlotDocument,
  booking: BookingRecord,
  end: { action: Ending; reason?: string; movedTo?: string },
  principal: Principal,
  { now, newId }: DecisionContext,
): SlotDecision<EndedBooking> {
  const ended: BookingRecord = {
    ...booking,
    status: nextBookingStatus(end.action, booking.status),
    ...(end.reason ? { reason: end.reason } : {}),
    ...(end.movedTo ? { movedTo: end.movedTo } : {}),
    cancelledBy: principal.userId,
    updatedAt: now,
  };
  const { state, made } = freeSeat(slot, booking, now, slot.offerTtlSeconds, newId);
  const next: SlotDocument = { ...state, bookings: replaced(slot, ended), version: slot.version + 1 };
  return {
    set: { ...queueSet(next), bookings: next.bookings },
    events: [bookingEvent(ENDED_TOPIC[end.action], next, ended), ...offersMade(next, made)],
    schedule: offerJobs(slot._id, made),
    // An expiry runs as the approval job itself: it must not try to remove itself.
    unschedule: [
      reminderJob(slot, booking.id),
      ...(end.action === 'expire' ? [] : [approvalJob(slot._id, booking.id)]),
    ],
    reply: { booking: bookingView(ended, next), release: { userId: booking.userId, bookingId: booking.id } },
  };
}

/** The expert cancels their booking, or the host side does; with a reason. */
export function decideCancel(
  slot: SlotDocument,
  { bookingId, reason }: { bookingId: string; reason: string },
  principal: Principal,
  at: DecisionContext,
): SlotDecision<EndedBooking> {
  const booking = bookingIn(slot, bookingId);
  assertOwnerOrHost(slot, booking, principal);
  return endBooking(slot, booking, { action: 'cancel', reason }, principal, at);
}

/** The host side rejects a pending booking, with a reason; the seat goes down the line. */
export function decideReject(
  slot: SlotDocument,
  { bookingId, reason }: { bookingId: string; reason: string },
  principal: Principal,
  at: DecisionContext,
): SlotDecision<EndedBooking> {
  const booking = bookingIn(slot, bookingId);
  assertHost(slot, booking, principal, 'Only the host side decides on bookings');
  return endBooking(slot, booking, { action: 'reject', reason }, principal, at);
}

/** The approval job: a booking decided meanwhile (or with a later deadline) is left alone. */
export function decideApprovalExpiry(
  slot: SlotDocument,
  bookingId: string,
  principal: Principal,
  at: DecisionContext,
): SlotDecision<EndedBooking | undefined> {
  const booking = bookingIn(slot, bookingId);
  const due =
    allows('expire', booking.status) &&
    !!booking.decideBy &&
    new Date(booking.decideBy).getTime() <= at.now.getTime() + 1000;
  if (!due) return { unchanged: undefined };
  return endBooking(
    slot,
    booking,
    { action: 'expire', reason: 'The host did not decide in time' },
    principal,
    at,
  );
}

/** The old booking of a move ends as rescheduled; undefined when it is no longer active (undo the move). */
export function decideMoveAway(
  slot: SlotDocument,
  { bookingId, movedTo }: { bookingId: string; movedTo: string },
  principal: Principal,
  at: DecisionContext,
): SlotDecision<EndedBooking | undefined> {
  const booking = bookingIn(slot, bookingId);
  if (!allows('reschedule', booking.status)) return { unchanged: undefined };
  return endBooking(slot, booking, { action: 'reschedule', movedTo }, principal, at);
}

/** The new booking of a move whose old booking changed meanwhile is given back. */
export function decideUndoMove(
  slot: SlotDocument,
  bookingId: string,
  principal: Principal,
  at: DecisionContext,
): SlotDecision<EndedBooking | undefined> {
  const booking = bookingIn(slot, bookingId);
  if (!allows('cancel', booking.status)) return { unchanged: undefined };
  const reason = 'Rescheduling did not happen: the original booking had changed';
  return endBooking(slot, booking, { action: 'cancel', reason }, principal, at);
}

// --- the host's decision ---

export function decideApprove(
  slot: SlotDocument,
  bookingId: string,
  principal: Principal,
  { now }: DecisionContext,
): SlotDecision<BookingView> {
  const booking = bookingIn(slot, bookingId);
  assertHost(slot, booking, principal, 'Only the host side decides on bookings');
  const status = nextBookingStatus('approve', booking.status);
  const { decideBy: _decided, ...rest } = booking;
  const approved: BookingRecord = { ...rest, status, updatedAt: now };
  return {
    ...bookingChange(slot, approved, SlotEvents.bookingApproved, (next) => bookingView(approved, next)),
    unschedule: [approvalJob(slot._id, bookingId)],
  };
}

// --- offers and the waitlist ---

/** The expert's open offer on this slot, or 404 (none, or it ran out). */
export function openOffer(slot: SlotDocument, who: Who, now: Date): OfferRecord {
  const offer = slot.offers.find((o) => o.userId === who.userId);
  if (!offer || new Date(offer.expiresAt).getTime() <= now.getTime())
    throw AppError.notFound('You have no open offer here');
  return offer;
}

/**
 * The offered expert takes the held seat (its calendar hold already taken, its id the booking's):
 * a booking, pending when the host approves bookings; the offer's expiry goes.
 */
export function decideAcceptOffer(
  slot: SlotDocument,
  { offerId, bookingId }: { offerId: string; bookingId: string },
  { now }: DecisionContext,
): SlotDecision<BookingView> {
  const open = slot.offers.find((o) => o.id === offerId);
  if (!open || new Date(open.expiresAt).getTime() <= now.getTime())
    throw AppError.notFound('You have no open offer here');
  const booking = newBooking(slot, open, bookingId, now);
  const next: SlotDocument = {
    ...slot,
    offers: slot.offers.filter((o) => o.id !== open.id),
    bookings: [...slot.bookings, booking],
    bookingIds: [...slot.bookingIds, bookingId],
    bookedUserIds: [...slot.bookedUserIds, booking.userId],
    version: slot.version + 1,
  };
  return {
    set: {
      offers: next.offers,
      bookings: next.bookings,
      bookingIds: next.bookingIds,
      bookedUserIds: next.bookedUserIds,
    },
    events: [offerAcceptedEvent(next, open, booking)],
    schedule: bookingJobs(slot, booking, now),
    unschedule: [offerExpiryJob(slot._id, open.id)],
    reply: bookingView(booking, next),
  };
}

/** An offer ends unaccepted (declined or expired): its seat goes to the next in line. */
function dropOffer(
  slot: SlotDocument,
  offer: OfferRecord,
  topic: typeof SlotEvents.offerDeclined | typeof SlotEvents.offerExpired,
  { now, newId }: DecisionContext,
): SlotDecision<SlotSummary> {
  const { state, made } = freeSeat(
    { ...slot, offers: slot.offers.filter((o) => o.id !== offer.id) },
    offer,
    now,
    slot.offerTtlSeconds,
    newId,
  );
  const next: SlotDocument = { ...state, version: slot.version + 1 };
  return {
    set: queueSet(next),
    events: [offerEvent(topic, next, offer), ...offersMade(next, made)],
    schedule: offerJobs(slot._id, made),
    // An expiry runs as the offer's job itself: it must not try to remove itself.
    unschedule: topic === SlotEvents.offerDeclined ? [offerExpiryJob(slot._id, offer.id)] : [],
    reply: slotSummary(next),
  };
}

export function decideDeclineOffer(
  slot: SlotDocument,
  who: Who,
  at: DecisionContext,
): SlotDecision<SlotSummary> {
  const offer = slot.offers.find((o) => o.userId === who.userId);
  if (!offer) throw AppError.notFound('You have no open offer here');
  return dropOffer(slot, offer, SlotEvents.offerDeclined, at);
}

/** The offer job; an accepted, declined or already expired offer is not there any more. */
export function decideOfferExpiry(
  slot: SlotDocument,
  offerId: string,
  at: DecisionContext,
): SlotDecision<SlotSummary | undefined> {
  const offer = slot.offers.find(
    (o) => o.id === offerId && new Date(o.expiresAt).getTime() <= at.now.getTime() + 1000,
  );
  if (!offer) return { unchanged: undefined };
  return dropOffer(slot, offer, SlotEvents.offerExpired, at);
}

/** Leaves the waitlist; the others move up one place (and are told). */
export function decideLeaveWaitlist(slot: SlotDocument, principal: Principal): SlotDecision<SlotSummary> {
  const userId = principal.userId;
  if (!slot.waitlist.includes(userId)) throw AppError.notFound('You are not on this waitlist');
  const next: SlotDocument = {
    ...slot,
    waitlist: slot.waitlist.filter((u) => u !== userId),
    waitEntries: slot.waitEntries.filter((e) => e.userId !== userId),
    version: slot.version + 1,
  };
  return {
    set: { waitlist: next.waitlist, waitEntries: next.waitEntries },
    events: [waitlistLeftEvent(next, userId)],
    reply: slotSummary(next),
  };
}

// --- rescheduling ---

/**
 * May this booking move to that slot? Its owner or the host side (404 to others), an active
 * booking of a station slot, to another slot. Answers who moves: their seat is then taken in the
 * new slot's batch, which checks the rest (open, window, seat, caps, calendar).
 */
export function moveRequest(
  from: SlotDocument,
  { bookingId, slotId }: { bookingId: string; slotId: string },
  principal: Principal,
): Who {
  const old = bookingIn(from, bookingId);
  assertOwnerOrHost(from, old, principal);
  nextBookingStatus('reschedule', old.status);
  if (from.kind !== 'slot') throw new AppError(409, 'CONFLICT', 'Only station slots can be rescheduled');
  if (slotId === from._id)
    throw AppError.validation([{ field: 'slotId', message: 'This is the booking’s own slot' }]);
  return holderOf(old);
}

/** A booking moves within its station only. */
export function assertSameStation(from: SlotDocument, target: SlotDocument): void {
  if (target.stationId !== from.stationId)
    throw AppError.validation([{ field: 'slotId', message: 'The new slot must be at the same station' }]);
}

// --- attendance and reminders ---

/** Checks an expert in at the slot (stop 0) or at a tour stop; idempotent per stop. */
export function decideCheckIn(
  slot: SlotDocument,
  { bookingId, stop }: { bookingId: string; stop: number },
  principal: Principal,
  { now }: DecisionContext,
): SlotDecision<BookingView> {
  const booking = bookingIn(slot, bookingId);
  assertHost(slot, booking, principal, 'Only the host side checks experts in');
  nextBookingStatus('check-in', booking.status);
  const window = checkInWindow(slot, stop);
  if (now < window.start || now >= window.end)
    throw new AppError(
      409,
      'WINDOW_CLOSED',
      `Check-in here is open from ${window.start.toISOString()} to ${window.end.toISOString()}`,
    );
  if ((booking.checkIns ?? []).some((c) => c.stop === stop)) return { unchanged: bookingView(booking, slot) };
  const checked: BookingRecord = {
    ...booking,
    checkIns: [...(booking.checkIns ?? []), { stop, at: now, by: principal.userId }],
    attendance: 'present',
    updatedAt: now,
  };
  return bookingChange(slot, checked, SlotEvents.checkedIn, (next) => bookingView(checked, next));
}

/** Marks the absent bookings no-shows, one event each; the reply sees the first one marked. */
function noShows<R>(
  slot: SlotDocument,
  absent: readonly BookingRecord[],
  now: Date,
  reply: (first: BookingRecord, next: SlotDocument) => R,
): SlotDecision<R> {
  const marked = new Map(absent.map((b) => [b.id, { ...b, attendance: 'no-show' as const, updatedAt: now }]));
  const next: SlotDocument = {
    ...slot,
    bookings: slot.bookings.map((b) => marked.get(b.id) ?? b),
    version: slot.version + 1,
  };
  const all = [...marked.values()];
  return {
    set: { bookings: next.bookings },
    events: all.map((b) => bookingEvent(SlotEvents.noShow, next, b)),
    reply: reply(all[0]!, next),
  };
}

/** The host marks one confirmed booking a no-show, once the start has passed without a check-in. */
export function decideMarkNoShow(
  slot: SlotDocument,
  bookingId: string,
  principal: Principal,
  { now }: DecisionContext,
): SlotDecision<BookingView> {
  const booking = bookingIn(slot, bookingId);
  assertHost(slot, booking, principal, 'Only the host side marks no-shows');
  nextBookingStatus('no-show', booking.status);
  if (now < slot.start) throw new AppError(409, 'CONFLICT', 'A no-show can be marked only after the start');
  if ((booking.checkIns ?? []).length > 0) throw new AppError(409, 'CONFLICT', 'The expert was checked in');
  if (booking.attendance === 'no-show') return { unchanged: bookingView(booking, slot) };
  return noShows(slot, [booking], now, bookingView);
}

/**
 * The no-show job, after the start and its grace: every confirmed booking not checked in, for the
 * start it was scheduled for (a moved start has a job of its own). Replies how many it marked.
 */
export function decideNoShowSweep(
  slot: SlotDocument,
  startMs: number,
  { now }: DecisionContext,
): SlotDecision<number> {
  const missing = slot.bookings.filter(
    (b) => allows('no-show', b.status) && !b.attendance && (b.checkIns ?? []).length === 0,
  );
  if (slot.start.getTime() !== startMs || missing.length === 0) return { unchanged: 0 };
  return noShows(slot, missing, now, () => missing.length);
}

/** The reminder job: only a confirmed booking, once, and only for the start it was scheduled for. */
export function decideReminder(
  slot: SlotDocument,
  { bookingId, startMs }: { bookingId: string; startMs: number },
  { now }: DecisionContext,
): SlotDecision<boolean> {
  const booking = slot.bookings.find((b) => b.id === bookingId);
  if (!booking || !allows('remind', booking.status) || booking.remindedAt || slot.start.getTime() !== startMs)
    return { unchanged: false };
  const reminded: BookingRecord = { ...booking, remindedAt: now };
  return bookingChange(slot, reminded, SlotEvents.reminder, () => true);
}
