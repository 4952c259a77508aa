import {
  putRosterBodySchema,
  type Principal,
  type PutRosterBody,
  type PutRosterCommand,
} from '@qingshui/contracts';
import type { Change, Decision } from '@qingshui/persistence';
import {
  canReadRoster,
  decideClaim,
  decideNamedClaim,
  decidePutRoster,
  decideRelease,
  decideSetAway,
  eligible,
  emptyRoster,
  pickNext,
  rosterView,
} from './roster.decide';
import type { PairRosterDocument, RosterMemberDoc } from './roster.schema';

const now = new Date('2026-12-02T08:00:00.000Z');
const ctx = {
  now,
  newId: (() => {
    let n = 0;
    return () => `rule-${(n += 1)}`;
  })(),
};
const cadre = (region: string, userId = `c-${region}`): Principal => ({
  userId,
  username: userId,
  roles: ['cadre'],
  region,
});
const admin: Principal = { userId: 'a', username: 'a', roles: ['admin'] };
const m = (userId: string, extra: Partial<RosterMemberDoc> = {}): RosterMemberDoc => ({
  userId,
  name: userId.toUpperCase(),
  capacity: 10,
  away: false,
  coordinator: false,
  ...extra,
});

function roster(extra: Partial<PairRosterDocument> = {}): PairRosterDocument {
  return {
    ...emptyRoster('xichuan', now),
    version: 3,
    countySide: { members: [m('a'), m('b'), m('c')], rules: [] },
    districtSide: { members: [m('d', { coordinator: true }), m('e')], rules: [] },
    ...extra,
  };
}

/** Applies a decision's set to the document, as the store's write would. */
function apply<R>(
  doc: PairRosterDocument,
  decision: Decision<PairRosterDocument, R>,
): [PairRosterDocument, R] {
  if ('unchanged' in decision) return [doc, decision.unchanged];
  const change = decision as Change<PairRosterDocument, R>;
  return [{ ...doc, ...change.set, version: doc.version + 1 }, change.reply];
}

function claimAll(
  doc: PairRosterDocument,
  count: number,
  lead: { field?: 'solar'; amountYuan?: number } = {},
) {
  const picks: (string | undefined)[] = [];
  let current = doc;
  for (let i = 0; i < count; i += 1) {
    const [next, pick] = apply(current, decideClaim({ leadId: `lead-${i}`, ...lead })(current));
    current = next;
    picks.push(pick?.userId);
  }
  return { doc: current, picks };
}

describe('round robin with capacity', () => {
  it('goes round the county’s cadres in order and stops at everyone’s capacity', () => {
    const { doc, picks } = claimAll(roster(), 35);
    expect(picks.slice(0, 6)).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
    expect(picks.filter(Boolean)).toHaveLength(30);
    expect(picks.slice(30)).toEqual([undefined, undefined, undefined, undefined, undefined]);
    for (const id of ['a', 'b', 'c'])
      expect(doc.load.find((entry) => entry.userId === id)?.leadIds).toHaveLength(10);
    expect(doc.holders.sort()).toEqual(['a', 'b', 'c']);
  });

  it('skips a cadre who is away and one without room, and goes on after the last picked', () => {
    const doc = roster({
      countySide: { members: [m('a'), m('b', { away: true }), m('c', { capacity: 1 })], rules: [] },
      load: [{ userId: 'c', leadIds: ['old'] }],
      lastPicked: 'a',
    });
    expect(pickNext(doc, { leadId: 'x' })?.userId).toBe('a');
    const { picks } = claimAll(doc, 3);
    expect(picks).toEqual(['a', 'a', 'a']);
  });

  it('takes no second unit for a lead it already placed (a retried claim)', () => {
    const [once, first] = apply(roster(), decideClaim({ leadId: 'lead-x' })(roster()));
    const again = decideClaim({ leadId: 'lead-x' })(once);
    expect('unchanged' in again && again.unchanged?.userId).toBe(first?.userId);
    expect(once.load.flatMap((entry) => entry.leadIds)).toEqual(['lead-x']);
  });

  it('has nobody for an empty roster', () => {
    expect(pickNext(emptyRoster('xichuan', now), { leadId: 'x' })).toBeUndefined();
  });
});

describe('rules', () => {
  const ruled = roster({
    countySide: {
      members: [m('a'), m('b'), m('c')],
      rules: [
        { id: 'r1', name: '光伏', fields: ['solar'], memberIds: ['c'] },
        { id: 'r2', name: '大额', fields: [], minYuan: 100_000_000, memberIds: ['a', 'b'] },
      ],
    },
    districtSide: {
      members: [m('d', { coordinator: true }), m('e')],
      rules: [{ id: 'p1', name: '亿元以上', fields: [], minYuan: 100_000_000, memberIds: ['e'] }],
    },
  });

  it('uses the first matching rule of each side; the district joins by rule only', () => {
    expect([...eligible(ruled, { leadId: 'x', field: 'solar', amountYuan: 500_000_000 })].sort()).toEqual([
      'c',
      'e',
    ]);
    expect([...eligible(ruled, { leadId: 'x', field: 'tcm', amountYuan: 500_000_000 })].sort()).toEqual([
      'a',
      'b',
      'e',
    ]);
    // No rule matches: every county cadre, no district cadre.
    expect([...eligible(ruled, { leadId: 'x', field: 'tcm', amountYuan: 1_000_000 })].sort()).toEqual([
      'a',
      'b',
      'c',
    ]);
    // An amount nobody knows matches no amount rule.
    expect([...eligible(ruled, { leadId: 'x', field: 'tcm' })].sort()).toEqual(['a', 'b', 'c']);
  });

  it('picks among the rule’s cadres only, round robin across both sides', () => {
    const { picks } = claimAll(ruled, 4, { field: 'solar', amountYuan: 200_000_000 });
    expect(picks).toEqual(['c', 'e', 'c', 'e']);
  });
});

describe('named claims and releases', () => {
  it('adds the unit to the named cadre (the previous owner’s is released by the caller), refuses the full and strangers', () => {
    const doc = roster({
      countySide: { members: [m('a'), m('b', { capacity: 1 }), m('c', { away: true })], rules: [] },
      load: [
        { userId: 'a', leadIds: ['lead-1'] },
        { userId: 'b', leadIds: ['lead-9'] },
      ],
    });
    const [taken] = apply(doc, decideNamedClaim('lead-1', 'e')(doc));
    expect(taken.load).toEqual([
      { userId: 'a', leadIds: ['lead-1'] },
      { userId: 'b', leadIds: ['lead-9'] },
      { userId: 'e', leadIds: ['lead-1'] },
    ]);
    const [released] = apply(taken, decideRelease('a', 'lead-1')(taken));
    expect(released.holders).toEqual(['b', 'e']);
    expect(() => decideNamedClaim('lead-1', 'b')(doc)).toThrow(
      expect.objectContaining({ code: 'CAP_REACHED' }),
    );
    // Away is no bar to a person's own pick (a lead reopened for its owner on leave).
    expect('set' in decideNamedClaim('lead-1', 'c')(doc)).toBe(true);
    expect(() => decideNamedClaim('lead-1', 'zz')(doc)).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'ownerId' })] }),
    );
    // The holder named again: nothing to do, no second unit.
    expect('unchanged' in decideNamedClaim('lead-1', 'a')(doc)).toBe(true);
  });

  it('frees one unit once: releasing twice is a repeat', () => {
    const doc = roster({ load: [{ userId: 'a', leadIds: ['lead-1', 'lead-2'] }], holders: ['a'] });
    const [once] = apply(doc, decideRelease('a', 'lead-1')(doc));
    expect(once.load).toEqual([{ userId: 'a', leadIds: ['lead-2'] }]);
    expect('unchanged' in decideRelease('a', 'lead-1')(once)).toBe(true);
    const [empty] = apply(once, decideRelease('a', 'lead-2')(once));
    expect(empty.load).toEqual([]);
    expect(empty.holders).toEqual([]);
  });
});

describe('editing and reading rosters', () => {
  const put = (region: string, roster: PutRosterBody): PutRosterCommand => ({
    region,
    roster: putRosterBodySchema.parse(roster),
  });

  it('lets the region’s cadres and admins keep it, nobody else', () => {
    const body = { members: [{ userId: 'a', name: '张伟' }], rules: [] };
    expect(() => decidePutRoster(put('xichuan', body), cadre('chaoyang'))(roster(), ctx)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    const [doc] = apply(roster(), decidePutRoster(put('xichuan', body), cadre('xichuan'))(roster(), ctx));
    expect(doc.countySide.members).toEqual([
      { userId: 'a', name: '张伟', capacity: 30, away: false, coordinator: false },
    ]);
    expect(doc.districtSide.members.map((x) => x.userId)).toEqual(['d', 'e']);
    expect('set' in decidePutRoster(put('chaoyang', body), admin)(roster(), ctx)).toBe(true);
  });

  it('names every bad field: a rule naming a stranger, a coordinator on a county roster', () => {
    const body = {
      members: [{ userId: 'a', name: '张伟', coordinator: true }],
      rules: [{ name: '光伏', fields: ['solar' as const], memberIds: ['a', 'ghost'] }],
    };
    expect(() => decidePutRoster(put('xichuan', body), cadre('xichuan'))(roster(), ctx)).toThrow(
      expect.objectContaining({
        status: 400,
        fields: [
          expect.objectContaining({ field: 'members.0.coordinator' }),
          expect.objectContaining({ field: 'rules.0.memberIds.1' }),
        ],
      }),
    );
  });

  it('marks a cadre away by the region’s cadres or the cadre; an unknown one is 404', () => {
    const [doc] = apply(roster(), decideSetAway('xichuan', 'b', true, cadre('xichuan'))(roster()));
    expect(doc.countySide.members.find((x) => x.userId === 'b')?.away).toBe(true);
    expect('set' in decideSetAway('chaoyang', 'e', true, cadre('chaoyang', 'e'))(roster())).toBe(true);
    expect(() => decideSetAway('xichuan', 'b', true, cadre('chaoyang'))(roster())).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => decideSetAway('xichuan', 'zz', true, admin)(roster())).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('is read by the cadres of the county and its pair, and admins; the view shows load', () => {
    expect(canReadRoster(cadre('xichuan'), roster())).toBe(true);
    expect(canReadRoster(cadre('chaoyang'), roster())).toBe(true);
    expect(canReadRoster(cadre('haidian'), roster())).toBe(false);
    expect(canReadRoster({ ...cadre('xichuan'), roles: ['enterprise'] }, roster())).toBe(false);
    expect(canReadRoster(admin, roster())).toBe(true);
    const view = rosterView(
      roster({ load: [{ userId: 'a', leadIds: ['l1', 'l2'] }] }),
      'chaoyang',
      cadre('xichuan'),
    );
    expect(view).toMatchObject({ kind: 'district', county: 'xichuan', district: 'chaoyang', canEdit: false });
    expect(view.members.map((x) => x.userId)).toEqual(['d', 'e']);
    expect(view.counterpart.members.find((x) => x.userId === 'a')?.openLeads).toBe(2);
  });
});
