import { z } from 'zod';
import { COUNTY_IDS } from '@qingshui/regions';
import { envelopeSchema } from './envelope';
import { expertFieldSchema } from './talent';

// The challenge list (揭榜挂帅): an enterprise, or a county on its own behalf, posts a technical
// challenge; experts (alone or leading a team) apply; the poster shortlists, rejects and awards.

export const CHALLENGE_STATUSES = [
  'draft',
  'published',
  'closed',
  'awarded',
  'delivered',
  'completed',
  'cancelled',
] as const;
export const challengeStatusSchema = z.enum(CHALLENGE_STATUSES);
export type ChallengeStatus = z.infer<typeof challengeStatusSchema>;

export const IP_TERMS = ['poster', 'expert', 'shared', 'negotiable'] as const;

export const countyIdSchema = z
  .string()
  .refine((id) => COUNTY_IDS.includes(id), { message: 'Unknown county: use a county id from the pairings' });

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);

/** An ISO timestamp with an offset, in the future when it is checked. */
export const futureDeadlineSchema = z.iso
  .datetime({ offset: true })
  .refine((value) => Date.parse(value) > Date.now(), { message: 'The deadline must be in the future' });

export const rewardSchema = z.strictObject({
  amountYuan: z.number().int().min(0).max(1_000_000_000).optional(),
  budgetNote: trimmed(1, 200).optional(),
});
export const challengeTermsSchema = z.strictObject({
  ip: z.enum(IP_TERMS),
  /** When true, applicants must accept the terms (and read the confidential details) before applying. */
  confidentiality: z.boolean(),
  note: trimmed(1, 1000).optional(),
});
export type ChallengeTerms = z.infer<typeof challengeTermsSchema>;

const challengeFields = {
  title: trimmed(2, 100),
  publicSummary: trimmed(1, 2000),
  confidentialDetails: z.string().trim().max(10_000),
  field: expertFieldSchema,
  requiredSkills: z
    .array(trimmed(1, 30))
    .max(20)
    .refine((items) => new Set(items).size === items.length, { message: 'Items must be unique' }),
  reward: rewardSchema,
  deadline: futureDeadlineSchema,
  terms: challengeTermsSchema,
};

export const createChallengeSchema = z.strictObject({
  ...challengeFields,
  confidentialDetails: challengeFields.confidentialDetails.default(''),
  requiredSkills: challengeFields.requiredSkills.default([]),
  reward: challengeFields.reward.default({}),
  /** For a county cadre it must be the cadre's own county; an enterprise names where the work is. */
  county: countyIdSchema,
});
export type CreateChallengeInput = z.infer<typeof createChallengeSchema>;

/** The county is fixed once posted: it decides who may manage and read the challenge. */
export const updateChallengeSchema = z
  .strictObject(challengeFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdateChallengeInput = z.infer<typeof updateChallengeSchema>;

export const challengeHistoryEntrySchema = z.object({
  from: challengeStatusSchema.nullable(),
  to: challengeStatusSchema,
  by: z.string(),
  at: z.string(),
  reason: z.string().optional(),
});
export type ChallengeHistoryEntry = z.infer<typeof challengeHistoryEntrySchema>;

export const challengePosterSchema = z.object({
  kind: z.enum(['enterprise', 'county']),
  orgId: z.string(),
  userId: z.string(),
});
export type ChallengePoster = z.infer<typeof challengePosterSchema>;

/** What anyone who may read the challenge sees; events carry this (never the confidential part). */
export const challengePublicSchema = z.object({
  id: z.string(),
  title: z.string(),
  publicSummary: z.string(),
  field: expertFieldSchema,
  requiredSkills: z.array(z.string()),
  county: z.string(),
  /** The Beijing district paired with the county. */
  pairedDistrict: z.string(),
  reward: z.object({ amountYuan: z.number().optional(), budgetNote: z.string().optional() }),
  deadline: z.string(),
  terms: z.object({ ip: z.enum(IP_TERMS), confidentiality: z.boolean(), note: z.string().optional() }),
  status: challengeStatusSchema,
  poster: challengePosterSchema,
  history: z.array(challengeHistoryEntrySchema),
  applicationCount: z.number().int(),
  awardedApplicationId: z.string().optional(),
  publishedAt: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChallengePublic = z.infer<typeof challengePublicSchema>;

/** The challenge as one caller sees it. */
export const challengeViewSchema = challengePublicSchema.extend({
  /** Present only when `canSeeConfidential`. */
  confidentialDetails: z.string().optional(),
  canSeeConfidential: z.boolean(),
  /** The caller accepted the terms (experts). */
  termsAccepted: z.boolean(),
  /** The caller may change and move the challenge (poster organisation, county cadres, admin). */
  canManage: z.boolean(),
});
export type ChallengeView = z.infer<typeof challengeViewSchema>;

const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const listChallengesQuerySchema = z.strictObject({
  status: challengeStatusSchema.optional(),
  field: expertFieldSchema.optional(),
  county: countyIdSchema.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListChallengesQuery = z.infer<typeof listChallengesQuerySchema>;

export const challengePageSchema = z.object({
  items: z.array(challengeViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ChallengePage = z.infer<typeof challengePageSchema>;

// --- applications (揭榜) ---
export const APPLICATION_STATUSES = ['submitted', 'shortlisted', 'rejected', 'awarded'] as const;
export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

const entityId = z.string().min(1).max(64);

export const createApplicationSchema = z.strictObject({
  proposal: trimmed(10, 10_000),
  /** Expert ids of the other team members; the caller (an expert with a profile) leads. */
  teamExpertIds: z
    .array(entityId)
    .max(20)
    .refine((items) => new Set(items).size === items.length, { message: 'Items must be unique' })
    .default([]),
});
export type CreateApplicationInput = z.infer<typeof createApplicationSchema>;

/** An application without its proposal: what events and rooms carry. */
export const applicationSummarySchema = z.object({
  id: z.string(),
  challengeId: z.string(),
  leaderExpertId: z.string(),
  leaderUserId: z.string(),
  /** Leader first, then the team. */
  expertIds: z.array(z.string()),
  userIds: z.array(z.string()),
  status: applicationStatusSchema,
  reason: z.string().optional(),
  submittedAt: z.string(),
  updatedAt: z.string(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;

export const applicationViewSchema = applicationSummarySchema.extend({ proposal: z.string() });
export type ApplicationView = z.infer<typeof applicationViewSchema>;

export const applicationListSchema = z.object({ items: z.array(applicationViewSchema) });
export type ApplicationList = z.infer<typeof applicationListSchema>;

// --- request-reply commands ---
export const ChallengeCommands = {
  create: 'talent.challenges.create',
  get: 'talent.challenges.get',
  list: 'talent.challenges.list',
  update: 'talent.challenges.update',
  publish: 'talent.challenges.publish',
  close: 'talent.challenges.close',
  cancel: 'talent.challenges.cancel',
  acceptTerms: 'talent.challenges.accept-terms',
  award: 'talent.challenges.award',
  deliver: 'talent.challenges.deliver',
  complete: 'talent.challenges.complete',
} as const;

export const ApplicationCommands = {
  submit: 'talent.applications.submit',
  list: 'talent.applications.list',
  shortlist: 'talent.applications.shortlist',
  reject: 'talent.applications.reject',
} as const;

const versioned = { id: entityId, expectedVersion: z.number().int().min(1).optional() };
export const challengeIdSchema = z.object({ id: entityId });
export const challengeActionSchema = z.object(versioned);
export type ChallengeAction = z.infer<typeof challengeActionSchema>;
export const reasonSchema = trimmed(2, 1000);
/** The body of every step that needs a reason (cancel, reject, call off). */
export const reasonBodySchema = z.strictObject({ reason: reasonSchema });
export const cancelChallengeSchema = z.object({ ...versioned, reason: reasonSchema });
export type CancelChallengeCommand = z.infer<typeof cancelChallengeSchema>;
export const awardChallengeSchema = z.object({ ...versioned, applicationId: entityId });
export type AwardChallengeCommand = z.infer<typeof awardChallengeSchema>;
export const updateChallengeCommandSchema = z.object({ ...versioned, patch: updateChallengeSchema });
export type UpdateChallengeCommand = z.infer<typeof updateChallengeCommandSchema>;
export const submitApplicationCommandSchema = z.object({
  id: entityId,
  application: createApplicationSchema,
});
export type SubmitApplicationCommand = z.infer<typeof submitApplicationCommandSchema>;
export const applicationRefSchema = z.object({ id: entityId, applicationId: entityId });
export type ApplicationRef = z.infer<typeof applicationRefSchema>;
export const rejectApplicationSchema = applicationRefSchema.extend({ reason: reasonSchema });
export type RejectApplicationCommand = z.infer<typeof rejectApplicationSchema>;

export const challengeCommandSchemas = {
  [ChallengeCommands.create]: { request: createChallengeSchema, response: challengeViewSchema },
  [ChallengeCommands.get]: { request: challengeIdSchema, response: challengeViewSchema },
  [ChallengeCommands.list]: { request: listChallengesQuerySchema, response: challengePageSchema },
  [ChallengeCommands.update]: { request: updateChallengeCommandSchema, response: challengeViewSchema },
  [ChallengeCommands.publish]: { request: challengeActionSchema, response: challengeViewSchema },
  [ChallengeCommands.close]: { request: challengeActionSchema, response: challengeViewSchema },
  [ChallengeCommands.cancel]: { request: cancelChallengeSchema, response: challengeViewSchema },
  [ChallengeCommands.acceptTerms]: { request: challengeIdSchema, response: challengeViewSchema },
  [ChallengeCommands.award]: { request: awardChallengeSchema, response: challengeViewSchema },
  [ChallengeCommands.deliver]: { request: challengeActionSchema, response: challengeViewSchema },
  [ChallengeCommands.complete]: { request: challengeActionSchema, response: challengeViewSchema },
  [ApplicationCommands.submit]: { request: submitApplicationCommandSchema, response: applicationViewSchema },
  [ApplicationCommands.list]: { request: challengeIdSchema, response: applicationListSchema },
  [ApplicationCommands.shortlist]: { request: applicationRefSchema, response: applicationViewSchema },
  [ApplicationCommands.reject]: { request: rejectApplicationSchema, response: applicationViewSchema },
} as const;

// --- events ---
export const ChallengeEvents = {
  created: 'talent.challenge.created.v1',
  draftUpdated: 'talent.challenge.draft-updated.v1',
  /** A published challenge changed (e.g. its deadline moved). */
  updated: 'talent.challenge.updated.v1',
  published: 'talent.challenge.published.v1',
  closed: 'talent.challenge.closed.v1',
  awarded: 'talent.challenge.awarded.v1',
  delivered: 'talent.challenge.delivered.v1',
  completed: 'talent.challenge.completed.v1',
  cancelled: 'talent.challenge.cancelled.v1',
  termsAccepted: 'talent.challenge.terms-accepted.v1',
} as const;
export type ChallengeEventTopic = (typeof ChallengeEvents)[keyof typeof ChallengeEvents];

export const ApplicationEvents = {
  submitted: 'talent.application.submitted.v1',
  shortlisted: 'talent.application.shortlisted.v1',
  rejected: 'talent.application.rejected.v1',
  awarded: 'talent.application.awarded.v1',
} as const;
export type ApplicationEventTopic = (typeof ApplicationEvents)[keyof typeof ApplicationEvents];

export const challengeEventPayloadSchema = z.object({
  challenge: challengePublicSchema,
  /** The lifecycle step, for transitions. */
  transition: challengeHistoryEntrySchema.optional(),
  /** Fields changed, for updates. */
  changed: z.array(z.string()).optional(),
  /** The expert user who accepted the terms, for terms-accepted. */
  userId: z.string().optional(),
});
export type ChallengeEventPayload = z.infer<typeof challengeEventPayloadSchema>;
export const challengeEventV1 = envelopeSchema(challengeEventPayloadSchema);

export const applicationEventPayloadSchema = z.object({
  challenge: challengePublicSchema,
  application: applicationSummarySchema,
});
export type ApplicationEventPayload = z.infer<typeof applicationEventPayloadSchema>;
export const applicationEventV1 = envelopeSchema(applicationEventPayloadSchema);

export const challengeEventSchemas = {
  [ChallengeEvents.created]: challengeEventV1,
  [ChallengeEvents.draftUpdated]: challengeEventV1,
  [ChallengeEvents.updated]: challengeEventV1,
  [ChallengeEvents.published]: challengeEventV1,
  [ChallengeEvents.closed]: challengeEventV1,
  [ChallengeEvents.awarded]: challengeEventV1,
  [ChallengeEvents.delivered]: challengeEventV1,
  [ChallengeEvents.completed]: challengeEventV1,
  [ChallengeEvents.cancelled]: challengeEventV1,
  [ChallengeEvents.termsAccepted]: challengeEventV1,
  [ApplicationEvents.submitted]: applicationEventV1,
  [ApplicationEvents.shortlisted]: applicationEventV1,
  [ApplicationEvents.rejected]: applicationEventV1,
  [ApplicationEvents.awarded]: applicationEventV1,
} as const;
