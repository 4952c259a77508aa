import type { CreateNeedInput } from '@qingshui/contracts';
import { DEMO_INVESTOR } from './demo-ids';
import { send, type SeedOptions } from './demo-projects';

// Demo investment needs (投资需求) of Beijing enterprises: the demo investor (北京清源环保) and a few
// others from districts paired with different counties, each posted through the API as its own
// user. Idempotent on rerun: a need whose title the organisation already has is left as it is.

/** An enterprise account the demo realm lacks (`ensureRealmUsers` of @qingshui/testing takes these; password `demo`). */
export interface DemoInvestorUser {
  username: string;
  role: 'enterprise';
  org: string;
  region: string;
  name: string;
  /** The enterprise's registered name, as its needs show it. */
  enterpriseName: string;
}

export const DEMO_INVESTOR_USERS: readonly DemoInvestorUser[] = [
  {
    username: DEMO_INVESTOR.username,
    role: 'enterprise',
    org: DEMO_INVESTOR.orgId,
    region: DEMO_INVESTOR.region,
    name: `${DEMO_INVESTOR.person.familyName}${DEMO_INVESTOR.person.givenName}`,
    enterpriseName: DEMO_INVESTOR.name,
  },
  {
    username: 'demo-investor-haidian',
    role: 'enterprise',
    org: 'ent-bj-huachen-energy',
    region: 'haidian',
    name: '高志远',
    enterpriseName: '北京华辰新能源科技有限公司',
  },
  {
    username: 'demo-investor-shunyi',
    role: 'enterprise',
    org: 'ent-bj-shunxin-agri',
    region: 'shunyi',
    name: '马春华',
    enterpriseName: '北京顺鑫绿源农业发展有限公司',
  },
  {
    username: 'demo-investor-changping',
    role: 'enterprise',
    org: 'ent-bj-jingyao-health',
    region: 'changping',
    name: '何静',
    enterpriseName: '北京京药康养集团有限公司',
  },
  {
    username: 'demo-investor-fangshan',
    role: 'enterprise',
    org: 'ent-bj-yanshan-tour',
    region: 'fangshan',
    name: '曹文博',
    enterpriseName: '北京燕山文旅投资有限公司',
  },
];

type DemoNeed = Omit<CreateNeedInput, 'enterpriseName' | 'orgId' | 'region'>;
const WAN = 10_000;

const NEEDS: Record<string, DemoNeed[]> = {
  [DEMO_INVESTOR.username]: [
    {
      title: '库区城乡污水处理及再生水利用投资',
      fields: ['water-treatment', 'environmental-protection'],
      amount: { minYuan: 5000 * WAN, maxYuan: 20000 * WAN },
      counties: ['xichuan', 'xixia', 'neixiang'],
      landMu: 80,
      energy: { kwhPerYear: 3_000_000, kw: 800 },
      waterM3PerDay: 500,
      workforce: 60,
      timeline: { startBy: '2027-09', years: 25 },
      publicSummary:
        '我公司拟以 PPP 或特许经营方式投资库区县城及乡镇污水处理提标改造和再生水回用项目，保护丹江口水库水质。',
      confidentialDetails:
        '首期自有资金 8000 万元已经董事会批准；可接受的内部收益率不低于 6.5%；拟联合北京排水集团组成联合体。',
    },
    {
      title: '湿地生态修复与面源污染治理',
      fields: ['environmental-protection'],
      amount: { minYuan: 3000 * WAN, maxYuan: 12000 * WAN },
      counties: 'any',
      landMu: 200,
      timeline: { startBy: '2027-04', years: 5 },
      publicSummary: '寻求库区湿地修复、生态缓冲带与农业面源污染治理项目，可提供设计、施工与运营一体化服务。',
      confidentialDetails:
        '已与中国环境科学研究院签订技术合作协议，拟申报国家生态环境导向开发（EOD）模式试点。',
    },
    {
      title: '水源地水质在线监测设备投放',
      fields: ['drinking-water', 'digital-economy'],
      amount: { minYuan: 500 * WAN, maxYuan: 3000 * WAN },
      counties: ['danjiangkou', 'xichuan'],
      timeline: { startBy: '2027-03', years: 3 },
      publicSummary: '提供水质在线监测站、无人船巡测及预警平台，希望与水源地县市合作建设运营。',
      confidentialDetails: '设备单价可在公开报价基础上下浮 15%；运维团队 12 人可常驻。',
    },
  ],
  'demo-investor-haidian': [
    {
      title: '山地风电与分布式光伏开发',
      fields: ['wind', 'solar', 'new-energy'],
      amount: { minYuan: 30000 * WAN, maxYuan: 120000 * WAN },
      counties: ['danjiangkou', 'lushi', 'yunxi', 'dengzhou'],
      landMu: 1500,
      workforce: 40,
      timeline: { startBy: '2028-01', years: 20 },
      publicSummary: '拟在水源区投资山地风电场和整县屋顶分布式光伏，单个项目装机 50 兆瓦以上。',
      confidentialDetails: '已获两家国有银行授信共 20 亿元；优先考虑电网接入条件好的县市。',
    },
  ],
  'demo-investor-shunyi': [
    {
      title: '香菇与猕猴桃精深加工基地',
      fields: ['agriculture-processing', 'ecological-agriculture'],
      amount: { minYuan: 8000 * WAN, maxYuan: 25000 * WAN },
      counties: ['xixia'],
      landMu: 150,
      waterM3PerDay: 300,
      workforce: 200,
      timeline: { startBy: '2027-06', years: 10 },
      publicSummary: '寻求香菇、猕猴桃产地加工与冷链项目，产品通过我公司北京渠道进入商超和社区团购。',
      confidentialDetails: '年采购意向：香菇干品 3000 吨、猕猴桃鲜果 2 万吨；可预付 30% 货款。',
    },
    {
      title: '库区特色农产品进京供应链',
      fields: ['logistics', 'agriculture-processing'],
      amount: { minYuan: 2000 * WAN, maxYuan: 6000 * WAN },
      counties: 'any',
      timeline: { startBy: '2027-02', years: 5 },
      publicSummary: '建设产地仓与冷链干线，把库区石榴、柑橘、茶叶、蜂蜜等特色农产品直供北京。',
      confidentialDetails: '',
    },
  ],
  'demo-investor-changping': [
    {
      title: '中医药康养基地合作',
      fields: ['health-elderly-care', 'tcm'],
      amount: { minYuan: 20000 * WAN, maxYuan: 50000 * WAN },
      counties: ['luanchuan', 'wudangshan', 'xixia'],
      landMu: 300,
      workforce: 150,
      timeline: { startBy: '2027-10', years: 15 },
      publicSummary: '拟投资建设以中医药养生为特色的康养基地，含康复医院、养老公寓和药膳文化体验。',
      confidentialDetails: '拟引入北京三甲中医院专家团队定期坐诊；希望获得康养用地点状供地支持。',
    },
  ],
  'demo-investor-fangshan': [
    {
      title: '文化旅游目的地投资运营',
      fields: ['cultural-tourism'],
      amount: { minYuan: 15000 * WAN, maxYuan: 40000 * WAN },
      counties: ['fangxian', 'shennongjia', 'yunxi'],
      landMu: 400,
      workforce: 300,
      timeline: { startBy: '2027-08', years: 20 },
      publicSummary: '寻求文化底蕴深厚的旅游目的地项目，提供投资、策划、运营一体化合作，擅长研学与演艺。',
      confidentialDetails: '可接受政府平台公司持股 30% 的合资方式；要求景区经营权不少于 30 年。',
    },
  ],
};

export const DEMO_NEED_COUNT = Object.values(NEEDS).reduce((n, list) => n + list.length, 0);

/** The demo needs of one investor user, as they post them. */
export function demoNeedsOf(username: string): CreateNeedInput[] {
  const user = DEMO_INVESTOR_USERS.find((u) => u.username === username);
  if (!user) return [];
  return (NEEDS[username] ?? []).map((need) => ({ ...need, enterpriseName: user.enterpriseName }));
}

/**
 * Posts every demo investor's needs as that user (`DEMO_INVESTOR_USERS` must exist:
 * `ensureRealmUsers([...DEMO_INVESTOR_USERS])`). Idempotent: titles the organisation has are skipped.
 */
export async function seedDemoNeeds(options: SeedOptions): Promise<{ created: number; existing: number }> {
  let created = 0;
  let existing = 0;
  for (const user of DEMO_INVESTOR_USERS) {
    const token = await options.tokenOf(user.username);
    const mine = await send(options, token, 'GET', '/investment/needs/mine?pageSize=100');
    const titles = new Set((mine.body['items'] as { title: string }[]).map((n) => n.title));
    for (const need of demoNeedsOf(user.username)) {
      if (titles.has(need.title)) {
        existing += 1;
        continue;
      }
      await send(options, token, 'POST', '/investment/needs', need);
      created += 1;
    }
  }
  return { created, existing };
}
