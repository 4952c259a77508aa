import type { Decision } from '@qingshui/persistence';
import type { CalendarDocument, HoldRecord } from './calendar.schema';
import { decideRelease, decideReserve, STALE_HOLD_MS, suspectHolds } from './calendar.decide';
import { at, refusal } from '../slots/slot.fixtures';

const hold = (bookingId: string, from: number, to: number, takenAt = at(0)): HoldRecord => ({
  bookingId,
  slotId: `slot-${bookingId}`,
  start: at(from),
  end: at(to),
  at: takenAt,
});
const calendar = (...holds: HoldRecord[]): CalendarDocument => ({ _id: 'expert-1', holds, version: 4 });
const holdsAfter = (decision: Decision<CalendarDocument, void>) =>
  'unchanged' in decision ? undefined : decision.set?.holds?.map((h) => h.bookingId);
const NOW = { now: at(10) };
const none = new Set<string>();

describe('an expert’s calendar', () => {
  it('takes a hold beside the ones it does not overlap (one stay may end when the next starts)', () => {
    const decision = decideReserve(calendar(hold('a', 20, 30)), { hold: hold('b', 30, 40) }, none, NOW);
    expect(holdsAfter(decision)).toEqual(['a', 'b']);
    expect(holdsAfter(decideReserve(calendar(), { hold: hold('b', 30, 40) }, none, NOW))).toEqual(['b']);
  });

  it('refuses a hold that overlaps another (409 OVERLAPPING_BOOKING), unless it replaces that booking (a move)', () => {
    const mine = calendar(hold('a', 20, 30));
    expect(refusal(() => decideReserve(mine, { hold: hold('b', 25, 35) }, none, NOW))).toEqual({
      status: 409,
      code: 'OVERLAPPING_BOOKING',
    });
    expect(holdsAfter(decideReserve(mine, { hold: hold('b', 25, 35), replacing: 'a' }, none, NOW))).toEqual([
      'a',
      'b',
    ]);
  });

  it('drops an overlapping hold whose booking is known to be gone, and holds that have ended', () => {
    const mine = calendar(hold('ended', 1, 5), hold('crashed', 20, 30), hold('kept', 40, 50));
    const decision = decideReserve(mine, { hold: hold('new', 25, 35) }, new Set(['crashed']), NOW);
    expect(holdsAfter(decision)).toEqual(['kept', 'new']);
  });

  it('asks about an overlapping hold only once it is old enough that its booking should be written', () => {
    const taken = at(10).getTime();
    const old = hold('old', 20, 30, new Date(taken - STALE_HOLD_MS - 1));
    const fresh = hold('fresh', 22, 28, new Date(taken - 1000));
    const apart = hold('apart', 40, 50, new Date(0));
    const mine = calendar(old, fresh, apart);
    expect(suspectHolds(mine, { hold: hold('new', 25, 35) }, at(10)).map((h) => h.bookingId)).toEqual([
      'old',
    ]);
    expect(suspectHolds(mine, { hold: hold('new', 25, 35), replacing: 'old' }, at(10))).toEqual([]);
  });

  it('releases a hold, and changes nothing for one it does not have', () => {
    const mine = calendar(hold('a', 20, 30), hold('b', 40, 50));
    expect(holdsAfter(decideRelease(mine, 'a'))).toEqual(['b']);
    expect(decideRelease(mine, 'zzz')).toEqual({ unchanged: undefined });
  });
});
