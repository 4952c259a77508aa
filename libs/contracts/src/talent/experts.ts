import { z } from 'zod';
import { pairOf } from '@qingshui/regions';
import {
  booleanFromQuery,
  entityId,
  idListFromQuery,
  idParams,
  intFromQuery,
  pageOf,
  regionIdSchema,
  trimmed,
  uniqueList,
} from '../common';
import { defineCommand, defineEvent, to, type Delivery } from '../kit/contract';
import { route } from '../kit/route';

/** The fields of expertise named by the plan (人才智力协作), with their Chinese labels. */
export const EXPERT_FIELDS = {
  'ecology-water': '生态环境与水源保护',
  'industry-upgrade': '传统产业转型升级',
  'new-materials': '新材料',
  'new-energy': '新能源',
  'disaster-prevention': '防灾减灾',
  education: '教育',
  medicine: '医疗卫生',
  tcm: '中医药',
  agriculture: '现代农业',
  'culture-tourism': '文化旅游',
  digital: '数字经济',
} as const;
export type ExpertField = keyof typeof EXPERT_FIELDS;
export const expertFieldSchema = z.enum(Object.keys(EXPERT_FIELDS) as [ExpertField, ...ExpertField[]]);

export { booleanFromQuery, intFromQuery, regionIdSchema };

/** Who may see an expert's contact details, besides the expert and admins. */
export const CONTACT_VISIBILITY = ['public', 'cadres', 'private'] as const;
export type ContactVisibility = (typeof CONTACT_VISIBILITY)[number];

export const contactSchema = z.strictObject({
  email: z.email().max(100).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, 'A phone number: digits, spaces, dashes, optional leading +')
    .optional(),
  wechat: trimmed(1, 50).optional(),
});

export const availabilityWindowSchema = z
  .strictObject({ from: z.iso.date(), to: z.iso.date(), note: trimmed(1, 100).optional() })
  .refine((window) => window.from <= window.to, { message: '`to` must not be before `from`', path: ['to'] });
export type AvailabilityWindow = z.infer<typeof availabilityWindowSchema>;

const expertFields = {
  name: trimmed(1, 50),
  institution: trimmed(1, 100),
  title: trimmed(1, 50),
  fields: uniqueList(expertFieldSchema, 5).min(1),
  skills: uniqueList(trimmed(1, 30), 30),
  bio: z.string().trim().max(4000),
  region: regionIdSchema,
  /** 院士: member of the Chinese Academy of Sciences or of Engineering. */
  academician: z.boolean(),
  honours: uniqueList(trimmed(1, 100), 20),
  languages: uniqueList(trimmed(1, 20), 10),
  availability: z.array(availabilityWindowSchema).max(20),
  contact: contactSchema,
  contactVisibility: z.enum(CONTACT_VISIBILITY),
  /** Organisations the expert declares a conflict of interest with; matching excludes them. */
  conflictOrgIds: uniqueList(trimmed(1, 64), 50),
};

// Defaults belong to creation only: inside .partial() zod 4 would apply them and a PATCH would
// silently reset the fields it does not name.
export const createExpertSchema = z.strictObject({
  ...expertFields,
  skills: expertFields.skills.default([]),
  bio: expertFields.bio.default(''),
  academician: expertFields.academician.default(false),
  honours: expertFields.honours.default([]),
  languages: expertFields.languages.default(['中文']),
  availability: expertFields.availability.default([]),
  contact: expertFields.contact.default({}),
  contactVisibility: expertFields.contactVisibility.default('cadres'),
  conflictOrgIds: expertFields.conflictOrgIds.default([]),
});
export type CreateExpertInput = z.infer<typeof createExpertSchema>;
/** What a client sends: the fields with defaults may be left out. */
export type CreateExpertRequest = z.input<typeof createExpertSchema>;

export const updateExpertSchema = z
  .strictObject(expertFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdateExpertInput = z.infer<typeof updateExpertSchema>;

export const expertProfileSchema = z.object({
  id: z.string(),
  userId: z.string(),
  orgId: z.string().optional(),
  name: z.string(),
  institution: z.string(),
  title: z.string(),
  fields: z.array(expertFieldSchema),
  skills: z.array(z.string()),
  bio: z.string(),
  region: z.string(),
  academician: z.boolean(),
  honours: z.array(z.string()),
  languages: z.array(z.string()),
  availability: z.array(availabilityWindowSchema),
  /** Present only for viewers the visibility allows; never in events (anyone may watch a profile). */
  contact: contactSchema.optional(),
  contactVisibility: z.enum(CONTACT_VISIBILITY),
  conflictOrgIds: z.array(z.string()),
  /** Kept by the platform from what the expert did: visits joined, challenges solved. */
  engagements: z.object({ visits: z.number().int(), challengesSolved: z.number().int() }),
  /** Set by a cadre or an admin after checking who the expert is. */
  verified: z.boolean(),
  verifiedBy: z.string().optional(),
  verifiedAt: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExpertProfile = z.infer<typeof expertProfileSchema>;

export const listExpertsQuerySchema = z.strictObject({
  field: expertFieldSchema.optional(),
  region: regionIdSchema.optional(),
  academician: booleanFromQuery.optional(),
  verified: booleanFromQuery.optional(),
  /** The profiles of these users (up to 100, comma-separated): my own, or the names on a list of bookings. */
  userIds: idListFromQuery(100).optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListExpertsQuery = z.infer<typeof listExpertsQuerySchema>;

export const expertPageSchema = pageOf(expertProfileSchema);
export type ExpertPage = z.infer<typeof expertPageSchema>;

export const expertIdSchema = z.object({ id: entityId });
export const updateExpertCommandSchema = z.object({
  id: entityId,
  expectedVersion: z.number().int().min(1).optional(),
  patch: updateExpertSchema,
});
export type UpdateExpertCommand = z.infer<typeof updateExpertCommandSchema>;

export const verifyExpertSchema = z.strictObject({ verified: z.boolean() });
export const verifyExpertCommandSchema = z.object({ id: entityId, verified: z.boolean() });
export type VerifyExpertCommand = z.infer<typeof verifyExpertCommandSchema>;

// --- commands ---
export const createExpert = defineCommand({
  name: 'talent.experts.create.v1',
  request: createExpertSchema,
  reply: expertProfileSchema,
});
export const getExpert = defineCommand({
  name: 'talent.experts.get.v1',
  request: expertIdSchema,
  reply: expertProfileSchema,
});
export const updateExpert = defineCommand({
  name: 'talent.experts.update.v1',
  request: updateExpertCommandSchema,
  reply: expertProfileSchema,
});
export const listExperts = defineCommand({
  name: 'talent.experts.list.v1',
  request: listExpertsQuerySchema,
  reply: expertPageSchema,
});
export const verifyExpert = defineCommand({
  name: 'talent.experts.verify.v1',
  request: verifyExpertCommandSchema,
  reply: expertProfileSchema,
});

export const TalentCommands = {
  createExpert: createExpert.name,
  getExpert: getExpert.name,
  updateExpert: updateExpert.name,
  listExperts: listExperts.name,
  verifyExpert: verifyExpert.name,
} as const;

const version = (expert: ExpertProfile) => expert.version;

export const expertRoutes = [
  route(createExpert, {
    method: 'POST',
    path: '/experts',
    tag: 'experts',
    summary: 'Register the caller’s own expert profile (专家入库); one per user',
    roles: ['expert'],
    status: 201,
    body: createExpertSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (expert) => `/api/v1/experts/${expert.id}`,
    errors: [400, 403, 409],
  }),
  route(listExperts, {
    method: 'GET',
    path: '/experts',
    tag: 'experts',
    summary: 'Browse the shared expert pool (共享专家人才库), newest first',
    query: listExpertsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getExpert, {
    method: 'GET',
    path: '/experts/:id',
    tag: 'experts',
    summary: 'One expert profile',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updateExpert, {
    method: 'PATCH',
    path: '/experts/:id',
    tag: 'experts',
    summary: 'Change a profile (its owner or an admin); If-Match guards against lost updates',
    params: idParams,
    body: updateExpertSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
  route(verifyExpert, {
    method: 'PUT',
    path: '/experts/:id/verification',
    tag: 'experts',
    summary: 'Set or withdraw the verified mark (cadres and admins, never on their own profile)',
    roles: ['cadre', 'admin'],
    params: idParams,
    body: verifyExpertSchema,
    payload: ({ params, body }) => ({ id: params.id, verified: body.verified }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
/**
 * A profile's events carry the public profile (never contact details), which any signed-in user
 * may read over REST: the owner gets the event as it is, every other room the same payload
 * without who acted.
 */
function expertAudience({ expert }: { expert: ExpertProfile }): Delivery[] {
  const pair = pairOf(expert.region);
  return [
    to.user(expert.userId),
    to.open(`expert:${expert.id}`),
    to.open(`region:${expert.region}`),
    ...(expert.orgId ? [to.open(`org:${expert.orgId}`)] : []),
    ...(pair ? [to.open(`pair:${pair.id}`)] : []),
  ];
}

const registeredPayload = z.object({ expert: expertProfileSchema });
const updatedPayload = z.object({ expert: expertProfileSchema, changed: z.array(z.string()) });

// Compacted: the latest event per expert is the whole public profile, so a consumer that starts
// later (a new service, a rebuilt projection) can still read every expert.
export const expertRegistered = defineEvent({
  topic: 'talent.expert.registered.v1',
  payload: registeredPayload,
  audience: expertAudience,
  publicView: { schema: registeredPayload.strict(), project: ({ expert }) => ({ expert }) },
  compacted: true,
});
export const expertUpdated = defineEvent({
  topic: 'talent.expert.updated.v1',
  payload: updatedPayload,
  audience: expertAudience,
  publicView: { schema: updatedPayload.strict(), project: ({ expert, changed }) => ({ expert, changed }) },
  compacted: true,
});

export const TalentEvents = {
  expertRegistered: expertRegistered.topic,
  expertUpdated: expertUpdated.topic,
} as const;

export type ExpertRegisteredV1 = z.infer<typeof expertRegistered.envelope>;
export type ExpertUpdatedV1 = z.infer<typeof expertUpdated.envelope>;
