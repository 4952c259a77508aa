import type { RotationGap, RotationPlan } from '@qingshui/contracts';
import { addDays } from './tenure.decide';
import type { TenureRow } from './tenure.schema';

// The rotation plan of a pair, a pure function of its tenures (the pair's read model) and the
// window: one row per receiving unit with a bar per placement, by month who is on post and who
// returns, and the gaps a unit will have. Unit-tested in rotation.decide.spec.ts.

/** Days after a return within which a successor's arrival still counts as a handover, not a gap. */
export const HANDOVER_GRACE_DAYS = 31;
/** Returns longer ago than this before the window open no gap in it (the post was not renewed). */
export const GAP_HORIZON_DAYS = 365;

const monthStart = (month: string) => `${month}-01`;
const nextMonth = (month: string): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};
export function monthsFrom(from: string, count: number): string[] {
  const out = [from];
  while (out.length < count) out.push(nextMonth(out[out.length - 1]!));
  return out;
}

/**
 * When a unit's seconded cadre returns (the planned end, or the actual day of leaving), the unit
 * has a gap from that day unless another of its placements covers the day the handover grace
 * ends; the gap lasts until the next placement of the unit starts (open-ended without one).
 */
export function gapsOf(
  rows: readonly TenureRow[],
  graceDays = HANDOVER_GRACE_DAYS,
): Omit<RotationGap, 'months'>[] {
  const gaps: Omit<RotationGap, 'months'>[] = [];
  for (const r of rows) {
    const unit = r.receivingUnit.id;
    const others = rows.filter((s) => s.tenureId !== r.tenureId && s.receivingUnit.id === unit);
    const handover = addDays(r.endDate, graceDays);
    if (others.some((s) => s.startDate <= handover && s.endDate >= handover)) continue;
    const next = others
      .filter((s) => s.startDate > handover)
      .sort((a, b) => a.startDate.localeCompare(b.startDate))[0];
    gaps.push({
      unitId: unit,
      afterTenureId: r.tenureId,
      cadreName: r.cadreName,
      from: r.endDate,
      ...(next ? { until: next.startDate } : {}),
    });
  }
  return gaps.sort((a, b) => a.from.localeCompare(b.from) || a.unitId.localeCompare(b.unitId));
}

export function rotationPlan(
  pairId: string,
  countyId: string,
  rows: readonly TenureRow[],
  from: string,
  count: number,
  graceDays = HANDOVER_GRACE_DAYS,
): RotationPlan {
  const months = monthsFrom(from, count);
  const windowStart = monthStart(months[0]!);
  const windowEnd = monthStart(nextMonth(months[months.length - 1]!));
  const inWindow = (start: string, end: string | undefined) =>
    start < windowEnd && (!end || end >= windowStart);
  const monthsOf = (start: string, end: string | undefined) =>
    months.filter((m) => start < monthStart(nextMonth(m)) && (!end || end > monthStart(m)));

  const byUnit = new Map<string, TenureRow[]>();
  for (const row of rows)
    byUnit.set(row.receivingUnit.id, [...(byUnit.get(row.receivingUnit.id) ?? []), row]);
  const units = [...byUnit.values()]
    .map((list) => ({
      unit: list[0]!.receivingUnit,
      side: list[0]!.receivingUnit.region === countyId ? ('county' as const) : ('beijing' as const),
      bars: list
        .filter((r) => inWindow(r.startDate, r.endDate))
        .sort((a, b) => a.startDate.localeCompare(b.startDate))
        .map(({ receivingUnit: _u, version: _v, ...bar }) => bar),
    }))
    .filter((u) => u.bars.length > 0)
    .sort((a, b) =>
      a.side === b.side ? a.unit.name.localeCompare(b.unit.name, 'zh-CN') : a.side === 'county' ? -1 : 1,
    );

  // A unit that hosted nobody for over a year before the window is no longer "waiting" for a successor.
  const horizon = addDays(windowStart, -GAP_HORIZON_DAYS);
  const gaps = gapsOf(rows, graceDays)
    .filter((g) => g.from >= horizon && inWindow(g.from, g.until))
    .map((g) => ({ ...g, months: monthsOf(g.from, g.until) }));

  const byMonth = months.map((month) => {
    const start = monthStart(month);
    const end = monthStart(nextMonth(month));
    const onPost = rows
      .filter((r) => r.startDate < end && r.endDate >= start)
      .map((r) => ({ tenureId: r.tenureId, cadreName: r.cadreName, unitId: r.receivingUnit.id }));
    const returning = rows
      .filter((r) => r.endDate >= start && r.endDate < end)
      .map((r) => ({
        tenureId: r.tenureId,
        cadreName: r.cadreName,
        unitId: r.receivingUnit.id,
        date: r.endDate,
      }));
    const gapUnitIds = [...new Set(gaps.filter((g) => g.months.includes(month)).map((g) => g.unitId))];
    return { month, onPost, returning, gapUnitIds };
  });

  return { pairId, from: months[0]!, months, units, byMonth, gaps };
}
