import { z } from 'zod';
import { booleanFromQuery, entityId, idParams, intFromQuery, regionIdSchema } from '../common';
import { defineCommand } from '../kit/contract';
import { route } from '../kit/route';
import { expertFieldSchema, expertProfileSchema } from './experts';
import { challengeStatusSchema } from './challenges';

// Matching that explains itself, and keyword search over the expert pool. Both are answered by
// the talent service from an in-memory index kept current from its own events.

export const searchExpertsQuerySchema = z.strictObject({
  /** Chinese keywords, segmented by the service (jieba), e.g. 石榴 病虫害 防控. */
  q: z.string().trim().min(1).max(100).optional(),
  field: expertFieldSchema.optional(),
  region: regionIdSchema.optional(),
  academician: booleanFromQuery.optional(),
  verified: booleanFromQuery.optional(),
  /** Some availability window of the expert contains this date. */
  availableOn: z.iso.date().optional(),
  page: intFromQuery(1, 500, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type SearchExpertsQuery = z.infer<typeof searchExpertsQuerySchema>;

export const expertSearchPageSchema = z.object({
  items: z.array(
    z.object({ expert: expertProfileSchema, relevance: z.number(), matchedTerms: z.array(z.string()) }),
  ),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ExpertSearchResultPage = z.infer<typeof expertSearchPageSchema>;

/** The parts of a match score, each 0..1 (or, as weights, the share of the score each can bring). */
const matchPartsSchema = z.object({
  skills: z.number(),
  text: z.number(),
  field: z.number(),
  pairing: z.number(),
  availability: z.number(),
  trackRecord: z.number(),
  verified: z.number(),
  academician: z.number(),
});

const explanationSchema = z.object({
  /** 0..1: the weighted sum of the parts. */
  score: z.number(),
  parts: matchPartsSchema,
  skillMatches: z.array(
    z.object({
      skill: z.string(),
      strength: z.number(),
      how: z.enum(['exact', 'partial', 'none']),
      viaTokens: z.array(z.string()),
    }),
  ),
  matchedSkills: z.array(z.string()),
  missingSkills: z.array(z.string()),
  matchedTerms: z.array(z.string()),
  pairing: z.enum(['paired-district', 'same-province', 'other']),
  availableBeforeDeadline: z.boolean().nullable(),
  /** What would raise the score, with how much it would add. */
  suggestions: z.array(z.object({ kind: z.string(), text: z.string(), gain: z.number() }).loose()),
});

export const expertSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string(),
  institution: z.string(),
  region: z.string(),
  academician: z.boolean(),
  verified: z.boolean(),
});
export const challengeSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  county: z.string(),
  field: expertFieldSchema,
  deadline: z.string(),
  status: challengeStatusSchema,
});

export const matchRequestSchema = z.object({
  id: entityId,
  limit: intFromQuery(1, 100, 20),
});
export type MatchRequest = z.infer<typeof matchRequestSchema>;
export const matchQuerySchema = z.strictObject({ limit: intFromQuery(1, 100, 20) });

export const expertsForChallengeSchema = z.object({
  challengeId: z.string(),
  /** Each part's weight: a part of p brings p × weight of the score (for "x of y points"). */
  weights: matchPartsSchema,
  items: z.array(explanationSchema.extend({ expert: expertSummarySchema })),
  /** Experts left out for a conflict of interest, with the reason, for the poster to see. */
  excluded: z.array(z.object({ expert: expertSummarySchema, reason: z.string(), detail: z.string() })),
});
export type ExpertsForChallenge = z.infer<typeof expertsForChallengeSchema>;

export const challengesForExpertSchema = z.object({
  expertId: z.string(),
  weights: matchPartsSchema,
  items: z.array(explanationSchema.extend({ challenge: challengeSummarySchema })),
  excluded: z.array(z.object({ challenge: challengeSummarySchema, reason: z.string(), detail: z.string() })),
});
export type ChallengesForExpert = z.infer<typeof challengesForExpertSchema>;

export const searchExperts = defineCommand({
  name: 'talent.experts.search.v1',
  request: searchExpertsQuerySchema,
  reply: expertSearchPageSchema,
});
export const expertsForChallenge = defineCommand({
  name: 'talent.challenges.matches.v1',
  request: matchRequestSchema,
  reply: expertsForChallengeSchema,
});
export const challengesForExpert = defineCommand({
  name: 'talent.experts.matches.v1',
  request: matchRequestSchema,
  reply: challengesForExpertSchema,
});

export const MatchingCommands = {
  searchExperts: searchExperts.name,
  expertsForChallenge: expertsForChallenge.name,
  challengesForExpert: challengesForExpert.name,
} as const;

export const matchingRoutes = [
  route(searchExperts, {
    method: 'GET',
    path: '/experts/search',
    tag: 'experts',
    summary: 'Search the pool by Chinese keywords (jieba-segmented, BM25), sorted by relevance',
    query: searchExpertsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(challengesForExpert, {
    method: 'GET',
    path: '/experts/:id/matches',
    tag: 'experts',
    summary: 'Open challenges ranked for this expert, each score explained (the expert, cadres, admins)',
    params: idParams,
    query: matchQuerySchema,
    payload: ({ params, query }) => ({ id: params.id, limit: query.limit }),
    errors: [400, 403, 404],
  }),
  route(expertsForChallenge, {
    method: 'GET',
    path: '/challenges/:id/matches',
    tag: 'challenges',
    summary:
      'Experts ranked for this challenge, each score explained, conflicts of interest listed apart (poster, county and paired cadres)',
    params: idParams,
    query: matchQuerySchema,
    payload: ({ params, query }) => ({ id: params.id, limit: query.limit }),
    errors: [400, 403, 404],
  }),
];
