import { z } from 'zod';
import { COUNTY_IDS, counterpartOf } from '@qingshui/regions';
import { countyIdSchema, idParams, intFromQuery, trimmed, uniqueList } from '../common';
import { defineCommand, defineEvent, recordRoom, to, type Delivery } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';
import { amountRangeSchema, investmentFieldSchema, INVESTMENT_FIELDS } from './vocabulary';

// Investment needs (投资需求): what an enterprise wants to invest in, where, with how much, and what
// it needs on site (land, energy, water, people). Its public part is for every signed-in user; its
// confidential details only for the poster's organisation, the cadres of the counties concerned
// and of their paired districts, and admins (the rule of talent's challenges), in REST and events.

/**
 * open → closed. No draft: a need is written in one form and may be edited while open, so a draft
 * would only hide it. Closing says why (fulfilled, or withdrawn by the enterprise).
 */
export const NEED_STATUSES = ['open', 'closed'] as const;
export const needStatusSchema = z.enum(NEED_STATUSES);
export type NeedStatus = z.infer<typeof needStatusSchema>;
export const NEED_CLOSE_REASONS = ['fulfilled', 'withdrawn', 'other'] as const;
export type NeedCloseReason = (typeof NEED_CLOSE_REASONS)[number];

/** A calendar month, `2027-06`. */
export const yearMonthSchema = z
  .string()
  .regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'A month like 2027-06 (year and month)');

/** Preferred counties, or `any` county of the programme. */
export const needCountiesSchema = z.union([
  z.literal('any'),
  uniqueList(countyIdSchema, 16).min(1, 'Name at least one county, or say "any"'),
]);
export type NeedCounties = z.infer<typeof needCountiesSchema>;

const needFields = {
  title: trimmed(2, 100),
  fields: uniqueList(investmentFieldSchema, INVESTMENT_FIELDS.length).min(1, 'Name at least one field'),
  amount: amountRangeSchema,
  counties: needCountiesSchema,
  /** Land, in 亩 (mu). */
  landMu: z.number().positive().max(1_000_000).optional(),
  /** Energy: a yearly consumption (kWh/yr), a peak load (kW), or both. */
  energy: z
    .strictObject({
      kwhPerYear: z.number().positive().max(1e12).optional(),
      kw: z.number().positive().max(1e8).optional(),
    })
    .refine((e) => e.kwhPerYear !== undefined || e.kw !== undefined, {
      message: 'Give kWh per year, kW, or both',
    })
    .optional(),
  /** Water, m³ a day. */
  waterM3PerDay: z.number().positive().max(10_000_000).optional(),
  /** People to hire. */
  workforce: z.number().int().positive().max(1_000_000).optional(),
  /** When the investment should start, and over how many years it runs. */
  timeline: z.strictObject({ startBy: yearMonthSchema, years: z.number().int().min(1).max(50) }),
  publicSummary: trimmed(10, 2000),
  confidentialDetails: z.string().trim().max(10_000),
};

export const createNeedSchema = z.strictObject({
  ...needFields,
  confidentialDetails: needFields.confidentialDetails.default(''),
  /** The enterprise's name as shown on the need. */
  enterpriseName: trimmed(2, 100),
  /** An admin posting on behalf of an organisation names it; an enterprise user posts for their own. */
  orgId: z.string().min(1).max(64).optional(),
  /** With orgId (admins only): the organisation's Beijing district or county. */
  region: z.string().min(1).max(32).optional(),
});
export type CreateNeedInput = z.infer<typeof createNeedSchema>;

export const updateNeedSchema = z
  .strictObject({ ...needFields, enterpriseName: trimmed(2, 100) })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdateNeedInput = z.infer<typeof updateNeedSchema>;

/** What any signed-in user reads of a need, and what open rooms hear. No person ids. */
export const needPublicSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  enterpriseName: z.string(),
  orgId: z.string(),
  /** The poster's region (a Beijing district for a Beijing enterprise). */
  region: z.string(),
  fields: z.array(investmentFieldSchema),
  amount: z.object({ minYuan: z.number(), maxYuan: z.number() }),
  counties: z.union([z.literal('any'), z.array(z.string())]),
  landMu: z.number().optional(),
  energy: z.object({ kwhPerYear: z.number().optional(), kw: z.number().optional() }).optional(),
  waterM3PerDay: z.number().optional(),
  workforce: z.number().int().optional(),
  timeline: z.object({ startBy: z.string(), years: z.number().int() }),
  publicSummary: z.string(),
  status: needStatusSchema,
  closeReason: z.enum(NEED_CLOSE_REASONS).optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NeedPublic = z.infer<typeof needPublicSchema>;

/** What events carry to the scoped rooms of those who may read everything. */
export const needFullSchema = needPublicSchema.extend({
  confidentialDetails: z.string(),
  /** The user who posted it: personal. */
  createdBy: z.string(),
});
export type NeedFull = z.infer<typeof needFullSchema>;

/** The need as one caller reads it: the confidential part only for those entitled. */
export const needViewSchema = needPublicSchema.extend({
  confidentialDetails: z.string().optional(),
  createdBy: z.string().optional(),
  canSeeConfidential: z.boolean(),
  canEdit: z.boolean(),
});
export type NeedView = z.infer<typeof needViewSchema>;

export const needPageSchema = z.object({
  items: z.array(needViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type NeedPage = z.infer<typeof needPageSchema>;

export const listNeedsQuerySchema = z.strictObject({
  field: investmentFieldSchema.optional(),
  /** Needs open to this county: it is among the preferred ones, or the need takes any. */
  county: countyIdSchema.optional(),
  status: needStatusSchema.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListNeedsQuery = z.infer<typeof listNeedsQuerySchema>;
export const myNeedsQuerySchema = listNeedsQuerySchema.pick({ status: true, page: true, pageSize: true });
export type MyNeedsQuery = z.infer<typeof myNeedsQuerySchema>;

export const updateNeedCommandSchema = z.strictObject({
  id: z.string(),
  patch: updateNeedSchema,
  expectedVersion: z.number().int().optional(),
});
export type UpdateNeedCommand = z.infer<typeof updateNeedCommandSchema>;
export const closeNeedBodySchema = z.strictObject({
  reason: z.enum(NEED_CLOSE_REASONS),
  note: z.string().trim().max(1000).optional(),
});
export const closeNeedCommandSchema = closeNeedBodySchema.extend({
  id: z.string(),
  expectedVersion: z.number().int().optional(),
});
export type CloseNeedCommand = z.infer<typeof closeNeedCommandSchema>;

// --- commands ---
export const createNeed = defineCommand({
  name: 'investment.needs.create.v1',
  request: createNeedSchema,
  reply: needViewSchema,
});
export const getNeed = defineCommand({
  name: 'investment.needs.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: needViewSchema,
});
export const updateNeed = defineCommand({
  name: 'investment.needs.update.v1',
  request: updateNeedCommandSchema,
  reply: needViewSchema,
});
export const closeNeed = defineCommand({
  name: 'investment.needs.close.v1',
  request: closeNeedCommandSchema,
  reply: needViewSchema,
});
export const listNeeds = defineCommand({
  name: 'investment.needs.list.v1',
  request: listNeedsQuerySchema,
  reply: needPageSchema,
});
export const myNeeds = defineCommand({
  name: 'investment.needs.mine.v1',
  request: myNeedsQuerySchema,
  reply: needPageSchema,
});
export const NeedCommands = {
  create: createNeed.name,
  get: getNeed.name,
  update: updateNeed.name,
  close: closeNeed.name,
  list: listNeeds.name,
  mine: myNeeds.name,
} as const;

// --- routes ---
const version = (need: NeedView) => need.version;
const routes = [
  route(createNeed, {
    method: 'POST',
    path: '/investment/needs',
    tag: 'investment',
    summary:
      'Post an investment need: an enterprise user for their own organisation, an admin on behalf of one (orgId, region)',
    roles: ['enterprise', 'admin'],
    status: 201,
    body: createNeedSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (need) => `/api/v1/investment/needs/${need.id}`,
    errors: [400, 403],
  }),
  route(listNeeds, {
    method: 'GET',
    path: '/investment/needs',
    tag: 'investment',
    summary:
      'Needs, latest first, by field, county (preferred or any) and status; confidential details only where the caller may read them',
    query: listNeedsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(myNeeds, {
    method: 'GET',
    path: '/investment/needs/mine',
    tag: 'investment',
    summary: 'The needs of the caller’s organisation, latest first',
    query: myNeedsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getNeed, {
    method: 'GET',
    path: '/investment/needs/:id',
    tag: 'investment',
    summary:
      'One need; its confidential details for the poster’s organisation, the cadres of its counties and their paired districts, and admins',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updateNeed, {
    method: 'PATCH',
    path: '/investment/needs/:id',
    tag: 'investment',
    summary: 'Change an open need (the poster’s organisation or an admin); If-Match guards the version',
    params: idParams,
    body: updateNeedSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
  route(closeNeed, {
    method: 'POST',
    path: '/investment/needs/:id/close',
    tag: 'investment',
    summary: 'Close a need: fulfilled, withdrawn or other (the poster’s organisation or an admin)',
    params: idParams,
    body: closeNeedBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, ...body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
/**
 * In full to the poster's organisation and the cadres of every county concerned and of its paired
 * district (they may read the confidential details); the need's room the public view.
 */
export function needAudience(need: NeedFull, concernedRegions: readonly string[]): Delivery[] {
  return [
    to.org(need.orgId),
    ...concernedRegions.map((region) => to.cadres(region)),
    to.open(`need:${need.id}`),
  ];
}
export const publicOfNeed = (need: NeedFull): NeedPublic => {
  const { confidentialDetails: _secret, createdBy: _by, ...rest } = need;
  return rest;
};

/** The counties a need concerns (its preferred ones; all for `any`) and their paired districts. */
export function regionsConcerned(counties: NeedCounties): string[] {
  const list = counties === 'any' ? COUNTY_IDS : counties;
  return [...new Set(list.flatMap((county) => [county, counterpartOf(county)?.id ?? county]))];
}

const needOnly = z.object({ need: needFullSchema });
const needPublicOnly = z.strictObject({ need: needPublicSchema });
export const needPosted = defineEvent({
  topic: 'investment.need.posted.v1',
  payload: needOnly,
  audience: ({ need }) => needAudience(need, regionsConcerned(need.counties)),
  publicView: { schema: needPublicOnly, project: ({ need }) => ({ need: publicOfNeed(need) }) },
});
const needChangedPayload = needOnly.extend({ changed: z.array(z.string()) });
export const needUpdated = defineEvent({
  topic: 'investment.need.updated.v1',
  payload: needChangedPayload,
  audience: ({ need }) => needAudience(need, regionsConcerned(need.counties)),
  publicView: {
    schema: z.strictObject({ need: needPublicSchema, changed: z.array(z.string()) }),
    project: ({ need, changed }) => ({ need: publicOfNeed(need), changed }),
  },
});
export const needClosed = defineEvent({
  topic: 'investment.need.closed.v1',
  payload: needOnly,
  audience: ({ need }) => needAudience(need, regionsConcerned(need.counties)),
  publicView: { schema: needPublicOnly, project: ({ need }) => ({ need: publicOfNeed(need) }) },
});
export const NeedEvents = {
  posted: needPosted.topic,
  updated: needUpdated.topic,
  closed: needClosed.topic,
} as const;

const sampleNeed: NeedFull = {
  id: 'need-1',
  title: '丹江口库区水处理项目投资意向',
  enterpriseName: '北京清源环保科技有限公司',
  orgId: 'ent-bj-qingyuan-env',
  region: 'chaoyang',
  fields: ['water-treatment', 'environmental-protection'],
  amount: { minYuan: 50_000_000, maxYuan: 200_000_000 },
  counties: ['xichuan'],
  landMu: 80,
  energy: { kwhPerYear: 3_000_000, kw: 800 },
  waterM3PerDay: 500,
  workforce: 60,
  timeline: { startBy: '2027-06', years: 5 },
  publicSummary: '拟在库区投资建设污水处理与再生水设施。',
  status: 'closed',
  closeReason: 'withdrawn',
  version: 3,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
  // Personal data planted: no open room may hear it.
  confidentialDetails: '私人原因：家中有事',
  createdBy: 'u-creator',
};

const NEED_EVENT_LIST = [needPosted, needUpdated, needClosed] as const;
type NeedEventPayloads = {
  [E in (typeof NEED_EVENT_LIST)[number] as E['topic']]: z.input<E['payload']>;
};

export const needsPart = {
  commands: [
    createNeed,
    getNeed,
    updateNeed,
    closeNeed,
    listNeeds,
    myNeeds,
  ] as const satisfies readonly AnyCommand[],
  events: NEED_EVENT_LIST satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('need', getNeed, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see investmentDomain.samples). */
  samples: {
    'investment.need.posted.v1': { need: sampleNeed },
    'investment.need.updated.v1': { need: sampleNeed, changed: ['amount', 'confidentialDetails'] },
    'investment.need.closed.v1': { need: sampleNeed },
  } satisfies NeedEventPayloads,
};
