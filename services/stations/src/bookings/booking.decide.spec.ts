import { AppError, SlotEvents } from '@qingshui/contracts';
import type { Acting } from '@qingshui/persistence';
import {
  assertSameStation,
  decideAcceptOffer,
  decideApprovalExpiry,
  decideApprove,
  decideBatch,
  decideCancel,
  decideCheckIn,
  decideDeclineOffer,
  decideLeaveWaitlist,
  decideMarkNoShow,
  decideMoveAway,
  decideNoShowSweep,
  decideOfferExpiry,
  decideReject,
  decideReminder,
  decideUndoMove,
  moveRequest,
  openOffer,
  seatsAhead,
  type BookingOutcome,
  type BookingRequest,
} from './booking.decide';
import type { OfferRecord } from '../slots/slot.schema';
import {
  aBooking,
  aSlot,
  at,
  changeOf,
  context,
  expert,
  host,
  payloadsOf,
  refusal,
  slotWith,
  stranger,
  topicsOf,
} from '../slots/slot.fixtures';

const NOW = at(10);
const acting = (userId: string): Acting => ({ principal: { userId }, correlationId: `corr-${userId}` });
const request = (userId: string, over: Partial<BookingRequest> = {}): BookingRequest => ({
  who: { userId, orgId: `org-${userId}`, region: 'haidian' },
  acting: acting(userId),
  hold: { taken: `hold-${userId}` },
  ...over,
});
const errorOf = (outcome: BookingOutcome | undefined) =>
  outcome?.kind === 'error' && outcome.error instanceof AppError
    ? { status: outcome.error.status, code: outcome.error.code }
    : undefined;
const anOffer = (userId: string, expiresAt = at(11)): OfferRecord => ({
  id: `offer-${userId}`,
  userId,
  orgId: `org-${userId}`,
  region: 'haidian',
  expiresAt,
  createdAt: at(9),
});

describe('booking a seat, in batches', () => {
  it('gives holds only to the requests that will get a seat as the slot stands', () => {
    const slot = slotWith([aBooking({ id: 'b-a', userId: 'a', orgId: 'org-x' })], [], [{ userId: 'w' }], {
      capacity: 3,
      maxPerOrg: 1,
    });
    const batch = [
      request('a'), // holds a seat already
      request('w'), // waiting
      request('x1', { who: { userId: 'x1', orgId: 'org-x' } }), // its organisation is capped
      request('b'),
      request('c'),
      request('d'), // beyond the free seats
    ];
    expect(seatsAhead(slot, batch).map((r) => r.who.userId)).toEqual(['b', 'c']);
  });

  it('seats the requests with holds in arrival order and waitlists the rest, in ONE write with an event each under its own caller', () => {
    const slot = aSlot({ capacity: 2 });
    const change = changeOf(
      decideBatch(slot, [request('a'), request('b'), request('c', { hold: undefined })], context(NOW)),
    );
    const { outcomes, state } = change.reply;
    expect(outcomes.map((o) => (o.kind === 'done' ? o.result.outcome : 'error'))).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
    ]);
    expect(outcomes[2]).toMatchObject({ result: { waitlistPosition: 1 } });
    expect(change.set).toMatchObject({
      seatsTaken: 2,
      seatHolders: ['a', 'b'],
      waitlist: ['c'],
      orgCounts: { 'org-a': 1, 'org-b': 1 },
      regionCounts: { haidian: 2 },
      bookingIds: ['hold-a', 'hold-b'],
      bookedUserIds: ['a', 'b'],
    });
    expect(change.set?.bookings?.map((b) => [b.id, b.status])).toEqual([
      ['hold-a', 'confirmed'],
      ['hold-b', 'confirmed'],
    ]);
    expect(topicsOf(change)).toEqual([
      SlotEvents.bookingConfirmed,
      SlotEvents.bookingConfirmed,
      SlotEvents.waitlisted,
    ]);
    // Each event carries the counts of its moment and names the caller it answers.
    expect(change.events?.map((e) => ('acting' in e ? e.acting.correlationId : undefined))).toEqual([
      'corr-a',
      'corr-b',
      'corr-c',
    ]);
    const [first, second, waiting] = payloadsOf(change) as Record<string, { seatsTaken?: number }>[];
    expect([first!['slot']!.seatsTaken, second!['slot']!.seatsTaken]).toEqual([1, 2]);
    expect(waiting).toMatchObject({ userId: 'c', waitlistPosition: 1 });
    expect(first).toMatchObject({
      userId: 'a',
      booking: { id: 'hold-a', status: 'confirmed', slotId: 'slot-1' },
    });
    // A reminder a day before the start for each seat; nothing else to schedule or remove.
    expect(change.schedule).toEqual([
      {
        job: { kind: 'reminder', slotId: 'slot-1', bookingId: 'hold-a', startMs: at(48).getTime() },
        at: at(24),
      },
      {
        job: { kind: 'reminder', slotId: 'slot-1', bookingId: 'hold-b', startMs: at(48).getTime() },
        at: at(24),
      },
    ]);
    expect(state.version).toBe(slot.version + 1);
  });

  it('makes a booking pending when the host approves bookings, with its deadline and the approval job', () => {
    const slot = aSlot({ approvalRequired: true, approvalTtlSeconds: 7200 });
    const change = changeOf(decideBatch(slot, [request('a')], context(NOW)));
    expect(change.reply.outcomes[0]).toMatchObject({
      result: { outcome: 'pending', booking: { status: 'pending' } },
    });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingRequested]);
    expect(change.set?.bookings?.[0]?.decideBy).toEqual(at(12));
    expect(change.schedule).toContainEqual({
      job: { kind: 'approval-expiry', slotId: 'slot-1', bookingId: 'hold-a' },
      at: at(12),
    });
  });

  it('refuses a second seat or place in line (409 DUPLICATE), within a batch too', () => {
    const slot = slotWith([aBooking({ id: 'b-a', userId: 'a' })], [], [{ userId: 'w' }], { capacity: 3 });
    const batch = [request('a'), request('w'), request('b'), request('b')];
    const { outcomes } = changeOf(decideBatch(slot, batch, context(NOW))).reply;
    expect(outcomes.map(errorOf)).toEqual([
      { status: 409, code: 'DUPLICATE' },
      { status: 409, code: 'DUPLICATE' },
      undefined,
      { status: 409, code: 'DUPLICATE' },
    ]);
  });

  it('refuses past an organisation’s or a region’s cap (409 CAP_REACHED), while others still get seats', () => {
    const slot = aSlot({ capacity: 5, maxPerOrg: 1, maxPerRegion: 2 });
    const change = changeOf(
      decideBatch(
        slot,
        [
          request('a', { who: { userId: 'a', orgId: 'org-1', region: 'r1' } }),
          request('b', { who: { userId: 'b', orgId: 'org-1', region: 'r2' } }),
          request('c', { who: { userId: 'c', orgId: 'org-2', region: 'r1' } }),
          request('d', { who: { userId: 'd', orgId: 'org-3', region: 'r1' } }),
        ],
        context(NOW),
      ),
    );
    expect(change.reply.outcomes.map(errorOf)).toEqual([
      undefined,
      { status: 409, code: 'CAP_REACHED' },
      undefined,
      { status: 409, code: 'CAP_REACHED' },
    ]);
    expect(change.set).toMatchObject({
      seatsTaken: 2,
      orgCounts: { 'org-1': 1, 'org-2': 1 },
      regionCounts: { r1: 2 },
    });
  });

  it('refuses outside the booking window (409 WINDOW_CLOSED) and on a called-off slot (409 CONFLICT), writing nothing', () => {
    const early = decideBatch(aSlot({ opensAt: at(20) }), [request('a')], context(NOW));
    const late = decideBatch(aSlot({ closesAt: at(10) }), [request('a')], context(NOW));
    const off = decideBatch(
      aSlot({ status: 'cancelled', cancelReason: '汛期' }),
      [request('a')],
      context(NOW),
    );
    for (const decision of [early, late]) {
      expect('unchanged' in decision).toBe(true);
      expect(errorOf('unchanged' in decision ? decision.unchanged.outcomes[0] : undefined)).toEqual({
        status: 409,
        code: 'WINDOW_CLOSED',
      });
    }
    expect('unchanged' in off && errorOf(off.unchanged.outcomes[0])).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('passes on a refused hold (409 OVERLAPPING_BOOKING) and offers that seat to the first in line', () => {
    const slot = slotWith([], [], [{ userId: 'w', orgId: 'org-w' }], { capacity: 1 });
    const overlap = new AppError(409, 'OVERLAPPING_BOOKING', 'overlaps');
    const change = changeOf(
      decideBatch(
        slot,
        [request('a', { hold: { refused: overlap } }), request('b', { hold: undefined })],
        context(NOW),
      ),
    );
    expect(errorOf(change.reply.outcomes[0])).toEqual({ status: 409, code: 'OVERLAPPING_BOOKING' });
    expect(change.reply.outcomes[1]).toMatchObject({
      result: { outcome: 'waitlisted', waitlistPosition: 2 },
    });
    expect(change.set).toMatchObject({ seatsTaken: 1, seatHolders: ['w'], waitlist: ['b'] });
    expect(change.set?.offers).toEqual([
      { id: 'id-1', userId: 'w', orgId: 'org-w', expiresAt: at(11), createdAt: NOW },
    ]);
    expect(topicsOf(change)).toEqual([SlotEvents.waitlisted, SlotEvents.offerMade]);
    expect(payloadsOf(change)[1]).toMatchObject({ userId: 'w', offer: { id: 'id-1' }, waitlist: ['b'] });
    expect(change.schedule).toEqual([
      { job: { kind: 'offer-expiry', slotId: 'slot-1', offerId: 'id-1' }, at: at(11) },
    ]);
  });

  it('gives a move a seat or nothing: no free seat is 409 SLOT_FULL, never the waitlist', () => {
    const full = slotWith([aBooking({ id: 'b-x', userId: 'x' })], [], [], { capacity: 1 });
    const refused = decideBatch(full, [request('a', { movedFrom: 'old', hold: undefined })], context(NOW));
    expect('unchanged' in refused && errorOf(refused.unchanged.outcomes[0])).toEqual({
      status: 409,
      code: 'SLOT_FULL',
    });
    const moved = changeOf(decideBatch(aSlot(), [request('a', { movedFrom: 'old' })], context(NOW)));
    expect(moved.set?.bookings?.[0]).toMatchObject({ id: 'hold-a', movedFrom: 'old', status: 'confirmed' });
  });

  it('does not carry out a request whose caller stopped waiting (503)', () => {
    const decision = decideBatch(aSlot(), [request('a', { deadline: NOW.getTime() + 100 })], context(NOW));
    expect('unchanged' in decision && errorOf(decision.unchanged.outcomes[0])).toEqual({
      status: 503,
      code: 'DEPENDENCY_UNAVAILABLE',
    });
  });
});

describe('ending a booking', () => {
  const a = aBooking({ id: 'b-a', userId: 'a', orgId: 'org-a', region: 'haidian' });
  const withLine = (...waiting: string[]) =>
    slotWith(
      [a],
      [],
      waiting.map((userId) => ({ userId, orgId: `org-${userId}` })),
      { capacity: 1 },
    );

  it('cancels with a reason: the seat goes to the first in line, the booking’s jobs go, its hold is released after', () => {
    const slot = withLine('w1', 'w2');
    const change = changeOf(
      decideCancel(slot, { bookingId: 'b-a', reason: '另有安排' }, expert('a'), context(NOW)),
    );
    expect(change.reply).toMatchObject({
      booking: { id: 'b-a', status: 'cancelled', reason: '另有安排', cancelledBy: 'a' },
      release: { userId: 'a', bookingId: 'b-a' },
    });
    expect(change.set).toMatchObject({
      seatsTaken: 1,
      seatHolders: ['w1'],
      waitlist: ['w2'],
      orgCounts: { 'org-a': 0, 'org-w1': 1 },
    });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingCancelled, SlotEvents.offerMade]);
    const [cancelled, offered] = payloadsOf(change);
    expect(cancelled).toMatchObject({
      userId: 'a',
      booking: { status: 'cancelled' },
      slot: { seatsTaken: 1, waitlistLength: 1 },
    });
    // The last offer made carries the line as it now stands: w2 learns their place.
    expect(offered).toMatchObject({
      userId: 'w1',
      offer: { id: 'id-1', slotId: 'slot-1' },
      waitlist: ['w2'],
    });
    expect(change.schedule).toEqual([
      { job: { kind: 'offer-expiry', slotId: 'slot-1', offerId: 'id-1' }, at: at(11) },
    ]);
    expect(change.unschedule).toEqual([
      { kind: 'reminder', slotId: 'slot-1', bookingId: 'b-a', startMs: at(48).getTime() },
      { kind: 'approval-expiry', slotId: 'slot-1', bookingId: 'b-a' },
    ]);
  });

  it('lets the host side cancel, hides the booking from others (404) and refuses an ended one (409 CONFLICT)', () => {
    const slot = withLine();
    expect(
      changeOf(decideCancel(slot, { bookingId: 'b-a', reason: 'r' }, host, context(NOW))).reply.booking
        .cancelledBy,
    ).toBe('cadre-1');
    expect(
      refusal(() => decideCancel(slot, { bookingId: 'b-a', reason: 'r' }, stranger, context(NOW))),
    ).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    const ended = slotWith([{ ...a, status: 'cancelled' }]);
    expect(
      refusal(() => decideCancel(ended, { bookingId: 'b-a', reason: 'r' }, expert('a'), context(NOW))),
    ).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('frees the seat for nobody when the line is empty: the seat count drops, no offer', () => {
    const change = changeOf(
      decideCancel(withLine(), { bookingId: 'b-a', reason: 'r' }, expert('a'), context(NOW)),
    );
    expect(change.set).toMatchObject({ seatsTaken: 0, seatHolders: [], offers: [] });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingCancelled]);
    expect(change.schedule).toEqual([]);
  });

  it('rejects a pending booking (the host side only, 403 otherwise; 409 for a confirmed one)', () => {
    const pending = slotWith([{ ...a, status: 'pending', decideBy: at(12) }]);
    const change = changeOf(
      decideReject(pending, { bookingId: 'b-a', reason: '名额优先' }, host, context(NOW)),
    );
    expect(change.reply.booking).toMatchObject({ status: 'rejected', reason: '名额优先' });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingRejected]);
    expect(
      refusal(() => decideReject(pending, { bookingId: 'b-a', reason: 'r' }, expert('a'), context(NOW))),
    ).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(
      refusal(() => decideReject(withLine(), { bookingId: 'b-a', reason: 'r' }, host, context(NOW))),
    ).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('expires a pending booking at its deadline, and leaves one decided meanwhile or due later alone', () => {
    const pending = slotWith([{ ...a, status: 'pending', decideBy: at(10) }]);
    const change = changeOf(decideApprovalExpiry(pending, 'b-a', host, context(NOW)));
    expect(change.reply?.booking).toMatchObject({
      status: 'expired',
      reason: 'The host did not decide in time',
    });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingExpired]);
    // It runs as the approval job: only the reminder is removed.
    expect(change.unschedule).toEqual([
      { kind: 'reminder', slotId: 'slot-1', bookingId: 'b-a', startMs: at(48).getTime() },
    ]);
    const later = slotWith([{ ...a, status: 'pending', decideBy: at(11) }]);
    expect(decideApprovalExpiry(later, 'b-a', host, context(NOW))).toEqual({ unchanged: undefined });
    expect(decideApprovalExpiry(withLine(), 'b-a', host, context(NOW))).toEqual({ unchanged: undefined });
  });

  it('ends the old booking of a move as rescheduled, and skips one that ended meanwhile', () => {
    const change = changeOf(
      decideMoveAway(withLine(), { bookingId: 'b-a', movedTo: 'b-new' }, expert('a'), context(NOW)),
    );
    expect(change.reply?.booking).toMatchObject({ status: 'rescheduled', movedTo: 'b-new' });
    expect(topicsOf(change)).toEqual([SlotEvents.bookingRescheduled]);
    const ended = slotWith([{ ...a, status: 'cancelled' }]);
    expect(decideMoveAway(ended, { bookingId: 'b-a', movedTo: 'b-new' }, expert('a'), context(NOW))).toEqual({
      unchanged: undefined,
    });
  });

  it('gives back the new seat of a move that could not finish', () => {
    const change = changeOf(decideUndoMove(withLine(), 'b-a', expert('a'), context(NOW)));
    expect(change.reply?.booking).toMatchObject({
      status: 'cancelled',
      reason: 'Rescheduling did not happen: the original booking had changed',
    });
    expect(
      decideUndoMove(slotWith([{ ...a, status: 'cancelled' }]), 'b-a', expert('a'), context(NOW)),
    ).toEqual({
      unchanged: undefined,
    });
  });
});

describe('the host approves', () => {
  const pending = slotWith([aBooking({ id: 'b-a', userId: 'a', status: 'pending', decideBy: at(12) })]);

  it('confirms a pending booking, drops its deadline and the approval job, keeps the seat count', () => {
    const change = changeOf(decideApprove(pending, 'b-a', host, context(NOW)));
    expect(change.reply).toMatchObject({ status: 'confirmed' });
    expect(change.reply.decideBy).toBeUndefined();
    expect(Object.keys(change.set ?? {})).toEqual(['bookings']);
    expect(change.set?.bookings?.[0]).not.toHaveProperty('decideBy');
    expect(topicsOf(change)).toEqual([SlotEvents.bookingApproved]);
    expect(change.unschedule).toEqual([{ kind: 'approval-expiry', slotId: 'slot-1', bookingId: 'b-a' }]);
  });

  it('refuses the expert (403) and a booking that is not pending (409 CONFLICT)', () => {
    expect(refusal(() => decideApprove(pending, 'b-a', expert('a'), context(NOW)))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    const expired = slotWith([aBooking({ id: 'b-a', userId: 'a', status: 'expired' })]);
    expect(refusal(() => decideApprove(expired, 'b-a', host, context(NOW)))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });
});

describe('offers and the waitlist', () => {
  const offered = (over = {}) =>
    slotWith([], [anOffer('w1')], [{ userId: 'w2', orgId: 'org-w2' }], { capacity: 1, ...over });

  it('finds the expert’s open offer, or 404 (none, or it ran out)', () => {
    expect(openOffer(offered(), { userId: 'w1' }, NOW).id).toBe('offer-w1');
    expect(refusal(() => openOffer(offered(), { userId: 'w2' }, NOW))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
    expect(refusal(() => openOffer(offered(), { userId: 'w1' }, at(11)))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('turns an accepted offer into a booking on the held seat; its expiry goes, its reminder comes', () => {
    const change = changeOf(
      decideAcceptOffer(offered(), { offerId: 'offer-w1', bookingId: 'b-new' }, context(NOW)),
    );
    expect(change.reply).toMatchObject({ id: 'b-new', userId: 'w1', status: 'confirmed', orgId: 'org-w1' });
    expect(change.set).toMatchObject({ offers: [], bookingIds: ['b-new'], bookedUserIds: ['w1'] });
    expect(change.set).not.toHaveProperty('seatsTaken');
    expect(topicsOf(change)).toEqual([SlotEvents.offerAccepted]);
    expect(payloadsOf(change)[0]).toMatchObject({
      userId: 'w1',
      offer: { id: 'offer-w1' },
      booking: { id: 'b-new' },
    });
    expect(change.unschedule).toEqual([{ kind: 'offer-expiry', slotId: 'slot-1', offerId: 'offer-w1' }]);
    expect(change.schedule).toEqual([
      {
        job: { kind: 'reminder', slotId: 'slot-1', bookingId: 'b-new', startMs: at(48).getTime() },
        at: at(24),
      },
    ]);
  });

  it('makes an accepted offer pending when the host approves, and refuses an offer gone meanwhile (404)', () => {
    const change = changeOf(
      decideAcceptOffer(
        offered({ approvalRequired: true }),
        { offerId: 'offer-w1', bookingId: 'b-new' },
        context(NOW),
      ),
    );
    expect(change.reply.status).toBe('pending');
    expect(change.schedule?.map((s) => s.job.kind)).toEqual(['reminder', 'approval-expiry']);
    expect(
      refusal(() => decideAcceptOffer(offered(), { offerId: 'offer-w1', bookingId: 'b' }, context(at(11)))),
    ).toEqual({ status: 404, code: 'NOT_FOUND' });
  });

  it('passes a declined offer to the next in line; its own expiry goes, the new one’s comes', () => {
    const change = changeOf(decideDeclineOffer(offered(), { userId: 'w1' }, context(NOW)));
    expect(change.set).toMatchObject({ seatsTaken: 1, seatHolders: ['w2'], waitlist: [] });
    expect(change.set?.offers?.map((o) => o.userId)).toEqual(['w2']);
    expect(topicsOf(change)).toEqual([SlotEvents.offerDeclined, SlotEvents.offerMade]);
    expect(payloadsOf(change)[0]).toMatchObject({ userId: 'w1', offer: { id: 'offer-w1' } });
    expect(change.unschedule).toEqual([{ kind: 'offer-expiry', slotId: 'slot-1', offerId: 'offer-w1' }]);
    expect(change.schedule).toEqual([
      { job: { kind: 'offer-expiry', slotId: 'slot-1', offerId: 'id-1' }, at: at(11) },
    ]);
    expect(refusal(() => decideDeclineOffer(offered(), { userId: 'w2' }, context(NOW)))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('expires an offer once it is due (as its own job: nothing removed), and not before', () => {
    expect(decideOfferExpiry(offered(), 'offer-w1', context(at(9)))).toEqual({ unchanged: undefined });
    expect(decideOfferExpiry(offered(), 'no-such-offer', context(at(11)))).toEqual({ unchanged: undefined });
    const change = changeOf(decideOfferExpiry(offered(), 'offer-w1', context(at(11))));
    expect(topicsOf(change)).toEqual([SlotEvents.offerExpired, SlotEvents.offerMade]);
    expect(change.unschedule).toEqual([]);
  });

  it('lets an expert leave the line; those behind learn their new place', () => {
    const slot = slotWith([], [], [{ userId: 'w1' }, { userId: 'w2' }, { userId: 'w3' }]);
    const change = changeOf(decideLeaveWaitlist(slot, expert('w1')));
    expect(change.set).toEqual({
      waitlist: ['w2', 'w3'],
      waitEntries: [
        { userId: 'w2', at: at(2) },
        { userId: 'w3', at: at(2) },
      ],
    });
    expect(topicsOf(change)).toEqual([SlotEvents.waitlistLeft]);
    expect(payloadsOf(change)[0]).toMatchObject({ userId: 'w1', waitlist: ['w2', 'w3'] });
    expect(change.reply.waitlistLength).toBe(2);
    expect(refusal(() => decideLeaveWaitlist(slot, expert('w9')))).toEqual({
      status: 404,
      code: 'NOT_FOUND',
    });
  });
});

describe('rescheduling', () => {
  const from = slotWith([aBooking({ id: 'b-a', userId: 'a', orgId: 'org-a', region: 'haidian' })]);

  it('moves the booking’s holder (their caps go with them) to another slot of the station', () => {
    expect(moveRequest(from, { bookingId: 'b-a', slotId: 'slot-2' }, expert('a'))).toEqual({
      userId: 'a',
      orgId: 'org-a',
      region: 'haidian',
    });
    expect(moveRequest(from, { bookingId: 'b-a', slotId: 'slot-2' }, host).userId).toBe('a');
    expect(() => assertSameStation(from, aSlot({ _id: 'slot-2' }))).not.toThrow();
  });

  it('refuses someone else’s booking (404), an ended one (409), a tour (409), the same slot or another station (400)', () => {
    const move = (slot = from, slotId = 'slot-2', who = expert('a')) =>
      refusal(() => moveRequest(slot, { bookingId: 'b-a', slotId }, who));
    expect(move(from, 'slot-2', stranger)).toEqual({ status: 404, code: 'NOT_FOUND' });
    expect(move(slotWith([aBooking({ id: 'b-a', userId: 'a', status: 'rescheduled' })]))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(move(slotWith([aBooking({ id: 'b-a', userId: 'a' })], [], [], { kind: 'tour' }))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(move(from, 'slot-1')).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(refusal(() => assertSameStation(from, aSlot({ _id: 'slot-2', stationId: 'station-2' })))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('attendance and reminders', () => {
  const confirmed = aBooking({ id: 'b-a', userId: 'a' });
  // Check-in opens two hours before the start (hour 48).
  const during = context(at(47));

  it('checks a confirmed booking in at the station, once per stop', () => {
    const change = changeOf(
      decideCheckIn(slotWith([confirmed]), { bookingId: 'b-a', stop: 0 }, host, during),
    );
    expect(change.reply).toMatchObject({ attendance: 'present', checkIns: [{ stop: 0, by: 'cadre-1' }] });
    expect(topicsOf(change)).toEqual([SlotEvents.checkedIn]);
    const checked = slotWith([change.set!.bookings![0]!]);
    expect(decideCheckIn(checked, { bookingId: 'b-a', stop: 0 }, host, during)).toMatchObject({
      unchanged: { attendance: 'present' },
    });
  });

  it('refuses check-in by the expert (403), of a pending booking (409), at a stop a slot lacks (400), outside its window (409 WINDOW_CLOSED)', () => {
    const slot = slotWith([confirmed]);
    const checkIn = (s = slot, stop = 0, who = host, when = during) =>
      refusal(() => decideCheckIn(s, { bookingId: 'b-a', stop }, who, when));
    expect(checkIn(slot, 0, expert('a'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(checkIn(slotWith([{ ...confirmed, status: 'pending' }]))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(checkIn(slot, 1)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(checkIn(slot, 0, host, context(at(45)))).toEqual({ status: 409, code: 'WINDOW_CLOSED' });
    expect(checkIn(slot, 0, host, context(at(72)))).toEqual({ status: 409, code: 'WINDOW_CLOSED' });
  });

  it('lets the host mark a no-show after the start only, never for an expert checked in', () => {
    const after = context(at(49));
    const change = changeOf(decideMarkNoShow(slotWith([confirmed]), 'b-a', host, after));
    expect(change.reply.attendance).toBe('no-show');
    expect(topicsOf(change)).toEqual([SlotEvents.noShow]);
    expect(decideMarkNoShow(slotWith([change.set!.bookings![0]!]), 'b-a', host, after)).toMatchObject({
      unchanged: { attendance: 'no-show' },
    });
    const mark = (slot = slotWith([confirmed]), who = host, when = after) =>
      refusal(() => decideMarkNoShow(slot, 'b-a', who, when));
    expect(mark(slotWith([confirmed]), expert('a'))).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(mark(slotWith([confirmed]), host, context(at(47)))).toEqual({ status: 409, code: 'CONFLICT' });
    expect(mark(slotWith([{ ...confirmed, checkIns: [{ stop: 0, at: at(47), by: 'cadre-1' }] }]))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
    expect(mark(slotWith([{ ...confirmed, status: 'pending' }]))).toEqual({ status: 409, code: 'CONFLICT' });
  });

  it('sweeps every confirmed booking not checked in, one event each, for the start it was scheduled for', () => {
    const slot = slotWith([
      aBooking({ id: 'b-1', userId: 'u1' }),
      aBooking({
        id: 'b-2',
        userId: 'u2',
        checkIns: [{ stop: 0, at: at(47), by: 'c' }],
        attendance: 'present',
      }),
      aBooking({ id: 'b-3', userId: 'u3' }),
      aBooking({ id: 'b-4', userId: 'u4', status: 'cancelled' }),
    ]);
    const change = changeOf(decideNoShowSweep(slot, at(48).getTime(), context(at(50))));
    expect(change.reply).toBe(2);
    expect(change.set?.bookings?.map((b) => b.attendance)).toEqual([
      'no-show',
      'present',
      'no-show',
      undefined,
    ]);
    expect(topicsOf(change)).toEqual([SlotEvents.noShow, SlotEvents.noShow]);
    expect(payloadsOf(change).map((p) => (p as { userId: string }).userId)).toEqual(['u1', 'u3']);
    // The slot moved to another start: this sweep was for the old one.
    expect(decideNoShowSweep(slot, at(40).getTime(), context(at(50)))).toEqual({ unchanged: 0 });
  });

  it('reminds a confirmed booking once, and never a cancelled one or one whose start moved', () => {
    const startMs = at(48).getTime();
    const change = changeOf(
      decideReminder(slotWith([confirmed]), { bookingId: 'b-a', startMs }, context(at(24))),
    );
    expect(change.reply).toBe(true);
    expect(change.set?.bookings?.[0]?.remindedAt).toEqual(at(24));
    expect(topicsOf(change)).toEqual([SlotEvents.reminder]);
    const remind = (slot: ReturnType<typeof slotWith>, ms = startMs) =>
      decideReminder(slot, { bookingId: 'b-a', startMs: ms }, context(at(24)));
    expect(remind(slotWith([change.set!.bookings![0]!]))).toEqual({ unchanged: false });
    expect(remind(slotWith([{ ...confirmed, status: 'cancelled' }]))).toEqual({ unchanged: false });
    expect(remind(slotWith([confirmed]), at(40).getTime())).toEqual({ unchanged: false });
    expect(remind(slotWith([]))).toEqual({ unchanged: false });
  });
});
