// Deterministic synthetic experts and challenges in realistic Chinese, drawn from the plan's
// themes, for the matching-quality test and the benchmark. Each challenge comes with the experts
// planted to truly fit it; background experts share themes and generic words (distractors).
import { COUNTY_IDS, REGION_IDS, regionById } from '@qingshui/regions';
import type { MatchableChallenge, MatchableExpert } from './types';

/** Seeded PRNG (mulberry32): the same seed gives the same pool on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
function sample<T>(rng: Rng, items: readonly T[], n: number): T[] {
  const copy = [...items];
  const out: T[] = [];
  while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(rng() * copy.length), 1)[0] as T);
  return out;
}

export interface Theme {
  key: string;
  field: string;
  /** Specific skill phrases. */
  skills: readonly string[];
  /** Words a bio in this theme uses. */
  topics: readonly string[];
  /** Problems a county poses, with `{skill}` slots filled from the required skills. */
  problems: readonly string[];
}

export const THEMES: readonly Theme[] = [
  {
    key: 'water-quality',
    field: 'ecology-water',
    skills: [
      '水质监测',
      '面源污染治理',
      '水源地保护',
      '富营养化防治',
      '污水处理工艺',
      '湿地生态修复',
      '入库河流整治',
      '水环境模型',
    ],
    topics: ['丹江口库区水质', '南水北调中线水源区', '总磷总氮削减', '入库支流水质达标', '饮用水源地'],
    problems: [
      '丹江口库区入库支流总磷超标治理',
      '水源区农村生活污水处理与面源污染防控',
      '库区湿地生态修复与水质提升',
    ],
  },
  {
    key: 'soil-water',
    field: 'ecology-water',
    skills: [
      '水土保持',
      '小流域综合治理',
      '石漠化治理',
      '植被恢复',
      '坡耕地改造',
      '生态清洁小流域',
      '土壤侵蚀监测',
    ],
    topics: ['库区水土流失', '丹江口库区水土保持与生态修复', '山区小流域', '消落带治理'],
    problems: ['丹江口库区水土保持与生态修复研究', '生态清洁小流域建设方案', '坡耕地水土流失综合治理'],
  },
  {
    key: 'pomegranate',
    field: 'agriculture',
    skills: [
      '软籽石榴栽培',
      '石榴病虫害防治',
      '果树整形修剪',
      '石榴深加工',
      '水肥一体化',
      '果园标准化管理',
      '石榴品种选育',
    ],
    topics: ['软籽石榴', '突尼斯软籽石榴', '石榴裂果', '石榴酒与石榴汁', '果园提质增效'],
    problems: ['软籽石榴裂果与病虫害综合防控', '软籽石榴深加工产品开发', '石榴园水肥一体化改造'],
  },
  {
    key: 'shiitake',
    field: 'agriculture',
    skills: ['香菇栽培', '菌棒工厂化生产', '食用菌育种', '香菇烘干加工', '菌渣资源化利用', '食用菌病害防治'],
    topics: ['西峡香菇', '香菇菌棒', '袋料香菇', '食用菌产业链', '香菇出口'],
    problems: ['香菇菌棒工厂化生产线升级', '香菇烘干加工能耗与品质提升', '菌渣资源化利用技术攻关'],
  },
  {
    key: 'tea',
    field: 'agriculture',
    skills: [
      '茶树栽培',
      '绿茶加工工艺',
      '茶叶品牌营销',
      '有机茶园管理',
      '茶叶质量检测',
      '茶树病虫害绿色防控',
    ],
    topics: ['高山绿茶', '茶叶', '富硒茶', '茶旅融合', '名优茶'],
    problems: ['高山绿茶加工工艺标准化', '有机茶园建设与茶叶品牌打造', '茶树病虫害绿色防控技术'],
  },
  {
    key: 'citrus',
    field: 'agriculture',
    skills: [
      '柑橘栽培',
      '柑橘黄龙病防控',
      '柑橘品种改良',
      '柑橘储运保鲜',
      '果园机械化',
      '柑橘采后商品化处理',
    ],
    topics: ['柑橘', '脐橙', '柑桔产业', '果品冷链'],
    problems: ['柑橘黄龙病综合防控', '柑橘储运保鲜与采后商品化处理', '柑橘品种改良与果园机械化'],
  },
  {
    key: 'tcm',
    field: 'tcm',
    skills: ['中药材种植', '道地药材鉴定', '中药炮制', '中医康养', '艾草加工', '石斛栽培', '中药材质量标准'],
    topics: ['道地药材', '艾草', '石斛', '中医药产业', '中药饮片'],
    problems: ['道地中药材规范化种植基地建设', '艾草精深加工产品开发', '石斛仿野生栽培与质量标准'],
  },
  {
    key: 'tourism',
    field: 'culture-tourism',
    skills: ['乡村旅游规划', '文旅融合', '景区运营管理', '民宿设计', '非遗保护与开发', '旅游市场营销'],
    topics: ['乡村旅游', '文化旅游', '渠首文化', '红色旅游', '研学旅行'],
    problems: ['渠首文化旅游线路规划', '乡村民宿集群设计与运营', '非遗保护与文旅融合开发'],
  },
  {
    key: 'medicine',
    field: 'medicine',
    skills: ['远程医疗', '县域医共体建设', '心血管疾病诊治', '基层医生培训', '医院管理', '慢病管理'],
    topics: ['县医院', '基层医疗', '医联体', '分级诊疗', '公共卫生'],
    problems: ['县域医共体建设与远程医疗平台', '基层医生心血管疾病诊治培训', '县医院管理能力提升'],
  },
  {
    key: 'education',
    field: 'education',
    skills: ['职业教育', '教师培训', '课程改革', '学前教育', '智慧教育平台', '职业技能培训'],
    topics: ['职业院校', '乡村教师', '义务教育', '产教融合'],
    problems: ['职业院校产教融合与专业建设', '乡村教师培训体系建设', '智慧教育平台建设'],
  },
  {
    key: 'energy',
    field: 'new-energy',
    skills: ['光伏发电', '风力发电', '储能技术', '分布式能源', '氢能利用', '微电网设计'],
    topics: ['新能源', '光伏', '风电', '清洁能源', '碳达峰'],
    problems: ['农光互补光伏电站设计', '山区风电场选址与并网', '分布式储能与微电网示范'],
  },
  {
    key: 'digital',
    field: 'digital',
    skills: ['农产品电子商务', '大数据平台', '物联网监测', '智慧农业', '区块链溯源', '直播带货运营'],
    topics: ['数字乡村', '电商', '物联网', '农产品上行', '数据中心'],
    problems: ['农产品区块链溯源平台建设', '数字乡村大数据平台', '农产品电商直播带货体系'],
  },
  {
    key: 'disaster',
    field: 'disaster-prevention',
    skills: ['地质灾害防治', '滑坡监测预警', '防汛抗旱', '应急管理', '库岸稳定性评价'],
    topics: ['地质灾害', '库区滑坡', '山洪', '应急预案'],
    problems: ['库区滑坡监测预警系统建设', '山洪地质灾害防治与应急管理', '库岸稳定性评价与治理'],
  },
  {
    key: 'industry',
    field: 'industry-upgrade',
    skills: ['绿色制造', '冶金工艺改造', '汽车零部件制造', '新材料研发', '节能降耗', '智能制造'],
    topics: ['传统产业转型升级', '制造业', '工业园区', '清洁生产'],
    problems: ['传统冶金企业节能降耗改造', '汽车零部件智能制造升级', '工业园区绿色制造体系'],
  },
];

const GENERIC_SKILLS = ['项目管理', '技术推广', '科研管理', '产业规划', '标准制定', '人才培养'];
const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬斌宇浩凯健俊帆帅旭宁龙林欣博文峰鹏辉晨瑞嘉佳琳雪婷慧颖';
const SURNAME_LIST = [...SURNAMES];
const GIVEN_LIST = [...GIVEN];
const TITLES = [
  '研究员',
  '教授',
  '副教授',
  '高级工程师',
  '主任医师',
  '副研究员',
  '高级农艺师',
  '正高级工程师',
  '特级教师',
];
const INSTITUTIONS = [
  '中国科学院水生生物研究所',
  '中国农业大学',
  '北京林业大学',
  '中国农业科学院',
  '北京师范大学',
  '清华大学',
  '华中农业大学',
  '武汉大学',
  '河南农业大学',
  '北京中医药大学',
  '首都医科大学附属北京朝阳医院',
  '北京工业大学',
  '中国水利水电科学研究院',
  '长江水利委员会长江科学院',
  '湖北省农业科学院',
  '河南省科学院',
  '北京市农林科学院',
  '中国地质大学（武汉）',
  '华北电力大学',
  '北京交通大学',
];
const GENERIC_BIO = [
  '主持国家重点研发计划项目多项',
  '发表学术论文五十余篇',
  '获省部级科技进步奖',
  '长期在基层开展技术推广',
  '参与院士专家库区行活动',
  '服务地方产业发展',
  '指导企业解决技术难题',
  '培养研究生三十余名',
];

export const SYNTHETIC_AS_OF = '2026-06-01';
const AS_OF_DAY = Math.floor(Date.parse(SYNTHETIC_AS_OF) / 86_400_000);
const isoDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function name(rng: Rng): string {
  return pick(rng, SURNAME_LIST) + pick(rng, GIVEN_LIST) + (rng() < 0.6 ? pick(rng, GIVEN_LIST) : '');
}

function availability(rng: Rng): { from: string; to: string }[] {
  const r = rng();
  if (r < 0.35) return [];
  const start = AS_OF_DAY + Math.floor(rng() * 200) - 30;
  return [{ from: isoDay(start), to: isoDay(start + 7 + Math.floor(rng() * 40)) }];
}

function bio(rng: Rng, theme: Theme, skills: readonly string[]): string {
  const topic = pick(rng, theme.topics);
  const parts = [
    `长期从事${topic}研究`,
    `擅长${skills.slice(0, 2).join('、')}`,
    pick(rng, GENERIC_BIO),
    pick(rng, GENERIC_BIO),
  ];
  return parts.join('，') + '。';
}

/** One background expert: a theme, some of its skills, generic skills and words. */
export function backgroundExpert(rng: Rng, index: number): MatchableExpert {
  const theme = pick(rng, THEMES);
  const other = pick(rng, THEMES);
  const skills = [
    ...sample(rng, theme.skills, 1 + Math.floor(rng() * 2)),
    ...(rng() < 0.4 ? sample(rng, other.skills, 1) : []),
    ...sample(rng, GENERIC_SKILLS, 1 + Math.floor(rng() * 2)),
  ];
  const fields = [...new Set([theme.field, ...(rng() < 0.2 ? [other.field] : [])])];
  const institution = pick(rng, INSTITUTIONS);
  return {
    id: `exp-${index.toString(36).padStart(6, '0')}`,
    orgId: `org-inst-${Math.floor(rng() * 2000)}`,
    region: pick(rng, REGION_IDS),
    fields,
    skills: [...new Set(skills)],
    text: [name(rng), pick(rng, TITLES), institution, bio(rng, theme, skills)].join(' '),
    academician: rng() < 0.03,
    verified: rng() < 0.5,
    availability: availability(rng),
    trackRecord: { challengesSolved: Math.floor(rng() * rng() * 10), visits: Math.floor(rng() * 8) },
    ...(rng() < 0.01 ? { conflictOrgIds: [`org-ent-${Math.floor(rng() * 300)}`] } : {}),
  };
}

export interface SyntheticChallenge {
  challenge: MatchableChallenge;
  theme: Theme;
}

export function syntheticChallenge(rng: Rng, index: number): SyntheticChallenge {
  const theme = THEMES[index % THEMES.length] as Theme;
  const county = pick(rng, COUNTY_IDS);
  const required = sample(rng, theme.skills, 3);
  const problem = pick(rng, theme.problems);
  const countyZh = regionById(county)?.zh ?? '';
  return {
    theme,
    challenge: {
      id: `ch-${index.toString().padStart(4, '0')}`,
      posterOrgId: `org-ent-${Math.floor(rng() * 300)}`,
      county,
      field: theme.field,
      requiredSkills: required,
      text: `${countyZh}${problem}：围绕${pick(rng, theme.topics)}，需要在${required.join('、')}方面提供技术方案并开展示范推广`,
      deadline: isoDay(AS_OF_DAY + 30 + Math.floor(rng() * 90)),
      status: 'published',
    },
  };
}

/**
 * Experts who truly fit a challenge: its required skills (some as a near phrase, e.g. a longer
 * variant), its field, a bio on its topic; otherwise as varied as the background.
 */
export function plantedExpert(
  rng: Rng,
  { challenge, theme }: SyntheticChallenge,
  index: number,
): MatchableExpert {
  const base = backgroundExpert(rng, index);
  const skills = challenge.requiredSkills.map((s) =>
    rng() < 0.2 ? `${pick(rng, ['县域', '库区', '山区'])}${s}` : s,
  );
  const extra = sample(
    rng,
    theme.skills.filter((s) => !challenge.requiredSkills.includes(s)),
    Math.floor(rng() * 2),
  );
  return {
    ...base,
    id: `exp-p${index.toString(36).padStart(6, '0')}`,
    fields: [theme.field],
    skills: [...new Set([...skills, ...extra])],
    text: [name(rng), pick(rng, TITLES), pick(rng, INSTITUTIONS), bio(rng, theme, skills)].join(' '),
  };
}

export interface Scenario {
  experts: MatchableExpert[];
  challenges: MatchableChallenge[];
  /**
   * Challenge id → the experts that truly fit it: in its field and holding every required skill
   * (the phrase itself or a longer variant containing it). That is the 10 planted for it, plus
   * any other expert that happens to qualify (planted for a sibling challenge of the same theme
   * whose skills also cover this one, say). Decided by substring containment, independently of
   * the engine's tokenisation.
   */
  relevant: Map<string, Set<string>>;
  asOf: string;
}

export function trulyFits(expert: MatchableExpert, challenge: MatchableChallenge): boolean {
  return (
    expert.fields.includes(challenge.field) &&
    challenge.requiredSkills.every((req) => expert.skills.some((s) => s.includes(req)))
  );
}

export function generateScenario(options: {
  seed: number;
  background: number;
  challenges: number;
  plantedPerChallenge: number;
}): Scenario {
  const rng = mulberry32(options.seed);
  const experts: MatchableExpert[] = [];
  for (let i = 0; i < options.background; i++) experts.push(backgroundExpert(rng, i));
  const challenges: MatchableChallenge[] = [];
  const seen = new Set<string>();
  let planted = 0;
  for (let c = 0; challenges.length < options.challenges; c++) {
    const synthetic = syntheticChallenge(rng, challenges.length);
    const key = [...synthetic.challenge.requiredSkills].sort().join('|');
    if (seen.has(key) && c < options.challenges * 20) continue; // distinct required-skill sets
    seen.add(key);
    challenges.push(synthetic.challenge);
    for (let p = 0; p < options.plantedPerChallenge; p++) {
      const expert = plantedExpert(rng, synthetic, planted++);
      // A planted expert never belongs to the poster (that would exclude it).
      if (expert.orgId === synthetic.challenge.posterOrgId) delete expert.orgId;
      delete expert.conflictOrgIds;
      experts.push(expert);
    }
  }
  const relevant = new Map<string, Set<string>>();
  for (const challenge of challenges) {
    relevant.set(challenge.id, new Set(experts.filter((e) => trulyFits(e, challenge)).map((e) => e.id)));
  }
  return { experts, challenges, relevant, asOf: SYNTHETIC_AS_OF };
}
