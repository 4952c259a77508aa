import type {
  InvestmentField,
  LeadActivityKind,
  LeadLane,
  LeadOriginKind,
  LeadStage,
  LeadStatus,
} from '@qingshui/contracts';

// The leads contracts' lists of ids, as plain values for the browser (the contracts are imported
// for their types only: their values would bring zod into the bundle). The checks below fail to
// compile when a list misses an id of its contract's type.

export const STAGES = [
  'prospect',
  'assigned',
  'active',
  'signed',
  'landed',
] as const satisfies readonly LeadStage[];
export const STATUSES = [
  'ongoing',
  'delayed',
  'dormant',
  'lost',
  'abandoned',
] as const satisfies readonly LeadStatus[];
export const LANES = [...STAGES, 'closed'] as const satisfies readonly LeadLane[];
export const ACTIVITY_KINDS = [
  'call',
  'meeting',
  'visit',
  'email',
  'note',
] as const satisfies readonly LeadActivityKind[];
export const ORIGIN_KINDS = ['manual', 'fair-scan', 'challenge'] as const satisfies readonly LeadOriginKind[];
export const FIELDS = [
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
] as const satisfies readonly InvestmentField[];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const complete: [
  Complete<LeadStage, (typeof STAGES)[number]>,
  Complete<LeadStatus, (typeof STATUSES)[number]>,
  Complete<LeadActivityKind, (typeof ACTIVITY_KINDS)[number]>,
  Complete<LeadOriginKind, (typeof ORIGIN_KINDS)[number]>,
  Complete<InvestmentField, (typeof FIELDS)[number]>,
] = [true, true, true, true, true];
void complete;
