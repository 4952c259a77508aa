import type { Principal } from '@qingshui/contracts';
import {
  canManage,
  countSeat,
  freeSeat,
  offerFreeSeats,
  overlaps,
  seatRefusal,
  whoOf,
  type QueueState,
} from './slot.rules';

const at = (h: number) => new Date(Date.UTC(2030, 0, 1, h));
let counter = 0;
const ids = () => `offer-${(counter += 1)}`;
const state = (over: Partial<QueueState> = {}): QueueState => ({
  capacity: 2,
  seatsTaken: 0,
  orgCounts: {},
  regionCounts: {},
  waitlist: [],
  waitEntries: [],
  offers: [],
  seatHolders: [],
  ...over,
});
const wait = (userId: string, orgId?: string, region?: string) => ({
  userId,
  ...(orgId ? { orgId } : {}),
  ...(region ? { region } : {}),
  at: at(0),
});

describe('slot rules', () => {
  it('overlap is half-open: back-to-back stays do not overlap', () => {
    expect(overlaps({ start: at(1), end: at(3) }, { start: at(2), end: at(4) })).toBe(true);
    expect(overlaps({ start: at(1), end: at(3) }, { start: at(3), end: at(4) })).toBe(false);
    expect(overlaps({ start: at(1), end: at(5) }, { start: at(2), end: at(3) })).toBe(true);
  });

  it('refuses a seat when full, or when the organisation or region cap is reached', () => {
    expect(seatRefusal(state({ seatsTaken: 2 }), { userId: 'u' })).toBe('full');
    const capped = state({
      capacity: 5,
      maxPerOrg: 1,
      maxPerRegion: 2,
      orgCounts: { a: 1 },
      regionCounts: { r: 2 },
    });
    expect(seatRefusal(capped, { userId: 'u', orgId: 'a' })).toBe('org-cap');
    expect(seatRefusal(capped, { userId: 'u', orgId: 'b', region: 'r' })).toBe('region-cap');
    expect(seatRefusal(capped, { userId: 'u', orgId: 'b', region: 's' })).toBeUndefined();
    expect(seatRefusal(capped, { userId: 'u' })).toBeUndefined();
  });

  it('counts a seat per organisation and region, and frees it again', () => {
    const taken = countSeat(state(), { userId: 'u', orgId: 'a', region: 'r' }, 1);
    expect(taken).toMatchObject({ seatsTaken: 1, orgCounts: { a: 1 }, regionCounts: { r: 1 } });
    expect(countSeat(taken, { userId: 'u', orgId: 'a', region: 'r' }, -1)).toMatchObject({
      seatsTaken: 0,
      orgCounts: { a: 0 },
      regionCounts: { r: 0 },
    });
  });

  it('offers a freed seat to the first in line, holding the seat until it expires', () => {
    const full = state({
      capacity: 1,
      seatsTaken: 1,
      seatHolders: ['x'],
      orgCounts: { o: 1 },
      waitlist: ['a', 'b'],
      waitEntries: [wait('a'), wait('b')],
    });
    const { state: next, made } = freeSeat(full, { userId: 'x', orgId: 'o' }, at(1), 60, ids);
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ userId: 'a', expiresAt: new Date(at(1).getTime() + 60_000) });
    expect(next.seatsTaken).toBe(1);
    expect(next.waitlist).toEqual(['b']);
    expect(next.seatHolders).toEqual(['a']);
    expect(next.offers).toHaveLength(1);
  });

  it('an expired offer goes to the next in line; an empty line leaves the seat free', () => {
    const offered = offerFreeSeats(
      state({ capacity: 1, waitlist: ['a', 'b'], waitEntries: [wait('a'), wait('b')] }),
      at(1),
      60,
      ids,
    );
    const offer = offered.made[0]!;
    const expired = freeSeat({ ...offered.state, offers: [] }, offer, at(2), 60, ids);
    expect(expired.made.map((o) => o.userId)).toEqual(['b']);
    const last = freeSeat({ ...expired.state, offers: [] }, expired.made[0]!, at(3), 60, ids);
    expect(last.made).toEqual([]);
    expect(last.state.seatsTaken).toBe(0);
  });

  it('skips, but keeps in line, an expert whose organisation cap is reached', () => {
    const s = state({
      capacity: 3,
      seatsTaken: 2,
      maxPerOrg: 1,
      orgCounts: { a: 1 },
      waitlist: ['p', 'q'],
      waitEntries: [wait('p', 'a'), wait('q', 'b')],
    });
    const { made, state: next } = offerFreeSeats(s, at(1), 60, ids);
    expect(made.map((o) => o.userId)).toEqual(['q']);
    expect(next.waitlist).toEqual(['p']);
    expect(next.orgCounts).toEqual({ a: 1, b: 1 });
  });

  it('fills several free seats at once, in order', () => {
    const { made } = offerFreeSeats(
      state({
        capacity: 3,
        waitlist: ['a', 'b', 'c', 'd'],
        waitEntries: ['a', 'b', 'c', 'd'].map((u) => wait(u)),
      }),
      at(1),
      60,
      ids,
    );
    expect(made.map((o) => o.userId)).toEqual(['a', 'b', 'c']);
  });

  it('lets the host side manage and only experts book', () => {
    const host = { county: 'xichuan', hostOrgId: 'hosp-xichuan', cadreUserIds: ['c1'] };
    const p = (over: Partial<Principal>): Principal => ({ userId: 'u', username: 'u', roles: [], ...over });
    expect(canManage(p({ roles: ['admin'] }), host)).toBe(true);
    expect(canManage(p({ userId: 'c1', roles: ['cadre'] }), host)).toBe(true);
    expect(canManage(p({ roles: ['cadre'], region: 'xichuan' }), host)).toBe(true);
    expect(canManage(p({ roles: ['cadre'], region: 'chaoyang' }), host)).toBe(false);
    expect(canManage(p({ roles: ['enterprise'], orgId: 'hosp-xichuan' }), host)).toBe(true);
    expect(canManage(p({ roles: ['expert'], orgId: 'hosp-xichuan' }), host)).toBe(false);
    expect(() => whoOf(p({ roles: ['cadre'] }))).toThrow('Only experts');
    expect(whoOf(p({ roles: ['expert'], orgId: 'o', region: 'r' }))).toEqual({
      userId: 'u',
      orgId: 'o',
      region: 'r',
    });
  });
});
