import type { ExpertField } from '@qingshui/contracts';

/** The plan's 11 fields of expertise, in its order (labels: common:fields.<id>). */
export const FIELD_IDS: readonly ExpertField[] = [
  'ecology-water',
  'industry-upgrade',
  'new-materials',
  'new-energy',
  'disaster-prevention',
  'education',
  'medicine',
  'tcm',
  'agriculture',
  'culture-tourism',
  'digital',
];
