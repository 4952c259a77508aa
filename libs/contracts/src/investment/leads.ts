import { z } from 'zod';
import {
  countyIdSchema,
  entityId,
  idParams,
  intFromQuery,
  isoDateTime,
  recordIdParam,
  trimmed,
} from '../common';
import { defineCommand, defineEvent, recordRoom, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';
import {
  enterpriseRefSchema,
  investmentFieldSchema,
  leadOriginSchema,
  leadStageSchema,
  leadStatusSchema,
  noteSchema,
  yuanSchema,
  LEAD_ORIGIN_KINDS,
  LEAD_STAGES,
  LEAD_GATE_FIELD_NAMES,
  LEAD_STAGE_NAMES,
  LEAD_STATUS_NAMES,
  type LeadStage,
} from './vocabulary';
import { regionById } from '@qingshui/regions';

// Leads and the pipeline (招商线索): a lead links an enterprise (and, when known, a need and a
// project) to a county; it moves through the stages one at a time, each stage's gate naming the
// fields it requires; a status besides; activities and tasks; owners; its origin chain; live totals.

const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2027-05-18');

// --- the values a lead collects on its way (each stage's gate asks for some of them) ---
export const leadValuesSchema = z.strictObject({
  /** Assigned: what the enterprise may invest, estimated (whole yuan). */
  estimatedAmountYuan: yuanSchema.optional(),
  /** Active: the enterprise's contact person (name, title, phone as the cadre writes it). */
  contactPerson: trimmed(1, 100).optional(),
  /** Active: the record of a visit or meeting (or an activity of kind visit or meeting). */
  meetingRecord: noteSchema.optional(),
  /** Active: how likely the deal is, 0–100 %. */
  likelihoodPct: z.number().int().min(0).max(100).optional(),
  /** When the signing is expected (the follow-ups part reminds before it). */
  expectedSigningDate: calendarDay.optional(),
  /** Signed: the agreement's date, the amount signed, the parties (at least two). */
  agreementDate: calendarDay.optional(),
  signedAmountYuan: yuanSchema.optional(),
  parties: z.array(trimmed(1, 100)).min(2).max(10).optional(),
  /** Landed: the actual investment, the jobs, the site and the start date. */
  actualInvestmentYuan: yuanSchema.optional(),
  jobs: z.number().int().min(0).max(1_000_000).optional(),
  site: trimmed(1, 200).optional(),
  startDate: calendarDay.optional(),
});
export type LeadValues = z.infer<typeof leadValuesSchema>;

/** What each stage's gate requires before a lead enters it (field names of the lead). */
export const LEAD_STAGE_GATES = {
  prospect: [],
  assigned: ['ownerId', 'county', 'field', 'estimatedAmountYuan'],
  active: ['contactPerson', 'meetingRecord', 'likelihoodPct'],
  signed: ['agreementDate', 'signedAmountYuan', 'parties'],
  landed: ['actualInvestmentYuan', 'jobs', 'site', 'startDate'],
} as const satisfies Record<LeadStage, readonly string[]>;
export type LeadGateField = (typeof LEAD_STAGE_GATES)[LeadStage][number];
/** The values each stage keeps as they were when the lead entered it. */
export const LEAD_STAGE_VALUES: Record<LeadStage, readonly (keyof LeadValues)[]> = {
  prospect: [],
  assigned: ['estimatedAmountYuan'],
  active: ['contactPerson', 'meetingRecord', 'likelihoodPct', 'expectedSigningDate', 'estimatedAmountYuan'],
  signed: ['agreementDate', 'signedAmountYuan', 'parties'],
  landed: ['actualInvestmentYuan', 'jobs', 'site', 'startDate'],
};
/** The stage after a stage (none after landed). */
export const nextLeadStage = (stage: LeadStage): LeadStage | null =>
  LEAD_STAGES[LEAD_STAGES.indexOf(stage) + 1] ?? null;

export const LEAD_ACTIVITY_KINDS = ['call', 'meeting', 'visit', 'email', 'note'] as const;
export const leadActivityKindSchema = z.enum(LEAD_ACTIVITY_KINDS);
export type LeadActivityKind = z.infer<typeof leadActivityKindSchema>;
/** Lanes of the totals: a stage for leads not closed, `closed` for lost and abandoned ones. */
export const LEAD_LANES = [...LEAD_STAGES, 'closed'] as const;
export type LeadLane = (typeof LEAD_LANES)[number];

// --- views ---
const person = z.object({ userId: z.string(), name: z.string() });
export const leadActivitySchema = z.object({
  id: z.string(),
  kind: leadActivityKindSchema,
  at: z.string(),
  people: z.array(z.string()),
  summary: z.string(),
  by: z.string(),
  /** For an activity an origin event made (a rescan at a fair): the event's id, recorded once. */
  eventId: z.string().optional(),
});
export type LeadActivity = z.infer<typeof leadActivitySchema>;
export const leadTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  dueAt: z.string(),
  done: z.boolean(),
  doneAt: z.string().optional(),
  by: z.string(),
});
export type LeadTask = z.infer<typeof leadTaskSchema>;
export const leadStageEntrySchema = z.object({
  from: leadStageSchema,
  to: leadStageSchema,
  direction: z.enum(['forward', 'back']),
  at: z.string(),
  by: z.string(),
  byName: z.string().optional(),
  reason: z.string().optional(),
  /** The values of the stage entered, as they were then. */
  values: leadValuesSchema,
});
export type LeadStageEntry = z.infer<typeof leadStageEntrySchema>;
export const LEAD_HISTORY_ACTIONS = [
  'opened',
  'values',
  'status',
  'owner',
  'landing-requested',
  'landing-returned',
  'merged',
  'origin',
] as const;
export const leadHistoryEntrySchema = z.object({
  at: z.string(),
  by: z.string(),
  byName: z.string().optional(),
  action: z.enum(LEAD_HISTORY_ACTIONS),
  detail: z.string().optional(),
  /** The fields it changed, by name. */
  fields: z.array(z.string()).optional(),
});
export type LeadHistoryEntry = z.infer<typeof leadHistoryEntrySchema>;
export const investmentLeadViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  enterprise: enterpriseRefSchema,
  needId: z.string().optional(),
  projectId: z.string().optional(),
  county: z.string(),
  /** The pair of the county (pairs.json id) and its Beijing district. */
  pairId: z.string(),
  district: z.string(),
  field: investmentFieldSchema.optional(),
  /** Where it came from first, and every origin event that touched it since (the origin chain). */
  origin: leadOriginSchema,
  originChain: z.array(leadOriginSchema),
  stage: leadStageSchema,
  status: leadStatusSchema,
  lostReason: z.string().optional(),
  values: leadValuesSchema,
  /** The values each stage entered had then (per-stage snapshot). */
  stageValues: z.partialRecord(leadStageSchema, leadValuesSchema),
  /** The stage a move forward goes to (null at landed) and what its gate still misses. */
  nextStage: leadStageSchema.nullable(),
  missingForNext: z.array(z.string()),
  owner: person.optional(),
  /** Earlier owners: they keep read access. */
  previousOwnerIds: z.array(z.string()),
  /** The owner asked the cooperation office to verify the landing. */
  landing: z
    .object({ requestedAt: z.string(), requestedBy: z.string(), note: z.string().optional() })
    .optional(),
  stageLog: z.array(leadStageEntrySchema),
  history: z.array(leadHistoryEntrySchema),
  activities: z.array(leadActivitySchema),
  tasks: z.array(leadTaskSchema),
  lastActivityAt: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  version: z.number().int(),
});
export type InvestmentLeadView = z.infer<typeof investmentLeadViewSchema>;

/** What a board or a list shows of a lead. */
export const leadCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  enterpriseName: z.string(),
  enterpriseId: z.string(),
  county: z.string(),
  pairId: z.string(),
  field: investmentFieldSchema.optional(),
  originKind: z.enum(LEAD_ORIGIN_KINDS),
  stage: leadStageSchema,
  status: leadStatusSchema,
  /** Estimated for open stages, signed at signed, actual at landed. */
  amountYuan: z.number().int().optional(),
  owner: person.optional(),
  nextStage: leadStageSchema.nullable(),
  missingForNext: z.array(z.string()),
  landingRequested: z.boolean(),
  lastActivityAt: z.string(),
  version: z.number().int(),
});
export type LeadCard = z.infer<typeof leadCardSchema>;
export const leadCardPageSchema = z.object({
  items: z.array(leadCardSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type LeadCardPage = z.infer<typeof leadCardPageSchema>;

const cellSchema = z.object({ count: z.number().int(), amountYuan: z.number().int() });
export type LeadTotalsCell = z.infer<typeof cellSchema>;
const lanesSchema = z.object({
  prospect: cellSchema,
  assigned: cellSchema,
  active: cellSchema,
  signed: cellSchema,
  landed: cellSchema,
  closed: cellSchema,
});
export type LeadLanes = z.infer<typeof lanesSchema>;
export const leadTotalsSchema = z.object({
  /** The filter answered (a cadre's own county and pair when they named none). */
  filter: z.object({
    county: z.string().optional(),
    pair: z.string().optional(),
    field: z.string().optional(),
    origin: z.string().optional(),
  }),
  /** Per stage: leads not closed (count; estimated, signed or actual amount); closed apart. */
  lanes: lanesSchema,
  byCounty: z.record(z.string(), lanesSchema),
  byPair: z.record(z.string(), lanesSchema),
  byField: z.record(z.string(), lanesSchema),
  byOrigin: z.record(z.string(), lanesSchema),
});
export type LeadTotals = z.infer<typeof leadTotalsSchema>;

// --- requests ---
export const createLeadBodySchema = z.strictObject({
  title: trimmed(2, 120),
  enterprise: enterpriseRefSchema.extend({ name: trimmed(2, 100) }).strict(),
  county: countyIdSchema,
  field: investmentFieldSchema.optional(),
  needId: entityId.optional(),
  projectId: entityId.optional(),
  values: leadValuesSchema.default({}),
  /** A cadre picked by hand (else the county's assignment rules pick one). */
  ownerId: entityId.optional(),
});
export type CreateLeadBody = z.input<typeof createLeadBodySchema>;
export const updateLeadBodySchema = z.strictObject({
  title: trimmed(2, 120).optional(),
  field: investmentFieldSchema.optional(),
  needId: entityId.optional(),
  projectId: entityId.optional(),
  values: leadValuesSchema.default({}),
});
export const moveLeadBodySchema = z.strictObject({
  /** The next stage (forward one at a time) or an earlier one (back, with a reason). Not landed: see verify. */
  to: leadStageSchema,
  /** Values filled in the same step (the gate's dialog). */
  values: leadValuesSchema.default({}),
  reason: noteSchema.optional(),
});
export const requestLandingBodySchema = z.strictObject({
  values: leadValuesSchema.default({}),
  note: noteSchema.optional(),
});
export const verifyLandingBodySchema = z.strictObject({
  /** `verify`: the lead lands; `return`: back to the owner with a note. */
  decision: z.enum(['verify', 'return']),
  note: noteSchema.optional(),
});
export const setLeadStatusBodySchema = z
  .strictObject({ status: leadStatusSchema, reason: noteSchema.optional() })
  .refine((body) => body.status !== 'lost' || body.reason !== undefined, {
    message: 'A lost lead needs its reason',
    path: ['reason'],
  });
export const reassignLeadBodySchema = z.strictObject({ ownerId: entityId, reason: trimmed(2, 1000) });
export const addActivityBodySchema = z.strictObject({
  kind: leadActivityKindSchema,
  at: isoDateTime,
  people: z.array(trimmed(1, 50)).max(20).default([]),
  summary: trimmed(1, 2000),
});
export const addTaskBodySchema = z.strictObject({ title: trimmed(1, 200), dueAt: isoDateTime });
export const setTaskBodySchema = z.strictObject({ done: z.boolean() });
export const listLeadsQuerySchema = z.strictObject({
  county: countyIdSchema.optional(),
  stage: leadStageSchema.optional(),
  status: leadStatusSchema.optional(),
  page: intFromQuery(1, 100_000, 1),
  pageSize: intFromQuery(1, 500, 100),
});
export const pageQuerySchema = z.strictObject({
  page: intFromQuery(1, 100_000, 1),
  pageSize: intFromQuery(1, 500, 100),
});
export const totalsQuerySchema = z.strictObject({
  county: countyIdSchema.optional(),
  pair: z.string().max(64).optional(),
  field: investmentFieldSchema.optional(),
  origin: z.enum(LEAD_ORIGIN_KINDS).optional(),
});

// --- commands ---
const idOnly = z.strictObject({ id: z.string() });
const versioned = { id: z.string(), expectedVersion: z.number().int().optional() };
export const createLead = defineCommand({
  name: 'investment.leads.create.v1',
  request: createLeadBodySchema,
  reply: investmentLeadViewSchema,
});
export const getLead = defineCommand({
  name: 'investment.leads.get.v1',
  request: idOnly,
  reply: investmentLeadViewSchema,
});
export const listLeads = defineCommand({
  name: 'investment.leads.list.v1',
  request: listLeadsQuerySchema,
  reply: leadCardPageSchema,
});
export const listMyInvestmentLeads = defineCommand({
  name: 'investment.leads.mine.v1',
  request: pageQuerySchema,
  reply: leadCardPageSchema,
});
export const listLandingRequests = defineCommand({
  name: 'investment.leads.landing-requests.v1',
  request: pageQuerySchema,
  reply: leadCardPageSchema,
});
export const updateLead = defineCommand({
  name: 'investment.leads.update.v1',
  request: updateLeadBodySchema.extend(versioned),
  reply: investmentLeadViewSchema,
});
export const moveLead = defineCommand({
  name: 'investment.leads.move.v1',
  request: moveLeadBodySchema.extend(versioned),
  reply: investmentLeadViewSchema,
});
export const requestLanding = defineCommand({
  name: 'investment.leads.request-landing.v1',
  request: requestLandingBodySchema.extend(versioned),
  reply: investmentLeadViewSchema,
});
export const verifyLanding = defineCommand({
  name: 'investment.leads.verify-landing.v1',
  request: verifyLandingBodySchema.extend(versioned),
  reply: investmentLeadViewSchema,
});
export const setLeadStatus = defineCommand({
  name: 'investment.leads.set-status.v1',
  request: z.strictObject({
    id: z.string(),
    expectedVersion: z.number().int().optional(),
    status: leadStatusSchema,
    reason: noteSchema.optional(),
  }),
  reply: investmentLeadViewSchema,
});
export const reassignLead = defineCommand({
  name: 'investment.leads.reassign.v1',
  request: reassignLeadBodySchema.extend(versioned),
  reply: investmentLeadViewSchema,
});
export const addLeadActivity = defineCommand({
  name: 'investment.leads.add-activity.v1',
  request: addActivityBodySchema.extend({ id: z.string() }),
  reply: investmentLeadViewSchema,
});
export const addLeadTask = defineCommand({
  name: 'investment.leads.add-task.v1',
  request: addTaskBodySchema.extend({ id: z.string() }),
  reply: investmentLeadViewSchema,
});
export const setLeadTask = defineCommand({
  name: 'investment.leads.set-task.v1',
  request: setTaskBodySchema.extend({ id: z.string(), taskId: z.string() }),
  reply: investmentLeadViewSchema,
});
export const getLeadTotals = defineCommand({
  name: 'investment.leads.totals.v1',
  request: totalsQuerySchema,
  reply: leadTotalsSchema,
});
export const LeadCommands = {
  create: createLead.name,
  get: getLead.name,
  list: listLeads.name,
  mine: listMyInvestmentLeads.name,
  landingRequests: listLandingRequests.name,
  update: updateLead.name,
  move: moveLead.name,
  requestLanding: requestLanding.name,
  verifyLanding: verifyLanding.name,
  setStatus: setLeadStatus.name,
  reassign: reassignLead.name,
  addActivity: addLeadActivity.name,
  addTask: addLeadTask.name,
  setTask: setLeadTask.name,
  totals: getLeadTotals.name,
} as const;

// --- routes ---
const taskParams = z.strictObject({ id: recordIdParam(), taskId: recordIdParam('taskId') });
const TAG = 'investment-leads';
const etag = (lead: InvestmentLeadView) => lead.version;
const routes = [
  route(createLead, {
    method: 'POST',
    path: '/investment/leads',
    tag: TAG,
    summary:
      'Open a lead (a cadre of the county or its paired district, an admin, or the enterprise itself); the county’s rules pick an owner unless one is named',
    roles: ['cadre', 'admin', 'enterprise'],
    status: 201,
    body: createLeadBodySchema,
    payload: ({ body }) => body,
    etag,
    location: (lead) => `/api/v1/investment/leads/${lead.id}`,
    errors: [400, 403, 409],
  }),
  route(listLeads, {
    method: 'GET',
    path: '/investment/leads',
    tag: TAG,
    summary:
      'The pipeline of a county (the cadres of the county and its paired district, admins): cards with what each next stage still needs',
    roles: ['cadre', 'admin'],
    query: listLeadsQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(listMyInvestmentLeads, {
    method: 'GET',
    path: '/investment/my-leads',
    tag: TAG,
    summary: 'My leads: an enterprise’s own, a cadre’s owned ones',
    query: pageQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(listLandingRequests, {
    method: 'GET',
    path: '/investment/landing-requests',
    tag: TAG,
    summary: 'Landed deals waiting for the cooperation office’s verification (admins)',
    roles: ['admin'],
    query: pageQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(getLeadTotals, {
    method: 'GET',
    path: '/investment/totals',
    tag: TAG,
    summary:
      'Live pipeline totals per stage, county, pair, field and origin (count and amount): a cadre’s own county and pair, admins all',
    roles: ['cadre', 'admin'],
    query: totalsQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
  route(getLead, {
    method: 'GET',
    path: '/investment/leads/:id',
    tag: TAG,
    summary:
      'One lead with its stage log, values per stage, activities, tasks and origin chain (the enterprise, owners, cadres of the county and its pair, admins)',
    params: idParams,
    payload: ({ params }) => params,
    etag,
    errors: [400, 403, 404],
  }),
  route(updateLead, {
    method: 'PATCH',
    path: '/investment/leads/:id',
    tag: TAG,
    summary: 'Fill in a lead’s values (the owner, the cadres of the county and its pair, admins)',
    params: idParams,
    body: updateLeadBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409],
  }),
  route(moveLead, {
    method: 'POST',
    path: '/investment/leads/:id/move',
    tag: TAG,
    summary:
      'Move a lead to the next stage (its gate’s fields required: 422 names the missing ones) or back (with a reason); only the owner or the pair’s coordinator signs',
    params: idParams,
    body: moveLeadBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409, 422],
  }),
  route(requestLanding, {
    method: 'POST',
    path: '/investment/leads/:id/request-landing',
    tag: TAG,
    summary: 'Report a signed deal landed, with the landing’s fields, for the cooperation office to verify',
    params: idParams,
    body: requestLandingBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409, 422],
  }),
  route(verifyLanding, {
    method: 'POST',
    path: '/investment/leads/:id/verify-landing',
    tag: TAG,
    summary: 'Verify a reported landing (the lead lands) or return it to its owner (admins only)',
    roles: ['admin'],
    params: idParams,
    body: verifyLandingBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409, 422],
  }),
  route(setLeadStatus, {
    method: 'POST',
    path: '/investment/leads/:id/status',
    tag: TAG,
    summary: 'Set a lead’s status: ongoing, delayed, dormant, lost (with its reason), abandoned; reopen',
    params: idParams,
    body: setLeadStatusBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409, 422],
  }),
  route(reassignLead, {
    method: 'POST',
    path: '/investment/leads/:id/owner',
    tag: TAG,
    summary: 'Give a lead another owner, with a reason (the previous owner keeps read access)',
    params: idParams,
    body: reassignLeadBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...body, id: params.id, expectedVersion: ifMatch }),
    etag,
    errors: [400, 403, 404, 409],
  }),
  route(addLeadActivity, {
    method: 'POST',
    path: '/investment/leads/:id/activities',
    tag: TAG,
    summary: 'Record a call, meeting, visit, email or note on a lead',
    status: 201,
    params: idParams,
    body: addActivityBodySchema,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    etag,
    errors: [400, 403, 404, 409],
  }),
  route(addLeadTask, {
    method: 'POST',
    path: '/investment/leads/:id/tasks',
    tag: TAG,
    summary: 'Add a task with its due date to a lead',
    status: 201,
    params: idParams,
    body: addTaskBodySchema,
    payload: ({ params, body }) => ({ ...body, id: params.id }),
    etag,
    errors: [400, 403, 404, 409],
  }),
  route(setLeadTask, {
    method: 'PATCH',
    path: '/investment/leads/:id/tasks/:taskId',
    tag: TAG,
    summary: 'Mark a lead’s task done or not done',
    params: taskParams,
    body: setTaskBodySchema,
    payload: ({ params, body }) => ({ ...body, id: params.id, taskId: params.taskId }),
    etag,
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
/** Who hears of a lead in full: not sent to sockets (`internal`), only steers delivery. */
const leadAudienceSchema = z.object({
  ownerId: z.string().optional(),
  previousOwnerIds: z.array(z.string()),
  orgId: z.string().optional(),
  county: z.string(),
  district: z.string(),
});
export type LeadAudience = z.infer<typeof leadAudienceSchema>;
const leadPublicSchema = z.strictObject({
  lead: z.strictObject({
    id: z.string(),
    stage: leadStageSchema,
    status: leadStatusSchema,
    version: z.number().int(),
  }),
});
const audienceOf = ({ audience, lead }: { audience: LeadAudience; lead: { id: string } }) => [
  ...(audience.ownerId ? [to.user(audience.ownerId)] : []),
  ...audience.previousOwnerIds.filter((id) => id !== audience.ownerId).map((id) => to.user(id)),
  ...(audience.orgId ? [to.staff(audience.orgId)] : []),
  to.cadres(audience.county),
  to.cadres(audience.district),
  // Watchers of the lead's page (read rights checked by the get command) get the public view.
  to.open(`lead:${lead.id}`),
];
const projectPublic = ({ lead }: { lead: LeadCard }) => ({
  lead: { id: lead.id, stage: lead.stage, status: lead.status, version: lead.version },
});
export const LEAD_CHANGES = [
  'values',
  'status',
  'owner',
  'activity',
  'task',
  'landing-requested',
  'landing-returned',
  'merged',
  'origin',
] as const;
export const leadOpened = defineEvent({
  topic: 'investment.lead.opened.v1',
  payload: z.object({ lead: leadCardSchema, audience: leadAudienceSchema }),
  internal: ['audience'],
  audience: audienceOf,
  publicView: { schema: leadPublicSchema, project: projectPublic },
});
export const leadStageChanged = defineEvent({
  topic: 'investment.lead.stage-changed.v1',
  payload: z.object({
    lead: leadCardSchema,
    from: leadStageSchema,
    to: leadStageSchema,
    direction: z.enum(['forward', 'back']),
    audience: leadAudienceSchema,
  }),
  internal: ['audience'],
  audience: audienceOf,
  publicView: { schema: leadPublicSchema, project: projectPublic },
});
export const leadChanged = defineEvent({
  topic: 'investment.lead.changed.v1',
  payload: z.object({
    lead: leadCardSchema,
    change: z.enum(LEAD_CHANGES),
    audience: leadAudienceSchema,
  }),
  internal: ['audience'],
  audience: audienceOf,
  publicView: { schema: leadPublicSchema, project: projectPublic },
});
export const LeadEvents = {
  opened: leadOpened.topic,
  stageChanged: leadStageChanged.topic,
  changed: leadChanged.topic,
} as const;

// --- exports ---
const exportsOfPart: ExportRoute[] = [
  defineExport(listLeads, {
    path: '/investment/leads/export',
    summary: 'A county’s pipeline as CSV or XLSX (the cadres of the county and its pair, admins)',
    tag: TAG,
    roles: ['cadre', 'admin'],
    params: z.strictObject({}),
    query: z.strictObject({ county: countyIdSchema.optional() }),
    payload: ({ query }, page, pageSize) => ({ ...query, page, pageSize }),
    filename: () => '招商线索',
    sheet: '招商线索',
    columns: [
      { header: '线索', value: (l) => l.title },
      { header: '企业', value: (l) => l.enterpriseName },
      { header: '县', value: (l) => regionById(l.county)?.zh ?? l.county },
      { header: '阶段', value: (l) => LEAD_STAGE_NAMES[l.stage] },
      { header: '状态', value: (l) => LEAD_STATUS_NAMES[l.status] },
      { header: '金额（元）', value: (l) => l.amountYuan },
      { header: '负责人', value: (l) => l.owner?.name },
      {
        header: '下一阶段缺少',
        value: (l) => l.missingForNext.map((f) => LEAD_GATE_FIELD_NAMES[f] ?? f).join('、'),
      },
      { header: '最近活动', value: (l) => l.lastActivityAt },
    ],
  }),
];

const at = '2026-12-01T08:00:00.000Z';
const sampleCard: LeadCard = {
  id: 'lead-1',
  title: '淅川县丹江口库区光伏农业一体化项目',
  enterpriseName: '北京清源环保科技有限公司',
  enterpriseId: 'ent-bj-qingyuan-env',
  county: 'xichuan',
  pairId: 'chaoyang-xichuan',
  field: 'solar',
  originKind: 'manual',
  stage: 'active',
  status: 'ongoing',
  amountYuan: 120_000_000,
  owner: { userId: 'u-creator', name: '私人原因：家中有事' },
  nextStage: 'signed',
  missingForNext: ['agreementDate'],
  landingRequested: false,
  lastActivityAt: at,
  version: 4,
};
const sampleAudience: LeadAudience = {
  ownerId: 'u-creator',
  previousOwnerIds: ['u-applicant'],
  orgId: 'ent-bj-qingyuan-env',
  county: 'xichuan',
  district: 'chaoyang',
};

export const leadsPart = {
  commands: [
    createLead,
    getLead,
    listLeads,
    listMyInvestmentLeads,
    listLandingRequests,
    updateLead,
    moveLead,
    requestLanding,
    verifyLanding,
    setLeadStatus,
    reassignLead,
    addLeadActivity,
    addLeadTask,
    setLeadTask,
    getLeadTotals,
  ] as const satisfies readonly AnyCommand[],
  events: [leadOpened, leadStageChanged, leadChanged] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('lead', getLead, (id) => ({ id }))] as readonly RecordRoom[],
  exports: exportsOfPart as readonly ExportRoute[],
  /** A sample payload of every event of this part (see investmentDomain.samples). */
  samples: {
    'investment.lead.opened.v1': { lead: sampleCard, audience: sampleAudience },
    'investment.lead.stage-changed.v1': {
      lead: sampleCard,
      from: 'assigned',
      to: 'active',
      direction: 'forward',
      audience: sampleAudience,
    },
    'investment.lead.changed.v1': { lead: sampleCard, change: 'owner', audience: sampleAudience },
  } satisfies {
    [T in (typeof leadOpened | typeof leadStageChanged | typeof leadChanged)['topic']]: unknown;
  },
};
