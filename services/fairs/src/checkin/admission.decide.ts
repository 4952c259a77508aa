import {
  FAIR_UTC_OFFSET_MINUTES,
  type CheckinList,
  type ScanConflict,
  type ScanDirection,
  type ScanRef,
  type ScanResultKind,
} from '@qingshui/contracts';

// Door check-in, pure: a ticket's admission on one list is the list of its scans, each decided
// exactly once. The state (inside or not, entries, arrivals per day) is a replay of the accepted
// scans in scan-time order; a new scan, online or uploaded late by an offline scanner, is decided
// at its place in that order, and never so that a scan already accepted stops making sense (an
// answer given is never taken back). The counts of a list are a sum over tickets of what each
// ticket's state contributes; a write adds the difference between a ticket's contribution after
// and before. No I/O here; unit-tested in admission.decide.spec.ts.

/** One scan of a ticket on a list, as stored with its verdict. */
export interface StoredScan {
  nonce: string;
  direction: ScanDirection;
  gate: string;
  /** When it was scanned (ISO). */
  at: string;
  result: ScanResultKind;
  /** When the server decided it (ISO). */
  decidedAt: string;
  /** Who scanned: a user id or `device:<id>`. */
  by: string;
  /** For `already_checked_in`: the entry that counts. */
  previous?: ScanRef;
  detail?: string;
}

/** A scan arriving: its nonce, when and where it was made, the token's ticket version. */
export interface IncomingScan {
  nonce: string;
  direction: ScanDirection;
  gate: string;
  at: Date;
  by: string;
  /** The version the token was signed for (`v`). */
  tokenVersion: number;
}

/** What the decision needs to know about the ticket (read by `_id`). */
export interface TicketFacts {
  id: string;
  typeId: string;
  days: readonly string[];
  status: 'valid' | 'revoked';
  version: number;
}

export interface ScanVerdict {
  nonce: string;
  result: ScanResultKind;
  previous?: ScanRef;
  detail?: string;
  /** The nonce was decided before: its first verdict, unchanged. */
  replayed: boolean;
  /** The scan as stored (its time and gate as first received). */
  scan: StoredScan;
}

export interface ScansDecision {
  verdicts: ScanVerdict[];
  /** The ticket's scans after the decision (unchanged when every scan was a replay). */
  scans: StoredScan[];
  conflicts: ScanConflict[];
  /** Whether anything new is to be written. */
  changed: boolean;
  /** The scans decided now (as stored), in scan-time order. */
  appended: StoredScan[];
  /**
   * Every new scan is a refusal no later scan can change (the ticket's own refusals, or a second
   * entry on a list without exits): it needs no version guard, only to be kept.
   */
  stable: boolean;
}

/** A ticket keeps at most this many scans; refusals beyond it are answered but not kept. */
export const MAX_SCANS_PER_TICKET = 200;

const MINUTE = 60_000;
const shifted = (at: Date | string) =>
  new Date(new Date(at).getTime() + FAIR_UTC_OFFSET_MINUTES * MINUTE).toISOString();
/** The fair's calendar day of an instant: `2027-05-18`. */
export const localDayOf = (at: Date | string): string => shifted(at).slice(0, 10);
/** The hour bucket of an instant: `2027-05-18T09`. */
export const localHourOf = (at: Date | string): string => shifted(at).slice(0, 13);
/** The 10-minute bucket of an instant: `2027-05-18T09:10`. */
export const local10MinutesOf = (at: Date | string): string => {
  const text = shifted(at);
  return `${text.slice(0, 15)}0`;
};

const refOf = (scan: Pick<StoredScan, 'nonce' | 'gate' | 'at' | 'direction'>): ScanRef => ({
  nonce: scan.nonce,
  gate: scan.gate,
  at: scan.at,
  direction: scan.direction,
});

/** Scan-time order; at the same instant, the one decided first. */
const byTime = (a: StoredScan, b: StoredScan) =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0;

export interface AdmissionState {
  inside: boolean;
  entries: number;
  exits: number;
  firstEntry?: ScanRef;
  lastEntry?: ScanRef;
  lastExit?: ScanRef;
  /** The first accepted entry of each day: the ticket's arrivals. */
  arrivals: { day: string; at: string }[];
}

/** The state the accepted scans make, replayed in scan-time order. */
export function stateOf(scans: readonly StoredScan[]): AdmissionState {
  const state: AdmissionState = { inside: false, entries: 0, exits: 0, arrivals: [] };
  for (const scan of [...scans].filter((s) => s.result === 'ok').sort(byTime)) {
    if (scan.direction === 'entry') {
      state.inside = true;
      state.entries += 1;
      state.firstEntry ??= refOf(scan);
      state.lastEntry = refOf(scan);
      const day = localDayOf(scan.at);
      if (!state.arrivals.some((a) => a.day === day)) state.arrivals.push({ day, at: scan.at });
    } else {
      state.inside = false;
      state.exits += 1;
      state.lastExit = refOf(scan);
    }
  }
  return state;
}

/** Why a ticket may not pass on this list at this time, whatever its scans so far. */
function ticketRefusal(
  list: CheckinList,
  ticket: TicketFacts,
  scan: IncomingScan,
): { result: ScanResultKind; detail?: string } | undefined {
  if (ticket.status !== 'valid' || scan.tokenVersion !== ticket.version)
    return {
      result: 'revoked',
      ...(ticket.status === 'valid' ? { detail: 'This code was replaced by a newer one' } : {}),
    };
  if (list.typeIds.length > 0 && !list.typeIds.includes(ticket.typeId))
    return { result: 'wrong_list', detail: `Type ${ticket.typeId} is not on list ${list.id}` };
  if (list.days.length > 0 && !ticket.days.some((day) => list.days.includes(day)))
    return { result: 'wrong_list', detail: `List ${list.id} is not for the ticket's days` };
  if (scan.direction === 'exit' && !list.exits)
    return { result: 'wrong_list', detail: `List ${list.id} does not scan exits` };
  const day = localDayOf(scan.at);
  if (!ticket.days.includes(day))
    return { result: 'wrong_day', detail: `Valid on ${ticket.days.join(', ')}` };
  if (list.days.length > 0 && !list.days.includes(day))
    return { result: 'wrong_day', detail: `List ${list.id} is used on ${list.days.join(', ')}` };
  return undefined;
}

/**
 * The verdict of one new scan at its place among the scans decided so far: accepted only if the
 * state just before it admits it and the next accepted scan after it still follows (a late entry
 * before an accepted entry, with no exit between, would make two entries: it is refused instead).
 */
function stateVerdict(
  list: CheckinList,
  decided: readonly StoredScan[],
  scan: IncomingScan,
): { result: ScanResultKind; previous?: ScanRef; detail?: string; later?: boolean } {
  const at = scan.at.toISOString();
  const accepted = decided.filter((s) => s.result === 'ok').sort(byTime);
  // Decided scans at the same instant come before it.
  const before = accepted.filter((s) => s.at <= at);
  const next = accepted.find((s) => s.at > at);
  const state = stateOf(before);
  if (scan.direction === 'entry') {
    if (state.inside) return { result: 'already_checked_in', previous: state.lastEntry! };
    if (state.entries > 0 && !(list.reentry && list.exits))
      return { result: 'already_checked_in', previous: state.firstEntry! };
    // (With no entry before it, the next accepted scan can only be an entry.)
    if (next?.direction === 'entry')
      return { result: 'already_checked_in', previous: refOf(next), later: true };
    return { result: 'ok' };
  }
  if (!state.inside)
    return {
      result: 'not_inside',
      ...(state.lastExit ? { previous: state.lastExit } : {}),
      detail: state.entries === 0 ? 'Never came in on this list' : 'Already went out',
    };
  if (next?.direction === 'exit') return { result: 'not_inside', previous: refOf(next), later: true };
  return { result: 'ok' };
}

/**
 * Decides a ticket's new scans on a list, in scan-time order, each exactly once: a nonce seen
 * before gets its first verdict again. Conflicts are the second entries (and second exits) of
 * the ticket: both scans and the one that counts.
 */
export function decideScans(input: {
  list: CheckinList;
  ticket: TicketFacts;
  scans: readonly StoredScan[];
  incoming: readonly IncomingScan[];
  now: Date;
}): ScansDecision {
  const { list, ticket, now } = input;
  const scans = [...input.scans];
  const known = new Map(scans.map((s) => [s.nonce, s]));
  const verdicts = new Map<number, ScanVerdict>();
  const conflicts: ScanConflict[] = [];
  let changed = false;
  let stable = true;
  const appended: StoredScan[] = [];
  let decidedAt = now.getTime();
  // Scan-time order (stable: the order given for the same instant).
  const order = input.incoming
    .map((scan, index) => ({ scan, index }))
    .sort((a, b) => a.scan.at.getTime() - b.scan.at.getTime() || a.index - b.index);
  const replayOf = (stored: StoredScan): Omit<ScanVerdict, 'replayed'> => ({
    nonce: stored.nonce,
    result: stored.result,
    ...(stored.previous ? { previous: stored.previous } : {}),
    ...(stored.detail ? { detail: stored.detail } : {}),
    scan: stored,
  });
  for (const { scan, index } of order) {
    const seen = known.get(scan.nonce);
    if (seen) {
      verdicts.set(index, { ...replayOf(seen), replayed: true });
      continue;
    }
    const refusal = ticketRefusal(list, ticket, scan);
    const verdict: { result: ScanResultKind; previous?: ScanRef; detail?: string; later?: boolean } =
      refusal ?? stateVerdict(list, scans, scan);
    // Each verdict a distinct decision time, so that equal scan times keep their decision order.
    const stored: StoredScan = {
      nonce: scan.nonce,
      direction: scan.direction,
      gate: scan.gate,
      at: scan.at.toISOString(),
      result: verdict.result,
      decidedAt: new Date(decidedAt).toISOString(),
      by: scan.by,
      ...(verdict.previous ? { previous: verdict.previous } : {}),
      ...(verdict.detail ? { detail: verdict.detail } : {}),
    };
    decidedAt += 1;
    known.set(scan.nonce, stored);
    if (stored.result === 'ok' || scans.length < MAX_SCANS_PER_TICKET) {
      scans.push(stored);
      appended.push(stored);
      changed = true;
    }
    if (stored.result === 'ok' || (!refusal && list.exits)) stable = false;
    const later = verdict.later === true;
    if (stored.previous && (stored.result === 'already_checked_in' || later))
      conflicts.push({
        ticketId: ticket.id,
        listId: list.id,
        kind: scan.direction === 'entry' ? 'double_entry' : 'double_exit',
        counted: stored.previous,
        refused: refOf(stored),
        refusedWasEarlier: stored.at < stored.previous.at,
      });
    verdicts.set(index, { ...replayOf(stored), replayed: false });
  }
  return {
    verdicts: input.incoming.map((_, index) => verdicts.get(index)!),
    scans,
    conflicts,
    changed,
    appended,
    stable,
  };
}

/** The counters a ticket's state adds to its list's counts (paths as in the counts document). */
export function contributionOf(
  state: AdmissionState,
  typeId: string,
  list: Pick<CheckinList, 'exits'>,
): Record<string, number> {
  if (state.entries === 0) return {};
  const counters: Record<string, number> = {
    checkedIn: 1,
    inside: list.exits ? (state.inside ? 1 : 0) : 1,
    entries: state.entries,
    exits: state.exits,
    [`byType.${typeId}`]: 1,
  };
  for (const { day, at } of state.arrivals) {
    const add = (key: string) => (counters[key] = (counters[key] ?? 0) + 1);
    add(`byDay.${day}`);
    add(`byHour.${localHourOf(at)}`);
    add(`by10Minutes.${local10MinutesOf(at)}`);
  }
  return counters;
}

/** What to `$inc` on the counts when a ticket's contribution goes from `before` to `after` (no zeros). */
export function countsDelta(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const change = (after[key] ?? 0) - (before[key] ?? 0);
    if (change !== 0) delta[key] = change;
  }
  return delta;
}

/** Adds deltas into one (a batch's or a coalesced flush's). */
export function addDelta(into: Record<string, number>, delta: Record<string, number>): void {
  for (const [key, value] of Object.entries(delta)) {
    const sum = (into[key] ?? 0) + value;
    if (sum === 0) delete into[key];
    else into[key] = sum;
  }
}
