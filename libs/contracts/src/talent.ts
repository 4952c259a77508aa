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

const expertFields = {
  name: trimmed(1, 50),
  institution: trimmed(1, 100),
  title: trimmed(1, 50),
  fields: uniqueList(expertFieldSchema, 5).min(1),
  skills: uniqueList(trimmed(1, 30), 30),
  bio: z.string().trim().max(4000),
  region: regionIdSchema,
};

// Defaults belong to creation only: inside .partial() zod 4 would apply them and a PATCH would
// silently reset the bio and skills.
export const createExpertSchema = z.strictObject({
  ...expertFields,
  skills: expertFields.skills.default([]),
  bio: expertFields.bio.default(''),
});
export type CreateExpertInput = z.infer<typeof createExpertSchema>;

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
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExpertProfile = z.infer<typeof expertProfileSchema>;

const intFromQuery = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

export const listExpertsQuerySchema = z.strictObject({
  field: expertFieldSchema.optional(),
  region: regionIdSchema.optional(),
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
} as const;

export const expertIdSchema = z.object({ id: z.string().min(1).max(64) });
export const updateExpertCommandSchema = z.object({
  id: z.string().min(1).max(64),
  expectedVersion: z.number().int().min(1).optional(),
  patch: updateExpertSchema,
});
export type UpdateExpertCommand = z.infer<typeof updateExpertCommandSchema>;

export const talentCommandSchemas = {
  [TalentCommands.createExpert]: { request: createExpertSchema, response: expertProfileSchema },
  [TalentCommands.getExpert]: { request: expertIdSchema, response: expertProfileSchema },
  [TalentCommands.updateExpert]: { request: updateExpertCommandSchema, response: expertProfileSchema },
  [TalentCommands.listExperts]: { request: listExpertsQuerySchema, response: expertPageSchema },
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
