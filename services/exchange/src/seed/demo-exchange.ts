import { DEMO_COUNTY_CADRE_NAMES } from '@qingshui/testing';
import type { CadreLevel, ExchangeDirection, ExchangeKind, Unit } from '@qingshui/contracts';
import { PAIRS, type Pair } from '@qingshui/regions';

// Demo data of the cadre exchange (干部双向挂职), entered through the API as the people who would:
// the units of the 16 pairs; the postings of 2025 and 2026 with their placements, matching the
// plan's quotas (24 cadres a year from Beijing to the counties, 40 the other way), agreed by both
// sides and confirmed by the office; the 2027 postings, open, with nominations in every approval
// state (nominated, released, accepted, agreed, confirmed, refused, withdrawn), short exchanges,
// a draft and a cancelled one. Idempotent: a posting whose title exists is left as it is (with
// its nominations), a profile whose name exists in its unit is reused.

/** A cadre account the demo realm may lack (`ensureRealmUsers` of @qingshui/testing takes these; password `demo`). */
export interface DemoExchangeUser {
  username: string;
  role: 'cadre';
  org: string;
  region: string;
  name: string;
}

const DISTRICT_CADRE_NAMES = [
  '许京华',
  '何燕山',
  '吕永定',
  '施潮白',
  '张长城',
  '孔西山',
  '曹凉水',
  '严温榆',
  '华妫川',
  '金怀柔',
  '魏密云',
  '陶通州',
  '姜大兴',
  '戚房山',
  '谢门头',
  '邹顺义',
];

/**
 * The cadre of each region who enters its exchange data: `demo-cadre-county` (淅川) and
 * `demo-cadre-beijing` (朝阳) for the demo pair, `demo-cadre-<region>` for the others (the same
 * county accounts as the investment demo).
 */
export const DEMO_EXCHANGE_USERS: readonly DemoExchangeUser[] = PAIRS.flatMap((pair, i) => [
  {
    username: `demo-cadre-${pair.county.id}`,
    role: 'cadre' as const,
    org: `gov-${pair.county.id}`,
    region: pair.county.id,
    name: DEMO_COUNTY_CADRE_NAMES[pair.county.id] ?? `${pair.county.zh}干部`,
  },
  {
    username: `demo-cadre-${pair.beijing.id}`,
    role: 'cadre' as const,
    org: `gov-${pair.beijing.id}`,
    region: pair.beijing.id,
    name: DISTRICT_CADRE_NAMES[i] ?? `${pair.beijing.zh}干部`,
  },
]);
/** Who acts for a region in the demo. */
export function demoCadreOf(region: string): string {
  if (region === 'xichuan') return 'demo-cadre-county';
  if (region === 'chaoyang') return 'demo-cadre-beijing';
  return `demo-cadre-${region}`;
}

/** The departments postings are offered in, with the post and what it asks for. */
const DEPARTMENTS: readonly [code: string, name: string, post: string, requirements: string][] = [
  ['fgw', '发展和改革委员会', '副主任', '熟悉产业规划和重大项目管理，具有招商引资经验。'],
  ['swj', '商务局', '副局长', '熟悉电子商务、农产品流通和消费帮扶，能对接北京市场。'],
  ['nyncj', '农业农村局', '副局长', '熟悉乡村振兴和特色农业，能推动香菇、茶叶等特色产业发展。'],
  ['wjw', '卫生健康委员会', '副主任', '具有医疗卫生管理经验，能推动京豫（鄂）医疗协作。'],
  ['jyj', '教育局', '副局长', '熟悉基础教育管理，能组织两地学校结对和教师交流。'],
  ['sthj', '生态环境局', '副局长', '熟悉水污染防治和生态保护，服务丹江口库区水质保护。'],
  ['whly', '文化和旅游局', '副局长', '熟悉文旅融合和旅游推介，能对接北京客源市场。'],
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹'.split('');
const GIVEN = [
  '建华',
  '志强',
  '晓东',
  '海燕',
  '丽娟',
  '文博',
  '明轩',
  '春生',
  '秀英',
  '国栋',
  '永刚',
  '雪梅',
  '宏伟',
  '静怡',
  '立新',
  '红霞',
  '俊杰',
  '玉兰',
  '振华',
  '桂芳',
  '思远',
  '佳琪',
  '长江',
  '汉生',
];
/** The i-th demo cadre's name: distinct for the first 720. */
export const demoCadreName = (i: number) =>
  `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}`;
const FIELDS = [
  '产业招商',
  '乡村振兴',
  '生态环境保护',
  '医疗卫生',
  '基础教育',
  '文化旅游',
  '项目管理',
  '电子商务',
  '水质保护',
];
const LEVELS: readonly CadreLevel[] = ['deputy-division', 'section', 'deputy-section', 'section', 'staff'];

const unitOf = (region: { id: string; zh: string }, department: number): Unit => {
  const [code, name] = DEPARTMENTS[department % DEPARTMENTS.length]!;
  return { id: `gov-${region.id}-${code}`, name: `${region.zh}${name}`, region: region.id };
};
/** The units of the 16 pairs: each region's government and its departments. */
export const DEMO_UNITS: readonly Unit[] = PAIRS.flatMap((pair) =>
  [pair.county, pair.beijing].flatMap((region) => [
    { id: `gov-${region.id}`, name: `${region.zh}人民政府`, region: region.id },
    ...DEPARTMENTS.map((_, d) => unitOf(region, d)),
  ]),
);

/** A demo posting: where, when, how many places, and its nominations (their final states). */
export interface DemoPosting {
  pair: Pair;
  direction: ExchangeDirection;
  kind: ExchangeKind;
  title: string;
  unit: Unit;
  startDate: string;
  endDate: string;
  level: CadreLevel;
  requirements: string;
  places: number;
  /** What happens to each nominee, by rank. */
  nominees: readonly NomineeFate[];
  /** The posting's state at the end. */
  finally: 'draft' | 'open' | 'in-progress' | 'completed' | 'cancelled';
}
export type NomineeFate =
  'nominated' | 'released' | 'accepted' | 'agreed' | 'confirmed' | 'refused' | 'withdrawn';

/** The plan's yearly quotas split over the 16 pairs: 24 to the counties (1 or 2 each), 40 to Beijing (2 or 3). */
export function demoPlacesOf(direction: ExchangeDirection, pairIndex: number): number {
  return direction === 'to-county' ? (pairIndex < 8 ? 2 : 1) : pairIndex < 8 ? 3 : 2;
}

/** The postings of the past years and of 2027, in the order they are entered. */
export function demoPostings(): DemoPosting[] {
  const postings: DemoPosting[] = [];
  PAIRS.forEach((pair, p) => {
    for (const year of [2025, 2026])
      for (const direction of ['to-county', 'to-beijing'] as const) {
        const receiving = direction === 'to-county' ? pair.county : pair.beijing;
        const d = (p + year + (direction === 'to-county' ? 0 : 3)) % DEPARTMENTS.length;
        const [, department, post, requirements] = DEPARTMENTS[d]!;
        const places = demoPlacesOf(direction, p);
        postings.push({
          pair,
          direction,
          kind: 'secondment',
          title: `${receiving.zh}${department}${post}（${year}年度挂职）`,
          unit: unitOf(receiving, d),
          startDate: `${year}-03-01`,
          endDate: year === 2025 ? '2026-02-28' : '2027-02-28',
          level: 'section',
          requirements,
          places,
          nominees: Array.from({ length: places }, () => 'confirmed' as const),
          finally: year === 2025 ? 'completed' : 'in-progress',
        });
      }
  });
  // 2027: open postings with nominations in every state, in the demo pair and a few others.
  const fates: NomineeFate[][] = [
    ['confirmed', 'agreed', 'released', 'accepted', 'nominated', 'refused', 'withdrawn'],
    ['agreed', 'released', 'nominated'],
    ['accepted', 'refused'],
  ];
  PAIRS.slice(0, 6).forEach((pair, p) =>
    (['to-county', 'to-beijing'] as const).forEach((direction, k) => {
      const receiving = direction === 'to-county' ? pair.county : pair.beijing;
      const d = (p * 2 + k) % DEPARTMENTS.length;
      const [, department, post, requirements] = DEPARTMENTS[d]!;
      const nominees = fates[(p + k) % fates.length]!;
      postings.push({
        pair,
        direction,
        kind: 'secondment',
        title: `${receiving.zh}${department}${post}（2027年度挂职）`,
        unit: unitOf(receiving, d),
        startDate: '2027-03-01',
        endDate: '2029-02-28',
        level: LEVELS[p % LEVELS.length]!,
        requirements,
        places: Math.max(2, nominees.filter((f) => f === 'agreed' || f === 'confirmed').length + 1),
        nominees,
        finally: 'open',
      });
    }),
  );
  const [first, second] = PAIRS as [Pair, Pair];
  postings.push(
    {
      pair: first,
      direction: 'to-beijing',
      kind: 'short',
      title: `${first.beijing.zh}卫生健康委员会短期跟岗学习（2027年春季）`,
      unit: unitOf(first.beijing, 3),
      startDate: '2027-04-06',
      endDate: '2027-05-15',
      level: 'section',
      requirements: '县级医院或卫健系统业务骨干，跟岗学习医院管理和重点专科建设。',
      places: 4,
      nominees: ['confirmed', 'agreed', 'nominated'],
      finally: 'open',
    },
    {
      pair: second,
      direction: 'to-county',
      kind: 'short',
      title: `${second.county.zh}农业农村局香菇产业短期服务（2027年）`,
      unit: unitOf(second.county, 2),
      startDate: '2027-05-10',
      endDate: '2027-06-20',
      level: 'deputy-section',
      requirements: '熟悉食用菌产业链和农产品品牌建设。',
      places: 2,
      nominees: ['released'],
      finally: 'open',
    },
    {
      pair: first,
      direction: 'to-county',
      kind: 'secondment',
      title: `${first.county.zh}文化和旅游局副局长（2028年度挂职，草拟）`,
      unit: unitOf(first.county, 6),
      startDate: '2028-03-01',
      endDate: '2030-02-28',
      level: 'deputy-division',
      requirements: '熟悉文旅融合和旅游推介。',
      places: 1,
      nominees: [],
      finally: 'draft',
    },
    {
      pair: second,
      direction: 'to-beijing',
      kind: 'secondment',
      title: `${second.beijing.zh}教育委员会挂职岗位（2027年度，已取消）`,
      unit: unitOf(second.beijing, 4),
      startDate: '2027-03-01',
      endDate: '2028-02-29',
      level: 'section',
      requirements: '基础教育管理骨干。',
      places: 1,
      nominees: [],
      finally: 'cancelled',
    },
  );
  return postings;
}

/** Pairs entered side by side. */
const SEED_CONCURRENCY = 4;

export interface SeedOptions {
  gateway: string;
  tokenOf: (username: string) => Promise<string>;
}

async function send(
  options: SeedOptions,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const response = await fetch(`${options.gateway}/api/v1${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Every page of a list, as one user. */
async function all<T>(options: SeedOptions, token: string, path: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page += 1) {
    const body = await send(
      options,
      token,
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}page=${page}&pageSize=200`,
    );
    items.push(...(body['items'] as T[]));
    if (items.length >= (body['total'] as number)) return items;
  }
}

/**
 * Enters the demo through the API (`DEMO_EXCHANGE_USERS` must exist: `ensureRealmUsers`), as
 * the receiving side's cadre (postings, acceptance), the sending side's (profiles, nominations,
 * release) and the office (`demo-admin`: quotas, confirmation, refusals).
 */
export async function seedDemoExchange(
  options: SeedOptions,
): Promise<{ postings: number; existing: number; placements: number; nominations: number }> {
  const tokens = new Map<string, Promise<string>>();
  const as = (username: string) => {
    if (!tokens.has(username)) tokens.set(username, options.tokenOf(username));
    return tokens.get(username)!;
  };
  const admin = await as('demo-admin');
  for (const year of [2025, 2026, 2027])
    for (const direction of ['to-county', 'to-beijing'] as const)
      await send(options, admin, 'PUT', `/exchange/quotas/${year}/${direction}`, {
        total: direction === 'to-county' ? 24 : 40,
      });
  const titles = new Set(
    (await all<{ title: string }>(options, admin, '/exchange/postings')).map((p) => p.title),
  );
  const profiles = new Map(
    (await all<{ id: string; name: string; unit: Unit }>(options, admin, '/exchange/cadres')).map((c) => [
      `${c.unit.id}/${c.name}`,
      c.id,
    ]),
  );
  let created = 0;
  let existing = 0;
  let placements = 0;
  let nominations = 0;
  // Each posting's nominees are numbered in the list's order, so names and units are the same
  // on every run, whichever order the postings are entered in.
  let people = 0;
  const tasks = demoPostings().map((posting) => {
    const first = people;
    people += posting.nominees.length;
    return { posting, first };
  });
  const enter = async ({ posting, first }: (typeof tasks)[number]): Promise<void> => {
    const person = first + posting.nominees.length;
    const receiving = posting.unit.region;
    const sending = posting.direction === 'to-county' ? posting.pair.beijing : posting.pair.county;
    const nominees = posting.nominees.map((_, i) => demoCadreName(first + i));
    if (titles.has(posting.title)) {
      existing += 1;
      return;
    }
    const keeper = await as(demoCadreOf(receiving));
    const sender = await as(demoCadreOf(sending.id));
    const made = await send(options, keeper, 'POST', '/exchange/postings', {
      title: posting.title,
      unit: posting.unit,
      pairId: posting.pair.id,
      direction: posting.direction,
      kind: posting.kind,
      startDate: posting.startDate,
      endDate: posting.endDate,
      level: posting.level,
      requirements: posting.requirements,
      places: posting.places,
    });
    created += 1;
    const id = made['id'] as string;
    if (posting.finally === 'draft') return;
    if (posting.finally === 'cancelled') {
      await send(options, keeper, 'POST', `/exchange/postings/${id}/cancel`, {
        reason: '机构改革，岗位调整，本年度不再安排',
      });
      return;
    }
    await send(options, keeper, 'POST', `/exchange/postings/${id}/open`);
    for (const [rank, fate] of posting.nominees.entries()) {
      const name = nominees[rank]!;
      const unit = unitOf(sending, person + rank);
      const key = `${unit.id}/${name}`;
      let profileId = profiles.get(key);
      if (!profileId) {
        const profile = await send(options, sender, 'POST', '/exchange/cadres', {
          name,
          unit,
          position: `${unit.name.replace(sending.zh, '')}${rank % 2 === 0 ? '科长' : '副科长'}`,
          level: LEVELS[(person + rank) % LEVELS.length],
          fields: [FIELDS[(person + rank) % FIELDS.length]!, FIELDS[(person + rank + 4) % FIELDS.length]!],
          languages: rank % 3 === 0 ? ['普通话', '英语'] : ['普通话'],
          priorPostings:
            rank % 2 === 0
              ? [
                  {
                    title: '驻村第一书记',
                    unitName: `${sending.zh}某镇`,
                    startDate: '2019-03-01',
                    endDate: '2021-02-28',
                  },
                ]
              : [],
        });
        profileId = profile['id'] as string;
        profiles.set(key, profileId);
      }
      const nomination = await send(options, sender, 'POST', `/exchange/postings/${id}/nominations`, {
        profileId,
        rank: rank + 1,
        statement: `${name}同志政治素质好，业务能力强，熟悉${FIELDS[(person + rank) % FIELDS.length]}工作，同意推荐。`,
      });
      nominations += 1;
      const nid = nomination['id'] as string;
      const step = (token: string, what: string, body?: unknown) =>
        send(options, token, 'POST', `/exchange/nominations/${nid}/${what}`, body);
      if (fate === 'nominated') continue;
      if (fate === 'withdrawn') {
        await step(sender, 'withdraw', { reason: '本人家庭原因，申请不再参加本次挂职' });
        continue;
      }
      if (fate === 'accepted') {
        await step(keeper, 'accept');
        continue;
      }
      await step(sender, 'release');
      if (fate === 'released') continue;
      if (fate === 'refused') {
        await step(keeper, 'refuse', { reason: '专业方向与岗位需求不符，请另行推荐' });
        continue;
      }
      await step(keeper, 'accept');
      placements += 1;
      if (fate === 'confirmed') await step(admin, 'confirm');
    }
    if (posting.finally === 'in-progress' || posting.finally === 'completed')
      await send(options, keeper, 'POST', `/exchange/postings/${id}/start`);
    if (posting.finally === 'completed')
      await send(options, keeper, 'POST', `/exchange/postings/${id}/complete`);
  };
  // A few pairs at a time: each posting's steps stay in order, the pairs do not wait for each other.
  const byPair = new Map<string, (typeof tasks)[number][]>();
  for (const task of tasks)
    byPair.set(task.posting.pair.id, [...(byPair.get(task.posting.pair.id) ?? []), task]);
  const queues = [...byPair.values()];
  await Promise.all(
    Array.from({ length: SEED_CONCURRENCY }, async () => {
      for (let queue = queues.shift(); queue; queue = queues.shift())
        for (const task of queue) await enter(task);
    }),
  );
  return { postings: created, existing, placements, nominations };
}
