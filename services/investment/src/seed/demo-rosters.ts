import type { InvestmentField, PutRosterBody } from '@qingshui/contracts';
import type { DemoCadreUser } from './demo-projects';

// Demo rosters of the chaoyang–xichuan pair: the county's investment cadres (one on leave), the
// district's coordinator and a colleague, and rules by field and amount. Seeded through the API
// as the regions' own cadres. Other counties have no roster: their leads stay unassigned.

/** The extra cadres; demo-cadre-county (刘丹水, 淅川) and demo-cadre-beijing (陈京华, 朝阳) are the realm's own. */
export const DEMO_ROSTER_USERS: readonly DemoCadreUser[] = [
  { username: 'demo-cadre-xichuan-2', role: 'cadre', org: 'gov-xichuan', region: 'xichuan', name: '王建国' },
  { username: 'demo-cadre-xichuan-3', role: 'cadre', org: 'gov-xichuan', region: 'xichuan', name: '李秀兰' },
  { username: 'demo-cadre-xichuan-4', role: 'cadre', org: 'gov-xichuan', region: 'xichuan', name: '赵志强' },
  {
    username: 'demo-cadre-chaoyang-2',
    role: 'cadre',
    org: 'gov-chaoyang',
    region: 'chaoyang',
    name: '周明远',
  },
];

interface DemoMember {
  username: string;
  name: string;
  capacity: number;
  away?: boolean;
  coordinator?: boolean;
}
interface DemoRule {
  name: string;
  fields?: InvestmentField[];
  minYuan?: number;
  maxYuan?: number;
  members: string[];
}
export interface DemoRoster {
  region: string;
  /** Who keeps it (a cadre of the region). */
  keeper: string;
  members: DemoMember[];
  rules: DemoRule[];
}

export const DEMO_ROSTERS: readonly DemoRoster[] = [
  {
    region: 'xichuan',
    keeper: 'demo-cadre-county',
    members: [
      { username: 'demo-cadre-county', name: '刘丹水', capacity: 30 },
      { username: 'demo-cadre-xichuan-2', name: '王建国', capacity: 25 },
      // On a training course at the provincial party school: skipped by the rotation.
      { username: 'demo-cadre-xichuan-3', name: '李秀兰', capacity: 20, away: true },
      { username: 'demo-cadre-xichuan-4', name: '赵志强', capacity: 30 },
    ],
    rules: [
      {
        name: '十亿元以上重大项目',
        minYuan: 1_000_000_000,
        members: ['demo-cadre-county'],
      },
      {
        name: '新能源与光伏风电',
        fields: ['solar', 'wind', 'new-energy', 'new-materials'],
        members: ['demo-cadre-county', 'demo-cadre-xichuan-2'],
      },
      {
        name: '文旅康养与中医药',
        fields: ['cultural-tourism', 'health-elderly-care', 'tcm'],
        members: ['demo-cadre-xichuan-3', 'demo-cadre-xichuan-4'],
      },
      {
        name: '生态农业与农产品加工',
        fields: ['ecological-agriculture', 'agriculture-processing', 'consumer-goods'],
        members: ['demo-cadre-xichuan-2', 'demo-cadre-xichuan-4'],
      },
    ],
  },
  {
    region: 'chaoyang',
    keeper: 'demo-cadre-beijing',
    members: [
      { username: 'demo-cadre-beijing', name: '陈京华', capacity: 10, coordinator: true },
      { username: 'demo-cadre-chaoyang-2', name: '周明远', capacity: 15 },
    ],
    rules: [
      {
        // Large deals get a Beijing-side owner too (the district's investment promotion office).
        name: '五亿元以上项目（朝阳区协同）',
        minYuan: 500_000_000,
        members: ['demo-cadre-chaoyang-2'],
      },
    ],
  },
];

/** The user id (the token's subject) of a user, from one of their tokens. */
export function subjectOf(token: string): string {
  const payload = token.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sub?: string };
  if (!claims.sub) throw new Error('token without a subject');
  return claims.sub;
}

/** The PUT body of a demo roster, with the members' user ids. */
export function rosterBody(roster: DemoRoster, idOf: (username: string) => string): PutRosterBody {
  return {
    members: roster.members.map((m) => ({
      userId: idOf(m.username),
      name: m.name,
      capacity: m.capacity,
      away: m.away ?? false,
      coordinator: m.coordinator ?? false,
    })),
    rules: roster.rules.map((r) => ({
      name: r.name,
      ...(r.fields ? { fields: r.fields } : {}),
      ...(r.minYuan === undefined ? {} : { minYuan: r.minYuan }),
      ...(r.maxYuan === undefined ? {} : { maxYuan: r.maxYuan }),
      memberIds: r.members.map(idOf),
    })),
  };
}

export interface SeedRostersOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  /** A token of a demo user by username (getToken of @qingshui/testing). */
  tokenOf: (username: string) => Promise<string>;
}

/**
 * Puts the demo rosters through the API as each region's cadre. The extra users must exist first:
 * `ensureRealmUsers([...DEMO_ROSTER_USERS])`. Idempotent: a region whose roster has members
 * already is left as it is (someone may have edited it).
 */
export async function seedDemoRosters(
  options: SeedRostersOptions,
): Promise<{ rosters: number; members: number }> {
  const ids = new Map<string, string>();
  for (const roster of DEMO_ROSTERS)
    for (const m of roster.members)
      if (!ids.has(m.username)) ids.set(m.username, subjectOf(await options.tokenOf(m.username)));
  let rosters = 0;
  let members = 0;
  for (const roster of DEMO_ROSTERS) {
    const token = await options.tokenOf(roster.keeper);
    const url = `${options.gateway}/api/v1/investment/rosters/${roster.region}`;
    const headers = { authorization: `Bearer ${token}` };
    const current = await fetch(url, { headers });
    if (!current.ok) throw new Error(`GET ${url}: HTTP ${current.status} ${await current.text()}`);
    if (((await current.json()) as { members: unknown[] }).members.length > 0) continue;
    const response = await fetch(url, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(rosterBody(roster, (username) => ids.get(username)!)),
    });
    if (!response.ok) throw new Error(`PUT ${url}: HTTP ${response.status} ${await response.text()}`);
    rosters += 1;
    members += roster.members.length;
  }
  return { rosters, members };
}
