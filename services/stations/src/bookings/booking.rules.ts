import { AppError, type BookingStatus, type Principal } from '@qingshui/contracts';
import type { BookingRecord, SlotDocument } from '../slots/slot.schema';
import { canManage, type seatRefusal, type Who } from '../slots/slot.rules';

// Pure rules of a booking's life: which action moves which status where, and who may act. No I/O.

/**
 * approve / reject: the host decides on a pending booking; cancel: the expert or the host ends an
 * active one (a call-off too); expire: the host did not decide in time; reschedule: the booking
 * moved to another slot. Check-in, no-show and the reminder concern a confirmed booking and
 * leave its status as it is.
 */
export type BookingAction =
  'approve' | 'reject' | 'cancel' | 'expire' | 'reschedule' | 'check-in' | 'no-show' | 'remind';

export const BOOKING_TRANSITIONS: Record<
  BookingAction,
  { from: readonly BookingStatus[]; to: BookingStatus; /** "A … booking cannot be <done>". */ done: string }
> = {
  approve: { from: ['pending'], to: 'confirmed', done: 'approved' },
  reject: { from: ['pending'], to: 'rejected', done: 'rejected' },
  cancel: { from: ['pending', 'confirmed'], to: 'cancelled', done: 'cancelled' },
  expire: { from: ['pending'], to: 'expired', done: 'expired' },
  reschedule: { from: ['pending', 'confirmed'], to: 'rescheduled', done: 'rescheduled' },
  'check-in': { from: ['confirmed'], to: 'confirmed', done: 'checked in' },
  'no-show': { from: ['confirmed'], to: 'confirmed', done: 'a no-show' },
  remind: { from: ['confirmed'], to: 'confirmed', done: 'reminded' },
};

/** Does the action apply to a booking in this status? (For system steps that skip instead of refusing.) */
export function allows(action: BookingAction, status: BookingStatus): boolean {
  return BOOKING_TRANSITIONS[action].from.includes(status);
}

/** The status an action leads to, or a 409 CONFLICT when the booking is not in a status that allows it. */
export function nextBookingStatus(action: BookingAction, status: BookingStatus): BookingStatus {
  const rule = BOOKING_TRANSITIONS[action];
  if (!rule.from.includes(status))
    throw new AppError(409, 'CONFLICT', `A ${status} booking cannot be ${rule.done}`);
  return rule.to;
}

/** Pending and confirmed bookings hold a seat and a calendar interval; the others have ended. */
export const isActive = (status: BookingStatus): boolean => allows('cancel', status);

/** The expert's own booking (404 to others, as if it did not exist), or the host side's. */
export function assertOwnerOrHost(slot: SlotDocument, booking: BookingRecord, principal: Principal): void {
  if (booking.userId !== principal.userId && !canManage(principal, slot))
    throw AppError.notFound(`No booking with id ${booking.id}`);
}

/**
 * Only the host side acts on a booking for the host (approve, reject, check in, mark a no-show).
 * The expert who holds it is told no (403); anyone else learns nothing: the booking does not
 * exist for them (404), as for a booking id that was never given out.
 */
export function assertHost(
  slot: SlotDocument,
  booking: BookingRecord,
  principal: Principal,
  refusal: string,
): void {
  if (canManage(principal, slot)) return;
  if (booking.userId === principal.userId) throw AppError.forbidden(refusal);
  throw AppError.notFound(`No booking with id ${booking.id}`);
}

/** The 409 for a cap, or undefined: a full slot means the waitlist instead. */
export function capError(refusal: ReturnType<typeof seatRefusal>): AppError | undefined {
  if (refusal === 'org-cap')
    return new AppError(409, 'CAP_REACHED', 'Your organisation has taken every seat it may here');
  if (refusal === 'region-cap')
    return new AppError(409, 'CAP_REACHED', 'Your region has taken every seat it may here');
  return undefined;
}

/** Who holds a booking: what counts for the caps when it moves or ends. */
export function holderOf(booking: Pick<BookingRecord, 'userId' | 'orgId' | 'region'>): Who {
  return {
    userId: booking.userId,
    ...(booking.orgId ? { orgId: booking.orgId } : {}),
    ...(booking.region ? { region: booking.region } : {}),
  };
}

/** A booking of the slot; 404 when the slot has none of that id. */
export function bookingIn(slot: SlotDocument, bookingId: string): BookingRecord {
  const booking = slot.bookings.find((b) => b.id === bookingId);
  if (!booking) throw AppError.notFound(`No booking with id ${bookingId}`);
  return booking;
}
