import { COUNTY_IDS, BEIJING_DISTRICT_IDS, regionById } from '@qingshui/regions';
import type { CreateExpertInput, ExpertField } from '@qingshui/contracts';
import { mulberry32 } from '../matching/synthetic';

/**
 * A deterministic pool of demo experts in realistic Chinese, drawn from the plan's themes, for
 * `npm run up`. Pure: the same seed gives the same pool, so re-seeding changes nothing.
 */
export interface DemoExpert {
  /** Stable ids: demo profiles have no Keycloak account of their own. */
  id: string;
  userId: string;
  orgId: string;
  profile: CreateExpertInput;
  engagements: { visits: number; challengesSolved: number };
  verified: boolean;
}

const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段钱汤尹黎易常武乔贺赖龚文';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌波宇浩凯婷雪琳晨阳欣悦睿哲思源博远航清泉润泽森林禾穗';

const INSTITUTIONS: { name: string; org: string; region: string; fields: ExpertField[] }[] = [
  {
    name: '北京林业大学',
    org: 'inst-bjfu',
    region: 'haidian',
    fields: ['ecology-water', 'disaster-prevention', 'culture-tourism'],
  },
  {
    name: '中国农业大学',
    org: 'inst-cau',
    region: 'haidian',
    fields: ['agriculture', 'digital', 'industry-upgrade'],
  },
  {
    name: '清华大学',
    org: 'inst-tsinghua',
    region: 'haidian',
    fields: ['new-energy', 'new-materials', 'digital', 'ecology-water'],
  },
  {
    name: '北京大学',
    org: 'inst-pku',
    region: 'haidian',
    fields: ['ecology-water', 'medicine', 'education', 'culture-tourism'],
  },
  { name: '中国科学院生态环境研究中心', org: 'inst-rcees', region: 'haidian', fields: ['ecology-water'] },
  {
    name: '中国水利水电科学研究院',
    org: 'inst-iwhr',
    region: 'haidian',
    fields: ['ecology-water', 'disaster-prevention'],
  },
  { name: '中国农业科学院', org: 'inst-caas', region: 'haidian', fields: ['agriculture', 'tcm'] },
  { name: '北京市农林科学院', org: 'inst-baafs', region: 'haidian', fields: ['agriculture', 'digital'] },
  { name: '北京协和医院', org: 'inst-pumch', region: 'dongcheng', fields: ['medicine'] },
  { name: '北京中医药大学', org: 'inst-bucm', region: 'chaoyang', fields: ['tcm', 'medicine'] },
  { name: '中国中医科学院', org: 'inst-cacms', region: 'dongcheng', fields: ['tcm'] },
  { name: '首都医科大学附属北京天坛医院', org: 'inst-tiantan', region: 'fengtai', fields: ['medicine'] },
  { name: '北京师范大学', org: 'inst-bnu', region: 'haidian', fields: ['education', 'ecology-water'] },
  {
    name: '北京工业大学',
    org: 'inst-bjut',
    region: 'chaoyang',
    fields: ['new-materials', 'industry-upgrade', 'digital'],
  },
  { name: '华北电力大学', org: 'inst-ncepu', region: 'changping', fields: ['new-energy'] },
  {
    name: '中国地质大学（北京）',
    org: 'inst-cugb',
    region: 'haidian',
    fields: ['disaster-prevention', 'new-materials'],
  },
  {
    name: '北京第二外国语学院旅游科学学院',
    org: 'inst-bisu',
    region: 'chaoyang',
    fields: ['culture-tourism'],
  },
  {
    name: '北京联合大学',
    org: 'inst-buu',
    region: 'chaoyang',
    fields: ['culture-tourism', 'education', 'digital'],
  },
  {
    name: '中关村智慧农业产业联盟',
    org: 'ent-zgc-agri',
    region: 'haidian',
    fields: ['agriculture', 'digital'],
  },
  {
    name: '北京首农食品集团',
    org: 'ent-shounong',
    region: 'xicheng',
    fields: ['agriculture', 'industry-upgrade'],
  },
  {
    name: '北京市应急管理科学技术研究院',
    org: 'inst-bjem',
    region: 'tongzhou',
    fields: ['disaster-prevention'],
  },
  {
    name: '北京建筑大学',
    org: 'inst-bucea',
    region: 'xicheng',
    fields: ['new-materials', 'culture-tourism'],
  },
  {
    name: '北京理工大学',
    org: 'inst-bit',
    region: 'fangshan',
    fields: ['new-materials', 'new-energy', 'industry-upgrade'],
  },
  {
    name: '国家林业和草原局林产工业规划设计院',
    org: 'inst-lygh',
    region: 'dongcheng',
    fields: ['ecology-water', 'industry-upgrade'],
  },
];

/** Skills a field's experts bring, named as counties ask for them. */
const SKILLS: Record<ExpertField, string[]> = {
  'ecology-water': [
    '水质监测',
    '面源污染治理',
    '水土保持',
    '湿地生态修复',
    '库区消落带治理',
    '水源涵养林营造',
    '流域生态补偿',
    '污水处理提标改造',
    '河湖长制管理',
    '农村污水治理',
  ],
  agriculture: [
    '软籽石榴栽培',
    '猕猴桃溃疡病防治',
    '香菇菌棒生产',
    '柑橘品种改良',
    '茶园标准化管理',
    '有机肥替代化肥',
    '设施农业',
    '农产品冷链物流',
    '蜂产品质量控制',
    '油橄榄丰产栽培',
  ],
  tcm: [
    '中药材规范化种植',
    '艾草深加工',
    '石斛组培快繁',
    '道地药材质量标准',
    '中医康养',
    '菊花深加工',
    '武当道医养生',
    '中药饮片炮制',
  ],
  medicine: [
    '远程会诊',
    '基层医生培训',
    '慢病管理',
    '县域医共体建设',
    '妇幼保健',
    '急诊急救体系',
    '心血管介入',
    '康复医学',
  ],
  education: ['教师培训', '职业教育专业建设', '智慧课堂', '乡村学校课程改革', '学前教育', '特殊教育'],
  'culture-tourism': [
    '乡村旅游规划',
    '文旅融合',
    '非遗活化利用',
    '生态旅游线路设计',
    '民宿经营管理',
    '研学旅行课程开发',
  ],
  'new-energy': ['分布式光伏', '风电场运维', '储能系统集成', '农村清洁能源', '生物质能利用'],
  'new-materials': ['石墨烯应用', '绿色建材', '新型复合材料', '稀土功能材料'],
  digital: ['农产品电商', '大数据平台建设', '物联网水质监测', '数字乡村', '区块链溯源'],
  'industry-upgrade': [
    '黄酒酿造工艺',
    '食品加工技术改造',
    '中小企业数字化转型',
    '质量管理体系认证',
    '汽车零部件工艺优化',
  ],
  'disaster-prevention': ['地质灾害监测预警', '山洪灾害防治', '森林防火', '应急管理体系', '库岸稳定性评价'],
};

const TITLES = ['教授', '研究员', '副教授', '副研究员', '高级工程师', '教授级高级工程师'];
const CLINICAL_TITLES = ['主任医师', '副主任医师', '主任中医师'];
/** Where a county's own experts work, by field. */
const LOCAL_UNITS: Record<ExpertField, string[]> = {
  'ecology-water': ['生态环境分局', '水利局', '林业局'],
  agriculture: ['农业农村局', '农业技术推广中心', '特产技术服务中心'],
  tcm: ['中医院', '中药材产业发展中心'],
  medicine: ['人民医院', '妇幼保健院', '疾病预防控制中心'],
  education: ['教育局', '职业技术学校', '第一高级中学'],
  'culture-tourism': ['文化和旅游局', '文物保护中心'],
  'new-energy': ['发展和改革局', '能源办'],
  'new-materials': ['产业集聚区管委会', '科技局'],
  digital: ['大数据中心', '电子商务服务中心'],
  'industry-upgrade': ['工业和信息化局', '市场监督管理局'],
  'disaster-prevention': ['应急管理局', '自然资源局'],
};
const HONOURS = [
  '国家科技进步二等奖',
  '国家杰出青年科学基金获得者',
  '全国先进工作者',
  '北京市科技进步一等奖',
  '享受国务院政府特殊津贴专家',
  '全国优秀科技工作者',
];
const LANGUAGES = [['中文'], ['中文', '英语'], ['中文', '英语'], ['中文', '日语'], ['中文', '英语', '德语']];

export function demoExperts(count = 200, seed = 20211): DemoExpert[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pickSome = <T>(items: readonly T[], n: number): T[] => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length > 0)
      out.push(pool.splice(Math.floor(random() * pool.length), 1)[0] as T);
    return out;
  };
  const fields = Object.keys(SKILLS) as ExpertField[];
  const experts: DemoExpert[] = [];
  for (let i = 0; i < count; i += 1) {
    const field = fields[i % fields.length] as ExpertField;
    const second = random() < 0.35 ? pick(fields.filter((f) => f !== field)) : undefined;
    const skills = [
      ...pickSome(SKILLS[field], 3 + Math.floor(random() * 2)),
      ...(second ? pickSome(SKILLS[second], 1) : []),
    ];
    // Most experts come from Beijing; one in five is a local expert of a water-source county.
    const local = random() < 0.2;
    const institution = pick(INSTITUTIONS.filter((inst) => inst.fields.includes(field)));
    const county = pick(COUNTY_IDS);
    const region = local ? county : random() < 0.6 ? institution.region : pick(BEIJING_DISTRICT_IDS);
    const academician = random() < 0.06;
    const name = `${pick([...SURNAMES])}${pick([...GIVEN])}${random() < 0.6 ? pick([...GIVEN]) : ''}`;
    const visitedCounty = regionById(pick(COUNTY_IDS))?.zh ?? '淅川县';
    const localInstitution = `${regionById(county)?.zh ?? ''}${pick(LOCAL_UNITS[field])}`;
    const visits = Math.floor(random() * 8);
    experts.push({
      id: `demo-expert-${String(i + 1).padStart(3, '0')}`,
      userId: `demo-pool-${String(i + 1).padStart(3, '0')}`,
      orgId: local ? `gov-${county}` : institution.org,
      verified: random() < 0.7,
      engagements: { visits, challengesSolved: Math.floor(random() * (visits + 1)) },
      profile: {
        name,
        institution: local ? localInstitution : institution.name,
        title: pick(field === 'medicine' || (field === 'tcm' && random() < 0.5) ? CLINICAL_TITLES : TITLES),
        fields: second ? [field, second] : [field],
        skills,
        bio:
          `${local ? localInstitution : institution.name}${academician ? '院士' : '专家'}，长期从事${skills[0]}与${skills[1]}研究与推广，` +
          `${visits > 0 ? `参加“院士专家库区行”${visits}次，曾赴${visitedCounty}开展现场技术指导。` : '愿为水源区县提供技术咨询。'}`,
        region,
        academician,
        honours: academician
          ? ['中国工程院院士', ...pickSome(HONOURS, 1)]
          : random() < 0.3
            ? pickSome(HONOURS, 1)
            : [],
        languages: pick(LANGUAGES),
        availability:
          random() < 0.6
            ? [
                {
                  from: `2027-0${1 + Math.floor(random() * 6)}-01`,
                  to: `2027-0${7 + Math.floor(random() * 3)}-30`,
                },
              ]
            : [],
        contact: { email: `expert${i + 1}@${institution.org.replace(/^(inst|ent)-/, '')}.example` },
        contactVisibility: pick(['public', 'cadres', 'cadres', 'private'] as const),
        conflictOrgIds: [],
      },
    });
  }
  return experts;
}
