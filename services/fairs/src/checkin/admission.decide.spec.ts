import { DEFAULT_CHECKIN_LIST, type CheckinList } from '@qingshui/contracts';
import {
  addDelta,
  contributionOf,
  countsDelta,
  decideScans,
  local10MinutesOf,
  localDayOf,
  localHourOf,
  stateOf,
  type IncomingScan,
  type StoredScan,
  type TicketFacts,
} from './admission.decide';

// 2027-05-18 09:00 in Beijing is 01:00 UTC.
const at = (hhmm: string, day = '2027-05-18') => new Date(`${day}T${hhmm}:00+08:00`);
const now = new Date('2027-05-18T09:00:00.000Z');
const ticket: TicketFacts = {
  id: 't-1',
  typeId: 'visitor',
  days: ['2027-05-18', '2027-05-19'],
  status: 'valid',
  version: 1,
};
const list: CheckinList = DEFAULT_CHECKIN_LIST;
const withExits: CheckinList = { ...list, id: 'hall', exits: true, reentry: true };
const exitsNoReentry: CheckinList = { ...list, id: 'strict', exits: true, reentry: false };

let n = 0;
const scan = (hhmm: string, extra: Partial<IncomingScan> = {}, day?: string): IncomingScan => ({
  nonce: `nonce-${(n += 1)}-abcdef`,
  direction: 'entry',
  gate: 'A',
  at: at(hhmm, day),
  by: 'u-door',
  tokenVersion: 1,
  ...extra,
});
const decide = (
  incoming: IncomingScan[],
  scans: StoredScan[] = [],
  options: { list?: CheckinList; ticket?: TicketFacts } = {},
) => decideScans({ list: options.list ?? list, ticket: options.ticket ?? ticket, scans, incoming, now });
/** Decides scans one request after another, as online scanners send them. */
const online = (incoming: IncomingScan[], options: { list?: CheckinList; ticket?: TicketFacts } = {}) => {
  let scans: StoredScan[] = [];
  const results: string[] = [];
  for (const one of incoming) {
    const decision = decide([one], scans, options);
    scans = decision.scans;
    results.push(decision.verdicts[0]!.result);
  }
  return { scans, results };
};

describe('the fair’s clock', () => {
  it('counts days, hours and 10 minutes in Beijing time', () => {
    const instant = new Date('2027-05-17T16:47:00.000Z'); // 00:47 on the 18th in Beijing
    expect(localDayOf(instant)).toBe('2027-05-18');
    expect(localHourOf(instant)).toBe('2027-05-18T00');
    expect(local10MinutesOf(instant)).toBe('2027-05-18T00:40');
  });
});

describe('deciding a scan', () => {
  it('admits a valid ticket once and refuses the second entry with when and where the first was', () => {
    const first = scan('09:05');
    const second = scan('09:20', { gate: 'B' });
    const { scans, results } = online([first, second]);
    expect(results).toEqual(['ok', 'already_checked_in']);
    const stored = scans[1]!;
    expect(stored.previous).toEqual({
      nonce: first.nonce,
      gate: 'A',
      at: first.at.toISOString(),
      direction: 'entry',
    });
  });

  it('answers a retried nonce with its first verdict and writes nothing', () => {
    const first = scan('09:05');
    const { scans } = online([first]);
    const retry = decide([{ ...first, gate: 'Z', at: at('10:00') }], scans);
    expect(retry.changed).toBe(false);
    expect(retry.verdicts[0]).toMatchObject({ result: 'ok', replayed: true });
    expect(retry.verdicts[0]!.scan.gate).toBe('A');
    // A refusal replays as itself too, even once the state would answer otherwise.
    const refused = decide([scan('09:06', { tokenVersion: 2 })], scans);
    const again = decide([{ ...refused.verdicts[0]!.scan, at: at('09:06'), tokenVersion: 1 }], refused.scans);
    expect(again.verdicts[0]).toMatchObject({ result: 'revoked', replayed: true });
  });

  it('refuses the same nonce twice in one upload as one scan', () => {
    const one = scan('09:05');
    const decision = decide([one, { ...one }]);
    expect(decision.verdicts.map((v) => [v.result, v.replayed])).toEqual([
      ['ok', false],
      ['ok', true],
    ]);
    expect(decision.scans).toHaveLength(1);
  });

  it('refuses revoked tickets and tokens of an older version', () => {
    expect(
      decide([scan('09:05')], [], { ticket: { ...ticket, status: 'revoked' } }).verdicts[0]!.result,
    ).toBe('revoked');
    const old = decide([scan('09:05', { tokenVersion: 1 })], [], { ticket: { ...ticket, version: 2 } });
    expect(old.verdicts[0]).toMatchObject({ result: 'revoked', detail: expect.stringContaining('newer') });
  });

  it('refuses a day the ticket is not for, and lists of other types or days', () => {
    expect(decide([scan('09:05', {}, '2027-05-20')]).verdicts[0]!.result).toBe('wrong_day');
    const buyers: CheckinList = { ...list, id: 'buyers', typeIds: ['buyer'] };
    expect(decide([scan('09:05')], [], { list: buyers }).verdicts[0]!.result).toBe('wrong_list');
    const dayTwo: CheckinList = { ...list, id: 'day2', days: ['2027-05-19'] };
    expect(decide([scan('09:05')], [], { list: dayTwo }).verdicts[0]!.result).toBe('wrong_day');
    expect(decide([scan('09:05', {}, '2027-05-19')], [], { list: dayTwo }).verdicts[0]!.result).toBe('ok');
    const otherDays: CheckinList = { ...list, id: 'd3', days: ['2027-05-21'] };
    expect(decide([scan('09:05')], [], { list: otherDays }).verdicts[0]!.result).toBe('wrong_list');
    // Exits only on lists that scan them.
    expect(decide([scan('09:05', { direction: 'exit' })]).verdicts[0]!.result).toBe('wrong_list');
  });

  it('without re-entry, a multi-day ticket comes in once, not once a day', () => {
    const { results } = online([scan('09:05'), scan('09:05', {}, '2027-05-19')]);
    expect(results).toEqual(['ok', 'already_checked_in']);
  });

  it('tracks exits and re-entry: in, out, in again; out twice is refused', () => {
    const { results, scans } = online(
      [scan('09:05'), scan('10:00', { direction: 'exit' }), scan('10:30'), scan('10:31')].concat([
        scan('11:00', { direction: 'exit' }),
        scan('11:01', { direction: 'exit' }),
      ]),
      { list: withExits },
    );
    expect(results).toEqual(['ok', 'ok', 'ok', 'already_checked_in', 'ok', 'not_inside']);
    expect(stateOf(scans)).toMatchObject({ inside: false, entries: 2, exits: 2 });
    expect(decide([scan('09:00', { direction: 'exit' })], [], { list: withExits }).verdicts[0]).toMatchObject(
      {
        result: 'not_inside',
        detail: 'Never came in on this list',
      },
    );
  });

  it('without re-entry, a ticket that went out stays out', () => {
    const { results } = online([scan('09:05'), scan('10:00', { direction: 'exit' }), scan('10:30')], {
      list: exitsNoReentry,
    });
    expect(results).toEqual(['ok', 'ok', 'already_checked_in']);
  });
});

describe('what needs the version guard', () => {
  it('marks refusals no later scan can change as stable, and nothing that moves the state', () => {
    const admitted = decide([scan('09:00')]);
    expect(admitted.stable).toBe(false);
    expect(decide([scan('09:10')], admitted.scans).stable).toBe(true);
    expect(decide([scan('09:10', { tokenVersion: 3 })], admitted.scans).stable).toBe(true);
    // On a list with exits, a refusal depends on the scans around it: guarded.
    const hall = decide([scan('09:00')], [], { list: withExits });
    expect(decide([scan('09:10')], hall.scans, { list: withExits }).stable).toBe(false);
    expect(decide([scan('09:10', {}, '2027-05-20')], hall.scans, { list: withExits }).stable).toBe(true);
  });
});

describe('replaying late scans (offline uploads)', () => {
  it('decides an upload in scan-time order whatever order it arrives in', () => {
    const late = scan('09:30', { gate: 'B' });
    const early = scan('09:10', { gate: 'A' });
    const decision = decide([late, early]);
    expect(decision.verdicts.map((v) => v.result)).toEqual(['already_checked_in', 'ok']);
    expect(decision.conflicts).toEqual([
      {
        ticketId: 't-1',
        listId: 'main',
        kind: 'double_entry',
        counted: expect.objectContaining({ gate: 'A', nonce: early.nonce }),
        refused: expect.objectContaining({ gate: 'B', nonce: late.nonce }),
        refusedWasEarlier: false,
      },
    ]);
  });

  it('never takes back an entry already accepted: an earlier offline entry that arrives later is the refused one', () => {
    const onlineEntry = scan('09:30', { gate: 'A' });
    const accepted = decide([onlineEntry]);
    const offline = scan('09:10', { gate: 'C' });
    const decision = decide([offline], accepted.scans);
    expect(decision.verdicts[0]).toMatchObject({
      result: 'already_checked_in',
      previous: expect.objectContaining({ gate: 'A' }),
    });
    expect(decision.conflicts[0]).toMatchObject({
      counted: { gate: 'A' },
      refused: { gate: 'C' },
      refusedWasEarlier: true,
    });
    expect(stateOf(decision.scans)).toMatchObject({ entries: 1, firstEntry: { gate: 'A' } });
  });

  it('fits a late exit and re-entry between accepted scans when they still follow', () => {
    // Accepted online: in at 09:00, in again at 11:00 was refused (no exit known then).
    const first = decide([scan('09:00')], [], { list: withExits });
    const refused = decide([scan('11:00', { gate: 'B' })], first.scans, { list: withExits });
    expect(refused.verdicts[0]!.result).toBe('already_checked_in');
    // The offline exit of 10:00 arrives: it fits (inside at 10:00, nothing accepted after it).
    const exit = decide([scan('10:00', { direction: 'exit', gate: 'C' })], refused.scans, {
      list: withExits,
    });
    expect(exit.verdicts[0]!.result).toBe('ok');
    expect(stateOf(exit.scans)).toMatchObject({ inside: false, entries: 1, exits: 1 });
    // An exit at 09:30 now would leave the 10:00 exit without an entry: refused as a double exit.
    const double = decide([scan('09:30', { direction: 'exit', gate: 'D' })], exit.scans, { list: withExits });
    expect(double.verdicts[0]!.result).toBe('not_inside');
    expect(double.conflicts[0]).toMatchObject({
      kind: 'double_exit',
      counted: { gate: 'C' },
      refusedWasEarlier: true,
    });
    // A late entry at 09:45 (inside since 09:00) is a second entry.
    const entry = decide([scan('09:45', { gate: 'E' })], exit.scans, { list: withExits });
    expect(entry.verdicts[0]!.result).toBe('already_checked_in');
  });

  it('refuses a late entry that would come before an accepted entry with no exit between', () => {
    const accepted = decide([scan('09:00'), scan('10:00', { direction: 'exit' }), scan('11:00')], [], {
      list: withExits,
    });
    expect(accepted.verdicts.map((v) => v.result)).toEqual(['ok', 'ok', 'ok']);
    const late = decide([scan('10:30', { gate: 'F' })], accepted.scans, { list: withExits });
    expect(late.verdicts[0]).toMatchObject({
      result: 'already_checked_in',
      previous: { at: at('11:00').toISOString() },
    });
    expect(late.conflicts[0]!.refusedWasEarlier).toBe(true);
  });

  it('reports every second entry of a busy upload from two scanners, with the one that counts', () => {
    const a = [scan('09:00', { gate: 'A' }), scan('09:05', { gate: 'A' })];
    const b = [scan('09:02', { gate: 'B' }), scan('09:07', { gate: 'B' })];
    const decision = decide([...b, ...a]);
    const okCount = decision.verdicts.filter((v) => v.result === 'ok').length;
    expect(okCount).toBe(1);
    expect(decision.conflicts).toHaveLength(3);
    for (const conflict of decision.conflicts) expect(conflict.counted.nonce).toBe(a[0]!.nonce);
  });

  it('keeps the verdict of each scan whatever the order of the requests (any interleaving: one entry)', () => {
    const scans = [scan('09:00', { gate: 'A' }), scan('09:01', { gate: 'B' }), scan('09:02', { gate: 'C' })];
    for (const order of [
      [0, 1, 2],
      [2, 1, 0],
      [1, 2, 0],
    ]) {
      const { results, scans: stored } = online(order.map((i) => scans[i]!));
      expect(results.filter((r) => r === 'ok')).toHaveLength(1);
      expect(stateOf(stored).entries).toBe(1);
    }
  });

  it('keeps at most a bounded number of refusals, and always the accepted scans', () => {
    let scans: StoredScan[] = decide([scan('09:00')]).scans;
    for (let i = 0; i < 250; i += 1) scans = decide([scan('09:30')], scans).scans;
    expect(scans.length).toBeLessThanOrEqual(200);
    expect(stateOf(scans).entries).toBe(1);
  });
});

describe('counting', () => {
  it('counts a ticket once: checked in, by type, and its arrival per day, hour and 10 minutes', () => {
    const { scans } = online([scan('09:05'), scan('09:17', { gate: 'B' })]);
    expect(contributionOf(stateOf(scans), 'visitor', list)).toEqual({
      checkedIn: 1,
      inside: 1,
      entries: 1,
      exits: 0,
      'byType.visitor': 1,
      'byDay.2027-05-18': 1,
      'byHour.2027-05-18T09': 1,
      'by10Minutes.2027-05-18T09:00': 1,
    });
  });

  it('moves a ticket out of "inside" on its exit, and counts a second day’s arrival on a re-entry', () => {
    const { scans: day1 } = online([scan('09:05'), scan('16:00', { direction: 'exit' })], {
      list: withExits,
    });
    const before = contributionOf(stateOf(day1), 'visitor', withExits);
    expect(before['inside']).toBe(0);
    const day2 = decide([scan('10:12', {}, '2027-05-19')], day1, { list: withExits });
    const after = contributionOf(stateOf(day2.scans), 'visitor', withExits);
    expect(countsDelta(before, after)).toEqual({
      inside: 1,
      entries: 1,
      'byDay.2027-05-19': 1,
      'byHour.2027-05-19T10': 1,
      'by10Minutes.2027-05-19T10:10': 1,
    });
  });

  it('gives no delta for a refusal or a replay, and sums deltas exactly', () => {
    const first = decide([scan('09:05')]);
    const second = decide([scan('09:06')], first.scans);
    expect(
      countsDelta(
        contributionOf(stateOf(first.scans), 'v', list),
        contributionOf(stateOf(second.scans), 'v', list),
      ),
    ).toEqual({});
    const total: Record<string, number> = {};
    addDelta(total, { checkedIn: 1, inside: 1 });
    addDelta(total, { checkedIn: 1, inside: -1 });
    addDelta(total, { inside: 0 });
    expect(total).toEqual({ checkedIn: 2 });
  });

  it('sums to exact counts over many tickets whatever the order of scans', () => {
    const counts: Record<string, number> = {};
    const stores = new Map<string, StoredScan[]>();
    const shuffled = Array.from({ length: 300 }, (_, i) => ({
      ticket: `t-${i % 100}`,
      s: scan(`09:${String(i % 60).padStart(2, '0')}`),
    }))
      .map((x) => ({
        ...x,
        key: Math.sin(x.s.at.getTime() + x.ticket.length + Number(x.s.nonce.split('-')[1])),
      }))
      .sort((a, b) => a.key - b.key);
    for (const { ticket: id, s } of shuffled) {
      const before = stores.get(id) ?? [];
      const decision = decide([s], before, { ticket: { ...ticket, id } });
      stores.set(id, decision.scans);
      addDelta(
        counts,
        countsDelta(
          contributionOf(stateOf(before), 'visitor', list),
          contributionOf(stateOf(decision.scans), 'visitor', list),
        ),
      );
    }
    expect(counts['checkedIn']).toBe(100);
    expect(counts['entries']).toBe(100);
    expect(counts['byType.visitor']).toBe(100);
    const arrivals = Object.entries(counts)
      .filter(([key]) => key.startsWith('by10Minutes.'))
      .reduce((sum, [, value]) => sum + value, 0);
    expect(arrivals).toBe(100);
  });
});
