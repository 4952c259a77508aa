import type { Principal } from '@qingshui/contracts';
import {
  decideStep,
  decideSetQuota,
  freshLedger,
  quotaFigures,
  sideOf,
  snapshotOf,
  type NewNomination,
} from './placement.decide';

const now = new Date('2026-12-01T08:00:00.000Z');
const cadre = (region: string): Principal => ({
  userId: `u-${region}`,
  username: region,
  roles: ['cadre'],
  region,
});
const admin: Principal = { userId: 'a-1', username: 'admin', roles: ['admin'], name: '协作办' };
const sending = cadre('chaoyang');
const receiving = cadre('xichuan');
const nomination = (over: Partial<NewNomination> = {}): NewNomination => ({
  _id: 'n-1',
  postingId: 'p-1',
  postingTitle: '淅川县商务局副局长',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  receivingUnit: { id: 'gov-xichuan-swj', name: '淅川县商务局', region: 'xichuan' },
  receivingRegion: 'xichuan',
  sendingRegion: 'chaoyang',
  profileId: 'c-1',
  cadre: {
    name: '王建国',
    unit: { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' },
    level: 'section',
    position: '科长',
  },
  rank: 1,
  statement: '推荐',
  status: 'nominated',
  released: false,
  accepted: false,
  steps: [],
  createdBy: 'u-chaoyang',
  version: 1,
  createdAt: now,
  updatedAt: now,
  ...over,
});
type Step = 'release' | 'accept' | 'refuse' | 'withdraw' | 'confirm';
const run = (n: NewNomination, step: Step, who: Principal, reason?: string) =>
  decideStep(n, { step, ...(reason ? { reason } : {}) }, who, { now });
const after = (n: NewNomination, step: Step, who: Principal, reason?: string): NewNomination => {
  const o = run(n, step, who, reason);
  return 'unchanged' in o ? n : { ...n, ...o.set, steps: [...n.steps, o.step], version: n.version + 1 };
};

describe('two-sided approval', () => {
  it('knows each caller’s side', () => {
    expect(sideOf(sending, nomination())).toBe('sending');
    expect(sideOf(receiving, nomination())).toBe('receiving');
    expect(sideOf(admin, nomination())).toBe('office');
    expect(sideOf(cadre('xixia'), nomination())).toBeUndefined();
  });

  it('agrees when the second side consents, in either order, and only then takes the place', () => {
    const released = run(nomination(), 'release', sending);
    expect('effect' in released && released.effect).toBe('none');
    const agreed = run(after(nomination(), 'release', sending), 'accept', receiving);
    if ('unchanged' in agreed) throw new Error('expected the agreement');
    expect(agreed).toMatchObject({ effect: 'take', set: { status: 'agreed', accepted: true } });
    expect(agreed.events[0]!.topic).toBe('exchange.placement.agreed.v1');
    expect(agreed.step).toMatchObject({ action: 'agreed', side: 'receiving', by: 'u-xichuan', at: now });
    const other = run(after(nomination(), 'accept', receiving), 'release', sending);
    expect('effect' in other && other.effect).toBe('take');
    // Repeats change nothing.
    expect('unchanged' in run(after(nomination(), 'release', sending), 'release', sending)).toBe(true);
  });

  it('lets each side take only its own step', () => {
    expect(() => run(nomination(), 'release', receiving)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => run(nomination(), 'accept', sending)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => run(nomination(), 'release', admin)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => run(nomination(), 'confirm', receiving)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => run(nomination(), 'withdraw', receiving, '不合适')).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => run(nomination(), 'release', cadre('xixia'))).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('refuses with a reason from any side; after the agreement that gives the place back', () => {
    expect(() => run(nomination(), 'refuse', receiving)).toThrow(expect.objectContaining({ status: 400 }));
    const early = run(nomination(), 'refuse', receiving, '专业不对口');
    expect('effect' in early && early.effect).toBe('none');
    const agreed = after(after(nomination(), 'release', sending), 'accept', receiving);
    const late = run(agreed, 'refuse', admin, '另行安排');
    if ('unchanged' in late) throw new Error('expected a refusal');
    expect(late).toMatchObject({ effect: 'give-back', step: { side: 'office', reason: '另行安排' } });
    const refused = after(agreed, 'refuse', admin, '另行安排');
    expect(() => run(refused, 'release', sending)).toThrow(expect.objectContaining({ status: 409 }));
    expect(() => run(agreed, 'withdraw', sending, '撤回')).toThrow(expect.objectContaining({ status: 409 }));
  });

  it('has the office confirm an agreed placement only, with the snapshot the other parts keep', () => {
    expect(() => run(nomination(), 'confirm', admin)).toThrow(expect.objectContaining({ status: 409 }));
    const agreed = after(after(nomination(), 'release', sending), 'accept', receiving);
    const confirmed = run(agreed, 'confirm', admin);
    if ('unchanged' in confirmed) throw new Error('expected a confirmation');
    expect(confirmed.events.map((e) => e.topic)).toEqual([
      'exchange.placement.step-recorded.v1',
      'exchange.placement.confirmed.v1',
    ]);
    expect(snapshotOf(agreed, now, 4)).toMatchObject({
      id: 'n-1',
      year: 2027,
      sendingUnit: { region: 'chaoyang' },
      cadre: { profileId: 'c-1', name: '王建国' },
      confirmedAt: now.toISOString(),
    });
  });
});

describe('yearly quotas', () => {
  it('starts from the plan’s defaults and counts pending nominations apart from used places', () => {
    const ledger = {
      ...freshLedger(2027, 'to-county', now),
      used: 3,
      usedByPair: { 'chaoyang-xichuan': 3 },
      shortUsed: 2,
    };
    expect(freshLedger(2027, 'to-beijing', now).total).toBe(40);
    const figures = quotaFigures(ledger, [
      { direction: 'to-county', kind: 'secondment', pairId: 'chaoyang-xichuan', status: 'released' },
      { direction: 'to-county', kind: 'short', pairId: 'chaoyang-xichuan', status: 'nominated' },
      { direction: 'to-county', kind: 'secondment', pairId: 'chaoyang-xichuan', status: 'agreed' },
      { direction: 'to-beijing', kind: 'secondment', pairId: 'chaoyang-xichuan', status: 'released' },
    ]);
    expect(figures).toMatchObject({
      total: 24,
      used: 3,
      pending: 1,
      free: 21,
      short: { used: 2, pending: 1 },
    });
    expect(figures.pairs).toHaveLength(16);
    expect(figures.pairs[0]).toMatchObject({
      pairId: 'chaoyang-xichuan',
      used: 3,
      pending: 1,
      shortPending: 1,
    });
  });

  it('lets the admin set the quota and its split, never below what is used, shares never above the quota', () => {
    const ledger = { ...freshLedger(2027, 'to-county', now), used: 3, usedByPair: { 'chaoyang-xichuan': 3 } };
    const context = { now, newId: () => 'x' };
    const set = decideSetQuota({ total: 30, perPair: { 'chaoyang-xichuan': 4 } }, admin, [])(ledger, context);
    expect('unchanged' in set ? undefined : set.reply).toMatchObject({ total: 30, free: 27 });
    expect(() => decideSetQuota({ total: 2 }, admin, [])(ledger, context)).toThrow(
      expect.objectContaining({ status: 400, fields: [expect.objectContaining({ field: 'total' })] }),
    );
    expect(() =>
      decideSetQuota({ total: 30, perPair: { 'chaoyang-xichuan': 2 } }, admin, [])(ledger, context),
    ).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ field: 'perPair.chaoyang-xichuan' })] }),
    );
    expect(() =>
      decideSetQuota(
        { total: 5, perPair: { 'chaoyang-xichuan': 3, 'shunyi-xixia': 3 } },
        admin,
        [],
      )(ledger, context),
    ).toThrow(expect.objectContaining({ fields: [expect.objectContaining({ field: 'perPair' })] }));
    expect(() => decideSetQuota({ total: 30 }, cadre('xichuan'), [])(ledger, context)).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });
});
