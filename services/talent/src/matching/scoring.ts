// The reference scorer: one expert against one challenge, straightforwardly, with every part and
// the explanation. The index computes the same numbers from postings lists; both round the score
// the same way (scoreOf) so that their rankings agree exactly.
import { arePaired, sameProvince } from '@qingshui/regions';
import { normalisePhrase, tokenize, uniqueTokens } from '@qingshui/text';
import type {
  MatchableChallenge,
  MatchableExpert,
  MatchExplanation,
  PairingKind,
  ScoreParts,
  SkillMatch,
  Suggestion,
} from './types';
import {
  BM25_B,
  BM25_K1,
  SAME_PROVINCE_PAIRING,
  SKILL_COVERAGE_SHARE,
  SKILL_EXACT_BONUS,
  TRACK_RECORD_SATURATION,
  UNKNOWN_AVAILABILITY,
  WEIGHTS,
} from './weights';

const DAY_MS = 86_400_000;
/** A required skill counts as matched from this strength on (e.g. 石榴栽培 for 软籽石榴栽培). */
export const MATCHED_SKILL_STRENGTH = 0.5;

/** Days since the epoch (UTC) of an ISO date or date-time; NaN when unparsable. */
export function dayOf(iso: string | Date): number {
  const ms = typeof iso === 'string' ? Date.parse(iso) : iso.getTime();
  return Math.floor(ms / DAY_MS);
}

/** What scoring needs of an expert, derived once (tokenised). */
export interface ExpertFeatures {
  id: string;
  orgId?: string;
  conflictOrgIds: readonly string[];
  region: string;
  fields: readonly string[];
  /** Normalised skill phrases. */
  skillPhrases: ReadonlySet<string>;
  /** Union of the tokens of all skills. */
  skillTokens: ReadonlySet<string>;
  /** Term frequencies over text + skills. */
  termFreq: ReadonlyMap<string, number>;
  docLength: number;
  academician: boolean;
  verified: boolean;
  /** Availability windows as [fromDay, toDay], inclusive. */
  availability: readonly (readonly [number, number])[];
  trackRecord: { challengesSolved: number; visits: number };
}

export function expertFeatures(expert: MatchableExpert): ExpertFeatures {
  const termFreq = new Map<string, number>();
  let docLength = 0;
  const add = (tokens: readonly string[]) => {
    for (const t of tokens) {
      termFreq.set(t, (termFreq.get(t) ?? 0) + 1);
      docLength++;
    }
  };
  add(tokenize(expert.text));
  const skillPhrases = new Set<string>();
  const skillTokens = new Set<string>();
  for (const skill of expert.skills) {
    const phrase = normalisePhrase(skill);
    if (phrase) skillPhrases.add(phrase);
    const tokens = tokenize(skill);
    add(tokens);
    for (const t of tokens) skillTokens.add(t);
  }
  const availability: [number, number][] = [];
  for (const w of expert.availability) {
    const from = dayOf(w.from);
    const to = dayOf(w.to);
    if (Number.isFinite(from) && Number.isFinite(to) && from <= to) availability.push([from, to]);
  }
  return {
    id: expert.id,
    ...(expert.orgId ? { orgId: expert.orgId } : {}),
    conflictOrgIds: expert.conflictOrgIds ?? [],
    region: expert.region,
    fields: expert.fields,
    skillPhrases,
    skillTokens,
    termFreq,
    docLength,
    academician: expert.academician,
    verified: expert.verified,
    availability,
    trackRecord: { ...expert.trackRecord },
  };
}

/** A challenge, tokenised once. */
export interface PreparedChallenge {
  challenge: MatchableChallenge;
  /** Distinct tokens of the challenge text (the BM25 query). */
  queryTerms: readonly string[];
  required: readonly { skill: string; phrase: string; tokens: readonly string[] }[];
  deadlineDay: number;
}

export function prepareChallenge(challenge: MatchableChallenge): PreparedChallenge {
  return {
    challenge,
    queryTerms: uniqueTokens(challenge.text),
    required: challenge.requiredSkills.map((skill) => ({
      skill,
      phrase: normalisePhrase(skill),
      tokens: uniqueTokens(skill),
    })),
    deadlineDay: dayOf(challenge.deadline),
  };
}

/** Corpus statistics of the expert pool that BM25 and skill-token idf need. */
export interface CorpusStats {
  docCount: number;
  avgDocLength: number;
  /** Experts whose text + skills contain the token. */
  textDf(token: string): number;
  /** Experts whose skills contain the token. */
  skillDf(token: string): number;
}

/** BM25 idf, always positive. */
export function idf(docCount: number, df: number): number {
  return Math.log(1 + (docCount - df + 0.5) / (df + 0.5));
}

export function bm25Term(termIdf: number, tf: number, docLength: number, avgDocLength: number): number {
  return (
    (termIdf * (tf * (BM25_K1 + 1))) /
    (tf + BM25_K1 * (1 - BM25_B + (BM25_B * docLength) / Math.max(avgDocLength, 1e-9)))
  );
}

/** A challenge with the pool's statistics applied: idf of each query term and skill token. */
export interface ChallengeQuery {
  prepared: PreparedChallenge;
  /** Query terms present in the pool, with their idf. */
  terms: readonly { term: string; idf: number }[];
  /** Σ idf: the BM25 of a document holding each term once at average length; the text part's 1. */
  idfSum: number;
  /** Per required skill: its tokens with weights idf / Σ idf (summing to 1). */
  skillTokenWeights: readonly (readonly { token: string; weight: number }[])[];
  avgDocLength: number;
}

export function buildQuery(prepared: PreparedChallenge, stats: CorpusStats): ChallengeQuery {
  const terms: { term: string; idf: number }[] = [];
  let idfSum = 0;
  for (const term of prepared.queryTerms) {
    const df = stats.textDf(term);
    if (df <= 0) continue;
    const v = idf(stats.docCount, df);
    terms.push({ term, idf: v });
    idfSum += v;
  }
  const skillTokenWeights = prepared.required.map(({ tokens }) => {
    const idfs = tokens.map((t) => idf(stats.docCount, stats.skillDf(t)));
    const sum = idfs.reduce((a, b) => a + b, 0);
    return tokens.map((token, i) => ({ token, weight: sum > 0 ? (idfs[i] ?? 0) / sum : 0 }));
  });
  return { prepared, terms, idfSum, skillTokenWeights, avgDocLength: stats.avgDocLength };
}

export function pairingOf(expertRegion: string, county: string): { kind: PairingKind; part: number } {
  if (arePaired(expertRegion, county)) return { kind: 'paired-district', part: 1 };
  if (sameProvince(expertRegion, county)) return { kind: 'same-province', part: SAME_PROVINCE_PAIRING };
  return { kind: 'other', part: 0 };
}

/** True/false when the expert gave windows, null when unknown. */
export function availableBetweenDays(
  windows: readonly (readonly [number, number])[],
  fromDay: number,
  toDay: number,
): boolean | null {
  if (windows.length === 0) return null;
  return windows.some(([from, to]) => from <= toDay && to >= fromDay);
}

export function availabilityPart(available: boolean | null): number {
  return available === null ? UNKNOWN_AVAILABILITY : available ? 1 : 0;
}

export function trackRecordPart(track: { challengesSolved: number; visits: number }): number {
  const raw = 2 * Math.max(0, track.challengesSolved) + Math.max(0, track.visits);
  return Math.min(1, Math.log1p(raw) / Math.log1p(TRACK_RECORD_SATURATION));
}

/** Trust signals that do not depend on the challenge (precomputed per expert by the index). */
export function basePart(academician: boolean, verified: boolean, trackRecord: number): number {
  return (
    WEIGHTS.trackRecord * trackRecord +
    WEIGHTS.verified * (verified ? 1 : 0) +
    WEIGHTS.academician * (academician ? 1 : 0)
  );
}

/** Score rounding: equal inputs compare equal whatever the summation order. */
export function roundScore(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

/** The weighted sum, grouped exactly as the index computes it. */
export function combine(parts: ScoreParts): number {
  const base = basePart(parts.academician === 1, parts.verified === 1, parts.trackRecord);
  return roundScore(
    WEIGHTS.skills * parts.skills +
      WEIGHTS.text * parts.text +
      WEIGHTS.field * parts.field +
      WEIGHTS.pairing * parts.pairing +
      WEIGHTS.availability * parts.availability +
      base,
  );
}

const fmt = (gain: number) => `+${(gain * 100).toFixed(1)}`;

/** Score one expert against one challenge, with every part, the reasons and the suggestions. */
export function explain(features: ExpertFeatures, query: ChallengeQuery, asOfDay: number): MatchExplanation {
  const { prepared } = query;
  const { challenge } = prepared;

  // Skills.
  const skillMatches: SkillMatch[] = [];
  let skillSum = 0;
  prepared.required.forEach((req, i) => {
    let coverage = 0;
    const viaTokens: string[] = [];
    for (const { token, weight } of query.skillTokenWeights[i] ?? []) {
      if (features.skillTokens.has(token)) {
        coverage += weight;
        viaTokens.push(token);
      }
    }
    const exact = req.phrase !== '' && features.skillPhrases.has(req.phrase);
    const strength = SKILL_COVERAGE_SHARE * coverage + (exact ? SKILL_EXACT_BONUS : 0);
    skillSum += strength;
    skillMatches.push({
      skill: req.skill,
      strength,
      how: exact ? 'exact' : viaTokens.length ? 'partial' : 'none',
      viaTokens,
    });
  });
  const skills = prepared.required.length > 0 ? skillSum / prepared.required.length : 0;

  // Text relevance.
  let bm25 = 0;
  const matchedTerms: string[] = [];
  for (const { term, idf: termIdf } of query.terms) {
    const tf = features.termFreq.get(term);
    if (!tf) continue;
    matchedTerms.push(term);
    bm25 += bm25Term(termIdf, tf, features.docLength, query.avgDocLength);
  }
  const text = query.idfSum > 0 ? Math.min(1, bm25 / query.idfSum) : 0;

  const field = features.fields.includes(challenge.field) ? 1 : 0;
  const pairing = pairingOf(features.region, challenge.county);
  const available = availableBetweenDays(features.availability, asOfDay, prepared.deadlineDay);
  const parts: ScoreParts = {
    skills,
    text,
    field,
    pairing: pairing.part,
    availability: availabilityPart(available),
    trackRecord: trackRecordPart(features.trackRecord),
    verified: features.verified ? 1 : 0,
    academician: features.academician ? 1 : 0,
  };

  const suggestions: Suggestion[] = [];
  const perSkill = prepared.required.length > 0 ? WEIGHTS.skills / prepared.required.length : 0;
  prepared.required.forEach((req) => {
    const m = skillMatches.find((s) => s.skill === req.skill);
    const strength = m?.strength ?? 0;
    if (m?.how === 'exact') return;
    const gain = perSkill * (1 - strength);
    if (gain > 0)
      suggestions.push({
        kind: 'add-skill',
        skill: req.skill,
        gain,
        text: `add skill "${req.skill}" (${fmt(gain)})`,
      });
  });
  if (parts.availability < 1) {
    const gain = WEIGHTS.availability * (1 - parts.availability);
    const before = challenge.deadline.slice(0, 10);
    suggestions.push({
      kind: 'mark-availability',
      before,
      gain,
      text: `mark availability before ${before} (${fmt(gain)})`,
    });
  }
  if (!features.verified) {
    suggestions.push({
      kind: 'get-verified',
      gain: WEIGHTS.verified,
      text: `get verified (${fmt(WEIGHTS.verified)})`,
    });
  }
  if (!field) {
    suggestions.push({
      kind: 'add-field',
      field: challenge.field,
      gain: WEIGHTS.field,
      text: `add field ${challenge.field} if it is yours (${fmt(WEIGHTS.field)})`,
    });
  }
  suggestions.sort((a, b) => b.gain - a.gain);

  return {
    score: combine(parts),
    parts,
    skillMatches,
    matchedSkills: skillMatches.filter((m) => m.strength >= MATCHED_SKILL_STRENGTH).map((m) => m.skill),
    missingSkills: skillMatches.filter((m) => m.strength < MATCHED_SKILL_STRENGTH).map((m) => m.skill),
    matchedTerms,
    pairing: pairing.kind,
    availableBeforeDeadline: available,
    suggestions,
  };
}

/** Conflict of interest of an expert with a challenge's poster, or null. */
export function conflictOf(
  expert: { orgId?: string; conflictOrgIds?: readonly string[] },
  posterOrgId: string,
): { reason: 'same-organisation' | 'declared-conflict'; detail: string } | null {
  if (expert.orgId && expert.orgId === posterOrgId)
    return { reason: 'same-organisation', detail: `belongs to the posting organisation ${posterOrgId}` };
  if (expert.conflictOrgIds?.includes(posterOrgId))
    return { reason: 'declared-conflict', detail: `declared a conflict of interest with ${posterOrgId}` };
  return null;
}
