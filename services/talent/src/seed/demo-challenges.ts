import type { ExpertField } from '@qingshui/contracts';

/**
 * Thirty challenges (揭榜挂帅) across the 16 water-source counties, drawn from the plan's themes,
 * for `npm run up`. Posted through the API as the demo enterprise, or as the Xichuan county cadre
 * for Xichuan's own; most are published, a few stay drafts.
 */
export interface DemoChallenge {
  postedBy: 'demo-enterprise' | 'demo-cadre-county';
  publish: boolean;
  body: {
    title: string;
    publicSummary: string;
    confidentialDetails: string;
    field: ExpertField;
    requiredSkills: string[];
    county: string;
    reward: { amountYuan?: number; budgetNote?: string };
    /** Months from now; the seed turns it into a date so the demo never holds past deadlines. */
    deadlineInMonths: number;
    terms: { ip: 'poster' | 'expert' | 'shared' | 'negotiable'; confidentiality: boolean; note?: string };
  };
}

type Row = [
  county: string,
  field: ExpertField,
  title: string,
  summary: string,
  skills: string[],
  amountYuan: number,
  secret: string,
];

const rows: Row[] = [
  [
    'xichuan',
    'agriculture',
    '软籽石榴病虫害绿色防控技术攻关',
    '淅川软籽石榴基地近年干腐病、桃蛀螟危害加重，需建立减药不减效的绿色防控体系并在千亩基地示范。',
    ['软籽石榴栽培', '有机肥替代化肥'],
    800000,
    '附：近三年病虫害发生台账、基地分布图及农药使用记录。',
  ],
  [
    'xichuan',
    'ecology-water',
    '渠首库区面源污染综合治理方案',
    '丹江口水库渠首区域农业面源污染负荷偏高，需提出可量化、可考核的综合治理方案。',
    ['面源污染治理', '水质监测', '水土保持'],
    1500000,
    '附：入库支流水质月报及农业种植结构数据。',
  ],
  [
    'xichuan',
    'digital',
    '“渠首印象”农产品电商与溯源体系建设',
    '为区域公用品牌建设全程溯源与电商直播体系，提升农产品进京销量。',
    ['农产品电商', '区块链溯源'],
    600000,
    '附：品牌企业名录与现有销售数据。',
  ],
  [
    'xichuan',
    'ecology-water',
    '库区水质在线监测物联网升级',
    '现有水质自动站点位不足、数据时效差，需设计物联网监测网络并对接生态环境平台。',
    ['物联网水质监测', '水质监测'],
    900000,
    '附：现有站点清单与数据接口文档。',
  ],
  [
    'xichuan',
    'culture-tourism',
    '渠首研学旅行课程开发',
    '依托南水北调渠首工程开发面向中小学生的研学课程与线路。',
    ['研学旅行课程开发', '生态旅游线路设计'],
    300000,
    '附：景区接待数据。',
  ],
  [
    'xixia',
    'agriculture',
    '香菇菌棒废弃物资源化利用',
    '西峡香菇产业每年产生大量废弃菌棒，需开发肥料化、基质化利用技术与装备。',
    ['香菇菌棒生产', '有机肥替代化肥'],
    700000,
    '附：菌棒废弃量测算与现有处理企业名单。',
  ],
  [
    'xixia',
    'agriculture',
    '猕猴桃溃疡病综合防治',
    '猕猴桃溃疡病在海拔较高果园流行，需筛选抗病品种并提出综合防治技术规程。',
    ['猕猴桃溃疡病防治', '设施农业'],
    650000,
    '附：病害普查数据与果园分布。',
  ],
  [
    'neixiang',
    'tcm',
    '石斛组培快繁与林下仿野生种植',
    '建设石斛组培中心，降低种苗成本，推广林下仿野生种植模式。',
    ['石斛组培快繁', '中药材规范化种植'],
    900000,
    '附：基地土壤与气候资料。',
  ],
  [
    'neixiang',
    'tcm',
    '菊花深加工产品开发',
    '开发菊花茶饮、提取物等高附加值产品，延长产业链。',
    ['菊花深加工', '食品加工技术改造'],
    500000,
    '附：企业现有工艺流程。',
  ],
  [
    'dengzhou',
    'medicine',
    '县域医共体远程会诊平台建设',
    '建设覆盖乡镇卫生院的远程会诊与影像诊断平台，提升基层首诊能力。',
    ['远程会诊', '县域医共体建设'],
    1200000,
    '附：医共体成员单位信息化现状。',
  ],
  [
    'dengzhou',
    'new-energy',
    '农光互补分布式光伏示范',
    '在设施农业园区建设农光互补示范项目，兼顾发电收益与农业生产。',
    ['分布式光伏', '设施农业'],
    2000000,
    '附：园区用地与电网接入条件。',
  ],
  [
    'luanchuan',
    'culture-tourism',
    '“栾川印象”乡村民宿集群规划',
    '规划建设特色民宿集群，提升乡村旅游接待品质和淡季客流。',
    ['民宿经营管理', '乡村旅游规划'],
    400000,
    '附：现有民宿名录与客流数据。',
  ],
  [
    'lushi',
    'digital',
    '卢氏蜂蜜质量追溯体系',
    '建立从蜂场到餐桌的蜂蜜质量追溯体系，支撑品牌溢价。',
    ['蜂产品质量控制', '区块链溯源'],
    450000,
    '附：合作社名录与检测报告。',
  ],
  [
    'lushi',
    'tcm',
    '道地中药材规范化种植基地',
    '建设连翘、丹参等道地药材规范化种植基地并制定质量标准。',
    ['中药材规范化种植', '道地药材质量标准'],
    800000,
    '附：种植面积与产量数据。',
  ],
  [
    'danjiangkou',
    'agriculture',
    '柑橘采后保鲜与冷链物流',
    '降低柑橘采后损耗，建设产地预冷与冷链物流体系。',
    ['柑橘品种改良', '农产品冷链物流'],
    750000,
    '附：主产乡镇产量与损耗调查。',
  ],
  [
    'danjiangkou',
    'ecology-water',
    '丹江口库区消落带生态修复',
    '筛选适生植物，开展库区消落带生态修复示范。',
    ['库区消落带治理', '湿地生态修复'],
    1300000,
    '附：消落带分布与高程数据。',
  ],
  [
    'yunyang',
    'education',
    '职业教育专业建设与师资培训',
    '对接本地汽车和食品产业，建设骨干专业并培训专业教师。',
    ['职业教育专业建设', '教师培训'],
    350000,
    '附：学校专业设置与毕业生去向。',
  ],
  [
    'yunyang',
    'ecology-water',
    '农村生活污水治理模式优化',
    '山区分散村落污水收集难，需提出低成本、易运维的治理模式。',
    ['农村污水治理', '污水处理提标改造'],
    900000,
    '附：已建设施运行情况评估。',
  ],
  [
    'zhangwan',
    'industry-upgrade',
    '汽车零部件生产工艺优化',
    '提升关键零部件良品率与生产节拍，推进智能化改造。',
    ['汽车零部件工艺优化', '中小企业数字化转型'],
    1000000,
    '附：产线参数与质量数据（需保密）。',
  ],
  [
    'maojian',
    'new-materials',
    '绿色建材产业化技术',
    '利用工业固废生产绿色建材，形成可复制的产业化路线。',
    ['绿色建材', '新型复合材料'],
    1100000,
    '附：固废成分检测报告。',
  ],
  [
    'yunxi',
    'agriculture',
    '油橄榄丰产栽培与品质提升',
    '油橄榄结果率偏低，需提出丰产栽培和榨油品质提升方案。',
    ['油橄榄丰产栽培', '设施农业'],
    500000,
    '附：园区管理记录。',
  ],
  [
    'yunxi',
    'ecology-water',
    '天河流域生态补偿机制研究',
    '研究流域上下游生态补偿标准与考核办法。',
    ['流域生态补偿', '河湖长制管理'],
    600000,
    '附：断面水质考核数据。',
  ],
  [
    'wudangshan',
    'tcm',
    '武当道医养生产品研发',
    '挖掘武当道医养生文化，开发康养产品与服务标准。',
    ['武当道医养生', '中医康养'],
    700000,
    '附：现有产品与资质。',
  ],
  [
    'wudangshan',
    'culture-tourism',
    '武当山文旅融合与非遗活化',
    '推动武当武术、道教音乐等非遗与旅游产品深度融合。',
    ['非遗活化利用', '文旅融合'],
    550000,
    '附：非遗项目清单。',
  ],
  [
    'fangxian',
    'industry-upgrade',
    '房县黄酒酿造工艺升级与质量标准',
    '稳定黄酒品质、缩短发酵周期，制定团体标准。',
    ['黄酒酿造工艺', '质量管理体系认证'],
    800000,
    '附：企业工艺参数（需保密）。',
  ],
  [
    'zhushan',
    'disaster-prevention',
    '山洪地质灾害监测预警系统',
    '建设覆盖重点村镇的山洪与地质灾害监测预警系统。',
    ['地质灾害监测预警', '山洪灾害防治'],
    1400000,
    '附：隐患点台账。',
  ],
  [
    'zhuxi',
    'agriculture',
    '竹溪贡茶标准化加工与品牌提升',
    '统一加工标准，提升茶叶品质与品牌影响力。',
    ['茶园标准化管理', '食品加工技术改造'],
    600000,
    '附：茶企名录与加工设备情况。',
  ],
  [
    'zhuxi',
    'medicine',
    '基层医生能力提升培训项目',
    '为乡村医生开展常见病、慢病管理规范化培训。',
    ['基层医生培训', '慢病管理'],
    300000,
    '附：乡村医生名册。',
  ],
  [
    'shennongjia',
    'disaster-prevention',
    '林区森林防火智能监测',
    '利用视频与物联网技术建设森林火情智能监测体系。',
    ['森林防火', '物联网水质监测'],
    1200000,
    '附：林区重点防火区域图。',
  ],
  [
    'shennongjia',
    'culture-tourism',
    '神农架生态旅游线路与智慧景区',
    '设计生态旅游精品线路，建设智慧景区票务与客流管理。',
    ['生态旅游线路设计', '大数据平台建设'],
    900000,
    '附：景区客流数据。',
  ],
];

export function demoChallenges(): DemoChallenge[] {
  return rows.map(([county, field, title, summary, skills, amountYuan, secret], i) => ({
    // Xichuan's county cadre posts the county's own challenges; the demo enterprise the others.
    postedBy: county === 'xichuan' && i % 2 === 1 ? 'demo-cadre-county' : 'demo-enterprise',
    publish: i % 6 !== 5,
    body: {
      title,
      publicSummary: summary,
      confidentialDetails: secret,
      field,
      requiredSkills: skills,
      county,
      reward: { amountYuan, budgetNote: '分阶段拨付，验收合格后支付尾款' },
      deadlineInMonths: 2 + (i % 5),
      terms: {
        ip: (['shared', 'poster', 'negotiable'] as const)[i % 3] ?? 'shared',
        confidentiality: i % 4 === 0,
        ...(i % 4 === 0 ? { note: '揭榜前须签署保密承诺，详细资料仅向揭榜专家提供。' } : {}),
      },
    },
  }));
}
