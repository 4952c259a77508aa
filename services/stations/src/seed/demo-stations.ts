import type { CreateSlotInput, CreateStationInput, CreateTourInput } from '@qingshui/contracts';

// Demo workstations, residency slots and visit tours for `npm run up`: real counties, realistic
// hosts and fields. Dates are relative to the day the demo starts.

const DAY = 86_400_000;
/** 09:00 Beijing time (01:00 UTC), `days` from today. */
export function beijingMorning(days: number, now = new Date()): string {
  const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1));
  return new Date(date.getTime() + days * DAY).toISOString();
}
/** 17:00 Beijing time (09:00 UTC), `days` from today. */
export function beijingEvening(days: number, now = new Date()): string {
  return new Date(Date.parse(beijingMorning(days, now)) + 8 * 3600_000).toISOString();
}

export interface DemoStation {
  /** The demo user who creates it: the county's cadre, or the admin elsewhere. */
  createdBy: 'demo-cadre-county' | 'demo-admin';
  station: CreateStationInput;
  /** Slots as [first day, last day, seats, needs approval]. */
  slots: [number, number, number, boolean][];
}

export const DEMO_STATIONS: DemoStation[] = [
  {
    createdBy: 'demo-cadre-county',
    station: {
      name: '淅川县渠首生态院士专家工作站',
      county: 'xichuan',
      hostOrgId: 'gov-xichuan',
      fields: ['ecology-water', 'agriculture'],
      address: '河南省南阳市淅川县九重镇陶岔村渠首管理处旁',
      cadreUserIds: [],
    },
    slots: [
      [7, 11, 6, false],
      [21, 25, 6, true],
      [35, 39, 4, false],
    ],
  },
  {
    createdBy: 'demo-admin',
    station: {
      name: '郧阳区人民医院专家工作站',
      county: 'yunyang',
      hostOrgId: 'hosp-yunyang',
      fields: ['medicine', 'education'],
      address: '湖北省十堰市郧阳区城关镇沿江大道',
      cadreUserIds: [],
    },
    slots: [
      [10, 14, 3, true],
      [24, 28, 3, true],
    ],
  },
  {
    createdBy: 'demo-admin',
    station: {
      name: '丹江口市柑橘产业院士工作站',
      county: 'danjiangkou',
      hostOrgId: 'ent-danjiangkou-citrus',
      fields: ['agriculture', 'industry-upgrade'],
      address: '湖北省十堰市丹江口市习家店镇柑橘产业园',
      cadreUserIds: [],
    },
    slots: [[14, 18, 5, false]],
  },
  {
    createdBy: 'demo-admin',
    station: {
      name: '西峡县香菇产业专家工作站',
      county: 'xixia',
      hostOrgId: 'ent-xixia-mushroom',
      fields: ['agriculture', 'industry-upgrade'],
      address: '河南省南阳市西峡县双龙镇香菇交易市场',
      cadreUserIds: [],
    },
    slots: [[12, 15, 4, false]],
  },
];

type SlotBody = Omit<
  CreateSlotInput,
  'offerTtlSeconds' | 'approvalTtlSeconds' | 'reminderLeadSeconds' | 'noShowGraceSeconds' | 'approvalRequired'
> & { approvalRequired: boolean };

export function demoSlot(
  [first, last, seats, approval]: [number, number, number, boolean],
  now = new Date(),
): SlotBody {
  return {
    start: beijingMorning(first, now),
    end: beijingEvening(last, now),
    capacity: seats,
    approvalRequired: approval,
    // One institute may not take more than half the seats.
    maxPerOrg: Math.max(1, Math.floor(seats / 2)),
  };
}

export function demoTours(
  now = new Date(),
): Omit<
  CreateTourInput,
  'offerTtlSeconds' | 'approvalTtlSeconds' | 'reminderLeadSeconds' | 'noShowGraceSeconds' | 'cadreUserIds'
>[] {
  return [
    {
      title: '2026年院士专家库区行·水源涵养与生态修复专场',
      description: '沿丹江口水库南北两岸考察水源涵养林、石漠化治理与入库河流综合治理，现场对接县区技术需求。',
      organiserOrgId: 'bj-coop-office',
      stops: [
        {
          county: 'xichuan',
          place: '淅川县九重镇水源涵养林基地',
          start: beijingMorning(30, now),
          end: beijingEvening(30, now),
        },
        {
          county: 'danjiangkou',
          place: '丹江口市官山河流域治理工程',
          start: beijingMorning(31, now),
          end: beijingEvening(31, now),
        },
        {
          county: 'yunyang',
          place: '郧阳区石漠化综合治理示范区',
          start: beijingMorning(32, now),
          end: beijingEvening(32, now),
        },
      ],
      capacity: 20,
      approvalRequired: false,
      maxPerOrg: 4,
      eligibility: { verifiedOnly: false, fields: ['ecology-water', 'agriculture'] },
    },
    {
      title: '2026年院士专家库区行·医疗卫生帮扶专场',
      description: '北京医疗专家赴郧阳、竹山开展义诊、疑难病例会诊与基层医生培训。',
      organiserOrgId: 'bj-coop-office',
      stops: [
        {
          county: 'yunyang',
          place: '郧阳区人民医院',
          start: beijingMorning(40, now),
          end: beijingEvening(40, now),
        },
        {
          county: 'zhushan',
          place: '竹山县人民医院',
          start: beijingMorning(41, now),
          end: beijingEvening(42, now),
        },
      ],
      capacity: 12,
      approvalRequired: true,
      maxPerOrg: 3,
      eligibility: { verifiedOnly: true, fields: ['medicine'] },
    },
  ];
}
