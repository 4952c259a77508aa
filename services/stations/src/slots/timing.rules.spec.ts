import { AppError, type Principal } from '@qingshui/contracts';
import {
  assertMayCreateTour,
  canManage,
  checkInWindow,
  CHECK_IN_OPENS_BEFORE_MS,
  decisionDeadline,
  eligibilityRefusal,
  reminderTime,
} from './slot.rules';

const at = (h: number) => new Date(Date.UTC(2030, 0, 1, h));
const person = (roles: Principal['roles'], over: Partial<Principal> = {}): Principal => ({
  userId: 'u1',
  username: 'u1',
  roles,
  ...over,
});

describe('tour eligibility', () => {
  const rule = { verifiedOnly: true, fields: ['ecology-water', 'agriculture'] };

  it('lets anyone in when the tour sets no rule', () => {
    expect(eligibilityRefusal(undefined, null)).toBeUndefined();
    expect(eligibilityRefusal({ verifiedOnly: false, fields: [] }, null)).toBeUndefined();
  });

  it('asks for a profile, then verification, then a matching field', () => {
    expect(eligibilityRefusal(rule, null)).toMatch(/profile/);
    expect(eligibilityRefusal(rule, { verified: false, fields: ['agriculture'] })).toMatch(/verified/);
    expect(eligibilityRefusal(rule, { verified: true, fields: ['medicine'] })).toMatch(/ecology-water/);
    expect(eligibilityRefusal(rule, { verified: true, fields: ['medicine', 'agriculture'] })).toBeUndefined();
    expect(
      eligibilityRefusal(
        { verifiedOnly: false, fields: ['medicine'] },
        { verified: false, fields: ['medicine'] },
      ),
    ).toBeUndefined();
  });
});

describe('tour organisers and hosts', () => {
  const tour = {
    county: 'xichuan',
    counties: ['xichuan', 'yunyang'],
    hostOrgId: 'bj-coop-office',
    cadreUserIds: [],
  };

  it('lets cadres of every county visited manage the tour, not those of other counties', () => {
    expect(canManage(person(['cadre'], { region: 'yunyang' }), tour)).toBe(true);
    expect(canManage(person(['cadre'], { region: 'xixia' }), tour)).toBe(false);
    expect(canManage(person(['expert'], { region: 'yunyang' }), tour)).toBe(false);
    // A station has one county, with or without the list.
    expect(canManage(person(['cadre'], { region: 'xichuan' }), { ...tour, counties: undefined })).toBe(true);
  });

  it('lets an admin, the organiser’s cadres or a visited county’s cadres create a tour', () => {
    expect(() => assertMayCreateTour(person(['admin']), 'org', ['xichuan'])).not.toThrow();
    expect(() => assertMayCreateTour(person(['cadre'], { orgId: 'org' }), 'org', ['xichuan'])).not.toThrow();
    expect(() =>
      assertMayCreateTour(person(['cadre'], { region: 'xichuan' }), 'x', ['xichuan']),
    ).not.toThrow();
    expect(() => assertMayCreateTour(person(['cadre'], { region: 'xixia' }), 'x', ['xichuan'])).toThrow(
      AppError,
    );
    expect(() => assertMayCreateTour(person(['expert'], { orgId: 'org' }), 'org', ['xichuan'])).toThrow(
      AppError,
    );
  });
});

describe('timing', () => {
  it('opens check-in two hours before the start (or the stop’s start) until its end', () => {
    const slot = { kind: 'slot' as const, start: at(10), end: at(12) };
    expect(checkInWindow(slot, 0)).toEqual({
      start: new Date(at(10).getTime() - CHECK_IN_OPENS_BEFORE_MS),
      end: at(12),
    });
    expect(() => checkInWindow(slot, 1)).toThrow(AppError);
    const tour = {
      kind: 'tour' as const,
      start: at(10),
      end: at(30),
      stops: [
        { start: at(10).toISOString(), end: at(20).toISOString() },
        { start: at(22).toISOString(), end: at(30).toISOString() },
      ],
    };
    expect(checkInWindow(tour, 1)).toEqual({ start: at(20), end: at(30) });
    expect(() => checkInWindow(tour, 2)).toThrow(AppError);
  });

  it('reminds at the lead time before the start, unless that moment passed or reminders are off', () => {
    expect(reminderTime(at(10), 3600, at(0))).toEqual(at(9));
    expect(reminderTime(at(10), 3600, at(9))).toBeUndefined();
    expect(reminderTime(at(10), 0, at(0))).toBeUndefined();
  });

  it('gives the host until the approval time to decide, never past the start', () => {
    expect(decisionDeadline(at(0), 3600, at(10))).toEqual(at(1));
    expect(decisionDeadline(at(9), 7200, at(10))).toEqual(at(10));
  });
});
