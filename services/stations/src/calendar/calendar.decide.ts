import { AppError } from '@qingshui/contracts';
import type { Decision } from '@qingshui/persistence';
import type { CalendarDocument, HoldRecord } from './calendar.schema';
import { overlaps } from '../slots/slot.rules';

// The expert side of "never two overlapping bookings", as pure decisions on the expert's calendar.

/** A conflicting hold older than this whose booking is not active was left by a crash: dropped. */
export const STALE_HOLD_MS = 30_000;

export type CalendarDecision<R> = Decision<CalendarDocument, R>;

/** A hold to release once a write is done: whose calendar, and the booking it was for. */
export interface HoldRef {
  userId: string;
  bookingId: string;
}

export interface HoldRequest {
  hold: HoldRecord;
  /** A booking this hold replaces (rescheduling): it may overlap the new one. */
  replacing?: string | undefined;
}

const conflicts = (calendar: CalendarDocument, { hold, replacing }: HoldRequest) =>
  calendar.holds.filter((h) => h.bookingId !== replacing && overlaps(h, hold));

/**
 * The conflicting holds that may be left by a crash (old enough that their booking should be
 * written by now): the caller checks their bookings before deciding. A fresh hold's booking may
 * still be on its way, so it always counts.
 */
export function suspectHolds(calendar: CalendarDocument, request: HoldRequest, now: Date): HoldRecord[] {
  return conflicts(calendar, request).filter((h) => now.getTime() - new Date(h.at).getTime() > STALE_HOLD_MS);
}

/**
 * Takes the hold, or refuses it (409 OVERLAPPING_BOOKING) when another hold overlaps it, unless
 * that one's booking is known to be gone (`inactive`: dropped with it). Holds that ended go too:
 * they can never overlap a new booking (booking closes at the start).
 */
export function decideReserve(
  calendar: CalendarDocument,
  request: HoldRequest,
  inactive: ReadonlySet<string>,
  { now }: { now: Date },
): CalendarDecision<void> {
  const stale = new Set<string>();
  for (const other of conflicts(calendar, request)) {
    if (!inactive.has(other.bookingId))
      throw new AppError(
        409,
        'OVERLAPPING_BOOKING',
        'You already hold a booking that overlaps this one in time',
      );
    stale.add(other.bookingId);
  }
  const kept = calendar.holds.filter(
    (h) => !stale.has(h.bookingId) && new Date(h.end).getTime() > now.getTime(),
  );
  return { set: { holds: [...kept, request.hold] }, reply: undefined };
}

/** Drops the hold of a booking that ended or never got its seat; nothing when it is not there. */
export function decideRelease(calendar: CalendarDocument, bookingId: string): CalendarDecision<void> {
  if (!calendar.holds.some((h) => h.bookingId === bookingId)) return { unchanged: undefined };
  return { set: { holds: calendar.holds.filter((h) => h.bookingId !== bookingId) }, reply: undefined };
}
