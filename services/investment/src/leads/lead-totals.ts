import {
  AppError,
  hasRole,
  LEAD_LANES,
  type LeadLane,
  type LeadLanes,
  type LeadTotals,
  type Principal,
} from '@qingshui/contracts';
import { PAIRS, pairOf } from '@qingshui/regions';

// The totals, pure: which counties a caller may total and asks for, and the sums of the county
// documents' cells (`<field>~<origin>~<lane>` = { n, yuan }). No I/O; unit-tested.

export interface TotalsFilter {
  county?: string | undefined;
  pair?: string | undefined;
  field?: string | undefined;
  origin?: string | undefined;
}

/**
 * The counties a totals query covers. Admins: any (all when no filter). Cadres: their own county or
 * the county paired with their district, and nothing else (named or not). Others: none.
 */
export function totalsScope(p: Principal, filter: TotalsFilter): string[] {
  let counties = PAIRS.map((pair) => pair.county.id);
  if (filter.pair) {
    const pair = PAIRS.find((x) => x.id === filter.pair);
    if (!pair) throw AppError.validation([{ field: 'pair', message: `No pair ${filter.pair}` }]);
    counties = [pair.county.id];
  }
  if (filter.county) counties = counties.filter((c) => c === filter.county);
  if (hasRole(p, 'admin')) return counties;
  const own = hasRole(p, 'cadre') && p.region ? pairOf(p.region)?.county.id : undefined;
  if (!own) throw AppError.forbidden('Totals are for the cadres of a pair and admins');
  if ((filter.county && filter.county !== own) || (filter.pair && !counties.includes(own)))
    throw AppError.forbidden('A cadre sees the totals of their own county and pair only');
  return [own];
}

const emptyLanes = (): LeadLanes =>
  Object.fromEntries(LEAD_LANES.map((lane) => [lane, { count: 0, amountYuan: 0 }])) as LeadLanes;

export function sumTotals(
  docs: readonly { _id: string; cells: Record<string, { n: number; yuan: number }> }[],
  counties: readonly string[],
  filter: TotalsFilter,
): LeadTotals {
  const totals: LeadTotals = {
    filter: Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined)),
    lanes: emptyLanes(),
    byCounty: {},
    byPair: {},
    byField: {},
    byOrigin: {},
  };
  for (const county of counties) {
    totals.byCounty[county] = emptyLanes();
    totals.byPair[pairOf(county)!.id] = totals.byCounty[county];
  }
  for (const doc of docs) {
    if (!counties.includes(doc._id)) continue;
    for (const [key, cell] of Object.entries(doc.cells ?? {})) {
      const [field, origin, lane] = key.split('~') as [string, string, LeadLane];
      if (filter.field && field !== filter.field) continue;
      if (filter.origin && origin !== filter.origin) continue;
      if (!LEAD_LANES.includes(lane) || !cell.n) continue;
      for (const lanes of [
        totals.lanes,
        totals.byCounty[doc._id]!,
        (totals.byField[field] ??= emptyLanes()),
        (totals.byOrigin[origin] ??= emptyLanes()),
      ]) {
        lanes[lane].count += cell.n;
        lanes[lane].amountYuan += cell.yuan;
      }
    }
  }
  return totals;
}
