// Matching benchmark: rank the top 20 experts for a challenge in generated pools of 10,000,
// 100,000 and 1,000,000 experts, with the in-memory ExpertIndex and with a naive baseline
// (a MongoDB query for candidates — experts in the challenge's field — then every candidate
// tokenised and scored in JavaScript with the same reference scorer and the same corpus
// statistics). Run: `npm run bench:matching [-- --sizes=10000,100000 --queries=200]`.
//
// Settings (flags):
//   --sizes=10000,100000,1000000   pool sizes                                     (default all three)
//   --queries=200                  measured index queries per size, after warm-up  (default 200)
//   --warmup=20                    warm-up queries per size, discarded            (default 20)
//   --naive-queries=10             measured naive queries per size, at most       (default 10)
//   --naive-budget-s=60            stop measuring naive queries for a size after this long (min 3 queries)
//   --naive-max-insert-s=300       skip the naive baseline for a size whose insert would take longer
//                                  than this at the rate measured on the first size (default 300)
//   --no-naive                     index only: no naive baseline, no MongoDB connection at all
//   --mongo=mongodb://127.0.0.1:27017   MongoDB wire server (FerretDB); database qs_bench_matching,
//                                  dropped at the end
// Memory: heapUsed + arrayBuffers after global.gc() (the script runs node with --expose-gc),
// before and after building the index from a stream of generated experts (none kept).
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection } from 'mongodb';
import { matching, matchingSynthetic } from '@qingshui/app-talent';

type Expert = matching.MatchableExpert;
type Challenge = matching.MatchableChallenge;

const DB = 'qs_bench_matching';
const flags = new Map(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const [k, v = ''] = a.slice(2).split('=');
      return [k ?? '', v] as const;
    }),
);
const num = (k: string, d: number) => (flags.has(k) ? Number(flags.get(k)) : d);
const sizes = (flags.get('sizes') ?? '10000,100000,1000000').split(',').map(Number);
const queries = num('queries', 200);
const warmup = num('warmup', 20);
const naiveQueries = num('naive-queries', 10);
const naiveBudgetS = num('naive-budget-s', 60);
const naiveMaxInsertS = num('naive-max-insert-s', 300);
const mongoUrl = flags.get('mongo') ?? 'mongodb://127.0.0.1:27017';
const runNaive = !flags.has('no-naive');

const gc = (globalThis as { gc?: () => void }).gc;
function memory(): { heap: number; buffers: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}
const mb = (bytes: number) => bytes / 1024 / 1024;
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function* experts(size: number): Generator<Expert> {
  const rng = matchingSynthetic.mulberry32(size);
  for (let i = 0; i < size; i++) yield matchingSynthetic.backgroundExpert(rng, i);
}
function challengesFor(n: number): Challenge[] {
  const rng = matchingSynthetic.mulberry32(4242);
  return Array.from({ length: n }, (_, i) => matchingSynthetic.syntheticChallenge(rng, i).challenge);
}

interface NaiveResult {
  ran: boolean;
  why?: string;
  insertS?: number;
  insertRate?: number;
  p50?: number;
  p99?: number;
  meanCandidates?: number;
  queries?: number;
}
interface SizeResult {
  size: number;
  buildS: number;
  heapMb: number;
  buffersMb: number;
  typedArrayMb: number;
  p50: number;
  p99: number;
  max: number;
  meanScored: number;
  naive: NaiveResult;
}

/** The naive baseline: MongoDB candidates, then the reference scorer on each in JavaScript. */
async function naiveRank(col: Collection<Expert>, stats: matching.CorpusStats, challenge: Challenge) {
  const candidates = await col.find({ fields: challenge.field }, { projection: { _id: 0 } }).toArray();
  const query = matching.buildQuery(matching.prepareChallenge(challenge), stats);
  const asOfDay = matching.dayOf(matchingSynthetic.SYNTHETIC_AS_OF);
  const scored = [];
  for (const doc of candidates) {
    if (matching.conflictOf(doc, challenge.posterOrgId)) continue;
    scored.push({ id: doc.id, score: matching.explain(matching.expertFeatures(doc), query, asOfDay).score });
  }
  scored.sort((a, b) => (a.score !== b.score ? b.score - a.score : a.id < b.id ? -1 : 1));
  return { top: scored.slice(0, 20), candidates: candidates.length };
}

async function main(): Promise<number> {
  if (!gc)
    console.warn('global.gc is not exposed: memory figures include garbage (run node with --expose-gc)');
  const challenges = challengesFor(queries + warmup);
  const results: SizeResult[] = [];
  const client = runNaive
    ? await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 5000 })
    : undefined;
  let insertRate: number | undefined;
  try {
    const db = client?.db(DB);
    await db?.dropDatabase();
    for (const size of sizes) {
      // --- index: generate and index a stream of experts
      const before = memory();
      const t0 = performance.now();
      let index: matching.ExpertIndex | undefined = new matching.ExpertIndex();
      for (const e of experts(size)) index.upsert(e);
      const buildS = (performance.now() - t0) / 1000;
      const after = memory();
      for (let i = 0; i < warmup; i++)
        index.rankExpertsForChallenge(challenges[i]!, { limit: 20, asOf: matchingSynthetic.SYNTHETIC_AS_OF });
      const times: number[] = [];
      let scoredSum = 0;
      for (let i = warmup; i < warmup + queries; i++) {
        const q0 = performance.now();
        const r = index.rankExpertsForChallenge(challenges[i]!, {
          limit: 20,
          asOf: matchingSynthetic.SYNTHETIC_AS_OF,
        });
        times.push(performance.now() - q0);
        scoredSum += r.scored;
      }
      times.sort((a, b) => a - b);
      const res: SizeResult = {
        size,
        buildS,
        heapMb: mb(after.heap - before.heap),
        buffersMb: mb(after.buffers - before.buffers),
        typedArrayMb: mb(index.typedArrayBytes()),
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        max: times[times.length - 1] ?? NaN,
        meanScored: scoredSum / queries,
        naive: { ran: false },
      };
      console.log(
        `index ${size}: built in ${buildS.toFixed(1)} s, p50 ${res.p50.toFixed(2)} ms, p99 ${res.p99.toFixed(2)} ms, ` +
          `heap +${res.heapMb.toFixed(0)} MB, arrayBuffers +${res.buffersMb.toFixed(0)} MB`,
      );

      // --- naive baseline
      const predicted = insertRate ? size / insertRate : 0;
      const prevNaive = [...results].reverse().find((r) => r.naive.ran);
      // One naive query scans every candidate in the field: its time grows with the pool.
      const predictedQueryS = prevNaive ? ((prevNaive.naive.p50 ?? 0) / 1000) * (size / prevNaive.size) : 0;
      if (!db) {
        res.naive = { ran: false, why: '--no-naive' };
        console.log(`naive ${size}: NOT RUN: --no-naive`);
      } else if (prevNaive && predictedQueryS * 4 > naiveBudgetS * 2) {
        res.naive = {
          ran: false,
          why: `one naive query would take ≈ ${Math.round(predictedQueryS)} s (p50 ${Math.round(prevNaive.naive.p50 ?? 0)} ms at ${prevNaive.size} scaled by the pool); warm-up + 3 queries exceed 2 × --naive-budget-s=${naiveBudgetS}`,
        };
        console.log(`naive ${size}: NOT RUN: ${res.naive.why}`);
      } else if (insertRate && predicted > naiveMaxInsertS) {
        res.naive = {
          ran: false,
          why: `inserting ${size} documents would take ≈ ${Math.round(predicted)} s at the ${Math.round(insertRate)} docs/s measured on ${sizes[0]} (limit ${naiveMaxInsertS} s)`,
        };
        console.log(`naive ${size}: NOT RUN: ${res.naive.why}`);
      } else {
        const col = db.collection<Expert>(`experts_${size}`);
        const i0 = performance.now();
        let batch: Expert[] = [];
        for (const e of experts(size)) {
          batch.push(e);
          if (batch.length === 1000) {
            await col.insertMany(batch, { ordered: false });
            batch = [];
          }
        }
        if (batch.length) await col.insertMany(batch, { ordered: false });
        await col.createIndex({ fields: 1 });
        const insertS = (performance.now() - i0) / 1000;
        insertRate ??= size / insertS;
        const ntimes: number[] = [];
        let candSum = 0;
        await naiveRank(col, index, challenges[0]!); // warm-up
        const n0 = performance.now();
        for (let i = warmup; i < warmup + naiveQueries; i++) {
          if (ntimes.length >= 3 && performance.now() - n0 > naiveBudgetS * 1000) break;
          const q0 = performance.now();
          const r = await naiveRank(col, index, challenges[i]!);
          ntimes.push(performance.now() - q0);
          candSum += r.candidates;
        }
        ntimes.sort((a, b) => a - b);
        res.naive = {
          ran: true,
          insertS,
          insertRate: size / insertS,
          p50: percentile(ntimes, 50),
          p99: percentile(ntimes, 99),
          meanCandidates: candSum / ntimes.length,
          queries: ntimes.length,
        };
        console.log(
          `naive ${size}: inserted in ${insertS.toFixed(1)} s (${Math.round(size / insertS)} docs/s), ` +
            `p50 ${res.naive.p50!.toFixed(1)} ms, p99 ${res.naive.p99!.toFixed(1)} ms over ${ntimes.length} queries, ${Math.round(candSum / ntimes.length)} candidates each`,
        );
        await col.drop();
      }
      results.push(res);
      index = undefined;
    }
    await db?.dropDatabase();
  } finally {
    await client?.close();
  }

  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log('');
  console.log(
    row([
      'pool',
      'build s',
      'index p50 ms',
      'index p99 ms',
      'scored/query',
      'heap MB',
      'arrayBuffers MB',
      'naive p50 ms',
      'naive p99 ms',
      'naive/index p50',
      'naive/index p99',
    ]),
  );
  console.log(row(Array(11).fill('---')));
  for (const r of results) {
    const n = r.naive;
    console.log(
      row([
        r.size.toLocaleString('en'),
        r.buildS.toFixed(1),
        r.p50.toFixed(2),
        r.p99.toFixed(2),
        Math.round(r.meanScored).toLocaleString('en'),
        r.heapMb.toFixed(0),
        r.buffersMb.toFixed(0),
        n.ran ? n.p50!.toFixed(1) : 'not run',
        n.ran ? n.p99!.toFixed(1) : 'not run',
        n.ran ? `${(n.p50! / r.p50).toFixed(0)}×` : '-',
        n.ran ? `${(n.p99! / r.p99).toFixed(0)}×` : '-',
      ]),
    );
  }
  for (const r of results)
    if (!r.naive.ran && r.naive.why) console.log(`naive baseline at ${r.size}: not run — ${r.naive.why}`);
  const million = results.find((r) => r.size === 1_000_000);
  const goal = million
    ? `goal (1,000,000 pool, p99 < 100 ms): ${million.p99 < 100 ? 'MET' : 'NOT MET'} (p99 ${million.p99.toFixed(2)} ms)`
    : 'goal (1,000,000 pool, p99 < 100 ms): not measured (1,000,000 not in --sizes)';
  console.log(goal);
  console.log(
    `${queries} index queries per size; naive: up to ${naiveQueries} queries or ${naiveBudgetS} s per size (see queries in BENCH_JSON; its p99 ≈ its maximum); ` +
      `memory = heapUsed / arrayBuffers delta after gc around building the index`,
  );
  console.log(
    `BENCH_JSON ${JSON.stringify({ bench: 'matching', queries, naiveQueries, warmup, results, goalMet: million ? million.p99 < 100 : null })}`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
