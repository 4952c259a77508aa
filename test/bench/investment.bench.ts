// Investment benchmark (issue #11), on the real infrastructure:
//   1. totals      pipeline totals per stage × county × pair over 200,000 leads: p99 of the read
//                  model's query against computing it by a scan, in the same run (goal p99 < 50 ms).
//   2. duplicates  duplicate candidates for a new enterprise among 100,000: p99 (goal < 50 ms), and
//                  precision and recall on a generated set with planted duplicates (goal ≥ 0.9 both).
//   3. lineage     10,000 lead-scan events produced to the real topic, then all of them again
//                  (a replay): exactly one lead per exhibitor-visitor pair, one activity per scan.
// Run: `npm run bench:investment [-- --only=totals|duplicates|lineage]` (BENCH_ONLY too). Each part
// prints its figures and the settings it reads; a failed check exits 1.
import { ensureInfra } from '@qingshui/testing';
import { settingsReader } from './bench-kit';
import { benchTotals } from './investment-totals';
import { benchDuplicates } from './investment-duplicates';
import { benchLineage } from './investment-lineage';

const PARTS = { totals: benchTotals, duplicates: benchDuplicates, lineage: benchLineage } as const;
type Part = keyof typeof PARTS;

async function main(): Promise<void> {
  const only = settingsReader(process.argv.slice(2), process.env).raw('only', 'BENCH_ONLY');
  const names = Object.keys(PARTS) as Part[];
  if (only !== undefined && !names.includes(only as Part))
    throw new Error(`--only / BENCH_ONLY: one of ${names.join(', ')}, got "${only}"`);
  ensureInfra();
  for (const name of only ? [only as Part] : names) {
    console.log(`\n== investment: ${name} ==`);
    await PARTS[name]();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
