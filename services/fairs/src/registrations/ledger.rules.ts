import {
  AppError,
  HOLDING_STATUSES,
  type FieldError,
  type TicketType,
  type TypePlaces,
} from '@qingshui/contracts';
import type { LedgerDocument, RegistrationDocument } from './registration.schema';

// The places of a fair, as pure functions of its ledger: pool keys, what a take's filter states,
// the public counts, what a change of ticket types may do, and the recount from registrations.

export type LedgerCounts = Pick<
  LedgerDocument,
  'types' | 'typesVersion' | 'quota' | 'taken' | 'waiting' | 'org' | 'seq'
>;

export const EMPTY_LEDGER: LedgerCounts = {
  types: [],
  typesVersion: 0,
  quota: {},
  taken: {},
  waiting: {},
  org: {},
  seq: 0,
};

export const dayPool = (typeId: string, day: string) => `${typeId}@${day}`;
export const windowPool = (typeId: string, day: string, windowId: string) => `${typeId}@${day}@${windowId}`;
/** Mongo field names may hold neither dots nor a leading $. */
const fieldSafe = (text: string) => text.replace(/[.$]/g, '_');
export const orgPool = (typeId: string, orgKey: string) => `${typeId}@${fieldSafe(orgKey)}`;

/** The days a type admits on: its own, or every day of the fair. */
export const typeDays = (type: TicketType, fairDays: readonly string[]): string[] =>
  type.days ? fairDays.filter((d) => type.days!.includes(d)) : [...fairDays];

/** Every pool of a type and its quota. */
export function poolsOfType(type: TicketType, fairDays: readonly string[]): Record<string, number> {
  const pools: Record<string, number> = {};
  for (const day of typeDays(type, fairDays)) {
    pools[dayPool(type.id, day)] = type.quotaPerDay;
    for (const w of type.windows) pools[windowPool(type.id, day, w.id)] = w.quota;
  }
  return pools;
}

/** The pools one registration takes places in: each of its days, and its window on each. */
export function poolsOf(reg: Pick<RegistrationDocument, 'typeId' | 'days' | 'windowId'>): string[] {
  return reg.days.flatMap((day) => [
    dayPool(reg.typeId, day),
    ...(reg.windowId ? [windowPool(reg.typeId, day, reg.windowId)] : []),
  ]);
}

export interface Claim {
  pools: string[];
  size: number;
  /** `org` pool and its cap, when the type caps organisations and the registration names one. */
  org?: { pool: string; cap: number };
}

export function claimOf(
  reg: Pick<RegistrationDocument, 'typeId' | 'days' | 'windowId' | 'size' | 'orgKey'>,
  type: TicketType | undefined,
): Claim {
  return {
    pools: poolsOf(reg),
    size: reg.size,
    ...(type?.orgCap && reg.orgKey
      ? { org: { pool: orgPool(reg.typeId, reg.orgKey), cap: type.orgCap } }
      : {}),
  };
}

const n = (map: Record<string, number>, key: string) => map[key] ?? 0;

/** Why a claim cannot take its places now (undefined: it can). */
export function blockOf(
  ledger: LedgerCounts,
  claim: Claim,
  { behindLine }: { behindLine: boolean },
): 'full' | 'line' | 'org-cap' | undefined {
  if (claim.org && n(ledger.org, claim.org.pool) + claim.size > claim.org.cap) return 'org-cap';
  if (claim.pools.some((p) => n(ledger.taken, p) + claim.size > n(ledger.quota, p))) return 'full';
  if (behindLine && claim.pools.some((p) => n(ledger.waiting, p) > 0)) return 'line';
  return undefined;
}

/**
 * The filter of a take: the ticket types as read, every pool with room for N, the organisation
 * under its cap and (for a new registration) nobody waiting for the pools, so nobody jumps the line.
 */
export function takeFilter(
  fairId: string,
  typesVersion: number,
  ledger: Pick<LedgerCounts, 'quota'>,
  claim: Claim,
  { behindLine }: { behindLine: boolean },
): Record<string, unknown> {
  const filter: Record<string, unknown> = { _id: fairId, typesVersion };
  for (const p of claim.pools) {
    filter[`taken.${p}`] = { $lte: n(ledger.quota, p) - claim.size };
    if (behindLine) filter[`waiting.${p}`] = { $lte: 0 };
  }
  if (claim.org)
    filter['$or'] = [
      { [`org.${claim.org.pool}`]: { $exists: false } },
      { [`org.${claim.org.pool}`]: { $lte: claim.org.cap - claim.size } },
    ];
  return filter;
}

/**
 * The filter of joining the line: the ticket types as read, the organisation under its cap, and
 * a reason to wait (a pool without room for N, or someone waiting for it already).
 */
export function waitFilter(
  fairId: string,
  ledger: Pick<LedgerCounts, 'quota' | 'typesVersion'>,
  claim: Claim,
): Record<string, unknown> {
  const why = claim.pools.flatMap((p) => [
    { [`taken.${p}`]: { $gt: n(ledger.quota, p) - claim.size } },
    { [`waiting.${p}`]: { $gt: 0 } },
  ]);
  const and: Record<string, unknown>[] = [{ $or: why }];
  if (claim.org)
    and.push({
      $or: [
        { [`org.${claim.org.pool}`]: { $exists: false } },
        { [`org.${claim.org.pool}`]: { $lte: claim.org.cap - claim.size } },
      ],
    });
  return { _id: fairId, typesVersion: ledger.typesVersion, $and: and };
}

/** `$inc` of places taken (+) or given back (−), and of the line (a claim from the line leaves it). */
export function incOf(
  claim: Claim,
  { places, line }: { places: 1 | -1 | 0; line: 1 | -1 | 0 },
): Record<string, number> {
  const inc: Record<string, number> = { rev: 1 };
  for (const p of claim.pools) {
    if (places) inc[`taken.${p}`] = places * claim.size;
    if (line) inc[`waiting.${p}`] = line;
  }
  if (claim.org && places) inc[`org.${claim.org.pool}`] = places * claim.size;
  return inc;
}

/** Places left of a type on each of its days and windows: public counts. */
export function placesOf(ledger: LedgerCounts, typeId: string, fairDays: readonly string[]): TypePlaces {
  const type = ledger.types.find((t) => t.id === typeId);
  if (!type) return { typeId, days: [] };
  return {
    typeId,
    days: typeDays(type, fairDays).map((date) => {
      const pool = dayPool(typeId, date);
      const quota = n(ledger.quota, pool);
      return {
        date,
        quota,
        left: Math.max(0, quota - n(ledger.taken, pool)),
        waiting: n(ledger.waiting, pool),
        windows: type.windows.map((w) => {
          const wp = windowPool(typeId, date, w.id);
          const wq = n(ledger.quota, wp);
          return { id: w.id, quota: wq, left: Math.max(0, wq - n(ledger.taken, wp)) };
        }),
      };
    }),
  };
}

/** The ledger after a claim moved (for the counts an event carries). */
export function applyInc(ledger: LedgerCounts, inc: Record<string, number>): LedgerCounts {
  const next = {
    ...ledger,
    taken: { ...ledger.taken },
    waiting: { ...ledger.waiting },
    org: { ...ledger.org },
  };
  for (const [key, by] of Object.entries(inc)) {
    const [map, ...rest] = key.split('.');
    const field = rest.join('.');
    if (map === 'taken' || map === 'waiting' || map === 'org')
      next[map][field] = (next[map][field] ?? 0) + by;
  }
  return next;
}

/**
 * A new set of ticket types: each type's days among the fair's; a type with places taken or
 * people waiting stays, keeps its kind, its days and windows in use, and no quota drops below
 * what is taken. Returns the new quotas, the pools that are new (their counts start at 0) and the
 * pools whose quota dropped (the write's filter states they still fit).
 */
export function decideTicketTypes(
  ledger: LedgerCounts,
  fairDays: readonly string[],
  types: readonly TicketType[],
): { quota: Record<string, number>; fresh: string[]; lowered: Record<string, number> } {
  const problems: FieldError[] = [];
  types.forEach((type, i) => {
    for (const day of type.days ?? [])
      if (!fairDays.includes(day))
        problems.push({ field: `types.${i}.days`, message: `The fair has no day ${day}` });
    if (type.windows.length > 0 && type.quotaPerDay === 0)
      problems.push({ field: `types.${i}.quotaPerDay`, message: 'A type with windows needs places per day' });
  });
  if (problems.length > 0) throw AppError.validation(problems);
  const quota: Record<string, number> = {};
  for (const type of types) Object.assign(quota, poolsOfType(type, fairDays));
  const inUse = (pool: string) => n(ledger.taken, pool) > 0 || n(ledger.waiting, pool) > 0;
  for (const old of ledger.types) {
    const pools = Object.keys(poolsOfType(old, fairDays)).filter((p) => p in ledger.quota);
    const used = pools.filter(inUse);
    if (used.length === 0) continue;
    const index = types.findIndex((t) => t.id === old.id);
    if (index < 0) {
      problems.push({ field: 'types', message: `Ticket type ${old.id} has registrations: it stays` });
      continue;
    }
    if (types[index]!.kind !== old.kind)
      problems.push({
        field: `types.${index}.kind`,
        message: `Ticket type ${old.id} has registrations: its kind stays`,
      });
    for (const pool of used) {
      if (!(pool in quota))
        problems.push({
          field: `types.${index}`,
          message: `${pool.replace(/@/g, ' ')} has registrations: that day or window stays`,
        });
      else if (quota[pool]! < n(ledger.taken, pool))
        problems.push({
          field: `types.${index}`,
          message: `${pool.replace(/@/g, ' ')} has ${n(ledger.taken, pool)} places taken: its quota cannot be lower`,
        });
    }
  }
  if (problems.length > 0) throw AppError.validation(problems);
  const fresh = Object.keys(quota).filter((p) => !(p in ledger.quota));
  const lowered = Object.fromEntries(
    Object.entries(quota).filter(([p, q]) => p in ledger.quota && q < n(ledger.quota, p)),
  );
  return { quota, fresh, lowered };
}

/**
 * The counts as the registrations say: places of those that hold them, the line of those that
 * wait, and the last sequence number. What a repair writes after a crash left the ledger behind.
 */
export function recount(
  ledger: LedgerCounts,
  regs: readonly Pick<
    RegistrationDocument,
    'typeId' | 'days' | 'windowId' | 'size' | 'orgKey' | 'status' | 'waitSeq'
  >[],
): Pick<LedgerCounts, 'taken' | 'waiting' | 'org' | 'seq'> {
  const taken: Record<string, number> = Object.fromEntries(Object.keys(ledger.quota).map((p) => [p, 0]));
  const waiting: Record<string, number> = { ...taken };
  const org: Record<string, number> = Object.fromEntries(Object.keys(ledger.org).map((p) => [p, 0]));
  let seq = ledger.seq;
  for (const reg of regs) {
    const claim = claimOf(
      reg,
      ledger.types.find((t) => t.id === reg.typeId),
    );
    if (HOLDING_STATUSES.includes(reg.status)) {
      for (const p of claim.pools) taken[p] = (taken[p] ?? 0) + reg.size;
      if (claim.org) org[claim.org.pool] = (org[claim.org.pool] ?? 0) + reg.size;
    } else if (reg.status === 'waiting') {
      for (const p of claim.pools) waiting[p] = (waiting[p] ?? 0) + 1;
    }
    if (reg.waitSeq !== undefined) seq = Math.max(seq, reg.waitSeq);
  }
  return { taken, waiting, org, seq };
}
