import type { ExhibitorApplicationInput, ExhibitorDecision, SetBoothRulesBody } from '@qingshui/contracts';
import { demoFairs } from './demo-fairs';

// Demo exhibitors of the demo fairs: enterprises of the water-source counties with their produce
// (香菇, 猕猴桃, 软籽石榴, 茶叶, 月季, 艾草, 石斛, 蜂蜜, 木耳 …), applying through the API as their own
// users, and the organiser's review of them (booth rules, notes, decisions, a pending change).

/** An enterprise account the demo realm lacks (`ensureRealmUsers` of @qingshui/testing takes these). */
export interface DemoEnterpriseUser {
  username: string;
  role: 'enterprise';
  org: string;
  region: string;
  name: string;
}

/** The extra enterprise users (password `demo`); demo-enterprise (ent-qushou-agri, 淅川) is the realm's own. */
export const DEMO_EXHIBITOR_USERS: readonly DemoEnterpriseUser[] = [
  {
    username: 'demo-ent-xixia',
    role: 'enterprise',
    org: 'ent-xixia-fungi',
    region: 'xixia',
    name: '西峡香菇',
  },
  {
    username: 'demo-ent-xixia-kiwi',
    role: 'enterprise',
    org: 'ent-xixia-kiwi',
    region: 'xixia',
    name: '西峡猕猴桃',
  },
  {
    username: 'demo-ent-neixiang',
    role: 'enterprise',
    org: 'ent-neixiang-herb',
    region: 'neixiang',
    name: '内乡石斛',
  },
  {
    username: 'demo-ent-dengzhou',
    role: 'enterprise',
    org: 'ent-dengzhou-rose',
    region: 'dengzhou',
    name: '邓州月季',
  },
  {
    username: 'demo-ent-luanchuan',
    role: 'enterprise',
    org: 'ent-luanchuan-shan',
    region: 'luanchuan',
    name: '栾川山珍',
  },
  {
    username: 'demo-ent-lushi',
    role: 'enterprise',
    org: 'ent-lushi-honey',
    region: 'lushi',
    name: '卢氏蜂蜜',
  },
  {
    username: 'demo-ent-xichuan-ai',
    role: 'enterprise',
    org: 'ent-xichuan-ai',
    region: 'xichuan',
    name: '淅川艾草',
  },
  {
    username: 'demo-ent-xichuan-tea',
    role: 'enterprise',
    org: 'ent-xichuan-tea',
    region: 'xichuan',
    name: '淅川茶叶',
  },
];

const ORG_OF: Record<string, string> = {
  'demo-enterprise': 'ent-qushou-agri',
  ...Object.fromEntries(DEMO_EXHIBITOR_USERS.map((u) => [u.username, u.org])),
};

/** One enterprise's application to a demo fair and what the organiser does with it. */
export interface DemoExhibitor {
  user: string;
  application: ExhibitorApplicationInput;
  /** Left a draft when false. */
  submit: boolean;
  /** A reviewer's internal note. */
  reviewerNote?: string;
  decision?: ExhibitorDecision;
  reason?: string;
  /** After acceptance, the enterprise edits its entry: a change pending review. */
  laterEdit?: Partial<ExhibitorApplicationInput>;
  /** The enterprise withdraws at the end. */
  withdraw?: boolean;
}

const product = (
  name: string,
  category: string,
  county: string,
  certifications: ExhibitorApplicationInput['products'][number]['certifications'] = [],
  description = '',
) => ({ name, category, county, certifications, photos: [], description });

const APPLICATIONS = {
  qushou: (boothTypeId: string, booths = 2): ExhibitorApplicationInput => ({
    enterpriseName: '淅川县渠首农业开发有限公司',
    products: [
      product(
        '淅川软籽石榴',
        '水果',
        'xichuan',
        ['地理标志', '绿色食品'],
        '丹江口库区软籽石榴，籽软可食，汁多味甜。',
      ),
      product('丹江鱼干', '水产', 'xichuan', ['无公害']),
      product('渠首印象香菇酱', '加工食品', 'xichuan', ['绿色食品']),
    ],
    boothTypeId,
    booths,
    note: '需要两台冷藏展柜，石榴现场试吃。',
  }),
  fungi: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '西峡县伏牛山香菇专业合作社',
    products: [
      product('西峡香菇（花菇）', '食用菌', 'xixia', ['地理标志', '有机'], '伏牛山段木花菇，肉厚柄短。'),
      product('香菇脆', '休闲食品', 'xixia', ['绿色食品']),
    ],
    boothTypeId,
    booths: 2,
    note: '',
  }),
  kiwi: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '西峡县猕猴桃产业发展有限公司',
    products: [
      product('西峡猕猴桃（徐香）', '水果', 'xixia', ['地理标志', '绿色食品']),
      product('猕猴桃果酒', '酒类', 'xixia'),
    ],
    boothTypeId,
    booths: 1,
    note: '十月上旬鲜果上市，可现场接受商超订单。',
  }),
  herb: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '内乡县宝天曼中药材种植专业合作社',
    products: [
      product('内乡石斛', '中药材', 'neixiang', ['有机']),
      product('宝天曼菊花茶', '茶叶', 'neixiang', ['绿色食品']),
    ],
    boothTypeId,
    booths: 1,
    note: '',
  }),
  rose: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '邓州市丹江月季苗木合作社',
    products: [product('月季盆栽', '花卉', 'dengzhou'), product('月季花茶', '茶叶', 'dengzhou', ['无公害'])],
    boothTypeId,
    booths: 1,
    note: '展位需靠近入口，便于花卉展示。',
  }),
  shan: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '栾川县伏牛山珍食品有限公司',
    products: [
      product('栾川黑木耳', '食用菌', 'luanchuan', ['地理标志']),
      product('栾川槲包', '特色食品', 'luanchuan'),
      product('野生连翘茶', '茶叶', 'luanchuan', ['有机']),
    ],
    boothTypeId,
    booths: 1,
    note: '',
  }),
  honey: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '卢氏县崤山蜂业有限公司',
    products: [product('卢氏土蜂蜜', '蜂产品', 'lushi', ['地理标志', '有机'])],
    boothTypeId,
    booths: 1,
    note: '',
  }),
  ai: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '淅川县仲景艾草制品有限公司',
    products: [
      product('艾草艾条', '艾制品', 'xichuan', ['无公害']),
      product('艾草足浴包', '艾制品', 'xichuan'),
    ],
    boothTypeId,
    booths: 1,
    note: '',
  }),
  tea: (boothTypeId: string): ExhibitorApplicationInput => ({
    enterpriseName: '淅川县丹江茶业有限公司',
    products: [product('丹江绿茶', '茶叶', 'xichuan', ['绿色食品'], '库区高山云雾茶，明前采摘。')],
    boothTypeId,
    booths: 1,
    note: '需现场冲泡用电。',
  }),
};

/** Booth rules and applications per demo fair (by its index in demoFairs()). */
export interface DemoFairExhibitors {
  rules: SetBoothRulesBody;
  exhibitors: DemoExhibitor[];
}

const PLANS: Record<number, DemoFairExhibitors> = {
  // The past 朝阳·淅川 fair: its exhibitors were decided before it opened to visitors.
  0: {
    rules: { maxBoothsPerEnterprise: 3, reservedPerCounty: [{ county: 'xichuan', booths: 10 }] },
    exhibitors: [
      {
        user: 'demo-enterprise',
        application: APPLICATIONS.qushou('brand', 1),
        submit: true,
        decision: 'accept',
      },
      { user: 'demo-ent-xichuan-ai', application: APPLICATIONS.ai('std'), submit: true, decision: 'accept' },
      {
        user: 'demo-ent-xichuan-tea',
        application: APPLICATIONS.tea('std'),
        submit: true,
        decision: 'accept',
      },
      { user: 'demo-ent-xixia', application: APPLICATIONS.fungi('std'), submit: true, decision: 'accept' },
      {
        user: 'demo-ent-dengzhou',
        application: APPLICATIONS.rose('std'),
        submit: true,
        decision: 'reject',
        reason: '本届展销周以生鲜与食品为主，花卉苗木请报名春季花卉专场。',
      },
      {
        user: 'demo-ent-lushi',
        application: APPLICATIONS.honey('std'),
        submit: true,
        decision: 'accept',
        withdraw: true,
      },
    ],
  },
  // The upcoming 河南 fair: a call under way, with every state on show.
  1: {
    rules: { maxBoothsPerEnterprise: 4, reservedPerCounty: [], reserveForEveryCounty: 2 },
    exhibitors: [
      {
        user: 'demo-enterprise',
        application: APPLICATIONS.qushou('std', 2),
        submit: true,
        reviewerNote: '去年展销周销量第一，优先安排入口位置。',
        decision: 'accept',
        laterEdit: {
          products: [
            ...APPLICATIONS.qushou('std').products,
            product('丹江口库区有机茶', '茶叶', 'xichuan', ['有机']),
          ],
        },
      },
      { user: 'demo-ent-xixia', application: APPLICATIONS.fungi('fungi'), submit: true, decision: 'accept' },
      {
        user: 'demo-ent-xixia-kiwi',
        application: APPLICATIONS.kiwi('std'),
        submit: true,
        decision: 'accept',
      },
      {
        user: 'demo-ent-neixiang',
        application: APPLICATIONS.herb('std'),
        submit: true,
        reviewerNote: '有机证书将于下月到期，请核实续证情况。',
      },
      {
        user: 'demo-ent-luanchuan',
        application: APPLICATIONS.shan('fungi'),
        submit: true,
        decision: 'waitlist',
      },
      { user: 'demo-ent-lushi', application: APPLICATIONS.honey('table'), submit: true },
      { user: 'demo-ent-dengzhou', application: APPLICATIONS.rose('std'), submit: false },
      {
        user: 'demo-ent-xichuan-ai',
        application: APPLICATIONS.ai('std'),
        submit: true,
        decision: 'reject',
        reason: '艾制品不属于本次推介会的食品与农产品范围。',
      },
      {
        user: 'demo-ent-xichuan-tea',
        application: APPLICATIONS.tea('table'),
        submit: true,
        decision: 'accept',
      },
    ],
  },
};

/** The plan of a demo fair by its title, if it has exhibitors (a draft fair has none). */
export function demoExhibitorsFor(fairTitle: string): DemoFairExhibitors | undefined {
  const index = demoFairs().findIndex((demo) => demo.fair.title === fairTitle);
  return index < 0 ? undefined : PLANS[index];
}

export interface SeedExhibitorsOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  fairId: string;
  fairTitle: string;
  /** A token of the fair's organiser (who reviews). */
  organiserToken: string;
  /** A token of a demo user by username (getToken of @qingshui/testing). */
  tokenOf: (username: string) => Promise<string>;
}

/**
 * Applies the demo enterprises to a demo fair and reviews them, through the API as the demo users.
 * Call it right after the fair's `open-exhibitors` step (applications need the call open). The
 * extra users must exist first: `ensureRealmUsers([...DEMO_EXHIBITOR_USERS])`. Idempotent per
 * enterprise: an application already past its draft is left as it is.
 */
export async function seedDemoExhibitors(
  options: SeedExhibitorsOptions,
): Promise<{ applied: number; accepted: number }> {
  const plan = demoExhibitorsFor(options.fairTitle);
  if (!plan) return { applied: 0, accepted: 0 };
  const base = `${options.gateway}/api/v1/fairs/${options.fairId}`;
  const send = async (token: string, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok && response.status !== 404)
      throw new Error(`${method} ${base}${path}: HTTP ${response.status} ${text}`);
    return { status: response.status, body: text ? (JSON.parse(text) as { status?: string }) : {} };
  };
  const organiser = options.organiserToken;
  await send(organiser, 'PUT', '/booth-rules', plan.rules);
  let applied = 0;
  let accepted = 0;
  for (const demo of plan.exhibitors) {
    const token = await options.tokenOf(demo.user);
    const orgId = ORG_OF[demo.user]!;
    const existing = await send(token, 'GET', `/exhibitors/${orgId}`);
    if (existing.status === 200 && existing.body.status !== 'draft') continue;
    await send(token, 'PUT', `/exhibitors/${orgId}`, demo.application);
    applied += 1;
    if (!demo.submit) continue;
    await send(token, 'POST', `/exhibitors/${orgId}/submit`);
    if (demo.reviewerNote)
      await send(organiser, 'POST', `/exhibitors/${orgId}/notes`, { text: demo.reviewerNote });
    if (demo.decision)
      await send(
        organiser,
        'POST',
        `/exhibitors/${orgId}/${demo.decision}`,
        demo.reason ? { reason: demo.reason } : {},
      );
    if (demo.decision === 'accept') accepted += 1;
    if (demo.laterEdit)
      await send(token, 'PUT', `/exhibitors/${orgId}`, { ...demo.application, ...demo.laterEdit });
    if (demo.withdraw) {
      await send(token, 'POST', `/exhibitors/${orgId}/withdraw`);
      accepted -= 1;
    }
  }
  return { applied, accepted };
}
