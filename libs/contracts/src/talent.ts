import { z } from 'zod';
import { isRegionId } from '@qingshui/regions';
import { envelopeSchema } from './envelope';

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

export const regionIdSchema = z
  .string()
  .refine(isRegionId, { message: 'Unknown region: use a Beijing district or county id from the pairings' });

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, { message: 'Items must be unique' });

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

export const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

// Accepts the query string's 'true'/'false' and, once parsed, the boolean itself: the gateway
// validates a request and the service validates it again with the same schema.
export const booleanFromQuery = z.union([
  z.boolean(),
  z.enum(['true', 'false']).transform((value) => value === 'true'),
]);

export const listExpertsQuerySchema = z.strictObject({
  field: expertFieldSchema.optional(),
  region: regionIdSchema.optional(),
  academician: booleanFromQuery.optional(),
  verified: booleanFromQuery.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListExpertsQuery = z.infer<typeof listExpertsQuerySchema>;

export const expertPageSchema = z.object({
  items: z.array(expertProfileSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ExpertPage = z.infer<typeof expertPageSchema>;

// --- request-reply commands (`<service>.<command>`) ---
export const TalentCommands = {
  createExpert: 'talent.experts.create',
  getExpert: 'talent.experts.get',
  updateExpert: 'talent.experts.update',
  listExperts: 'talent.experts.list',
  verifyExpert: 'talent.experts.verify',
} as const;

export const expertIdSchema = z.object({ id: z.string().min(1).max(64) });
export const updateExpertCommandSchema = z.object({
  id: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(1).optional(),
  patch: updateExpertSchema,
});
export type UpdateExpertCommand = z.infer<typeof updateExpertCommandSchema>;

export const verifyExpertSchema = z.strictObject({ verified: z.boolean() });
export const verifyExpertCommandSchema = z.object({ id: z.string().min(1).max(64), verified: z.boolean() });
export type VerifyExpertCommand = z.infer<typeof verifyExpertCommandSchema>;

export const talentCommandSchemas = {
  [TalentCommands.createExpert]: { request: createExpertSchema, response: expertProfileSchema },
  [TalentCommands.getExpert]: { request: expertIdSchema, response: expertProfileSchema },
  [TalentCommands.updateExpert]: { request: updateExpertCommandSchema, response: expertProfileSchema },
  [TalentCommands.listExperts]: { request: listExpertsQuerySchema, response: expertPageSchema },
  [TalentCommands.verifyExpert]: { request: verifyExpertCommandSchema, response: expertProfileSchema },
} as const;

// --- events (`<service>.<aggregate>.<event>.v<major>`) ---
export const TalentEvents = {
  expertRegistered: 'talent.expert.registered.v1',
  expertUpdated: 'talent.expert.updated.v1',
} as const;

export const expertRegisteredV1 = envelopeSchema(z.object({ expert: expertProfileSchema }));
export type ExpertRegisteredV1 = z.infer<typeof expertRegisteredV1>;
export const expertUpdatedV1 = envelopeSchema(
  z.object({ expert: expertProfileSchema, changed: z.array(z.string()) }),
);
export type ExpertUpdatedV1 = z.infer<typeof expertUpdatedV1>;

export const talentEventSchemas = {
  [TalentEvents.expertRegistered]: expertRegisteredV1,
  [TalentEvents.expertUpdated]: expertUpdatedV1,
} as const;
