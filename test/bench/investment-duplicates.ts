// Duplicate candidates benchmark (issue #11, figures), called by `npm run bench:investment`:
//   a. In process (no HTTP, no database): N generated enterprises (realistic name parts: a brand,
//      an industry, a legal form, Beijing district and county prefixes) in the service's own
//      DuplicateIndex; Q new enterprises, half of them planted duplicates of a record (legal-form
//      variant, spacing and full-width forms, a region prefix or bracket, a shortened name with the
//      same phone or email, the same credit code), half new (many sharing a brand or an industry
//      with records). Candidates p50/p99 against a linear scan with the same scoring in the same
//      run, precision and recall of the candidates at or above the hint threshold, the index's
//      memory and build time, and whether the index answers what the scan answers.
//   b. Through the gateway: G records created through the API, then duplicate queries through
//      GET /investment/enterprises/duplicates: p50/p99 end to end.
// Settings (environment): BENCH_ENTERPRISES (100000), BENCH_DUP_QUERIES (2000), BENCH_DUP_SCAN_QUERIES
// (200), BENCH_DUP_GATEWAY_RECORDS (2000, 0 skips part b), BENCH_DUP_GATEWAY_QUERIES (500).
// The runner starts the infrastructure before part b. Nothing here asserts; precision or recall under 0.9 sets a non-zero exit code.
import { performance } from 'node:perf_hooks';
import { CREDIT_CODE_ALPHABET, creditCodeCheckChar } from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import { getToken } from '@qingshui/testing';
import { DuplicateIndex, SIMILAR_NAME_THRESHOLD, type IndexedEnterprise } from '@qingshui/app-investment';
import { emailKey, nameTokens, normaliseEnterpriseName, phoneKey } from '@qingshui/app-investment';
import { startPlatform, type Platform } from '../support/platform';

// Characters Chinese company brands are made of (字号): two of them make a brand.
const BRAND_CHARS =
  '清源京能中科首华信博远恒泰瑞丰同创金桥国润德昌鼎盛汇通天禾嘉绿蓝宏达振新安永康宁明航海星辰光晨阳和兴隆盈鑫益宇泽睿智卓越佳诚正元方圆开云腾飞龙凤祥福' +
  '锦绣春秋山川河湖松柏竹梅兰菊荣耀辉煌英杰豪俊伟雄强盛昊旭晟昕晖曜炜煜琪瑾璟瑶琳珂瑜瑛璐华夏九州东方西域南北中原江淮燕赵齐鲁' +
  '吉利万象千禧百川众合聚力共赢联创合众协力同心启明远景宏图长青常青永泰久安平安富民惠民利民乐康寿仁义礼智信德善美真诚朴实' +
  '银河星海宇宙乾坤阴阳太极八方四海五岳三江两岸一品上品精品优品佳品珍品正大光明磊落恒通广达博通创新创业创造' +
  '铭鸿骏驰腾骐骥鹏鹤鸾凰麟虎豹狮象鲲鲸蛟蟠翔翱羚';
const INDUSTRIES = [
  '环保科技',
  '新能源',
  '光伏科技',
  '水务',
  '生物医药',
  '中医药科技',
  '文化旅游',
  '康养服务',
  '新材料',
  '智能装备',
  '农业发展',
  '生态农业',
  '食品加工',
  '物流',
  '数字科技',
  '教育科技',
  '风电设备',
  '建设工程',
  '投资管理',
  '实业',
  '电子科技',
  '信息技术',
  '环境工程',
  '节能科技',
  '水处理技术',
  '健康产业',
  '医疗器械',
  '茶业',
  '农产品开发',
  '旅游开发',
];
const FORMS = ['有限公司', '有限责任公司', '股份有限公司', '集团有限公司'];
const PLACES = ['北京', '北京市', ...PAIRS.map((p) => p.beijing.zh), ...PAIRS.map((p) => p.county.zh)];
const BRAND_POOL = [...new Set(BRAND_CHARS)];
const REGIONS = PAIRS.flatMap((p) => [p.beijing.id, p.county.id]);

/** A seeded generator, so every run measures the same set. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  id: string;
  core: { brand: string; industry: string };
  name: string;
  creditCode?: string;
  region: string;
  phone: string;
  email: string;
}

const toFullWidth = (text: string) =>
  [...text].map((c) => (/[A-Za-z0-9]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c)).join('');

export function generateEnterprises(count: number, queries: number, seed = 11) {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const code = () => {
    let org = 'MA';
    for (let i = 0; i < 7; i += 1) org += CREDIT_CODE_ALPHABET[Math.floor(random() * 31)];
    const first = `91110105${org}`;
    return first + creditCodeCheckChar(first);
  };
  const usedCores = new Set<string>();
  const newCore = () => {
    for (;;) {
      const brand = pick(BRAND_POOL) + pick(BRAND_POOL);
      const industry = pick(INDUSTRIES);
      if (brand[0] === brand[1] || usedCores.has(brand + industry)) continue;
      usedCores.add(brand + industry);
      return { brand, industry };
    }
  };
  const nameOf = (core: { brand: string; industry: string }) =>
    `${random() < 0.6 ? pick(PLACES) : ''}${core.brand}${core.industry}${pick(FORMS)}`;
  const records: Generated[] = Array.from({ length: count }, (_, i) => {
    const core = newCore();
    return {
      id: `e${i}`,
      core,
      name: nameOf(core),
      ...(random() < 0.7 ? { creditCode: code() } : {}),
      region: pick(REGIONS),
      phone: `010-${String(60000000 + i).padStart(8, '0')}`,
      email: `contact${i}@ent${i}.example.cn`,
    };
  });
  // Half the queries duplicate a record (each a different one), half are new enterprises.
  const planted: { query: Omit<Generated, 'id' | 'core'>; original?: string; variant: string }[] = [];
  for (let q = 0; q < queries; q += 1) {
    if (q % 2 === 0) {
      const original = records[Math.floor(random() * count)]!;
      const { brand, industry } = original.core;
      const variant = pick(['suffix', 'spacing', 'region', 'short-phone', 'short-email', 'code']);
      const base = {
        region: original.region,
        phone: `0377-${6000000 + q}`,
        email: `new${q}@x${q}.example.cn`,
      };
      let query: Omit<Generated, 'id' | 'core'>;
      if (variant === 'suffix')
        query = {
          ...base,
          name: `${brand}${industry}${pick(FORMS.filter((f) => !original.name.endsWith(f)))}`,
        };
      else if (variant === 'spacing')
        query = { ...base, name: toFullWidth(` ${brand} ${industry} （北京） ${pick(FORMS)} `) };
      else if (variant === 'region')
        query = {
          ...base,
          name: `${brand}${industry}（${pick(['北京', '北京市', '河南', '湖北'])}）${pick(FORMS)}`,
        };
      else if (variant === 'short-phone')
        query = { ...base, name: `${brand}${industry.slice(0, 2)}`, phone: original.phone.replace('-', ' ') };
      else if (variant === 'short-email')
        query = {
          ...base,
          name: `${pick(PLACES)}${brand}${industry.slice(0, 2)}`,
          email: original.email.toUpperCase(),
        };
      else if (original.creditCode)
        query = { ...base, name: `${brand}${pick(INDUSTRIES)}`, creditCode: original.creditCode };
      else query = { ...base, name: `${brand}${industry}` };
      planted.push({ query, original: original.id, variant });
    } else {
      // A new enterprise; a third of them with the brand of a record and another industry.
      let core = newCore();
      if (q % 3 === 0) {
        const brand = records[Math.floor(random() * count)]!.core.brand;
        for (const industry of INDUSTRIES)
          if (!usedCores.has(brand + industry)) {
            usedCores.add(brand + industry);
            core = { brand, industry };
            break;
          }
      }
      planted.push({
        query: {
          name: nameOf(core),
          region: pick(REGIONS),
          phone: `0719-${5000000 + q}`,
          email: `fresh${q}@n${q}.example.cn`,
        },
        variant: 'new',
      });
    }
  }
  return { records, planted };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};
const r2 = (n: number) => Math.round(n * 100) / 100;
const line = (label: string, value: string) => console.log(`  ${label.padEnd(40)} ${value}`);

/** The candidates a linear scan over every record finds, scored as the index scores them. */
function scanCandidates(
  index: DuplicateIndex,
  prepared: { id: string; norm: string; tokens: string[]; phone: string; email: string; code?: string }[],
  query: { name: string; phone?: string; email?: string; creditCode?: string },
): Set<string> {
  const norm = normaliseEnterpriseName(query.name);
  const tokens = nameTokens(norm);
  const phone = query.phone ? phoneKey(query.phone) : undefined;
  const email = query.email ? emailKey(query.email) : undefined;
  const found = new Set<string>();
  for (const r of prepared) {
    if (
      (query.creditCode && r.code === query.creditCode) ||
      r.norm === norm ||
      r.phone === phone ||
      r.email === email ||
      index.similarity(tokens, r.tokens) >= SIMILAR_NAME_THRESHOLD
    )
      found.add(r.id);
  }
  return found;
}

export async function benchDuplicates(): Promise<void> {
  const env = process.env;
  const count = Number(env['BENCH_ENTERPRISES'] ?? 100_000);
  const queries = Number(env['BENCH_DUP_QUERIES'] ?? 2000);
  const scanQueries = Number(env['BENCH_DUP_SCAN_QUERIES'] ?? 200);
  const gatewayRecords = Number(env['BENCH_DUP_GATEWAY_RECORDS'] ?? 2000);
  const gatewayQueries = Number(env['BENCH_DUP_GATEWAY_QUERIES'] ?? 500);
  console.log(`\nDuplicate candidates: ${count} enterprises, ${queries} new ones (half planted duplicates)`);

  let mark = performance.now();
  const { records, planted } = generateEnterprises(count, queries);
  line('generated', `${Math.round(performance.now() - mark)} ms`);
  (globalThis as { gc?: () => void }).gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  mark = performance.now();
  const index = new DuplicateIndex();
  for (const r of records) {
    const record: IndexedEnterprise = { ...r, status: 'active', mergeCount: 0, version: 1 };
    index.upsert(record);
  }
  const buildMs = performance.now() - mark;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
  line(
    'index built',
    `${Math.round(buildMs)} ms, ~${Math.round(heapMb)} MB heap (${r2((heapMb * 1024) / (count / 1000))} KB per 1000)`,
  );

  // The hint threshold: what the console shows as a possible duplicate.
  const HINT = SIMILAR_NAME_THRESHOLD * 0.85;
  let truePositives = 0;
  let predicted = 0;
  let plantedCount = 0;
  const times: number[] = [];
  const missedByVariant: Record<string, number> = {};
  for (const { query, original, variant } of planted) {
    const started = performance.now();
    const { candidates } = index.candidates({ ...query, limit: 10 });
    times.push(performance.now() - started);
    const hits = candidates.filter((c) => c.score >= HINT).map((c) => c.enterprise.id);
    predicted += hits.length;
    if (original) {
      plantedCount += 1;
      if (hits.includes(original)) truePositives += 1;
      else missedByVariant[variant] = (missedByVariant[variant] ?? 0) + 1;
    }
  }
  const precision = predicted ? truePositives / predicted : 1;
  const recall = plantedCount ? truePositives / plantedCount : 1;

  // The baseline: every record compared, on a sample of the same queries.
  const prepared = records.map((r) => {
    const norm = normaliseEnterpriseName(r.name);
    return {
      id: r.id,
      norm,
      tokens: nameTokens(norm),
      phone: phoneKey(r.phone),
      email: emailKey(r.email),
      ...(r.creditCode ? { code: r.creditCode } : {}),
    };
  });
  const scanTimes: number[] = [];
  let agree = 0;
  const sample = planted.slice(0, scanQueries);
  for (const { query } of sample) {
    const started = performance.now();
    const scanned = scanCandidates(index, prepared, query);
    scanTimes.push(performance.now() - started);
    const indexed = new Set(index.candidates({ ...query, limit: 50 }).candidates.map((c) => c.enterprise.id));
    if ([...scanned].every((id) => indexed.has(id)) || indexed.size >= 50) agree += 1;
  }
  line(
    'index: candidates p50 / p99 / max',
    `${r2(percentile(times, 50))} / ${r2(percentile(times, 99))} / ${r2(Math.max(...times))} ms`,
  );
  line(
    'linear scan: p50 / p99',
    `${r2(percentile(scanTimes, 50))} / ${r2(percentile(scanTimes, 99))} ms (${sample.length} queries)`,
  );
  line('index finds what the scan finds', `${agree} of ${sample.length} queries`);
  line(
    `precision / recall (score ≥ ${r2(HINT)})`,
    `${r2(precision)} / ${r2(recall)} (${truePositives} of ${plantedCount} planted, ${predicted} hints)`,
  );
  if (Object.keys(missedByVariant).length) line('missed, by variant', JSON.stringify(missedByVariant));
  const met = percentile(times, 99) < 50 && precision >= 0.9 && recall >= 0.9;
  line('goal p99 < 50 ms, precision and recall ≥ 0.9', met ? 'met' : 'not met');
  if (precision < 0.9 || recall < 0.9) process.exitCode = 1;

  if (gatewayRecords > 0)
    await benchThroughGateway(records.slice(0, gatewayRecords), planted, gatewayQueries);
}

async function benchThroughGateway(
  records: Generated[],
  planted: { query: { name: string; phone?: string; email?: string; creditCode?: string } }[],
  queries: number,
): Promise<void> {
  process.env['LOG_LEVEL'] ??= 'warn';
  const run = Date.now().toString(36);
  let platform: Platform | undefined;
  try {
    platform = await startPlatform({
      services: ['investment'],
      gateway: () => ({
        rateLimit: { points: 1_000_000, durationSeconds: 60, keyPrefix: `qs:rl:bench-dups-${run}` },
      }),
    });
    const url = `${platform.gateways[0]!.url}/api/v1/investment/enterprises`;
    const token = await getToken('demo-admin');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    let mark = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < records.length) {
          const r = records[next++]!;
          const response = await fetch(url, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              name: r.name,
              region: r.region,
              phone: r.phone,
              email: r.email,
              ...(r.creditCode ? { creditCode: r.creditCode } : {}),
            }),
          });
          if (response.status !== 201)
            throw new Error(`create: HTTP ${response.status} ${await response.text()}`);
        }
      }),
    );
    const createMs = performance.now() - mark;
    mark = performance.now();
    const times: number[] = [];
    for (let i = 0; i < queries; i += 1) {
      const { query } = planted[i % planted.length]!;
      const params = new URLSearchParams({
        name: query.name,
        ...(query.phone ? { phone: query.phone } : {}),
      });
      const started = performance.now();
      const response = await fetch(`${url}/duplicates?${params.toString()}`, { headers });
      await response.text();
      times.push(performance.now() - started);
      if (response.status !== 200) throw new Error(`duplicates: HTTP ${response.status}`);
    }
    console.log(`\n  Through the gateway (${records.length} records created through the API)`);
    line('creates', `${Math.round(records.length / (createMs / 1000))}/s (16 at a time)`);
    line(
      'duplicates p50 / p99',
      `${r2(percentile(times, 50))} / ${r2(percentile(times, 99))} ms (${queries} queries, one at a time)`,
    );
  } finally {
    await platform?.close();
  }
}
