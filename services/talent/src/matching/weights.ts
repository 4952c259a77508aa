// Every weight of the matching score, in one place. The score is Σ weight × part, each part in
// 0..1, so the score is in 0..1 too and a weight reads as "how many points of 100 this part can
// bring".
//
// Why these numbers:
// - skills 0.35: a challenge (揭榜挂帅) names the skills it needs; covering them is the single best
//   predictor that an expert can solve it, so it carries the most.
// - text 0.20: BM25 of the whole profile against the challenge text catches what skills miss
//   (a bio that talks about 丹江口库区 and 面源污染 without listing them as skills), but it is noisier
//   (shared generic words), so it weighs less than skills.
// - field 0.15: the plan's field list is coarse; being in the right field is necessary more than
//   sufficient.
// - pairing 0.10: the program is built on 16 district-county pairs; an expert from the paired
//   Beijing district has the channels (and the budget) to go, the same province is next best. It
//   must reorder comparable experts, never lift an unqualified one above a qualified one.
// - availability 0.08: an expert who cannot come before the deadline is of little use; unknown
//   availability (no windows) gets half.
// - track record 0.05, verified 0.04, academician 0.03: trust signals that break ties among
//   competent experts; kept small so that a famous name does not beat the right skills.
// The six "static" parts (pairing .. academician) sum to 0.30, less than skills + text + field
// (0.70): a profile that shares nothing with the challenge can never outrank one that fits well.
export const WEIGHTS = {
  skills: 0.35,
  text: 0.2,
  field: 0.15,
  pairing: 0.1,
  availability: 0.08,
  trackRecord: 0.05,
  verified: 0.04,
  academician: 0.03,
} as const;

/** Skill strength: 0.8 × idf-weighted token coverage + 0.2 if the exact phrase is listed. */
export const SKILL_COVERAGE_SHARE = 0.8;
export const SKILL_EXACT_BONUS = 0.2;

/** Pairing part for an expert in the same province as the challenge's county (paired = 1). */
export const SAME_PROVINCE_PAIRING = 0.5;
/** Availability part when the expert gave no windows. */
export const UNKNOWN_AVAILABILITY = 0.5;
/** Track record saturates at 2 × challenges solved + visits = 40 (log scale). */
export const TRACK_RECORD_SATURATION = 40;

/** BM25 parameters (the usual defaults). */
export const BM25_K1 = 1.2;
export const BM25_B = 0.75;

/** The largest sum the static parts can reach: the bound used to skip non-candidates exactly. */
export const MAX_STATIC =
  WEIGHTS.pairing + WEIGHTS.availability + WEIGHTS.trackRecord + WEIGHTS.verified + WEIGHTS.academician;
