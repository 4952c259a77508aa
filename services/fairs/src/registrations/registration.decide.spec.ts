import { registerSchema, ticketTypeSchema, type Principal, type TicketTypeInput } from '@qingshui/contracts';
import { refusal } from '@qingshui/testing';
import type { FairDocument } from '../fairs/fair.schema';
import type { RegistrationDocument } from './registration.schema';
import {
  applyInc,
  blockOf,
  claimOf,
  decideTicketTypes,
  EMPTY_LEDGER,
  incOf,
  placesOf,
  recount,
  takeFilter,
  type LedgerCounts,
} from './ledger.rules';
import {
  acceptRegistration,
  decideAccept,
  decideCancel,
  decideExpire,
  decideOffer,
  firstThatFits,
  newRegistration,
  positionOf,
} from './registration.decide';
import { holderOf } from '../tickets/ticket.decide';
import { ticketIdsOf } from '../tickets/ticket-ids';

const now = new Date('2027-05-01T08:00:00.000Z');
const days = ['2027-05-18', '2027-05-19'];
const fair = {
  _id: 'fair-1',
  title: '2027 淅川农产品北京推介会',
  status: 'visitors-open',
  publishedAt: now,
  organiser: { kind: 'county', region: 'xichuan', orgId: 'gov-xichuan' },
  regions: ['chaoyang', 'xichuan'],
  days: days.map((date) => ({ date, opensAt: '09:00', closesAt: '17:00' })),
} as unknown as FairDocument;
const visitor: Principal = { userId: 'u-1', username: 'v', name: '王芳', roles: ['expert'] };
const buyer: Principal = { userId: 'u-2', username: 'b', roles: ['enterprise'], orgId: 'ent-1' };

const type = (over: Partial<TicketTypeInput> = {}) =>
  ticketTypeSchema.parse({
    id: 'public',
    name: '普通观众',
    kind: 'public',
    quotaPerDay: 10,
    perPersonLimit: 5,
    ...over,
  });

function ledgerWith(
  types: ReturnType<typeof type>[],
  taken: Record<string, number> = {},
  waiting: Record<string, number> = {},
): LedgerCounts {
  const { quota } = decideTicketTypes(EMPTY_LEDGER, days, types);
  const zero = Object.fromEntries(Object.keys(quota).map((p) => [p, 0]));
  return {
    types,
    typesVersion: 1,
    quota,
    taken: { ...zero, ...taken },
    waiting: { ...zero, ...waiting },
    org: {},
    seq: 0,
  };
}
const input = (over: Record<string, unknown> = {}) =>
  registerSchema.parse({ fairId: 'fair-1', typeId: 'public', days: ['2027-05-18'], ...over });

const reg = (over: Partial<RegistrationDocument> = {}): RegistrationDocument => ({
  ...newRegistration(input(), { type: type(), name: '王芳' }, visitor, undefined, now, 'step'),
  outbox: [],
  outboxPending: false,
  status: 'waiting',
  waitSeq: 1,
  ...over,
});

describe('ticket types', () => {
  it('make a pool per type and day, and per window of each day', () => {
    const withWindows = type({
      windows: [
        { id: 'am', name: '上午', startsAt: '09:00', endsAt: '12:00', quota: 4 },
        { id: 'pm', name: '下午', startsAt: '13:00', endsAt: '17:00', quota: 6 },
      ],
    });
    expect(decideTicketTypes(EMPTY_LEDGER, days, [withWindows]).quota).toEqual({
      'public@2027-05-18': 10,
      'public@2027-05-18@am': 4,
      'public@2027-05-18@pm': 6,
      'public@2027-05-19': 10,
      'public@2027-05-19@am': 4,
      'public@2027-05-19@pm': 6,
    });
  });

  it('never go below what is taken, and a type in use stays with its kind', () => {
    const ledger = ledgerWith([type()], { 'public@2027-05-18': 7 });
    expect(refusal(() => decideTicketTypes(ledger, days, [type({ quotaPerDay: 6 })]))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(refusal(() => decideTicketTypes(ledger, days, []))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    expect(refusal(() => decideTicketTypes(ledger, days, [type({ kind: 'press' })]))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
    const narrowed = decideTicketTypes(ledger, days, [type({ quotaPerDay: 7 })]);
    expect(narrowed.lowered).toEqual({ 'public@2027-05-18': 7, 'public@2027-05-19': 7 });
    expect(refusal(() => decideTicketTypes(EMPTY_LEDGER, days, [type({ days: ['2027-06-01'] })]))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });
});

describe('registering', () => {
  it('checks days, window, group size, members and company details before anything is written', () => {
    const trade = type({ id: 'trade', name: '专业采购商', kind: 'trade', orgCap: 4 });
    const ledger = ledgerWith([type(), trade]);
    expect(acceptRegistration(input(), fair, ledger, visitor)).toMatchObject({ name: '王芳' });
    for (const bad of [
      input({ days: ['2027-06-01'] }),
      input({ size: 6 }),
      input({ size: 2, members: [{ name: '甲' }, { name: '乙' }] }),
      input({ typeId: 'trade' }),
      input({ typeId: 'nope' }),
    ])
      expect(refusal(() => acceptRegistration(bad, fair, ledger, buyer))).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    expect(
      refusal(() =>
        acceptRegistration(
          input({
            typeId: 'trade',
            size: 5,
            company: { name: '北京新发地', title: '采购经理', phone: '13800138000' },
          }),
          fair,
          ledger,
          buyer,
        ),
      ),
    ).toEqual({ status: 409, code: 'CAP_REACHED' });
    expect(
      refusal(() => acceptRegistration(input(), { ...fair, status: 'exhibitors-open' }, ledger, visitor)),
    ).toEqual({
      status: 409,
      code: 'WINDOW_CLOSED',
    });
  });

  it('takes N places or none, never past the quota, and never ahead of those waiting', () => {
    const ledger = ledgerWith([type()], { 'public@2027-05-18': 8 });
    const claim = claimOf({ typeId: 'public', days: ['2027-05-18'], size: 3 }, type());
    expect(blockOf(ledger, claim, { behindLine: true })).toBe('full');
    expect(blockOf(ledger, { ...claim, size: 2 }, { behindLine: true })).toBeUndefined();
    const waiting = { ...ledger, waiting: { ...ledger.waiting, 'public@2027-05-18': 1 } };
    expect(blockOf(waiting, { ...claim, size: 1 }, { behindLine: true })).toBe('line');
    expect(blockOf(waiting, { ...claim, size: 1 }, { behindLine: false })).toBeUndefined();
    expect(takeFilter('fair-1', 1, ledger, claim, { behindLine: true })).toEqual({
      _id: 'fair-1',
      typesVersion: 1,
      'taken.public@2027-05-18': { $lte: 7 },
      'waiting.public@2027-05-18': { $lte: 0 },
    });
    expect(incOf(claim, { places: 1, line: 0 })).toEqual({ rev: 1, 'taken.public@2027-05-18': 3 });
    const after = applyInc(ledger, incOf({ ...claim, size: 2 }, { places: 1, line: 0 }));
    expect(placesOf(after, 'public', days).days[0]).toMatchObject({ quota: 10, left: 0 });
  });

  it('caps an organisation’s places, a missing count being none', () => {
    const capped = type({ orgCap: 3 });
    const claim = claimOf({ typeId: 'public', days: ['2027-05-18'], size: 2, orgKey: 'ent.1' }, capped);
    expect(claim.org).toEqual({ pool: 'public@ent_1', cap: 3 });
    const ledger = ledgerWith([capped]);
    expect(blockOf({ ...ledger, org: { 'public@ent_1': 2 } }, claim, { behindLine: true })).toBe('org-cap');
    expect(takeFilter('fair-1', 1, ledger, claim, { behindLine: false })['$or']).toEqual([
      { 'org.public@ent_1': { $exists: false } },
      { 'org.public@ent_1': { $lte: 1 } },
    ]);
  });
});

describe('the waiting list', () => {
  it('offers a freed place to the first in line that fits: a single behind a group of 5', () => {
    const ledger = ledgerWith([type()], { 'public@2027-05-18': 9 }, { 'public@2027-05-18': 2 });
    const group = reg({ _id: 'fair-1:g', size: 5, waitSeq: 1 });
    const single = reg({ _id: 'fair-1:s', size: 1, waitSeq: 2 });
    const later = reg({ _id: 'fair-1:l', size: 1, waitSeq: 3 });
    expect(firstThatFits(ledger, [later, single, group])?._id).toBe('fair-1:s');
    expect(
      firstThatFits({ ...ledger, taken: { ...ledger.taken, 'public@2027-05-18': 10 } }, [group, single]),
    ).toBeUndefined();
    expect(positionOf(later, [group, single, later])).toBe(3);
  });

  it('holds the places while offered, and an expiry ends only that very offer', () => {
    const offered = decideOffer(reg(), { id: 'o-1', expiresAt: new Date(now.getTime() + 60_000) }, now);
    expect(offered).toMatchObject({ to: 'offered', ledger: { places: 1, line: -1 } });
    const doc = reg({
      status: 'offered',
      offer: { id: 'o-1', expiresAt: new Date(now.getTime() + 60_000), madeAt: now },
    });
    expect(decideExpire(doc, 'o-0', new Date(now.getTime() + 61_000))).toBe('unchanged');
    expect(decideExpire(doc, 'o-1', now)).toBe('unchanged');
    expect(decideExpire(doc, 'o-1', new Date(now.getTime() + 61_000))).toMatchObject({
      to: 'expired',
      ledger: { places: -1, line: 0 },
    });
    expect(decideAccept(doc, visitor, now)).toMatchObject({ to: 'confirmed', issue: true });
    expect(refusal(() => decideAccept(doc, visitor, new Date(now.getTime() + 61_000)))).toEqual({
      status: 409,
      code: 'CONFLICT',
    });
  });

  it('a cancellation after an offer was accepted gives the places back and never reopens the offer', () => {
    const accepted = reg({
      status: 'confirmed',
      offer: { id: 'o-1', expiresAt: now, madeAt: now },
      ticketIds: ['t'],
    });
    const step = decideCancel(accepted, visitor, false, undefined, now);
    expect(step).toMatchObject({ to: 'cancelled', ledger: { places: -1, line: 0 }, revoke: true });
    expect(decideExpire({ ...accepted, status: 'cancelled' }, 'o-1', new Date(now.getTime() + 1e6))).toBe(
      'unchanged',
    );
    expect(decideCancel({ ...accepted, status: 'cancelled' }, visitor, false, undefined, now)).toBe(
      'unchanged',
    );
    expect(decideCancel(reg(), visitor, false, undefined, now)).toMatchObject({
      ledger: { places: 0, line: -1 },
    });
    expect(refusal(() => decideCancel(accepted, buyer, false, undefined, now))).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(refusal(() => decideCancel(accepted, buyer, true, undefined, now))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('recounts the ledger from the registrations', () => {
    const ledger = ledgerWith([type()], { 'public@2027-05-18': 99 });
    const counts = recount(ledger, [
      reg({ status: 'confirmed', size: 3 }),
      reg({ status: 'offered', size: 2 }),
      reg({ status: 'waiting', waitSeq: 9 }),
      reg({ status: 'cancelled', size: 4 }),
    ]);
    expect(counts.taken['public@2027-05-18']).toBe(5);
    expect(counts.waiting['public@2027-05-18']).toBe(1);
    expect(counts.seq).toBe(9);
  });
});

describe('tickets', () => {
  it('have ids from the registration (a retry issues nothing twice) and name each member', () => {
    expect(ticketIdsOf('fair-1:u-1', 1, 3)).toEqual(ticketIdsOf('fair-1:u-1', 1, 3));
    expect(new Set([...ticketIdsOf('fair-1:u-1', 1, 3), ...ticketIdsOf('fair-1:u-1', 2, 3)]).size).toBe(6);
    expect(ticketIdsOf('f'.repeat(36) + ':' + 'u'.repeat(36), 1, 1)[0]!.length).toBeLessThanOrEqual(64);
    const group = reg({ size: 3, members: [{ name: '李四', organisation: '北京新发地' }] });
    expect(holderOf(group, 0)).toEqual({ userId: 'u-1', name: '王芳' });
    expect(holderOf(group, 1)).toEqual({ userId: 'u-1', name: '李四', organisation: '北京新发地' });
    expect(holderOf(group, 2).name).toBe('王芳 同行 2');
  });
});
