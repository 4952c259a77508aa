import { z } from 'zod';
import {
  entityId,
  idParams,
  intFromQuery,
  reasonSchema,
  recordIdParam,
  regionIdSchema,
  trimmed,
} from '../common';
import { defineCommand, defineEvent, recordRoom, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// Enterprises (企业): unified social credit codes, duplicate candidates, merges; lineage from fairs
// and challenges. An enterprise is identified by its credit code when known (one record per code,
// enforced by a key document), otherwise candidates are found by normalised name, phone and email.

// --- the unified social credit code (统一社会信用代码, GB 32100-2015) ---

/** The code's alphabet: digits and capitals without I, O, S, V, Z; a character's value is its index. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** The weights of positions 1–17: 3^(i-1) mod 31. */
export const CREDIT_CODE_WEIGHTS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  let w = 1;
  for (let k = 0; k < i; k += 1) w = (w * 3) % 31;
  return w;
});

/** The check character (position 18) of the first 17 characters, or undefined if one is not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (value < 0) return undefined;
    sum += value * CREDIT_CODE_WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** A code as people type it: full-width and lower case allowed, spaces and dashes ignored. */
export function canonicalCreditCode(text: string): string {
  return text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]+/g, '');
}

/**
 * Why a (canonical) code is not valid, or undefined when it is: 18 characters of the alphabet,
 * positions 3–8 an administrative division code (6 digits), the 18th the check character.
 */
export function creditCodeProblem(code: string): string | undefined {
  if (code.length !== 18) return 'A unified social credit code has 18 characters';
  for (const ch of code)
    if (!CREDIT_CODE_ALPHABET.includes(ch))
      return `“${ch}” is not used in credit codes (digits and capitals except I, O, S, V, Z)`;
  if (!/^\d{6}$/.test(code.slice(2, 8)))
    return 'Characters 3–8 are the administrative division code (6 digits)';
  const check = creditCodeCheckChar(code.slice(0, 17));
  if (check !== code[17]) return `The check character does not match (expected ${check})`;
  return undefined;
}

export const isValidCreditCode = (code: string): boolean =>
  creditCodeProblem(canonicalCreditCode(code)) === undefined;

/** A credit code in a request: canonicalised, then checked (the message says what is wrong). */
export const creditCodeSchema = z
  .string()
  .max(40)
  .transform(canonicalCreditCode)
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Mainland landlines and mobiles, with area code, extension or +86; digits kept as typed. */
export const enterprisePhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9][0-9 ()-]{5,22}[0-9]$/, 'A phone number: digits, spaces, dashes, an optional +86');
export const enterpriseEmailSchema = z.email({ message: 'Not an email address' }).max(200);

// --- records ---

export const ENTERPRISE_STATUSES = ['active', 'merged'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export const createEnterpriseSchema = z.strictObject({
  name: trimmed(2, 100),
  creditCode: creditCodeSchema.optional(),
  /** A Beijing district or county id; an enterprise's own record: its account's region when left out. */
  region: regionIdSchema.optional(),
  phone: enterprisePhoneSchema.optional(),
  email: enterpriseEmailSchema.optional(),
  /** The platform organisation of the enterprise (admins only; an enterprise's own record takes its own). */
  orgId: entityId.optional(),
  /** A readable id (admins only: the demo seed's records that other demo data names). */
  id: z
    .string()
    .regex(/^[A-Za-z0-9-]{3,64}$/, 'Letters, digits and -, 3 to 64')
    .optional(),
});
export type CreateEnterpriseInput = z.infer<typeof createEnterpriseSchema>;

export const mergeEntrySchema = z.object({
  mergeId: z.string(),
  /** The record merged into this one (its GET now names this one). */
  duplicateId: z.string(),
  duplicateName: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  /** Leads that named the duplicate and now name this record. */
  leadsMoved: z.number().int(),
  /** What else the survivor took from the duplicate (`creditCode`, `orgId`, `phone`, `email`). */
  fieldsTaken: z.array(z.string()),
});
export type MergeEntry = z.infer<typeof mergeEntrySchema>;

export const enterpriseViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  creditCode: z.string().optional(),
  region: z.string(),
  phone: z.string().optional(),
  email: z.string().optional(),
  orgId: z.string().optional(),
  status: z.enum(ENTERPRISE_STATUSES),
  /** For a merged record: the survivor, the record to use instead. */
  mergedInto: z.string().optional(),
  mergeId: z.string().optional(),
  /** Records merged into this one. */
  merges: z.array(mergeEntrySchema),
  /** How the record came to be: by hand, or implicitly from a fair scan or an awarded challenge. */
  source: z.enum(['manual', 'fair-scan', 'challenge', 'own-org']),
  /** The user who created it (personal: never in a public view). */
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type EnterpriseView = z.infer<typeof enterpriseViewSchema>;

/** What anyone who may watch the record (its room) may see. */
export const enterprisePublicSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  status: z.enum(ENTERPRISE_STATUSES),
  mergedInto: z.string().optional(),
  version: z.number().int(),
});

export const DUPLICATE_REASONS = ['credit-code', 'same-name', 'similar-name', 'phone', 'email'] as const;
export type DuplicateReasonKind = (typeof DUPLICATE_REASONS)[number];
export const duplicateCandidateSchema = z.object({
  enterprise: z.object({
    id: z.string(),
    name: z.string(),
    creditCode: z.string().optional(),
    region: z.string(),
    phone: z.string().optional(),
    email: z.string().optional(),
  }),
  /** 0–1: a same credit code is 1; a same normalised name 0.9; a similar one its token overlap. */
  score: z.number(),
  /** Why it is a candidate, strongest first (`similar-name` with its overlap, e.g. “0.75”). */
  reasons: z.array(z.object({ kind: z.enum(DUPLICATE_REASONS), detail: z.string().optional() })),
});
export type DuplicateCandidate = z.infer<typeof duplicateCandidateSchema>;
export const duplicatesSchema = z.object({
  /** The name as compared: suffixes and region prefixes stripped, NFKC. */
  normalisedName: z.string(),
  candidates: z.array(duplicateCandidateSchema),
});
export type Duplicates = z.infer<typeof duplicatesSchema>;

export const duplicatesQuerySchema = z
  .strictObject({
    name: z.string().trim().max(100).optional(),
    phone: z.string().trim().max(40).optional(),
    email: z.string().trim().max(200).optional(),
    creditCode: z.string().trim().max(40).optional(),
    /** Leave this record out (the record being looked at). */
    excludeId: entityId.optional(),
    limit: intFromQuery(1, 50, 10),
  })
  .refine((q) => !!(q.name || q.phone || q.email || q.creditCode), {
    message: 'Give at least one of name, phone, email, creditCode',
    path: ['name'],
  });
export type DuplicatesQuery = z.infer<typeof duplicatesQuerySchema>;

export const createEnterpriseReplySchema = z.object({
  enterprise: enterpriseViewSchema,
  /** Possible duplicates found as it was created (to merge, or to ignore); none for an enterprise's own record. */
  duplicates: z.array(duplicateCandidateSchema),
});
export type CreateEnterpriseReply = z.infer<typeof createEnterpriseReplySchema>;

export const listEnterprisesQuerySchema = z.strictObject({
  /** Words of the name or the start of a credit code. */
  q: z.string().trim().max(100).optional(),
  region: regionIdSchema.optional(),
  /** Merged records too (they answer with their survivor). */
  includeMerged: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
    .default(false),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListEnterprisesQuery = z.infer<typeof listEnterprisesQuerySchema>;
export const enterpriseSummarySchema = duplicateCandidateSchema.shape.enterprise.extend({
  orgId: z.string().optional(),
  status: z.enum(ENTERPRISE_STATUSES),
  mergedInto: z.string().optional(),
  mergeCount: z.number().int(),
});
export type EnterpriseSummary = z.infer<typeof enterpriseSummarySchema>;
export const enterprisePageSchema = z.object({
  items: z.array(enterpriseSummarySchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type EnterprisePage = z.infer<typeof enterprisePageSchema>;

export const mergeEnterpriseBodySchema = z.strictObject({
  /** The record merged into this one (it is marked merged; its leads move here). */
  duplicateId: entityId,
  reason: reasonSchema,
});
export type MergeEnterpriseBody = z.infer<typeof mergeEnterpriseBodySchema>;

/**
 * Why a merge is refused, finer than the error's code: the error carries it as the field
 * `reason` (409 CONFLICT for the first three, 403 for `forbidden`).
 */
export const MERGE_REFUSALS = [
  /** Both records have credit codes, and they differ: two different enterprises. */
  'credit_codes_differ',
  /** Both belong to different platform organisations. */
  'org_ids_differ',
  /** The duplicate was merged into another record already. */
  'already_merged',
  /** The survivor itself was merged into another record. */
  'survivor_merged',
  'same_record',
  'forbidden',
] as const;
export type MergeRefusal = (typeof MERGE_REFUSALS)[number];

export const mergeReplySchema = z.object({
  merge: mergeEntrySchema,
  survivor: enterpriseViewSchema,
  /** True when this merge had been done before (a retry): nothing changed. */
  repeated: z.boolean(),
});
export type MergeReply = z.infer<typeof mergeReplySchema>;

// --- commands ---
export const createEnterprise = defineCommand({
  name: 'investment.enterprises.create.v1',
  request: createEnterpriseSchema,
  reply: createEnterpriseReplySchema,
});
export const getEnterprise = defineCommand({
  name: 'investment.enterprises.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: enterpriseViewSchema,
});
export const listEnterprises = defineCommand({
  name: 'investment.enterprises.list.v1',
  request: listEnterprisesQuerySchema,
  reply: enterprisePageSchema,
});
export const findDuplicates = defineCommand({
  name: 'investment.enterprises.duplicates.v1',
  request: duplicatesQuerySchema,
  reply: duplicatesSchema,
});
export const mergeEnterprise = defineCommand({
  name: 'investment.enterprises.merge.v1',
  request: mergeEnterpriseBodySchema.extend({ id: entityId }),
  reply: mergeReplySchema,
});
export const EnterpriseCommands = {
  create: createEnterprise.name,
  get: getEnterprise.name,
  list: listEnterprises.name,
  duplicates: findDuplicates.name,
  merge: mergeEnterprise.name,
} as const;

// --- routes ---
const TAG = 'investment-enterprises';
const routes = [
  route(createEnterprise, {
    method: 'POST',
    path: '/investment/enterprises',
    tag: TAG,
    summary:
      'Create an enterprise record (cadres and admins; an enterprise its own): a credit code already on file is a 409 naming its record; possible duplicates come back with it',
    roles: ['cadre', 'admin', 'enterprise'],
    status: 201,
    body: createEnterpriseSchema,
    payload: ({ body }) => body,
    etag: (reply) => reply.enterprise.version,
    location: (reply) => `/api/v1/investment/enterprises/${reply.enterprise.id}`,
    errors: [400, 403, 409],
  }),
  route(findDuplicates, {
    method: 'GET',
    path: '/investment/enterprises/duplicates',
    tag: TAG,
    summary:
      'Possible duplicates of an enterprise being entered, with why (same credit code, same or similar normalised name, same phone or email): cadres and admins',
    roles: ['cadre', 'admin'],
    query: duplicatesQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(listEnterprises, {
    method: 'GET',
    path: '/investment/enterprises',
    tag: TAG,
    summary: 'Enterprise records, by name words or credit code, paged (cadres and admins)',
    roles: ['cadre', 'admin'],
    query: listEnterprisesQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(getEnterprise, {
    method: 'GET',
    path: '/investment/enterprises/:id',
    tag: TAG,
    summary:
      'One enterprise record with its merges (cadres, admins, the enterprise’s own staff); a merged one names its survivor in `mergedInto`',
    params: idParams,
    payload: ({ params }) => params,
    etag: (view) => view.version,
    errors: [400, 403, 404],
  }),
  route(mergeEnterprise, {
    method: 'POST',
    path: '/investment/enterprises/:id/merge',
    tag: TAG,
    summary:
      'Merge a duplicate into this record (an admin, or the cadre who created both): its leads move here; refused when the credit codes differ. A retry changes nothing',
    roles: ['cadre', 'admin'],
    params: z.strictObject({ id: recordIdParam() }),
    body: mergeEnterpriseBodySchema,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
const enterpriseOnly = z.object({ enterprise: enterpriseViewSchema });
const publicEnterprise = (e: EnterpriseView) => ({
  id: e.id,
  name: e.name,
  region: e.region,
  status: e.status,
  ...(e.mergedInto ? { mergedInto: e.mergedInto } : {}),
  version: e.version,
});
/**
 * In full to the cadres of the record's region and, for an enterprise with accounts, its staff;
 * the record's room (cadres and admins watching it) the public view.
 */
const enterpriseAudience = ({ enterprise }: { enterprise: EnterpriseView }) => [
  to.cadres(enterprise.region),
  ...(enterprise.orgId ? [to.staff(enterprise.orgId)] : []),
  to.open(`enterprise:${enterprise.id}`),
];
const enterpriseEvent = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: enterpriseOnly,
    audience: enterpriseAudience,
    publicView: {
      schema: z.strictObject({ enterprise: enterprisePublicSchema }),
      project: ({ enterprise }) => ({ enterprise: publicEnterprise(enterprise) }),
    },
  });
export const enterpriseCreated = enterpriseEvent('investment.enterprise.created.v1');
/** The duplicate of a merge: now merged into its survivor. */
export const enterpriseMerged = enterpriseEvent('investment.enterprise.merged.v1');
/** The survivor of a merge: it recorded the merge (and took what the duplicate had and it lacked). */
export const enterpriseAbsorbed = enterpriseEvent('investment.enterprise.absorbed.v1');
export const EnterpriseEvents = {
  created: enterpriseCreated.topic,
  merged: enterpriseMerged.topic,
  absorbed: enterpriseAbsorbed.topic,
} as const;

const at = '2026-12-01T08:00:00.000Z';
const sampleEnterprise: z.input<typeof enterpriseViewSchema> = {
  id: 'ent-1',
  name: '北京清源环保科技有限公司',
  creditCode: '91110105MA01ABCD2X',
  region: 'chaoyang',
  phone: '010-65001234',
  email: 'contact@qingyuan.example.cn',
  orgId: 'ent-bj-qingyuan-env',
  status: 'active',
  merges: [
    {
      mergeId: 'merge-ent-2',
      duplicateId: 'ent-2',
      duplicateName: '清源环保（北京）',
      reason: '私人原因：家中有事',
      by: 'u-creator',
      at,
      leadsMoved: 2,
      fieldsTaken: ['phone'],
    },
  ],
  source: 'manual',
  createdBy: 'u-creator',
  version: 2,
  createdAt: at,
  updatedAt: at,
};

export const enterprisesPart = {
  commands: [
    createEnterprise,
    getEnterprise,
    listEnterprises,
    findDuplicates,
    mergeEnterprise,
  ] as const satisfies readonly AnyCommand[],
  events: [enterpriseCreated, enterpriseMerged, enterpriseAbsorbed] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('enterprise', getEnterprise, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see investmentDomain.samples). */
  samples: {
    'investment.enterprise.created.v1': { enterprise: { ...sampleEnterprise, merges: [], version: 1 } },
    'investment.enterprise.merged.v1': {
      enterprise: {
        ...sampleEnterprise,
        id: 'ent-2',
        status: 'merged',
        mergedInto: 'ent-1',
        mergeId: 'merge-ent-2',
        merges: [],
      },
    },
    'investment.enterprise.absorbed.v1': { enterprise: sampleEnterprise },
  } satisfies { [T in (typeof EnterpriseEvents)[keyof typeof EnterpriseEvents]]: unknown },
};
