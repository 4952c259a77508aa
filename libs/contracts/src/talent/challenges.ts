import { z } from 'zod';
import {
  countyIdSchema,
  entityId,
  idParams,
  intFromQuery,
  pageOf,
  reasonBodySchema,
  reasonSchema,
  recordIdParam,
  trimmed,
} from '../common';
import { defineCommand, defineEvent, to, type Delivery } from '../kit/contract';
import { route } from '../kit/route';
import { expertFieldSchema } from './experts';

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

export { countyIdSchema, reasonBodySchema, reasonSchema };

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

export const listChallengesQuerySchema = z.strictObject({
  status: challengeStatusSchema.optional(),
  field: expertFieldSchema.optional(),
  county: countyIdSchema.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListChallengesQuery = z.infer<typeof listChallengesQuerySchema>;

export const challengePageSchema = pageOf(challengeViewSchema);
export type ChallengePage = z.infer<typeof challengePageSchema>;

// --- applications (揭榜) ---
export const APPLICATION_STATUSES = ['submitted', 'shortlisted', 'rejected', 'awarded'] as const;
export const applicationStatusSchema = z.enum(APPLICATION_STATUSES);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

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

/** An expert's own applications, each with the challenge it is for (what the expert may read of it). */
export const myApplicationSchema = z.object({
  application: applicationViewSchema,
  challenge: z.object({
    id: z.string(),
    title: z.string(),
    status: challengeStatusSchema,
    field: expertFieldSchema,
    county: z.string(),
    deadline: z.string(),
  }),
});
export type MyApplication = z.infer<typeof myApplicationSchema>;
export const myApplicationListSchema = z.object({ items: z.array(myApplicationSchema) });
export type MyApplicationList = z.infer<typeof myApplicationListSchema>;

// --- request-reply commands ---
const versioned = { id: entityId, expectedVersion: z.number().int().min(1).optional() };
export const challengeIdSchema = z.object({ id: entityId });
export const challengeActionSchema = z.object(versioned);
export type ChallengeAction = z.infer<typeof challengeActionSchema>;
export const cancelChallengeSchema = z.object({ ...versioned, reason: reasonSchema });
export type CancelChallengeCommand = z.infer<typeof cancelChallengeSchema>;
export const awardChallengeSchema = z.object({ ...versioned, applicationId: entityId });
export type AwardChallengeCommand = z.infer<typeof awardChallengeSchema>;
export const awardBodySchema = z.strictObject({ applicationId: recordIdParam('applicationId') });
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

const challengeCommand = <const N extends string, R extends z.ZodType>(name: N, request: R) =>
  defineCommand({ name, request, reply: challengeViewSchema });

export const createChallenge = challengeCommand('talent.challenges.create.v1', createChallengeSchema);
export const getChallenge = challengeCommand('talent.challenges.get.v1', challengeIdSchema);
export const listChallenges = defineCommand({
  name: 'talent.challenges.list.v1',
  request: listChallengesQuerySchema,
  reply: challengePageSchema,
});
export const updateChallenge = challengeCommand('talent.challenges.update.v1', updateChallengeCommandSchema);
export const publishChallenge = challengeCommand('talent.challenges.publish.v1', challengeActionSchema);
export const closeChallenge = challengeCommand('talent.challenges.close.v1', challengeActionSchema);
export const cancelChallenge = challengeCommand('talent.challenges.cancel.v1', cancelChallengeSchema);
export const acceptTerms = challengeCommand('talent.challenges.accept-terms.v1', challengeIdSchema);
export const awardChallenge = challengeCommand('talent.challenges.award.v1', awardChallengeSchema);
export const deliverChallenge = challengeCommand('talent.challenges.deliver.v1', challengeActionSchema);
export const completeChallenge = challengeCommand('talent.challenges.complete.v1', challengeActionSchema);

export const submitApplication = defineCommand({
  name: 'talent.applications.submit.v1',
  request: submitApplicationCommandSchema,
  reply: applicationViewSchema,
});
export const listApplications = defineCommand({
  name: 'talent.applications.list.v1',
  request: challengeIdSchema,
  reply: applicationListSchema,
});
export const myApplications = defineCommand({
  name: 'talent.applications.mine.v1',
  request: z.strictObject({}),
  reply: myApplicationListSchema,
});
export const shortlistApplication = defineCommand({
  name: 'talent.applications.shortlist.v1',
  request: applicationRefSchema,
  reply: applicationViewSchema,
});
export const rejectApplication = defineCommand({
  name: 'talent.applications.reject.v1',
  request: rejectApplicationSchema,
  reply: applicationViewSchema,
});

export const ChallengeCommands = {
  create: createChallenge.name,
  get: getChallenge.name,
  list: listChallenges.name,
  update: updateChallenge.name,
  publish: publishChallenge.name,
  close: closeChallenge.name,
  cancel: cancelChallenge.name,
  acceptTerms: acceptTerms.name,
  award: awardChallenge.name,
  deliver: deliverChallenge.name,
  complete: completeChallenge.name,
} as const;

export const ApplicationCommands = {
  submit: submitApplication.name,
  list: listApplications.name,
  mine: myApplications.name,
  shortlist: shortlistApplication.name,
  reject: rejectApplication.name,
} as const;

// --- routes ---
const version = (challenge: ChallengeView) => challenge.version;
const MOVE_ERRORS = [400, 403, 404, 409] as const;
const applicationParams = z.strictObject({
  id: recordIdParam(),
  applicationId: recordIdParam('applicationId'),
});

/** A lifecycle step: `POST /challenges/:id/<step>`, If-Match optional, the new view back. */
const step = (
  command:
    typeof publishChallenge | typeof closeChallenge | typeof deliverChallenge | typeof completeChallenge,
  path: string,
  summary: string,
) =>
  route(command, {
    method: 'POST',
    path: `/challenges/:id/${path}`,
    tag: 'challenges',
    summary,
    params: idParams,
    ifMatch: true,
    payload: ({ params, ifMatch }) => ({ id: params.id, expectedVersion: ifMatch }),
    etag: version,
    errors: MOVE_ERRORS,
  });

export const challengeRoutes = [
  route(createChallenge, {
    method: 'POST',
    path: '/challenges',
    tag: 'challenges',
    summary: 'Post a challenge as a draft (an enterprise, or a county cadre for the county)',
    roles: ['enterprise', 'cadre'],
    status: 201,
    body: createChallengeSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (challenge) => `/api/v1/challenges/${challenge.id}`,
    errors: [400, 403],
  }),
  route(listChallenges, {
    method: 'GET',
    path: '/challenges',
    tag: 'challenges',
    summary: 'The challenge list, newest first; drafts only for those concerned',
    query: listChallengesQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getChallenge, {
    method: 'GET',
    path: '/challenges/:id',
    tag: 'challenges',
    summary: 'One challenge; confidential details only for those allowed',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updateChallenge, {
    method: 'PATCH',
    path: '/challenges/:id',
    tag: 'challenges',
    summary: 'Change a draft or published challenge (move its deadline…); terms fixed once published',
    params: idParams,
    body: updateChallengeSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: MOVE_ERRORS,
  }),
  step(publishChallenge, 'publish', 'Publish a draft (schedules the deadline job)'),
  step(closeChallenge, 'close', 'Close applications before the deadline'),
  route(cancelChallenge, {
    method: 'POST',
    path: '/challenges/:id/cancel',
    tag: 'challenges',
    summary: 'Cancel a draft, published or closed challenge, with a reason',
    params: idParams,
    body: reasonBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      id: params.id,
      reason: body.reason,
      expectedVersion: ifMatch,
    }),
    etag: version,
    errors: MOVE_ERRORS,
  }),
  route(acceptTerms, {
    method: 'POST',
    path: '/challenges/:id/terms/accept',
    tag: 'challenges',
    summary: 'An expert accepts the terms (IP, confidentiality) and may read the details',
    roles: ['expert'],
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: MOVE_ERRORS,
  }),
  route(awardChallenge, {
    method: 'POST',
    path: '/challenges/:id/award',
    tag: 'challenges',
    summary: 'Award a closed challenge to one application',
    params: idParams,
    body: awardBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      id: params.id,
      applicationId: body.applicationId,
      expectedVersion: ifMatch,
    }),
    etag: version,
    errors: MOVE_ERRORS,
  }),
  step(deliverChallenge, 'deliver', 'Report delivery (the awarded experts or the poster side)'),
  step(completeChallenge, 'complete', 'Accept the delivery and complete the challenge (the poster side)'),
  route(submitApplication, {
    method: 'POST',
    path: '/challenges/:id/applications',
    tag: 'challenges',
    summary: 'Apply (揭榜), alone or leading a team of experts; one application per expert',
    roles: ['expert'],
    status: 201,
    params: idParams,
    body: createApplicationSchema,
    payload: ({ params, body }) => ({ id: params.id, application: body }),
    errors: MOVE_ERRORS,
  }),
  route(listApplications, {
    method: 'GET',
    path: '/challenges/:id/applications',
    tag: 'challenges',
    summary: 'Applications: all of them for the poster side, one’s own for an expert',
    params: idParams,
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(myApplications, {
    method: 'GET',
    path: '/me/applications',
    tag: 'challenges',
    summary: 'My applications (an expert’s, as leader or team member), newest first, with their challenges',
    roles: ['expert'],
    payload: () => ({}),
    errors: [403],
  }),
  route(shortlistApplication, {
    method: 'POST',
    path: '/challenges/:id/applications/:applicationId/shortlist',
    tag: 'challenges',
    summary: 'Shortlist an application (the poster side)',
    params: applicationParams,
    payload: ({ params }) => params,
    errors: MOVE_ERRORS,
  }),
  route(rejectApplication, {
    method: 'POST',
    path: '/challenges/:id/applications/:applicationId/reject',
    tag: 'challenges',
    summary: 'Reject an application with a reason (the poster side)',
    params: applicationParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ ...params, reason: body.reason }),
    errors: MOVE_ERRORS,
  }),
];

// --- events ---
/**
 * Who hears of a challenge: those concerned (the poster organisation, the cadres of the county
 * and of its paired district) in full; its room, and once published the two regions' rooms, the
 * public view (a published challenge's public part is readable by any signed-in user).
 */
function challengeAudience(challenge: ChallengePublic): Delivery[] {
  const rooms: Delivery[] = [
    to.org(challenge.poster.orgId),
    to.cadres(challenge.county),
    to.cadres(challenge.pairedDistrict),
    to.open(`challenge:${challenge.id}`),
  ];
  if (challenge.publishedAt)
    rooms.push(to.open(`region:${challenge.county}`), to.open(`region:${challenge.pairedDistrict}`));
  return rooms;
}

/** Everyone hears the public view only, except the users given, who get the event. */
const onlyFor = (challenge: ChallengePublic, userIds: string[]): Delivery[] => [
  ...userIds.map(to.user),
  ...challengeAudience(challenge).map((d) => to.open(d.room)),
];

const challengeOnly = z.object({ challenge: challengePublicSchema });
const challengePublicView = {
  schema: challengeOnly.strict(),
  project: ({ challenge }: { challenge: ChallengePublic }) => ({ challenge }),
};

const transitionPayload = challengeOnly.extend({ transition: challengeHistoryEntrySchema });
const transition = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: transitionPayload,
    audience: ({ challenge }) => challengeAudience(challenge),
    publicView: {
      schema: transitionPayload.strict(),
      project: ({ challenge, transition }) => ({ challenge, transition }),
    },
  });

const changePayload = challengeOnly.extend({ changed: z.array(z.string()) });
const changed = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: changePayload,
    audience: ({ challenge }) => challengeAudience(challenge),
    publicView: {
      schema: changePayload.strict(),
      project: ({ challenge, changed }) => ({ challenge, changed }),
    },
  });

export const challengeCreated = defineEvent({
  topic: 'talent.challenge.created.v1',
  payload: challengeOnly,
  audience: ({ challenge }) => challengeAudience(challenge),
  publicView: challengePublicView,
});
export const challengeDraftUpdated = changed('talent.challenge.draft-updated.v1');
/** A published challenge changed (e.g. its deadline moved). */
export const challengeUpdated = changed('talent.challenge.updated.v1');
export const challengePublished = transition('talent.challenge.published.v1');
export const challengeClosed = transition('talent.challenge.closed.v1');
export const challengeAwarded = transition('talent.challenge.awarded.v1');
export const challengeDelivered = transition('talent.challenge.delivered.v1');
export const challengeCompleted = transition('talent.challenge.completed.v1');
export const challengeCancelled = transition('talent.challenge.cancelled.v1');
/** Who accepted the terms is the expert's own business: only they get the event in full. */
export const termsAccepted = defineEvent({
  topic: 'talent.challenge.terms-accepted.v1',
  payload: challengeOnly.extend({ userId: z.string() }),
  audience: ({ challenge, userId }) => onlyFor(challenge, [userId]),
  publicView: challengePublicView,
});

const applicationPayload = challengeOnly.extend({ application: applicationSummarySchema });
/**
 * An application in full goes to its experts and to the poster side that manages it (the
 * organisation's staff; the county's cadres for a county's own challenge); every other room of
 * the challenge hears only that the challenge changed (its application count).
 */
function applicationAudience({ challenge, application }: z.output<typeof applicationPayload>): Delivery[] {
  const managers = [to.staff(challenge.poster.orgId)];
  if (challenge.poster.kind === 'county') managers.push(to.cadres(challenge.county));
  const full = new Set(managers.map((d) => d.room));
  return [
    ...application.userIds.map(to.user),
    ...managers,
    ...challengeAudience(challenge)
      .filter((d) => !full.has(d.room))
      .map((d) => to.open(d.room)),
  ];
}
const application = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: applicationPayload,
    audience: applicationAudience,
    publicView: challengePublicView,
  });

export const applicationSubmitted = application('talent.application.submitted.v1');
export const applicationShortlisted = application('talent.application.shortlisted.v1');
export const applicationRejected = application('talent.application.rejected.v1');
export const applicationAwarded = application('talent.application.awarded.v1');

export const ChallengeEvents = {
  created: challengeCreated.topic,
  draftUpdated: challengeDraftUpdated.topic,
  updated: challengeUpdated.topic,
  published: challengePublished.topic,
  closed: challengeClosed.topic,
  awarded: challengeAwarded.topic,
  delivered: challengeDelivered.topic,
  completed: challengeCompleted.topic,
  cancelled: challengeCancelled.topic,
  termsAccepted: termsAccepted.topic,
} as const;
export type ChallengeEventTopic = (typeof ChallengeEvents)[keyof typeof ChallengeEvents];

export const ApplicationEvents = {
  submitted: applicationSubmitted.topic,
  shortlisted: applicationShortlisted.topic,
  rejected: applicationRejected.topic,
  awarded: applicationAwarded.topic,
} as const;
export type ApplicationEventTopic = (typeof ApplicationEvents)[keyof typeof ApplicationEvents];

/** What every challenge event carries; the transition, changed fields or user as the topic says. */
export interface ChallengeEventPayload {
  challenge: ChallengePublic;
  transition?: ChallengeHistoryEntry;
  changed?: string[];
  userId?: string;
}
export type ApplicationEventPayload = z.infer<typeof applicationPayload>;
