// Pipeline totals benchmark (issue #11, figures): 200,000 leads' worth of data in the real FerretDB,
// then the totals query (stage × county × pair, through gateway → Kafka → investment) against
// computing the same by a scan of the leads collection, in the same run.
//   1. Writes N leads (BENCH_LEADS, default 200000) straight into `investment_leads`, with their
//      tallies and the county totals documents the projector keeps (bulk inserts, sums computed
//      here as the projector computes them); then runs a few hundred more leads through the real
//      projector (LeadProjections.project), so the read model is also the projector's own work.
//   2. p50/p99 of GET /investment/totals (all pairs; one county; one pair) as an admin.
//   3. The same totals by a scan: every lead read and summed (BENCH_SCANS runs, default 2).
//   4. Checks that both answers agree exactly, and prints the figures and the ratio.
// Called by `npm run bench:investment` (the runner); prints, asserts nothing, throws on a mismatch.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { INVESTMENT_FIELDS, LEAD_ORIGIN_KINDS, LEAD_STAGES, type LeadTotals } from '@qingshui/contracts';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import { ensureInfra, getToken, infraEnv } from '@qingshui/testing';
import type { RunningInvestment } from '@qingshui/app-investment';
import { startPlatform, type Platform } from '../support/platform';
import { httpSend } from './bench-kit';
import { LeadProjections } from '@qingshui/app-investment';
import { amountOf, cellOf, type NewLead } from '@qingshui/app-investment';
import { sumTotals } from '@qingshui/app-investment';

const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);
const r1 = (n: number) => Math.round(n * 10) / 10;
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** A deterministic pseudo-random generator, so that two runs write the same leads. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function generateLead(i: number, random: () => number, now: Date): NewLead {
  const county = COUNTY_IDS[Math.floor(random() * COUNTY_IDS.length)]!;
  const pair = pairOf(county)!;
  const stage = LEAD_STAGES[Math.min(4, Math.floor(random() * random() * 6))]!;
  const closed = random() < 0.12;
  const field =
    random() < 0.05 ? undefined : INVESTMENT_FIELDS[Math.floor(random() * INVESTMENT_FIELDS.length)];
  const kind = LEAD_ORIGIN_KINDS[random() < 0.7 ? 0 : random() < 0.7 ? 1 : 2]!;
  const amount = Math.round(random() * 500) * 1_000_000;
  const origin =
    kind === 'manual'
      ? { kind }
      : kind === 'fair-scan'
        ? {
            kind,
            fairId: 'fair-b',
            exhibitorOrgId: 'ent-b',
            fairLeadId: `fl-${i}`,
            scannedAt: now.toISOString(),
          }
        : { kind, challengeId: `c-${i}`, awardedAt: now.toISOString() };
  return {
    _id: `bench-${i.toString(36)}`,
    title: `压测线索 ${i}`,
    enterprise: { enterpriseId: `ent-bench-${i % 5000}`, name: `压测企业 ${i % 5000}` },
    county,
    pairId: pair.id,
    district: pair.beijing.id,
    ...(field ? { field } : {}),
    origin,
    originChain: [origin],
    originEventIds: [],
    stage,
    status: closed ? (random() < 0.5 ? 'lost' : 'abandoned') : 'ongoing',
    values: {
      estimatedAmountYuan: amount,
      ...(stage === 'signed' || stage === 'landed' ? { signedAmountYuan: Math.round(amount * 0.9) } : {}),
      ...(stage === 'landed' ? { actualInvestmentYuan: Math.round(amount * 0.8) } : {}),
    },
    stageValues: {},
    previousOwnerIds: [],
    stageLog: [],
    history: [],
    activities: [],
    tasks: [],
    mergeIds: [],
    lastActivityAt: now,
    createdAt: now,
    createdBy: 'bench',
    updatedAt: now,
    version: 1,
  };
}

export async function benchTotals(): Promise<void> {
  const leads = Number(process.env['BENCH_LEADS'] ?? 200_000);
  const scans = Number(process.env['BENCH_SCANS'] ?? 2);
  const queries = Number(process.env['BENCH_TOTALS_QUERIES'] ?? 300);
  const viaProjector = Math.min(leads, 500);
  process.env['LOG_LEVEL'] ??= 'warn';
  ensureInfra();
  const infra = infraEnv();
  const run = Date.now().toString(36);
  const seconds = (from: number) => r1((performance.now() - from) / 1000);
  let platform: Platform | undefined;
  let mongo: MongoClient | undefined;
  try {
    let mark = performance.now();
    platform = await startPlatform({
      services: ['investment'],
      // Every request comes from 127.0.0.1: the per-address limit would refuse the series.
      gateway: () => ({
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-invest-${run}` },
      }),
    });
    const token = await getToken('demo-admin');
    const url = platform.gateways[0]!.url;
    mongo = await MongoClient.connect(infra.mongoUrl);
    const db = mongo.db(platform.databases['investment']!);
    console.log(`\nPipeline totals over ${leads} leads (platform ready in ${seconds(mark)} s)`);

    // 1. The data: leads, tallies and county totals as the projector keeps them.
    mark = performance.now();
    const random = rng(11);
    const now = new Date();
    const cells = new Map<string, Record<string, { n: number; yuan: number }>>();
    const bulk = leads - viaProjector;
    const BATCH = 2000;
    const projected: NewLead[] = [];
    for (let start = 0; start < leads; start += BATCH) {
      const docs = Array.from({ length: Math.min(BATCH, leads - start) }, (_, k) =>
        generateLead(start + k, random, now),
      );
      const direct = docs.filter((_, k) => start + k < bulk);
      projected.push(...docs.filter((_, k) => start + k >= bulk));
      if (!direct.length) continue;
      for (const doc of direct) {
        const county = (cells.get(doc.county) ?? cells.set(doc.county, {}).get(doc.county))!;
        const cell = (county[cellOf(doc)] ??= { n: 0, yuan: 0 });
        cell.n += 1;
        cell.yuan += amountOf(doc);
      }
      await Promise.all([
        db
          .collection('investment_leads')
          .insertMany(direct.map((d) => ({ ...d, outbox: [], outboxPending: false })) as never[], {
            ordered: false,
          }),
        db.collection('investment_lead_tallies').insertMany(
          direct.map((d) => ({
            _id: d._id,
            v: d.version,
            county: d.county,
            cell: cellOf(d),
            yuan: amountOf(d),
            boards: [],
          })) as never[],
          { ordered: false },
        ),
      ]);
    }
    for (const [county, c] of cells) {
      const inc = Object.fromEntries(
        Object.entries(c).flatMap(([key, v]) => [
          [`cells.${key}.n`, v.n],
          [`cells.${key}.yuan`, v.yuan],
        ]),
      );
      await db
        .collection<{ _id: string }>('investment_lead_totals')
        .updateOne({ _id: county }, { $inc: inc }, { upsert: true });
    }
    const bulkSeconds = seconds(mark);
    mark = performance.now();
    // The last ones through the projector itself (leads, then their tally, totals and boards).
    const projections = (platform.services['investment'] as unknown as RunningInvestment).app.get(
      LeadProjections,
    );
    await db
      .collection('investment_leads')
      .insertMany(projected.map((d) => ({ ...d, outbox: [], outboxPending: false })) as never[]);
    const projectMs: number[] = [];
    for (const doc of projected) {
      const t0 = performance.now();
      await projections.project(doc);
      projectMs.push(performance.now() - t0);
    }
    projectMs.sort((a, b) => a - b);
    line('written (bulk, leads + tallies + totals)', `${bulk} in ${bulkSeconds} s`);
    line(
      'through the projector',
      `${projected.length} in ${seconds(mark)} s (p50 ${r1(quantile(projectMs, 0.5))} ms, p99 ${r1(quantile(projectMs, 0.99))} ms per lead)`,
    );

    // 2. The totals query through the gateway.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const ask = async (query: string) => {
      const answer = await httpSend(agent, `${url}/api/v1/investment/totals${query}`, {
        method: 'GET',
        headers: { authorization: `Bearer ${token}` },
        timeoutMs: 60_000,
      });
      if (answer.status !== 200) throw new Error(`totals ${query}: ${answer.status} ${answer.body}`);
      return JSON.parse(answer.body) as LeadTotals;
    };
    const shapes = ['', `?county=${COUNTY_IDS[3]}`, `?pair=${pairOf(COUNTY_IDS[7]!)!.id}`];
    for (const q of shapes) await ask(q); // warm
    const timings: Record<string, number[]> = { all: [], county: [], pair: [] };
    for (let i = 0; i < queries; i += 1) {
      const shape = i % 3;
      const t0 = performance.now();
      await ask(shapes[shape]!);
      timings[['all', 'county', 'pair'][shape]!]!.push(performance.now() - t0);
    }
    const every = Object.values(timings)
      .flat()
      .sort((a, b) => a - b);
    console.log(`\n  totals query (GET /investment/totals, ${queries} queries, admin)`);
    for (const [shape, list] of Object.entries(timings)) {
      list.sort((a, b) => a - b);
      line(`  ${shape}`, `p50 ${r1(quantile(list, 0.5))} ms, p99 ${r1(quantile(list, 0.99))} ms`);
    }
    const p99 = quantile(every, 0.99);
    line('  every query', `p50 ${r1(quantile(every, 0.5))} ms, p99 ${r1(p99)} ms`);

    // 3. The same by a scan of the leads.
    const scanMs: number[] = [];
    let scanned: LeadTotals | undefined;
    for (let i = 0; i < scans; i += 1) {
      const t0 = performance.now();
      const byCounty = new Map<string, Record<string, { n: number; yuan: number }>>();
      const cursor = db
        .collection<NewLead>('investment_leads')
        .find({}, { projection: { county: 1, field: 1, origin: 1, stage: 1, status: 1, values: 1 } });
      for await (const doc of cursor) {
        const county = (byCounty.get(doc.county) ?? byCounty.set(doc.county, {}).get(doc.county))!;
        const cell = (county[cellOf(doc)] ??= { n: 0, yuan: 0 });
        cell.n += 1;
        cell.yuan += amountOf(doc);
      }
      scanned = sumTotals(
        [...byCounty].map(([_id, c]) => ({ _id, cells: c })),
        COUNTY_IDS,
        {},
      );
      scanMs.push(performance.now() - t0);
    }
    scanMs.sort((a, b) => a - b);
    console.log(`\n  the same by a scan of ${leads} leads (${scans} runs)`);
    line('  scan', `median ${r1(quantile(scanMs, 0.5))} ms, max ${r1(scanMs.at(-1)!)} ms`);
    line('scan / read model (p99)', `${r1(quantile(scanMs, 0.5) / p99)}×`);
    line('goal p99 < 50 ms', p99 < 50 ? 'met' : 'not met');

    // 4. Both answers agree.
    const model = await ask('');
    const same =
      JSON.stringify(model.lanes) === JSON.stringify(scanned!.lanes) &&
      JSON.stringify(model.byCounty) === JSON.stringify(scanned!.byCounty);
    line('read model = scan (every lane, every county)', String(same));
    if (!same) throw new Error('the totals read model disagrees with the scan');
  } finally {
    await mongo?.close();
    await platform?.close();
  }
}
