import type { RegisterBody, TicketTypeInput } from '@qingshui/contracts';
import { demoFairs } from './demo-fairs';

// Demo ticket types of the demo fairs and some registrations: Beijing visitors, buyers of
// supermarkets and community group-buying, a press pass, a delegation of five, a buyer awaiting
// approval and one approved, a cancellation. All through the API as the people themselves.

/** A visitor or buyer account the demo realm lacks (`ensureRealmUsers` of @qingshui/testing takes these; password `demo`). */
export interface DemoVisitorUser {
  username: string;
  role: 'enterprise' | 'expert';
  org: string;
  region: string;
  name: string;
}

export const DEMO_VISITOR_USERS: readonly DemoVisitorUser[] = [
  {
    username: 'demo-buyer-xinfadi',
    role: 'enterprise',
    org: 'bj-xinfadi-market',
    region: 'fengtai',
    name: '新发地采购部',
  },
  {
    username: 'demo-buyer-wumart',
    role: 'enterprise',
    org: 'bj-wumart',
    region: 'haidian',
    name: '物美生鲜采购',
  },
  {
    username: 'demo-buyer-community',
    role: 'enterprise',
    org: 'bj-chaoyang-tuangou',
    region: 'chaoyang',
    name: '朝阳社区团购',
  },
  {
    username: 'demo-press-bjnews',
    role: 'expert',
    org: 'bj-news',
    region: 'dongcheng',
    name: '北京日报记者',
  },
  { username: 'demo-visitor-wang', role: 'expert', org: 'bj-residents', region: 'chaoyang', name: '王女士' },
];

const buyer = (name: string, title: string, phone: string) => ({ name, title, phone });

/** Ticket types by fair title: visitors by day, trade buyers approved by the organiser, press. */
export function demoTicketTypesFor(fairTitle: string): TicketTypeInput[] | undefined {
  const fair = demoFairs().find((f) => f.fair.title === fairTitle);
  if (!fair) return undefined;
  const big = fair.fair.boothTypes.reduce((n, b) => n + b.count, 0) > 60;
  return [
    {
      id: 'public',
      name: '普通观众',
      kind: 'public',
      description: '凭二维码入场，每人最多为家人代报 4 人。',
      quotaPerDay: big ? 2000 : 800,
      perPersonLimit: 4,
      windows: [
        {
          id: 'am',
          name: '上午场',
          startsAt: fair.fair.days[0]!.opensAt,
          endsAt: '12:00',
          quota: big ? 1200 : 500,
        },
        {
          id: 'pm',
          name: '下午场',
          startsAt: '13:00',
          endsAt: fair.fair.days[0]!.closesAt,
          quota: big ? 1200 : 500,
        },
      ],
    },
    {
      id: 'trade',
      name: '专业采购商',
      kind: 'trade',
      description: '商超、批发市场、社区团购与餐饮企业采购人员，需主办方审核；可组团报名。',
      quotaPerDay: big ? 300 : 120,
      perPersonLimit: 6,
      orgCap: 10,
      askLeadConsent: true,
    },
    {
      id: 'press',
      name: '媒体',
      kind: 'press',
      description: '新闻媒体记者，凭记者证入场。',
      quotaPerDay: 30,
      perPersonLimit: 2,
    },
  ];
}

export interface DemoRegistration {
  user: string;
  body: RegisterBody;
  approve?: boolean;
  cancel?: boolean;
}

/** The registrations of a fair (days are the fair's first ones). */
export function demoRegistrationsFor(fairTitle: string): DemoRegistration[] {
  const fair = demoFairs().find((f) => f.fair.title === fairTitle);
  if (!fair) return [];
  const [first, second] = fair.fair.days.map((d) => d.date);
  const both = second ? [first!, second] : [first!];
  return [
    {
      user: 'demo-buyer-xinfadi',
      approve: true,
      body: {
        typeId: 'trade',
        days: both,
        size: 5,
        name: '张建国',
        members: [
          { name: '李明', organisation: '新发地农产品批发市场' },
          { name: '赵雪', organisation: '新发地农产品批发市场' },
          { name: '孙磊', organisation: '新发地农产品批发市场' },
        ],
        company: buyer('北京新发地农产品批发市场', '果品采购部经理', '010-6728 8888'),
        leadConsent: true,
      },
    },
    {
      user: 'demo-buyer-wumart',
      body: {
        typeId: 'trade',
        days: [first!],
        size: 2,
        name: '陈静',
        members: [{ name: '周涛', organisation: '物美科技集团' }],
        company: buyer('物美科技集团有限公司', '生鲜品类采购', '13901234567'),
        leadConsent: true,
      },
    },
    {
      user: 'demo-buyer-community',
      approve: true,
      body: {
        typeId: 'trade',
        days: [first!],
        size: 1,
        name: '刘芳',
        members: [],
        company: buyer('朝阳区社区团购联合会', '选品负责人', '13811112222'),
        leadConsent: false,
      },
    },
    {
      user: 'demo-press-bjnews',
      body: {
        typeId: 'press',
        days: [first!],
        size: 2,
        name: '郝记者',
        members: [{ name: '摄影 韩冰', organisation: '北京日报' }],
        company: buyer('北京日报', '记者', '010-8500 1234'),
        leadConsent: false,
      },
    },
    {
      user: 'demo-visitor-wang',
      body: {
        typeId: 'public',
        days: [first!],
        windowId: 'am',
        size: 3,
        name: '王丽',
        members: [],
        leadConsent: false,
      },
    },
    {
      user: 'demo-expert',
      body: { typeId: 'public', days: both, windowId: 'pm', size: 1, members: [], leadConsent: false },
    },
    {
      user: 'demo-expert2',
      cancel: true,
      body: { typeId: 'public', days: [first!], windowId: 'am', size: 2, members: [], leadConsent: false },
    },
  ];
}

export interface SeedRegistrationsOptions {
  /** The gateway's base URL, e.g. http://127.0.0.1:3000. */
  gateway: string;
  fairId: string;
  fairTitle: string;
  /** A token of the fair's organiser (its cadre, or an admin for the office's fairs). */
  organiserToken: string;
  /** A token of a demo user by username (DEMO_VISITOR_USERS, demo-expert, demo-expert2). */
  tokenOf: (username: string) => Promise<string>;
}

/**
 * Sets the demo ticket types of a fair (unless it has some) and, while it is open for visitors or
 * running, registers the demo people, approves the buyers meant to be approved and cancels one.
 * Idempotent: call it after the fair is created and again once it reaches `visitors-open`
 * (before `start`, so that a past fair has its history); a person registered already is skipped.
 */
export async function seedDemoRegistrations(
  options: SeedRegistrationsOptions,
): Promise<{ types: number; registered: number }> {
  const types = demoTicketTypesFor(options.fairTitle);
  if (!types) return { types: 0, registered: 0 };
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
    return {
      status: response.status,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  };
  const organiser = options.organiserToken;
  const fair = await send(organiser, 'GET', '');
  const current = await send(organiser, 'GET', '/ticket-types');
  let setTypes = 0;
  if (
    ((current.body['types'] as unknown[] | undefined) ?? []).length === 0 &&
    !['closed', 'cancelled'].includes(String(fair.body['status']))
  ) {
    await send(organiser, 'PUT', '/ticket-types', { types });
    setTypes = types.length;
  }
  if (!['visitors-open', 'running'].includes(String(fair.body['status'])))
    return { types: setTypes, registered: 0 };
  let registered = 0;
  for (const demo of demoRegistrationsFor(options.fairTitle)) {
    const token = await options.tokenOf(demo.user);
    const existing = await send(token, 'GET', '/registrations/me');
    if (existing.status === 200) continue;
    const created = await send(token, 'POST', '/registrations', demo.body);
    registered += 1;
    const userId = String(created.body['userId']);
    if (demo.approve && created.body['status'] === 'awaiting-approval')
      await send(organiser, 'POST', `/registrations/${userId}/approve`);
    if (demo.cancel) await send(token, 'POST', '/registrations/me/cancel');
  }
  return { types: setTypes, registered };
}
