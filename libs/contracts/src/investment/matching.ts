import { z } from 'zod';
import { idParams, intFromQuery } from '../common';
import { defineCommand } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';
import { needViewSchema } from './needs';
import { projectCardSchema } from './projects';

// Matching, explained, both ways: the projects of the library ranked for a need, and the open
// needs ranked for a project. Each match has a score (0-100) and its parts, each with its own
// score, weight and a sentence, and what is missing for the match to be whole.

export const MATCH_PARTS = ['field', 'amount', 'county', 'pairing', 'timing', 'text'] as const;
export const matchPartKindSchema = z.enum(MATCH_PARTS);
export type MatchPartKind = z.infer<typeof matchPartKindSchema>;

export const matchPartSchema = z.object({
  part: matchPartKindSchema,
  /** 0..1: how well this part fits. */
  score: z.number().min(0).max(1),
  /** Its share of the total. */
  weight: z.number(),
  /** score × weight, what it adds to the total (before scaling to 100). */
  points: z.number(),
  /** Why, as a machine-readable code (the console words it) … */
  code: z.string(),
  /** … and in Chinese, with the numbers. */
  note: z.string(),
});
export type MatchPart = z.infer<typeof matchPartSchema>;
export const matchGapSchema = z.object({ code: z.string(), note: z.string() });
export type MatchGap = z.infer<typeof matchGapSchema>;

export const matchExplanationSchema = z.object({
  /** 0..100. */
  score: z.number().int().min(0).max(100),
  parts: z.array(matchPartSchema),
  /** What is missing or short (the project has no land area, the amount is below the minimum …). */
  missing: z.array(matchGapSchema),
});
export type MatchExplanation = z.infer<typeof matchExplanationSchema>;

export const projectMatchSchema = matchExplanationSchema.extend({ project: projectCardSchema });
export type ProjectMatch = z.infer<typeof projectMatchSchema>;
/** A need matched to a project: its public part, and its confidential details only where the reader may see them. */
export const needMatchSchema = matchExplanationSchema.extend({ need: needViewSchema });
export type NeedMatch = z.infer<typeof needMatchSchema>;

const pageQuery = z.strictObject({
  page: intFromQuery(1, 1000, 1),
  pageSize: intFromQuery(1, 50, 10),
});
export const matchesRequestSchema = pageQuery.extend({ id: z.string() });
export type MatchesRequest = z.infer<typeof matchesRequestSchema>;

export const needMatchesSchema = z.object({
  needId: z.string(),
  items: z.array(projectMatchSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NeedMatches = z.infer<typeof needMatchesSchema>;
export const projectMatchesSchema = z.object({
  projectId: z.string(),
  items: z.array(needMatchSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProjectMatches = z.infer<typeof projectMatchesSchema>;

// --- commands ---
export const matchNeed = defineCommand({
  name: 'investment.matching.for-need.v1',
  request: matchesRequestSchema,
  reply: needMatchesSchema,
});
export const matchProject = defineCommand({
  name: 'investment.matching.for-project.v1',
  request: matchesRequestSchema,
  reply: projectMatchesSchema,
});
export const InvestmentMatchingCommands = { forNeed: matchNeed.name, forProject: matchProject.name } as const;

const routes = [
  route(matchNeed, {
    method: 'GET',
    path: '/investment/needs/:id/matches',
    tag: 'investment',
    summary:
      'Projects of the library ranked for a need, each with its parts and what is missing: for the poster’s organisation, the cadres of its counties and their paired districts, and admins',
    params: idParams,
    query: pageQuery,
    payload: ({ params, query }) => ({ id: params.id, ...query }),
    errors: [400, 403, 404],
  }),
  route(matchProject, {
    method: 'GET',
    path: '/investment/projects/:id/matches',
    tag: 'investment',
    summary:
      'Open needs ranked for a project, each with its parts and what is missing: for the cadres of its county and paired district, and admins; confidential details only where the reader may see them',
    params: idParams,
    query: pageQuery,
    payload: ({ params, query }) => ({ id: params.id, ...query }),
    errors: [400, 403, 404],
  }),
];

export const matchingPart = {
  commands: [matchNeed, matchProject] as const satisfies readonly AnyCommand[],
  events: [] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  samples: {},
};
