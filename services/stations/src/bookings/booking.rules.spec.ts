import { BOOKING_STATUSES, type BookingStatus } from '@qingshui/contracts';
import {
  allows,
  assertHost,
  assertOwnerOrHost,
  BOOKING_TRANSITIONS,
  bookingIn,
  capError,
  holderOf,
  isActive,
  nextBookingStatus,
  type BookingAction,
} from './booking.rules';
import { aBooking, aSlot, expert, host, refusal, stranger } from '../slots/slot.fixtures';

const ACTIONS = Object.keys(BOOKING_TRANSITIONS) as BookingAction[];

describe('booking transitions', () => {
  it('moves each status only where the table says', () => {
    const moves = (action: BookingAction) =>
      Object.fromEntries(
        BOOKING_STATUSES.filter((s) => allows(action, s)).map((s) => [s, nextBookingStatus(action, s)]),
      );
    expect(moves('approve')).toEqual({ pending: 'confirmed' });
    expect(moves('reject')).toEqual({ pending: 'rejected' });
    expect(moves('expire')).toEqual({ pending: 'expired' });
    expect(moves('cancel')).toEqual({ pending: 'cancelled', confirmed: 'cancelled' });
    expect(moves('reschedule')).toEqual({ pending: 'rescheduled', confirmed: 'rescheduled' });
    // Attendance and reminders concern a confirmed booking and leave its status alone.
    for (const action of ['check-in', 'no-show', 'remind'] as const)
      expect(moves(action)).toEqual({ confirmed: 'confirmed' });
  });

  it('refuses every other move with a 409 CONFLICT that names the status and the action', () => {
    for (const action of ACTIONS)
      for (const status of BOOKING_STATUSES.filter((s) => !allows(action, s)))
        expect(refusal(() => nextBookingStatus(action, status))).toEqual({ status: 409, code: 'CONFLICT' });
    expect(() => nextBookingStatus('approve', 'cancelled')).toThrow('A cancelled booking cannot be approved');
    expect(() => nextBookingStatus('no-show', 'pending')).toThrow('A pending booking cannot be a no-show');
  });

  it('never leaves an ended booking: rejected, cancelled, expired and rescheduled are final', () => {
    const ended: BookingStatus[] = ['rejected', 'cancelled', 'expired', 'rescheduled'];
    for (const status of ended) {
      expect(isActive(status)).toBe(false);
      expect(ACTIONS.filter((a) => allows(a, status))).toEqual([]);
    }
    expect(BOOKING_STATUSES.filter(isActive)).toEqual(['pending', 'confirmed']);
  });
});

describe('booking rules', () => {
  const slot = aSlot();
  const mine = aBooking({ id: 'b-1', userId: 'e-1' });

  it('shows a booking to its expert and the host side, and to nobody else (404, as if absent)', () => {
    expect(refusal(() => assertOwnerOrHost(slot, mine, expert('e-1')))).toBeUndefined();
    expect(refusal(() => assertOwnerOrHost(slot, mine, host))).toBeUndefined();
    expect(refusal(() => assertOwnerOrHost(slot, mine, stranger))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('turns a cap into 409 CAP_REACHED and a full slot into nothing (the waitlist)', () => {
    expect(capError('org-cap')).toMatchObject({ status: 409, code: 'CAP_REACHED' });
    expect(capError('region-cap')).toMatchObject({ status: 409, code: 'CAP_REACHED' });
    expect(capError('full')).toBeUndefined();
    expect(capError(undefined)).toBeUndefined();
  });

  it('finds a booking of the slot, or 404', () => {
    expect(bookingIn(aSlot({ bookings: [mine] }), 'b-1')).toBe(mine);
    expect(refusal(() => bookingIn(slot, 'b-1'))).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('counts a booking for its holder’s organisation and region only when it has them', () => {
    expect(holderOf(aBooking({ id: 'b', userId: 'u', orgId: 'o', region: 'r' }))).toEqual({
      userId: 'u',
      orgId: 'o',
      region: 'r',
    });
    expect(holderOf(aBooking({ id: 'b', userId: 'u' }))).toEqual({ userId: 'u' });
  });

  it('lets the host side act on a booking, tells its expert no, and hides it from anyone else', () => {
    const slot = aSlot();
    const booking = aBooking({ id: 'b-1', userId: 'u-booker' });
    expect(() => assertHost(slot, booking, host, 'no')).not.toThrow();
    expect(refusal(() => assertHost(slot, booking, expert('u-booker'), 'no'))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    // The same answer as for a booking id that does not exist: nothing tells them apart.
    expect(refusal(() => assertHost(slot, booking, stranger, 'no'))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});
