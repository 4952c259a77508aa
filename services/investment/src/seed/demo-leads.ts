import type {
  CreateLeadBody,
  LeadActivityKind,
  LeadStage,
  LeadStatus,
  LeadValues,
} from '@qingshui/contracts';
import { DEMO_INVESTOR } from './demo-ids';

// Demo leads of the pipeline, in realistic Chinese, across every stage and several statuses: each
// opened by a demo cadre and owned by the county's demo cadre (demo-cadre-county, xichuan), then
// walked through its steps by the same API the console uses (gates met at every step).

export type DemoLeadStep =
  | { move: LeadStage; values?: LeadValues; reason?: string }
  | { activity: LeadActivityKind; daysAgo: number; people: string[]; summary: string }
  | { task: string; dueInDays: number }
  | { status: LeadStatus; reason?: string }
  | { requestLanding: LeadValues }
  | { verify: true };

export interface DemoLead {
  /** Who opens it (the owner named is the county's demo cadre). */
  openedBy: 'demo-cadre-county' | 'demo-cadre-beijing';
  lead: Omit<CreateLeadBody, 'ownerId'>;
  steps: DemoLeadStep[];
}

/** The county demo cadre owns every demo lead; the admin verifies landings. */
export const DEMO_LEAD_OWNER = 'demo-cadre-county';
export const DEMO_LEAD_VERIFIER = 'demo-admin';

const meet = (daysAgo: number, summary: string, people: string[]): DemoLeadStep => ({
  activity: 'visit',
  daysAgo,
  people,
  summary,
});
const toActive = (
  contactPerson: string,
  likelihoodPct: number,
  expectedSigningDate?: string,
): DemoLeadStep => ({
  move: 'active',
  values: { contactPerson, likelihoodPct, ...(expectedSigningDate ? { expectedSigningDate } : {}) },
});
const day = (fromToday: number) => new Date(Date.now() + fromToday * 86_400_000).toISOString().slice(0, 10);

export function demoLeads(): DemoLead[] {
  const investor = {
    enterpriseId: DEMO_INVESTOR.enterpriseId,
    name: DEMO_INVESTOR.name,
    orgId: DEMO_INVESTOR.orgId,
  };
  return [
    {
      openedBy: 'demo-cadre-beijing',
      lead: {
        title: '淅川县丹江口库区农光互补光伏电站（一期 50 兆瓦）',
        enterprise: investor,
        county: 'xichuan',
        field: 'solar',
        values: { estimatedAmountYuan: 260_000_000 },
      },
      steps: [
        { move: 'assigned' },
        meet(40, '陪同清源环保考察上集镇荒坡地块，初步确认可用地约 1500 亩', ['孙立新', '县发改委 王主任']),
        toActive('孙立新（副总经理）', 80, day(30)),
        {
          move: 'signed',
          values: {
            agreementDate: day(-10),
            signedAmountYuan: 240_000_000,
            parties: ['淅川县人民政府', DEMO_INVESTOR.name],
          },
        },
        { task: '协调供电公司出具接入系统意见', dueInDays: 14 },
      ],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川县城乡供水一体化水厂提标改造',
        enterprise: { enterpriseId: 'ent-bj-shouyuan-water', name: '北京首源水务集团有限公司' },
        county: 'xichuan',
        field: 'drinking-water',
        values: { estimatedAmountYuan: 180_000_000 },
      },
      steps: [
        { move: 'assigned' },
        meet(120, '企业技术团队实地查看荆紫关水厂，讨论超滤工艺', ['刘工', '县水利局 张科长']),
        toActive('刘志强（项目总监）', 90),
        {
          move: 'signed',
          values: {
            agreementDate: day(-90),
            signedAmountYuan: 175_000_000,
            parties: ['淅川县水利局', '北京首源水务集团有限公司'],
          },
        },
        {
          requestLanding: {
            actualInvestmentYuan: 168_000_000,
            jobs: 85,
            site: '淅川县荆紫关镇城乡供水一体化水厂',
            startDate: day(-30),
          },
        },
        { verify: true },
      ],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川软籽石榴精深加工及冷链仓储中心',
        enterprise: { enterpriseId: 'ent-bj-pinggu-fruit', name: '北京平谷鲜果农业发展有限公司' },
        county: 'xichuan',
        field: 'agriculture-processing',
        values: { estimatedAmountYuan: 65_000_000 },
      },
      steps: [
        { move: 'assigned' },
        meet(60, '平谷鲜果采购团队到九重镇石榴基地看园，商谈保底收购', ['赵经理']),
        toActive('赵海燕（采购总监）', 70),
        {
          move: 'signed',
          values: {
            agreementDate: day(-45),
            signedAmountYuan: 60_000_000,
            parties: ['淅川县人民政府', '北京平谷鲜果农业发展有限公司'],
          },
        },
        {
          requestLanding: {
            actualInvestmentYuan: 58_000_000,
            jobs: 160,
            site: '淅川县九重镇农产品加工园',
            startDate: day(-7),
          },
        },
      ],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '丹江口库区生态康养小镇（香严寺片区）',
        enterprise: { enterpriseId: 'ent-bj-daxing-kangyi', name: '北京康颐养老服务有限公司' },
        county: 'xichuan',
        field: 'health-elderly-care',
        values: { estimatedAmountYuan: 500_000_000 },
      },
      steps: [
        { move: 'assigned' },
        {
          activity: 'meeting',
          daysAgo: 20,
          people: ['陈总', '县文旅局 李局长'],
          summary: '在北京总部洽谈康养社区选址与土地性质',
        },
        toActive('陈立群（发展部总经理）', 40, day(120)),
        { status: 'delayed', reason: '企业年度投资计划待董事会审议' },
      ],
    },
    {
      openedBy: 'demo-cadre-beijing',
      lead: {
        title: '朝阳—淅川对口协作 新材料（石墨烯导热膜）生产线',
        enterprise: { enterpriseId: 'ent-bj-yanshan-materials', name: '北京燕山新材料科技有限公司' },
        county: 'xichuan',
        field: 'new-materials',
        values: { estimatedAmountYuan: 90_000_000 },
      },
      steps: [{ move: 'assigned' }, { task: '发送淅川县产业集聚区招商政策汇编', dueInDays: 3 }],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川县丹江湿地文化旅游综合体',
        enterprise: { enterpriseId: 'ent-bj-changcheng-tour', name: '北京长城文旅发展有限公司' },
        county: 'xichuan',
        field: 'cultural-tourism',
        values: { estimatedAmountYuan: 300_000_000 },
      },
      steps: [{ move: 'assigned' }, { status: 'dormant' }],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川艾草中医药健康产品研发基地',
        enterprise: { enterpriseId: 'ent-bj-baicaotang-tcm', name: '北京百草堂中医药科技有限公司' },
        county: 'xichuan',
        field: 'tcm',
      },
      steps: [
        {
          activity: 'call',
          daysAgo: 3,
          people: ['周经理'],
          summary: '电话了解艾草种植面积与道地药材认证情况',
        },
      ],
    },
    {
      openedBy: 'demo-cadre-beijing',
      lead: {
        title: '淅川县分布式风电项目（老城镇）',
        enterprise: { enterpriseId: 'ent-bj-shijingshan-wind', name: '北京石景山风电装备有限公司' },
        county: 'xichuan',
        field: 'wind',
        values: { estimatedAmountYuan: 150_000_000 },
      },
      steps: [],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川县工业园区污水处理厂 PPP 项目',
        enterprise: { enterpriseId: 'ent-bj-jingneng-green', name: '北京京能绿电新能源有限公司' },
        county: 'xichuan',
        field: 'water-treatment',
        values: { estimatedAmountYuan: 120_000_000 },
      },
      steps: [
        { move: 'assigned' },
        meet(200, '考察厨具产业园污水管网现状', ['吴工']),
        toActive('吴昊（市场部经理）', 30),
        { status: 'lost', reason: '企业最终选择在湖北十堰落地同类项目' },
      ],
    },
    {
      openedBy: 'demo-cadre-county',
      lead: {
        title: '淅川香菇酱与山珍预制菜生产线',
        enterprise: { enterpriseId: 'ent-bj-shunyi-foods', name: '北京顺鑫食品加工有限公司' },
        county: 'xichuan',
        field: 'consumer-goods',
        values: { estimatedAmountYuan: 30_000_000 },
      },
      steps: [{ move: 'assigned' }, { status: 'abandoned' }],
    },
  ];
}

/** What the seed needs: the gateway's base URL and a token per demo username. */
export interface SeedDemoLeadsOptions {
  gateway: string;
  tokenOf(username: string): Promise<string>;
}

const subOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

/**
 * Seeds the demo leads through the API (once: a lead whose title the owner already has is skipped).
 * Returns how many it opened.
 */
export async function seedDemoLeads(options: SeedDemoLeadsOptions): Promise<number> {
  const call = async (username: string, method: string, path: string, body?: unknown) => {
    const token = await options.tokenOf(username);
    const response = await fetch(`${options.gateway}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} as ${username}: ${response.status} ${text}`);
    return JSON.parse(text) as { id: string; title: string; items?: { title: string }[] };
  };
  const ownerId = subOf(await options.tokenOf(DEMO_LEAD_OWNER));
  const mine = await call(DEMO_LEAD_OWNER, 'GET', '/investment/my-leads?pageSize=500');
  const existing = new Set((mine.items ?? []).map((card) => card.title));
  let opened = 0;
  for (const demo of demoLeads()) {
    if (existing.has(demo.lead.title)) continue;
    const lead = await call(demo.openedBy, 'POST', '/investment/leads', { ...demo.lead, ownerId });
    opened += 1;
    const on = (suffix: string) => `/investment/leads/${lead.id}${suffix}`;
    for (const step of demo.steps) {
      if ('move' in step)
        await call(DEMO_LEAD_OWNER, 'POST', on('/move'), {
          to: step.move,
          values: step.values ?? {},
          ...(step.reason ? { reason: step.reason } : {}),
        });
      else if ('activity' in step)
        await call(DEMO_LEAD_OWNER, 'POST', on('/activities'), {
          kind: step.activity,
          at: new Date(Date.now() - step.daysAgo * 86_400_000).toISOString(),
          people: step.people,
          summary: step.summary,
        });
      else if ('task' in step)
        await call(DEMO_LEAD_OWNER, 'POST', on('/tasks'), {
          title: step.task,
          dueAt: new Date(Date.now() + step.dueInDays * 86_400_000).toISOString(),
        });
      else if ('status' in step)
        await call(DEMO_LEAD_OWNER, 'POST', on('/status'), {
          status: step.status,
          ...(step.reason ? { reason: step.reason } : {}),
        });
      else if ('requestLanding' in step)
        await call(DEMO_LEAD_OWNER, 'POST', on('/request-landing'), { values: step.requestLanding });
      else await call(DEMO_LEAD_VERIFIER, 'POST', on('/verify-landing'), { decision: 'verify' });
    }
  }
  return opened;
}
