import type { CheckinCounts } from '@qingshui/contracts';

/** Arrivals per 10 minutes of one day, every slot from the first arrival to the last. */
export function arrivalsSeries(counts: CheckinCounts, day: string): { labels: string[]; values: number[] } {
  const keys = Object.keys(counts.by10Minutes)
    .filter((k) => k.startsWith(day))
    .sort();
  if (keys.length === 0) return { labels: [], values: [] };
  const toMinutes = (key: string) => Number(key.slice(11, 13)) * 60 + Number(key.slice(14, 16));
  const labels: string[] = [];
  const values: number[] = [];
  for (let m = toMinutes(keys[0]!); m <= toMinutes(keys.at(-1)!); m += 10) {
    const label = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    labels.push(label);
    values.push(counts.by10Minutes[`${day}T${label}`] ?? 0);
  }
  return { labels, values };
}
