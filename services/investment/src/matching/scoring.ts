import {
  INVESTMENT_FIELD_NAMES,
  PROJECT_STATUS_NAMES,
  type InvestmentField,
  type MatchExplanation,
  type MatchGap,
  type MatchPart,
  type MatchPartKind,
  type NeedCounties,
  type ProjectStatus,
} from '@qingshui/contracts';
import { arePaired, BEIJING_DISTRICT_IDS, counterpartOf, regionById } from '@qingshui/regions';
import { uniqueTokens } from '@qingshui/text';

// How well a need and a project fit, part by part, with the reason of each part and what is
// missing. Pure: the same inputs and the same `now` give the same explanation (unit-tested in
// scoring.spec.ts). Both directions of matching use it: a need's projects, a project's needs.

/** What scoring reads of a need. */
export interface NeedFacts {
  title: string;
  publicSummary: string;
  fields: readonly InvestmentField[];
  amount: { minYuan: number; maxYuan: number };
  counties: NeedCounties;
  /** The enterprise's region (a Beijing district, for pairing). */
  region: string;
  landMu?: number | undefined;
  energy?: { kwhPerYear?: number | undefined; kw?: number | undefined } | undefined;
  waterM3PerDay?: number | undefined;
  workforce?: number | undefined;
  timeline: { startBy: string; years: number };
}
/** What scoring reads of a project. */
export interface ProjectFacts {
  title: string;
  description: string;
  county: string;
  field: InvestmentField;
  investmentSought: { minYuan: number; maxYuan: number };
  landMu?: number | undefined;
  site: string;
  status: ProjectStatus;
}

/** Each part's share of the score (they add up to 100). */
export const WEIGHTS: Record<MatchPartKind, number> = {
  field: 30,
  amount: 25,
  county: 20,
  pairing: 10,
  timing: 10,
  text: 5,
};

/**
 * Fields that go together: an enterprise of one is often a fit for a project of another of the
 * same group (a solar investor for a wind farm), for half the field's points.
 */
const FIELD_GROUPS: readonly (readonly InvestmentField[])[] = [
  ['solar', 'wind', 'new-energy'],
  ['drinking-water', 'water-treatment', 'environmental-protection'],
  ['tcm', 'biomedicine', 'health-elderly-care'],
  ['agriculture-processing', 'ecological-agriculture', 'consumer-goods'],
  ['cultural-tourism', 'health-elderly-care'],
  ['new-materials', 'high-end-manufacturing'],
  ['digital-economy', 'logistics'],
];
export const areRelatedFields = (a: InvestmentField, b: InvestmentField): boolean =>
  FIELD_GROUPS.some((group) => group.includes(a) && group.includes(b));

/** Months until a project of this status is ready for an investor to start (a rule of thumb). */
export const READY_IN_MONTHS: Record<ProjectStatus, number> = {
  reserve: 18,
  preparation: 6,
  'under-construction': 0,
  done: 0,
};

/** 12,000,000 → 1200万元; 250,000,000 → 2.5亿元. */
export function formatYuan(yuan: number): string {
  const trim = (n: number) => String(Math.round(n * 100) / 100);
  if (yuan >= 100_000_000) return `${trim(yuan / 100_000_000)}亿元`;
  if (yuan >= 10_000) return `${trim(yuan / 10_000)}万元`;
  return `${yuan}元`;
}
const range = ({ minYuan, maxYuan }: { minYuan: number; maxYuan: number }) =>
  minYuan === maxYuan ? formatYuan(minYuan) : `${formatYuan(minYuan)}–${formatYuan(maxYuan)}`;
const fieldName = (field: InvestmentField) => INVESTMENT_FIELD_NAMES[field];
const regionName = (id: string) => regionById(id)?.zh ?? id;

/** Whole months from `now`'s month to a `YYYY-MM` month (negative when it is past). */
export function monthsUntil(yearMonth: string, now: Date): number {
  const [year, month] = yearMonth.split('-').map(Number) as [number, number];
  return year * 12 + month - (now.getUTCFullYear() * 12 + now.getUTCMonth() + 1);
}

const part = (kind: MatchPartKind, score: number, code: string, note: string): MatchPart => {
  const bounded = Math.max(0, Math.min(1, score));
  return {
    part: kind,
    score: Math.round(bounded * 1000) / 1000,
    weight: WEIGHTS[kind],
    points: Math.round(bounded * WEIGHTS[kind] * 10) / 10,
    code,
    note,
  };
};

function fieldPart(need: NeedFacts, project: ProjectFacts, missing: MatchGap[]): MatchPart {
  if (need.fields.includes(project.field))
    return part('field', 1, 'field.exact', `项目领域「${fieldName(project.field)}」在需求所列领域之中`);
  const related = need.fields.find((field) => areRelatedFields(field, project.field));
  if (related)
    return part(
      'field',
      0.5,
      'field.related',
      `项目领域「${fieldName(project.field)}」与需求领域「${fieldName(related)}」相近`,
    );
  missing.push({
    code: 'field.mismatch',
    note: `项目领域「${fieldName(project.field)}」不在需求所列领域（${need.fields.map(fieldName).join('、')}）中`,
  });
  return part('field', 0, 'field.none', `项目领域「${fieldName(project.field)}」与需求领域不符`);
}

/** Overlap of the need's range with the project's sought amount; outside it, how close it comes. */
function amountPart(need: NeedFacts, project: ProjectFacts, missing: MatchGap[]): MatchPart {
  const { minYuan: a, maxYuan: b } = need.amount;
  const { minYuan: c, maxYuan: d } = project.investmentSought;
  if (c <= b && d >= a)
    return part(
      'amount',
      1,
      'amount.overlap',
      `项目拟引资 ${range(project.investmentSought)} 与需求金额 ${range(need.amount)} 相合`,
    );
  if (d < a) {
    missing.push({
      code: 'amount.below-minimum',
      note: `项目拟引资上限 ${formatYuan(d)} 低于需求最低金额 ${formatYuan(a)}`,
    });
    return part(
      'amount',
      a > 0 ? d / a : 0,
      'amount.below',
      `项目拟引资 ${range(project.investmentSought)} 低于需求金额 ${range(need.amount)}`,
    );
  }
  missing.push({
    code: 'amount.above-maximum',
    note: `项目拟引资下限 ${formatYuan(c)} 高于需求最高金额 ${formatYuan(b)}`,
  });
  return part(
    'amount',
    c > 0 ? b / c : 0,
    'amount.above',
    `项目拟引资 ${range(project.investmentSought)} 高于需求金额 ${range(need.amount)}`,
  );
}

function countyPart(need: NeedFacts, project: ProjectFacts, missing: MatchGap[]): MatchPart {
  const county = regionName(project.county);
  if (need.counties === 'any') return part('county', 0.7, 'county.any', `需求不限区县，${county}亦可`);
  if (need.counties.includes(project.county))
    return part('county', 1, 'county.preferred', `${county}是需求的意向区县`);
  missing.push({
    code: 'county.not-preferred',
    note: `${county}不在需求的意向区县（${need.counties.map(regionName).join('、')}）中`,
  });
  return part('county', 0, 'county.other', `${county}不是需求的意向区县`);
}

/** The enterprise's Beijing district paired with the project's county (对口协作). */
function pairingPart(need: NeedFacts, project: ProjectFacts): MatchPart {
  const county = regionName(project.county);
  if (!BEIJING_DISTRICT_IDS.includes(need.region))
    return part('pairing', 0, 'pairing.none', `企业不在北京各区，与${county}无结对关系`);
  const district = regionName(need.region);
  if (arePaired(need.region, project.county))
    return part('pairing', 1, 'pairing.paired', `企业所在的${district}与${county}对口协作`);
  const counterpart = counterpartOf(need.region);
  return part(
    'pairing',
    0,
    'pairing.other',
    `企业所在的${district}对口${counterpart ? counterpart.zh : '其他区县'}，不是${county}`,
  );
}

/** The need's start against how soon a project of this status can take an investor. */
function timingPart(need: NeedFacts, project: ProjectFacts, now: Date, missing: MatchGap[]): MatchPart {
  const status = PROJECT_STATUS_NAMES[project.status];
  if (project.status === 'done')
    return part('timing', 0.3, 'timing.done', `项目已「${status}」，只适合追加或运营投资`);
  const months = Math.max(0, monthsUntil(need.timeline.startBy, now));
  const ready = READY_IN_MONTHS[project.status];
  if (ready <= months)
    return part(
      'timing',
      1,
      'timing.ready',
      `项目处于「${status}」，可赶上需求计划的 ${need.timeline.startBy} 启动`,
    );
  const late = ready - months;
  missing.push({
    code: 'timing.late',
    note: `项目尚处「${status}」，预计比需求计划的 ${need.timeline.startBy} 启动晚约 ${late} 个月`,
  });
  return part('timing', 1 - late / 18, 'timing.late', `项目处于「${status}」，约晚 ${late} 个月具备投资条件`);
}

/** Words the need's title and summary share with the project's title and description. */
function textPart(need: NeedFacts, project: ProjectFacts): MatchPart {
  const a = new Set(uniqueTokens(`${need.title} ${need.publicSummary}`));
  const b = new Set(uniqueTokens(`${project.title} ${project.description}`));
  const common = [...a].filter((token) => b.has(token));
  if (common.length === 0 || a.size + b.size === 0) return part('text', 0, 'text.none', '标题与简介无共同词');
  // Dice's coefficient, doubled: sharing a third of the words is already a strong signal.
  const dice = (2 * common.length) / (a.size + b.size);
  return part('text', Math.min(1, dice * 2), 'text.common', `共同词：${common.slice(0, 6).join('、')}`);
}

/** What the project does not say, or has too little of, for this need. */
function resourceGaps(need: NeedFacts, project: ProjectFacts, missing: MatchGap[]): void {
  if (need.landMu !== undefined) {
    if (project.landMu === undefined)
      missing.push({ code: 'land.unknown', note: `项目未注明用地面积（需求约 ${need.landMu} 亩）` });
    else if (project.landMu < need.landMu)
      missing.push({
        code: 'land.short',
        note: `项目用地 ${project.landMu} 亩，少于需求的 ${need.landMu} 亩`,
      });
  }
  if (!project.site.trim()) missing.push({ code: 'site.unknown', note: '项目未注明选址' });
  const utilities: string[] = [];
  if (need.waterM3PerDay !== undefined) utilities.push(`日用水 ${need.waterM3PerDay} 立方米`);
  if (need.energy?.kwhPerYear !== undefined) utilities.push(`年用电 ${need.energy.kwhPerYear} 千瓦时`);
  if (need.energy?.kw !== undefined) utilities.push(`用电负荷 ${need.energy.kw} 千瓦`);
  if (need.workforce !== undefined) utilities.push(`用工 ${need.workforce} 人`);
  if (utilities.length > 0)
    missing.push({
      code: 'utilities.unstated',
      note: `需求${utilities.join('、')}，项目库未载明当地供水、供电与用工条件，需与区县核实`,
    });
}

/** The explanation of one need–project pair: the score (0–100), its parts, what is missing. */
export function scoreMatch(need: NeedFacts, project: ProjectFacts, now: Date): MatchExplanation {
  const missing: MatchGap[] = [];
  const parts = [
    fieldPart(need, project, missing),
    amountPart(need, project, missing),
    countyPart(need, project, missing),
    pairingPart(need, project),
    timingPart(need, project, now, missing),
    textPart(need, project),
  ];
  resourceGaps(need, project, missing);
  const total = parts.reduce((sum, p) => sum + Math.max(0, Math.min(1, p.score)) * p.weight, 0);
  return { score: Math.round(total), parts, missing };
}

/** Best first; equal scores by id, so that pages are stable. */
export function rank<T>(
  items: readonly T[],
  explain: (item: T) => MatchExplanation,
  idOf: (item: T) => string,
): { item: T; explanation: MatchExplanation }[] {
  return items
    .map((item) => ({ item, explanation: explain(item) }))
    .sort((x, y) => y.explanation.score - x.explanation.score || idOf(x.item).localeCompare(idOf(y.item)));
}
