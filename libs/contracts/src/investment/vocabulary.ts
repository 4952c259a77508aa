import { z } from 'zod';
import { entityId, trimmed } from '../common';

// The vocabulary every part of the investment domain shares (needs, the project library, leads,
// assignment, enterprises): fields of industry, the plan's funding areas, stages and statuses,
// amounts, where a lead came from. Each part's own schemas live in its own file.

/** Fields of investment (the brief's list: 20+ fields Beijing enterprises invest in). */
export const INVESTMENT_FIELDS = [
  'environmental-protection',
  'cultural-tourism',
  'solar',
  'wind',
  'drinking-water',
  'new-materials',
  'new-energy',
  'high-end-manufacturing',
  'tcm',
  'health-elderly-care',
  'agriculture-processing',
  'ecological-agriculture',
  'digital-economy',
  'logistics',
  'water-treatment',
  'biomedicine',
  'education-training',
  'consumer-goods',
] as const;
export const investmentFieldSchema = z.enum(INVESTMENT_FIELDS);
export type InvestmentField = z.infer<typeof investmentFieldSchema>;
/** The fields' Chinese names (exports and the console use them). */
export const INVESTMENT_FIELD_NAMES: Record<InvestmentField, string> = {
  'environmental-protection': '环境保护',
  'cultural-tourism': '文化旅游',
  solar: '光伏',
  wind: '风电',
  'drinking-water': '饮用水',
  'new-materials': '新材料',
  'new-energy': '新能源',
  'high-end-manufacturing': '高端制造',
  tcm: '中医药',
  'health-elderly-care': '康养',
  'agriculture-processing': '农产品加工',
  'ecological-agriculture': '生态农业',
  'digital-economy': '数字经济',
  logistics: '现代物流',
  'water-treatment': '水处理',
  biomedicine: '生物医药',
  'education-training': '教育培训',
  'consumer-goods': '消费品',
};

/** The cooperation plan's funding areas (对口协作规划 的 六大领域). */
export const FUNDING_AREAS = [
  'water-quality',
  'public-services',
  'industrial-transformation',
  'rural-revitalisation',
  'cadre-talent-exchange',
  'exchange-cooperation',
] as const;
export const fundingAreaSchema = z.enum(FUNDING_AREAS);
export type FundingArea = z.infer<typeof fundingAreaSchema>;
export const FUNDING_AREA_NAMES: Record<FundingArea, string> = {
  'water-quality': '水质保护',
  'public-services': '公共服务',
  'industrial-transformation': '产业转型',
  'rural-revitalisation': '乡村振兴',
  'cadre-talent-exchange': '干部人才交流',
  'exchange-cooperation': '交流合作',
};

/** A project's status in the county's library: 储备 in reserve, 前期 preparation, 在建, 建成. */
export const PROJECT_STATUSES = ['reserve', 'preparation', 'under-construction', 'done'] as const;
export const projectStatusSchema = z.enum(PROJECT_STATUSES);
export type ProjectStatus = z.infer<typeof projectStatusSchema>;
export const PROJECT_STATUS_NAMES: Record<ProjectStatus, string> = {
  reserve: '储备',
  preparation: '前期',
  'under-construction': '在建',
  done: '建成',
};

/** A lead's stages, in order: 线索 → 对接 → 洽谈考察 → 签约 → 落地. */
export const LEAD_STAGES = ['prospect', 'assigned', 'active', 'signed', 'landed'] as const;
export const leadStageSchema = z.enum(LEAD_STAGES);
export type LeadStage = z.infer<typeof leadStageSchema>;
export const LEAD_STAGE_NAMES: Record<LeadStage, string> = {
  prospect: '线索',
  assigned: '对接',
  active: '洽谈考察',
  signed: '签约',
  landed: '落地',
};
/** A lead's status besides its stage. `lost` needs a reason; lost and abandoned leads are closed. */
export const LEAD_STATUSES = ['ongoing', 'delayed', 'dormant', 'lost', 'abandoned'] as const;
export const leadStatusSchema = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof leadStatusSchema>;
export const LEAD_STATUS_NAMES: Record<LeadStatus, string> = {
  ongoing: '正常推进',
  delayed: '延期',
  dormant: '暂停',
  lost: '流失',
  abandoned: '放弃',
};
/** The Chinese names of the fields the stage gates ask for (exports; the console has its own). */
export const LEAD_GATE_FIELD_NAMES: Record<string, string> = {
  ownerId: '负责人',
  county: '所在县',
  field: '产业领域',
  estimatedAmountYuan: '预计投资额',
  contactPerson: '企业联系人',
  meetingRecord: '考察或会谈记录',
  likelihoodPct: '成功可能性',
  agreementDate: '协议签订日期',
  signedAmountYuan: '签约金额',
  parties: '签约各方',
  actualInvestmentYuan: '实际到位投资',
  jobs: '带动就业',
  site: '落地地点',
  startDate: '开工日期',
};
export const CLOSED_LEAD_STATUSES: readonly LeadStatus[] = ['lost', 'abandoned'];
/** Open: not closed and not yet landed (what counts against a cadre's capacity). */
export const isOpenLead = (lead: { stage: LeadStage; status: LeadStatus }): boolean =>
  lead.stage !== 'landed' && !CLOSED_LEAD_STATUSES.includes(lead.status);

/** Whole yuan; the platform's amounts go up to a trillion. */
export const yuanSchema = z.number().int().min(0).max(1_000_000_000_000);
/** An amount range in yuan (min ≤ max). */
export const amountRangeSchema = z
  .strictObject({ minYuan: yuanSchema, maxYuan: yuanSchema })
  .refine((range) => range.minYuan <= range.maxYuan, {
    message: 'The lower bound is at most the upper bound',
    path: ['maxYuan'],
  });
export type AmountRange = z.infer<typeof amountRangeSchema>;

/**
 * An enterprise as a lead or a need names it: the investment service's enterprise record
 * (`enterprises` part: credit code, duplicates, merges) and, when the enterprise has accounts on
 * the platform, its organisation id (principal.orgId).
 */
export const enterpriseRefSchema = z.object({
  enterpriseId: entityId,
  name: z.string(),
  orgId: z.string().optional(),
});
export type EnterpriseRef = z.infer<typeof enterpriseRefSchema>;

/**
 * Where a lead came from: entered by hand, a booth lead scan at a fair (fairs.lead.captured.v1),
 * or an awarded challenge (talent.challenge.awarded.v1). Lineage keeps the chain for reports.
 */
export const leadOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('manual') }),
  z.object({
    kind: z.literal('fair-scan'),
    fairId: z.string(),
    fairTitle: z.string().optional(),
    /** The exhibiting enterprise's organisation, whose booth scanned the visitor. */
    exhibitorOrgId: z.string(),
    exhibitorName: z.string().optional(),
    boothId: z.string().optional(),
    /** The fairs service's lead id (one per exhibitor and visitor). */
    fairLeadId: z.string(),
    scannedAt: z.string(),
  }),
  z.object({
    kind: z.literal('challenge'),
    challengeId: z.string(),
    challengeTitle: z.string().optional(),
    expertId: z.string().optional(),
    expertInstitution: z.string().optional(),
    awardedAt: z.string(),
  }),
]);
export type LeadOrigin = z.infer<typeof leadOriginSchema>;
export type LeadOriginKind = LeadOrigin['kind'];
export const LEAD_ORIGIN_KINDS = [
  'manual',
  'fair-scan',
  'challenge',
] as const satisfies readonly LeadOriginKind[];

/** A short free text a cadre writes (notes, reasons). */
export const noteSchema = trimmed(1, 2000);
