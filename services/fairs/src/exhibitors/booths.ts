import {
  AppError,
  type BoothMap,
  type BoothRules,
  type BoothType,
  type SetBoothRulesBody,
} from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import type { BoothHolder } from './exhibitor.schema';

// The booth allocator and the booth rules: pure functions of the fair's booth types, the ledger's
// rules and holders, and the request. No I/O (unit-tested in booths.spec.ts); the service applies
// their result in one guarded update of the ledger, so what they decide holds under concurrency.

export const boothId = (boothTypeId: string, n: number) => `${boothTypeId}-${n}`;

/** Every booth id of a type, in order: `${boothTypeId}-${n}`, n from 1 to its count. */
export const boothIdsOf = (type: Pick<BoothType, 'id' | 'count'>) =>
  Array.from({ length: type.count }, (_, i) => boothId(type.id, i + 1));

export interface BoothRequest {
  orgId: string;
  enterpriseName: string;
  /** The enterprise's county (its region): whose reservation its booths count towards. */
  county: string;
  boothTypeId: string;
  booths: number;
}

export type AllocationRefusal = 'booth_type_unknown' | 'booth_cap' | 'booths_exhausted' | 'booths_reserved';
export type Allocation =
  | { ok: true; holder: BoothHolder; already: boolean }
  | { ok: false; reason: AllocationRefusal; message: string };

/** Booths held by each county's enterprises, all types together. */
export function usedByCounty(holders: readonly BoothHolder[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const holder of holders)
    used.set(holder.county, (used.get(holder.county) ?? 0) + holder.boothIds.length);
  return used;
}

/**
 * Which booths to give one accepted enterprise, or why none.
 *
 * The rule, as the error says it: an enterprise gets at most `maxBoothsPerEnterprise` booths; the
 * booths it asks for must be free; and the free booths of the type it wants, less the booths still
 * owed to OTHER counties (their reservation minus what their enterprises already hold, never below
 * zero), must cover the request. So a reservation is never eaten into by other counties, while
 * a county's own enterprises use its reservation first. The lowest free booth numbers are given.
 * An enterprise that already holds booths gets the same ones again (a retried decision).
 */
export function allocate(
  boothTypes: readonly Pick<BoothType, 'id' | 'count'>[],
  rules: BoothRules,
  holders: readonly BoothHolder[],
  request: BoothRequest,
): Allocation {
  const existing = holders.find((holder) => holder.orgId === request.orgId);
  if (existing) return { ok: true, holder: existing, already: true };
  const type = boothTypes.find((t) => t.id === request.boothTypeId);
  if (!type)
    return {
      ok: false,
      reason: 'booth_type_unknown',
      message: `The fair has no booth type ${request.boothTypeId}`,
    };
  if (rules.maxBoothsPerEnterprise !== null && request.booths > rules.maxBoothsPerEnterprise)
    return {
      ok: false,
      reason: 'booth_cap',
      message: `An enterprise may have at most ${rules.maxBoothsPerEnterprise} booths at this fair; it asks for ${request.booths}`,
    };
  const taken = new Set(holders.flatMap((holder) => holder.boothIds));
  const free = boothIdsOf(type).filter((id) => !taken.has(id));
  if (free.length < request.booths)
    return {
      ok: false,
      reason: 'booths_exhausted',
      message: `${free.length} booths of type ${type.id} are free; ${request.booths} asked for`,
    };
  const used = usedByCounty(holders);
  const owedToOthers = rules.reservedPerCounty
    .filter((r) => r.county !== request.county)
    .reduce((sum, r) => sum + Math.max(0, r.booths - (used.get(r.county) ?? 0)), 0);
  if (free.length - owedToOthers < request.booths)
    return {
      ok: false,
      reason: 'booths_reserved',
      message: `${free.length} booths of type ${type.id} are free, but ${owedToOthers} of them are held for other counties whose reservation is not met yet: free booths minus other counties' unmet reservations (${free.length - owedToOthers}) must cover the ${request.booths} asked for`,
    };
  return {
    ok: true,
    already: false,
    holder: {
      orgId: request.orgId,
      enterpriseName: request.enterpriseName,
      county: request.county,
      boothTypeId: type.id,
      boothIds: free.slice(0, request.booths),
    },
  };
}

/** The counties of the provinces of the fair's pairs' counties (e.g. every 河南 county of the pairings). */
export function countiesOfProvinces(pairIds: readonly string[]): string[] {
  const provinces = new Set(
    PAIRS.filter((pair) => pairIds.includes(pair.id)).map((pair) => pair.county.provinceEn),
  );
  return PAIRS.filter((pair) => provinces.has(pair.county.provinceEn)).map((pair) => pair.county.id);
}

/**
 * The rules to keep: the reservations given, plus `reserveForEveryCounty` for every county of the
 * pairs' provinces (the larger figure where a county is named twice), checked against the fair.
 */
export function resolveBoothRules(
  body: SetBoothRulesBody,
  fair: { pairIds: readonly string[]; boothTypes: readonly Pick<BoothType, 'count'>[] },
): BoothRules {
  const byCounty = new Map<string, number>();
  const add = (county: string, booths: number) =>
    byCounty.set(county, Math.max(byCounty.get(county) ?? 0, booths));
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  body.reservedPerCounty.forEach((r, i) => {
    if (seen.has(r.county))
      problems.push({ field: `reservedPerCounty.${i}.county`, message: `${r.county} is listed twice` });
    seen.add(r.county);
    add(r.county, r.booths);
  });
  if (body.reserveForEveryCounty !== undefined)
    for (const county of countiesOfProvinces(fair.pairIds)) add(county, body.reserveForEveryCounty);
  const reservedPerCounty = [...byCounty.entries()]
    .filter(([, booths]) => booths > 0)
    .map(([county, booths]) => ({ county, booths }));
  const total = fair.boothTypes.reduce((sum, type) => sum + type.count, 0);
  const reserved = reservedPerCounty.reduce((sum, r) => sum + r.booths, 0);
  if (reserved > total)
    problems.push({
      field: 'reservedPerCounty',
      message: `${reserved} booths reserved in all, but the fair has ${total}`,
    });
  if (problems.length > 0) throw AppError.validation(problems);
  return { maxBoothsPerEnterprise: body.maxBoothsPerEnterprise, reservedPerCounty };
}

/** Removes an enterprise's booths; undefined when it holds none (nothing to do). */
export function release(holders: readonly BoothHolder[], orgId: string): BoothHolder[] | undefined {
  if (!holders.some((holder) => holder.orgId === orgId)) return undefined;
  return holders.filter((holder) => holder.orgId !== orgId);
}

/** The booth map: every booth of every type, free or whose, and the per-county figures. */
export function boothMap(
  fair: { _id: string; boothTypes: readonly Pick<BoothType, 'id' | 'name' | 'count'>[] },
  ledger: { rules: BoothRules; holders: readonly BoothHolder[]; version: number },
  canManage: boolean,
): BoothMap {
  const owner = new Map<string, BoothHolder>();
  for (const holder of ledger.holders) for (const id of holder.boothIds) owner.set(id, holder);
  const booths = fair.boothTypes.flatMap((type) =>
    boothIdsOf(type).map((id) => {
      const holder = owner.get(id);
      return holder
        ? {
            id,
            boothTypeId: type.id,
            state: 'assigned' as const,
            orgId: holder.orgId,
            enterpriseName: holder.enterpriseName,
            county: holder.county,
          }
        : { id, boothTypeId: type.id, state: 'free' as const };
    }),
  );
  // Booths still held beyond a type's count (the fair's inventory shrank after they were given).
  const listed = new Set(booths.map((b) => b.id));
  for (const holder of ledger.holders)
    for (const id of holder.boothIds)
      if (!listed.has(id))
        booths.push({
          id,
          boothTypeId: holder.boothTypeId,
          state: 'assigned' as const,
          orgId: holder.orgId,
          enterpriseName: holder.enterpriseName,
          county: holder.county,
        });
  const used = usedByCounty(ledger.holders);
  const counties = [...new Set([...ledger.rules.reservedPerCounty.map((r) => r.county), ...used.keys()])];
  return {
    fairId: fair._id,
    rules: ledger.rules,
    booths,
    types: fair.boothTypes.map((type) => ({
      id: type.id,
      name: type.name,
      count: type.count,
      free: booths.filter((b) => b.boothTypeId === type.id && b.state === 'free').length,
    })),
    counties: counties.map((county) => ({
      county,
      reserved: ledger.rules.reservedPerCounty.find((r) => r.county === county)?.booths ?? 0,
      used: used.get(county) ?? 0,
    })),
    canManage,
    version: ledger.version,
  };
}
