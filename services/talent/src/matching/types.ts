// Inputs and outputs of the matching engine. The talent service maps its MongoDB documents to
// these shapes; the engine itself does no I/O.

/** An expert as the matching engine sees it. */
export interface MatchableExpert {
  id: string;
  orgId?: string;
  /** A Beijing district or county id from the pairings. */
  region: string;
  /** EXPERT_FIELDS keys. */
  fields: string[];
  /** Chinese phrases, e.g. 软籽石榴栽培. */
  skills: string[];
  /** Name, title, institution and bio joined. */
  text: string;
  academician: boolean;
  verified: boolean;
  /** ISO dates (inclusive); empty = unknown. */
  availability: { from: string; to: string }[];
  trackRecord: { challengesSolved: number; visits: number };
  /** Organisations the expert declared a conflict of interest with. */
  conflictOrgIds?: string[];
}

/** A challenge (揭榜挂帅) as the matching engine sees it. */
export interface MatchableChallenge {
  id: string;
  posterOrgId: string;
  county: string;
  field: string;
  requiredSkills: string[];
  /** Title and public summary (never the confidential details). */
  text: string;
  /** ISO date or date-time. */
  deadline: string;
  status?: string;
}

/** The parts of a score, each in 0..1; `score` is their weighted sum (see WEIGHTS), also 0..1. */
export interface ScoreParts {
  /** Required skills covered: exact phrase, else the idf-weighted share of the phrase's tokens. */
  skills: number;
  /** BM25 of the expert's profile against the challenge text, normalised to 0..1. */
  text: number;
  /** 1 when the challenge's field is one of the expert's fields. */
  field: number;
  /** 1 paired Beijing district, 0.5 same province, 0 otherwise. */
  pairing: number;
  /** 1 available before the deadline, 0.5 unknown (no windows), 0 windows that miss it. */
  availability: number;
  /** Challenges solved and visits joined, on a saturating log scale. */
  trackRecord: number;
  verified: number;
  academician: number;
}

export type PairingKind = 'paired-district' | 'same-province' | 'other';

export interface SkillMatch {
  /** The required skill, as the challenge wrote it. */
  skill: string;
  /** 0..1: 1 exact phrase; otherwise 0.8 × idf-weighted token coverage. */
  strength: number;
  /** `exact` phrase, `partial` token overlap, or `none`. */
  how: 'exact' | 'partial' | 'none';
  /** The skill tokens of the expert that overlap this required skill. */
  viaTokens: string[];
}

export type Suggestion =
  | { kind: 'add-skill'; skill: string; gain: number; text: string }
  | { kind: 'mark-availability'; before: string; gain: number; text: string }
  | { kind: 'get-verified'; gain: number; text: string }
  | { kind: 'add-field'; field: string; gain: number; text: string };

export interface MatchExplanation {
  /** 0..1, rounded to 1e-9 so that equal inputs always compare equal. */
  score: number;
  parts: ScoreParts;
  /** Every required skill with how well the expert covers it. */
  skillMatches: SkillMatch[];
  /** Required skills covered with strength ≥ 0.5. */
  matchedSkills: string[];
  /** Required skills covered with strength < 0.5. */
  missingSkills: string[];
  /** Query terms of the challenge text found in the expert's profile. */
  matchedTerms: string[];
  pairing: PairingKind;
  availableBeforeDeadline: boolean | null;
  suggestions: Suggestion[];
}

export interface ExpertMatch extends MatchExplanation {
  expertId: string;
}
export interface ChallengeMatch extends MatchExplanation {
  challengeId: string;
}

export type ExclusionReason = 'same-organisation' | 'declared-conflict';
export interface Exclusion {
  expertId: string;
  reason: ExclusionReason;
  detail: string;
}

export interface RankExpertsResult {
  items: ExpertMatch[];
  excluded: Exclusion[];
  /** How many experts were fully scored (for diagnostics and the benchmark). */
  scored: number;
}

export interface RankChallengesResult {
  items: ChallengeMatch[];
  /** Challenges the expert may not take up because of a conflict of interest. */
  excluded: { challengeId: string; reason: ExclusionReason; detail: string }[];
}

export interface ExpertSearchQuery {
  q?: string;
  field?: string;
  region?: string;
  academician?: boolean;
  verified?: boolean;
  /** ISO date: some availability window contains it. */
  availableOn?: string;
  /** Some availability window overlaps [from, to]. */
  availableBetween?: { from: string; to: string };
}

export interface ExpertSearchHit {
  expertId: string;
  /** BM25 relevance when q is given, else 0. */
  relevance: number;
  matchedTerms: string[];
}

export interface ExpertSearchPage {
  items: ExpertSearchHit[];
  total: number;
  page: number;
  pageSize: number;
}
