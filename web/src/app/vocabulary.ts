import type { ChallengeStatus, ExpertField } from '@qingshui/contracts';

// The contracts' lists of ids, as plain values for the browser (the contracts are imported for
// their types only: their values would bring zod into the bundle). The checks below fail to
// compile when a list misses an id of its contract's type.

/** The plan's 11 fields of expertise, in its order (labels: common:fields.<id>). */
export const FIELD_IDS = [
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
] as const satisfies readonly ExpertField[];

/** A challenge's states, in lifecycle order (labels: common:challengeStatus.<id>). */
export const CHALLENGE_STATUS_IDS = [
  'draft',
  'published',
  'closed',
  'awarded',
  'delivered',
  'completed',
  'cancelled',
] as const satisfies readonly ChallengeStatus[];

type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
const fieldsComplete: Complete<ExpertField, (typeof FIELD_IDS)[number]> = true;
const statusesComplete: Complete<ChallengeStatus, (typeof CHALLENGE_STATUS_IDS)[number]> = true;
void fieldsComplete;
void statusesComplete;
