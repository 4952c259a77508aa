import { z } from 'zod';
import { countyIdSchema, idParams, intFromQuery, reasonSchema, recordIdParam, trimmed } from '../common';
import {
  defineCommand,
  defineEvent,
  to,
  type AnyCommand,
  type AnyEvent,
  type Delivery,
  type RecordRoom,
} from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';

// Trade fairs, the call for exhibitors: applications, review, booth rules and assignments.
//
// An enterprise applies to a fair with its products and the booths it wants (one application per
// enterprise per fair, `${fairId}:${orgId}`); the organiser's staff and admins review it. Accepting
// assigns concrete booths in the fair's booth ledger (one document per fair) in one guarded update,
// so no booth is given twice and the per-enterprise cap and the per-county reservations hold under
// any concurrency. An accepted exhibitor's later edits wait for a reviewer as a field-level diff.

export const CERTIFICATIONS = ['绿色食品', '有机', '地理标志', '无公害'] as const;
export const certificationSchema = z.enum(CERTIFICATIONS);

export const EXHIBITOR_STATUSES = [
  'draft',
  'submitted',
  'accepted',
  'waitlisted',
  'rejected',
  'withdrawn',
] as const;
export const exhibitorStatusSchema = z.enum(EXHIBITOR_STATUSES);
export type ExhibitorStatus = z.infer<typeof exhibitorStatusSchema>;
/** Rejected and withdrawn are final: nothing moves them again. */
export const FINAL_EXHIBITOR_STATUSES: readonly ExhibitorStatus[] = ['rejected', 'withdrawn'];

export const EXHIBITOR_DECISIONS = ['accept', 'waitlist', 'reject'] as const;
export const exhibitorDecisionSchema = z.enum(EXHIBITOR_DECISIONS);
export type ExhibitorDecision = z.infer<typeof exhibitorDecisionSchema>;

/**
 * Why a decision or an edit was refused, finer than the error's code: each bulk item's result
 * names one, and a single refusal carries it as the field `reason` of its error.
 */
export const EXHIBITOR_REFUSALS = [
  /** The fair is not (or no longer) in a status that allows this. */
  'fair_status',
  /** The application is in a status the step does not start from. */
  'wrong_status',
  'not_found',
  'forbidden',
  /** The fair has no such booth type. */
  'booth_type_unknown',
  /** More booths than the fair lets one enterprise have. */
  'booth_cap',
  /** Not enough free booths of the type. */
  'booths_exhausted',
  /** The free booths are held for other counties whose reservation is not met yet. */
  'booths_reserved',
  'invalid',
  'conflict',
] as const;
export type ExhibitorRefusal = (typeof EXHIBITOR_REFUSALS)[number];

const httpsUrl = z.url({ protocol: /^https$/, message: 'A photo is an https:// address' }).max(500);

export const exhibitProductSchema = z.strictObject({
  name: trimmed(1, 60),
  /** 食用菌, 水果, 茶叶, 花卉, 中药材 …: free text, short. */
  category: trimmed(1, 30),
  /** The county the product comes from. */
  county: countyIdSchema,
  certifications: z
    .array(certificationSchema)
    .max(CERTIFICATIONS.length)
    .refine((items) => new Set(items).size === items.length, { message: 'Items must be unique' })
    .default([]),
  photos: z.array(httpsUrl).max(6).default([]),
  description: z.string().trim().max(500).default(''),
});
export type ExhibitProduct = z.infer<typeof exhibitProductSchema>;

const slug = z.string().regex(/^[a-z0-9-]{1,32}$/, 'Lower-case letters, digits and -, at most 32');

/** What an enterprise writes: saved as a draft, or as pending changes once accepted. */
export const exhibitorApplicationSchema = z.strictObject({
  /** The enterprise's registered name, shown on its public card once accepted. */
  enterpriseName: trimmed(2, 100),
  products: z.array(exhibitProductSchema).min(1).max(30),
  boothTypeId: slug,
  booths: z.number().int().min(1).max(20).default(1),
  /** To the organisers (not public). */
  note: z.string().trim().max(1000).default(''),
});
export type ExhibitorApplicationInput = z.infer<typeof exhibitorApplicationSchema>;
/** What an accepted exhibitor may still change (subject to review): not its booths. */
export const EXHIBITOR_CHANGEABLE_FIELDS = ['enterpriseName', 'products', 'note'] as const;

export const fieldDiffSchema = z.object({
  /** `products.1.name`, `note`, `products.2` (a product added or removed). */
  path: z.string(),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
});
export type FieldDiff = z.infer<typeof fieldDiffSchema>;

const enterpriseSchema = z.object({ orgId: z.string(), name: z.string(), region: z.string() });
const transitionSchema = z.object({
  from: exhibitorStatusSchema.nullable(),
  to: exhibitorStatusSchema,
  at: z.string(),
  reason: z.string().optional(),
});
const pendingChangesSchema = z.object({
  proposed: z.object({
    enterpriseName: z.string(),
    products: z.array(exhibitProductSchema),
    note: z.string(),
  }),
  diff: z.array(fieldDiffSchema),
  at: z.string(),
});
const changesReviewSchema = z.object({
  outcome: z.enum(['approved', 'rejected']),
  reason: z.string().optional(),
  at: z.string(),
});
export const reviewerNoteSchema = z.object({ text: z.string(), by: z.string(), at: z.string() });

/**
 * An application as the enterprise's staff and the organiser's staff hear it in events: no
 * internal notes, no reviewer ids.
 */
export const exhibitorFullSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  enterprise: enterpriseSchema,
  status: exhibitorStatusSchema,
  products: z.array(exhibitProductSchema),
  boothTypeId: z.string(),
  booths: z.number().int(),
  note: z.string(),
  boothIds: z.array(z.string()),
  rejectReason: z.string().optional(),
  pendingChanges: pendingChangesSchema.optional(),
  lastChangesReview: changesReviewSchema.optional(),
  history: z.array(transitionSchema),
  /** The enterprise's user who drafted it. */
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ExhibitorFull = z.infer<typeof exhibitorFullSchema>;

/** What anyone may read of an accepted exhibitor. */
export const exhibitorCardSchema = z.strictObject({
  fairId: z.string(),
  orgId: z.string(),
  enterpriseName: z.string(),
  county: z.string(),
  products: z.array(exhibitProductSchema),
  boothTypeId: z.string(),
  boothIds: z.array(z.string()),
});
export type ExhibitorCard = z.infer<typeof exhibitorCardSchema>;

/**
 * One application as a caller reads it: the owner and reviewers the whole of it (reviewers also
 * the notes and who decided), others only accepted exhibitors' cards (`card` alone). `can*` say
 * what the caller may do with it now, so that no client repeats the rules.
 */
export const exhibitorViewSchema = exhibitorFullSchema.partial().extend({
  id: z.string(),
  fairId: z.string(),
  card: exhibitorCardSchema.optional(),
  notes: z.array(reviewerNoteSchema).optional(),
  decidedBy: z.string().optional(),
  canEdit: z.boolean(),
  canSubmit: z.boolean(),
  canWithdraw: z.boolean(),
  canDecide: z.boolean(),
});
export type ExhibitorView = z.infer<typeof exhibitorViewSchema>;

export const exhibitorPageSchema = z.object({
  items: z.array(exhibitorViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** True when the caller reviews this fair (and so sees every application, not only cards). */
  reviewer: z.boolean(),
});
export type ExhibitorPage = z.infer<typeof exhibitorPageSchema>;

// --- booths ---
export const countyReservationSchema = z.strictObject({
  county: countyIdSchema,
  booths: z.number().int().min(0).max(2000),
});
export const boothRulesSchema = z.strictObject({
  /** At most this many booths (all types together) for one enterprise; none: no cap. */
  maxBoothsPerEnterprise: z.number().int().min(1).max(2000).nullable().default(null),
  /** Booths held for each county's enterprises until it has them. */
  reservedPerCounty: z.array(countyReservationSchema).max(64).default([]),
});
export type BoothRules = z.infer<typeof boothRulesSchema>;
export const setBoothRulesBodySchema = boothRulesSchema.extend({
  /**
   * A convenience: hold at least this many booths for every county of the provinces of the fair's
   * pairs (added to `reservedPerCounty`, the larger figure of the two for a county named in both).
   */
  reserveForEveryCounty: z.number().int().min(1).max(100).optional(),
});
export type SetBoothRulesBody = z.infer<typeof setBoothRulesBodySchema>;

export const BOOTH_STATES = ['free', 'assigned'] as const;
export const boothSchema = z.object({
  id: z.string(),
  boothTypeId: z.string(),
  state: z.enum(BOOTH_STATES),
  /** The accepted exhibitor's org and public name. */
  orgId: z.string().optional(),
  enterpriseName: z.string().optional(),
  county: z.string().optional(),
});
export const boothMapSchema = z.object({
  fairId: z.string(),
  rules: boothRulesSchema,
  booths: z.array(boothSchema),
  /** Per booth type: how many, how many free. */
  types: z.array(
    z.object({ id: z.string(), name: z.string(), count: z.number().int(), free: z.number().int() }),
  ),
  /** Per county named in a reservation or holding booths: held for it, used by it. */
  counties: z.array(z.object({ county: z.string(), reserved: z.number().int(), used: z.number().int() })),
  canManage: z.boolean(),
  version: z.number().int(),
});
export type BoothMap = z.infer<typeof boothMapSchema>;

// --- commands ---
const fairOrg = z.strictObject({ fairId: z.string(), orgId: z.string() });

export const listExhibitorsQuerySchema = z.strictObject({
  status: exhibitorStatusSchema.optional(),
  county: countyIdSchema.optional(),
  boothTypeId: slug.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListExhibitorsQuery = z.infer<typeof listExhibitorsQuerySchema>;

export const saveExhibitor = defineCommand({
  name: 'fairs.exhibitors.save.v1',
  request: fairOrg.extend({
    application: exhibitorApplicationSchema,
    expectedVersion: z.number().int().optional(),
  }),
  reply: exhibitorViewSchema,
});
export const submitExhibitor = defineCommand({
  name: 'fairs.exhibitors.submit.v1',
  request: fairOrg.extend({ expectedVersion: z.number().int().optional() }),
  reply: exhibitorViewSchema,
});
export const withdrawExhibitor = defineCommand({
  name: 'fairs.exhibitors.withdraw.v1',
  request: fairOrg.extend({ expectedVersion: z.number().int().optional() }),
  reply: exhibitorViewSchema,
});
export const decideExhibitor = defineCommand({
  name: 'fairs.exhibitors.decide.v1',
  request: fairOrg.extend({
    decision: exhibitorDecisionSchema,
    reason: reasonSchema.optional(),
    expectedVersion: z.number().int().optional(),
  }),
  reply: exhibitorViewSchema,
});
export const bulkDecisionItemSchema = z.strictObject({
  orgId: z.string().min(1).max(64),
  decision: exhibitorDecisionSchema,
  reason: reasonSchema.optional(),
  expectedVersion: z.number().int().optional(),
});
export const bulkDecisionResultSchema = z.object({
  orgId: z.string(),
  ok: z.boolean(),
  status: exhibitorStatusSchema.optional(),
  boothIds: z.array(z.string()).optional(),
  /** The error's code when refused (CAP_REACHED, CONFLICT, NOT_FOUND …). */
  code: z.string().optional(),
  reason: z.enum(EXHIBITOR_REFUSALS).optional(),
  message: z.string().optional(),
});
export type BulkDecisionResult = z.infer<typeof bulkDecisionResultSchema>;
export const decideExhibitorsBulk = defineCommand({
  name: 'fairs.exhibitors.decide-bulk.v1',
  request: z.strictObject({
    fairId: z.string(),
    items: z
      .array(bulkDecisionItemSchema)
      .min(1)
      .max(200)
      .refine((items) => new Set(items.map((i) => i.orgId)).size === items.length, {
        message: 'One item per enterprise',
      }),
  }),
  reply: z.object({ results: z.array(bulkDecisionResultSchema) }),
});
export const noteExhibitor = defineCommand({
  name: 'fairs.exhibitors.note.v1',
  request: fairOrg.extend({ text: trimmed(1, 2000) }),
  reply: exhibitorViewSchema,
});
export const reviewExhibitorChanges = defineCommand({
  name: 'fairs.exhibitors.review-changes.v1',
  request: fairOrg.extend({
    outcome: z.enum(['approve', 'reject']),
    reason: reasonSchema.optional(),
    expectedVersion: z.number().int().optional(),
  }),
  reply: exhibitorViewSchema,
});
export const getExhibitor = defineCommand({
  name: 'fairs.exhibitors.get.v1',
  request: fairOrg,
  reply: exhibitorViewSchema,
});
export const listExhibitors = defineCommand({
  name: 'fairs.exhibitors.list.v1',
  request: listExhibitorsQuerySchema.extend({ fairId: z.string() }),
  reply: exhibitorPageSchema,
});
export const listMyExhibits = defineCommand({
  name: 'fairs.exhibitors.mine.v1',
  request: z.strictObject({}),
  reply: z.object({ items: z.array(exhibitorViewSchema) }),
});
export const getBooths = defineCommand({
  name: 'fairs.booths.get.v1',
  request: z.strictObject({ fairId: z.string() }),
  reply: boothMapSchema,
});
export const setBoothRules = defineCommand({
  name: 'fairs.booths.set-rules.v1',
  request: z.strictObject({
    fairId: z.string(),
    rules: setBoothRulesBodySchema,
    expectedVersion: z.number().int().optional(),
  }),
  reply: boothMapSchema,
});
export const ExhibitorCommands = {
  save: saveExhibitor.name,
  submit: submitExhibitor.name,
  withdraw: withdrawExhibitor.name,
  decide: decideExhibitor.name,
  decideBulk: decideExhibitorsBulk.name,
  note: noteExhibitor.name,
  reviewChanges: reviewExhibitorChanges.name,
  get: getExhibitor.name,
  list: listExhibitors.name,
  mine: listMyExhibits.name,
  booths: getBooths.name,
  setBoothRules: setBoothRules.name,
} as const;

// --- routes ---
const fairOrgParams = z.strictObject({ id: recordIdParam(), orgId: recordIdParam('orgId') });
const versionOf = (view: ExhibitorView) => view.version ?? 0;
const TAG = 'fairs-exhibitors';
const ownerStep = (
  command: typeof submitExhibitor | typeof withdrawExhibitor,
  step: 'submit' | 'withdraw',
  summary: string,
) =>
  route(command, {
    method: 'POST',
    path: `/fairs/:id/exhibitors/:orgId/${step}`,
    tag: TAG,
    summary,
    roles: ['enterprise'],
    params: fairOrgParams,
    ifMatch: true,
    payload: ({ params, ifMatch }) => ({ fairId: params.id, orgId: params.orgId, expectedVersion: ifMatch }),
    etag: versionOf,
    errors: [400, 403, 404, 409],
  });
const decisionRoute = (decision: ExhibitorDecision, summary: string) =>
  route(decideExhibitor, {
    method: 'POST',
    path: `/fairs/:id/exhibitors/:orgId/${decision}`,
    tag: TAG,
    summary,
    roles: ['cadre', 'admin'],
    params: fairOrgParams,
    body: z.strictObject({ reason: reasonSchema.optional() }),
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      fairId: params.id,
      orgId: params.orgId,
      decision,
      ...(body.reason ? { reason: body.reason } : {}),
      expectedVersion: ifMatch,
    }),
    etag: versionOf,
    errors: [400, 403, 404, 409],
  });

const routes: Route[] = [
  route(listExhibitors, {
    method: 'GET',
    path: '/fairs/:id/exhibitors',
    tag: TAG,
    summary:
      'The exhibitors of a fair: for its reviewers (the organiser’s staff, admins) every submitted application with notes and pending changes; for everyone else the accepted exhibitors’ public cards',
    params: idParams,
    query: listExhibitorsQuerySchema,
    payload: ({ params, query }) => ({ ...query, fairId: params.id }),
    errors: [400, 404],
  }),
  route(getExhibitor, {
    method: 'GET',
    path: '/fairs/:id/exhibitors/:orgId',
    tag: TAG,
    summary:
      'One application: in full for the enterprise’s staff and the reviewers, the public card of an accepted one for others',
    params: fairOrgParams,
    payload: ({ params }) => ({ fairId: params.id, orgId: params.orgId }),
    etag: versionOf,
    errors: [400, 404],
  }),
  route(saveExhibitor, {
    method: 'PUT',
    path: '/fairs/:id/exhibitors/:orgId',
    tag: TAG,
    summary:
      'An enterprise drafts or edits its own application (orgId = its org) while the call is open; once accepted, an edit becomes changes pending review',
    roles: ['enterprise'],
    params: fairOrgParams,
    body: exhibitorApplicationSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      fairId: params.id,
      orgId: params.orgId,
      application: body,
      expectedVersion: ifMatch,
    }),
    etag: versionOf,
    errors: [400, 403, 404, 409],
  }),
  ownerStep(submitExhibitor, 'submit', 'Submit a draft for review (draft → submitted)'),
  ownerStep(
    withdrawExhibitor,
    'withdraw',
    'Withdraw the application from any non-final state; an accepted one frees its booths',
  ),
  decisionRoute(
    'accept',
    'Accept (submitted or waitlisted → accepted): assigns its booths, within the booth rules',
  ),
  decisionRoute('waitlist', 'Put on the waiting list (submitted → waitlisted)'),
  decisionRoute('reject', 'Reject with a reason (submitted or waitlisted → rejected)'),
  route(decideExhibitorsBulk, {
    method: 'POST',
    path: '/fairs/:id/exhibitors/decisions',
    tag: TAG,
    summary:
      'Many decisions in one request: each item is its own atomic decision, answered one by one (a refused item changes nothing and says why)',
    roles: ['cadre', 'admin'],
    params: idParams,
    body: z.strictObject({ items: decideExhibitorsBulk.request.shape.items }),
    payload: ({ params, body }) => ({ fairId: params.id, items: body.items }),
    errors: [400, 403, 404],
  }),
  route(noteExhibitor, {
    method: 'POST',
    path: '/fairs/:id/exhibitors/:orgId/notes',
    tag: TAG,
    summary: 'A reviewer’s internal note (never shown to the enterprise)',
    roles: ['cadre', 'admin'],
    params: fairOrgParams,
    body: z.strictObject({ text: trimmed(1, 2000) }),
    payload: ({ params, body }) => ({ fairId: params.id, orgId: params.orgId, text: body.text }),
    etag: versionOf,
    errors: [400, 403, 404],
  }),
  ...(['approve', 'reject'] as const).map((outcome) =>
    route(reviewExhibitorChanges, {
      method: 'POST',
      path: `/fairs/:id/exhibitors/:orgId/changes/${outcome}`,
      tag: TAG,
      summary:
        outcome === 'approve'
          ? 'Approve an accepted exhibitor’s pending changes'
          : 'Reject an accepted exhibitor’s pending changes, with a reason',
      roles: ['cadre', 'admin'],
      params: fairOrgParams,
      body: z.strictObject({ reason: reasonSchema.optional() }),
      ifMatch: true,
      payload: ({ params, body, ifMatch }) => ({
        fairId: params.id,
        orgId: params.orgId,
        outcome,
        ...(body.reason ? { reason: body.reason } : {}),
        expectedVersion: ifMatch,
      }),
      etag: versionOf,
      errors: [400, 403, 404, 409],
    }),
  ),
  route(listMyExhibits, {
    method: 'GET',
    path: '/me/exhibits',
    tag: TAG,
    summary: 'The caller’s enterprise’s applications across fairs',
    roles: ['enterprise'],
    payload: () => ({}),
    errors: [],
  }),
  route(getBooths, {
    method: 'GET',
    path: '/fairs/:id/booths',
    tag: TAG,
    summary:
      'The booth map of a fair: every booth, free or assigned (to whom), the booth rules, per-county figures',
    params: idParams,
    payload: ({ params }) => ({ fairId: params.id }),
    etag: (map) => map.version,
    errors: [400, 404],
  }),
  route(setBoothRules, {
    method: 'PUT',
    path: '/fairs/:id/booth-rules',
    tag: TAG,
    summary:
      'Set the booth rules (the organiser’s staff or an admin): a cap per enterprise, booths reserved per county (or for every county of the pairs’ provinces)',
    roles: ['cadre', 'admin'],
    params: idParams,
    body: setBoothRulesBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ fairId: params.id, rules: body, expectedVersion: ifMatch }),
    etag: (map) => map.version,
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
/** What steers an application event's delivery: who organises the fair, whether it was public. */
const steering = { organiserOrgId: z.string(), wasAccepted: z.boolean() };
const exhibitorPayload = z.object({ application: exhibitorFullSchema, ...steering });
type ExhibitorPayload = z.output<typeof exhibitorPayload>;

/** The public card of an accepted application. */
export function exhibitorCard(
  application: Pick<ExhibitorFull, 'fairId' | 'enterprise' | 'products' | 'boothTypeId' | 'boothIds'>,
): ExhibitorCard {
  return {
    fairId: application.fairId,
    orgId: application.enterprise.orgId,
    enterpriseName: application.enterprise.name,
    county: application.enterprise.region,
    products: application.products,
    boothTypeId: application.boothTypeId,
    boothIds: application.boothIds,
  };
}
/**
 * The enterprise's staff hear their own application (without internal notes: events carry none),
 * the organiser's staff once it is submitted (a draft is the enterprise's own), the fair's open
 * room the public card of an accepted exhibitor (and that it is gone when it stops being one).
 */
function exhibitorAudience({ application, organiserOrgId, wasAccepted }: ExhibitorPayload): Delivery[] {
  const isPublic = application.status === 'accepted' || wasAccepted;
  return [
    to.staff(application.enterprise.orgId),
    ...(application.status === 'draft' && application.history.length <= 1 ? [] : [to.staff(organiserOrgId)]),
    ...(isPublic ? [to.open(`fair:${application.fairId}`)] : []),
  ];
}
const exhibitorPublicView = {
  schema: z.strictObject({
    fairId: z.string(),
    orgId: z.string(),
    status: exhibitorStatusSchema,
    /** The card while accepted; null once it is not an exhibitor any more. */
    card: exhibitorCardSchema.nullable(),
  }),
  project: ({ application }: ExhibitorPayload) => ({
    fairId: application.fairId,
    orgId: application.enterprise.orgId,
    status: application.status,
    card: application.status === 'accepted' ? exhibitorCard(application) : null,
  }),
};
const exhibitorEvent = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: exhibitorPayload,
    audience: exhibitorAudience,
    publicView: exhibitorPublicView,
    internal: ['organiserOrgId', 'wasAccepted'],
  });
export const exhibitorDrafted = exhibitorEvent('fairs.exhibitor.drafted.v1');
export const exhibitorSubmitted = exhibitorEvent('fairs.exhibitor.submitted.v1');
export const exhibitorAccepted = exhibitorEvent('fairs.exhibitor.accepted.v1');
export const exhibitorWaitlisted = exhibitorEvent('fairs.exhibitor.waitlisted.v1');
export const exhibitorRejected = exhibitorEvent('fairs.exhibitor.rejected.v1');
export const exhibitorWithdrawn = exhibitorEvent('fairs.exhibitor.withdrawn.v1');
export const exhibitorChangesProposed = exhibitorEvent('fairs.exhibitor.changes-proposed.v1');
export const exhibitorChangesReviewed = exhibitorEvent('fairs.exhibitor.changes-reviewed.v1');

/** A reviewer's note: the organiser's staff only. */
export const exhibitorNoted = defineEvent({
  topic: 'fairs.exhibitor.noted.v1',
  payload: z.object({
    fairId: z.string(),
    orgId: z.string(),
    organiserOrgId: z.string(),
    note: reviewerNoteSchema,
  }),
  audience: ({ organiserOrgId }) => [to.staff(organiserOrgId)],
  publicView: {
    schema: z.strictObject({ fairId: z.string(), orgId: z.string() }),
    project: ({ fairId, orgId }) => ({ fairId, orgId }),
  },
});

const boothHolderSchema = z.object({
  orgId: z.string(),
  enterpriseName: z.string(),
  county: z.string(),
  boothTypeId: z.string(),
  boothIds: z.array(z.string()),
});
export const boothLedgerSchema = z.object({
  fairId: z.string(),
  organiserOrgId: z.string(),
  rules: boothRulesSchema,
  holders: z.array(boothHolderSchema),
  version: z.number().int(),
});
export type BoothLedgerPublic = z.infer<typeof boothLedgerSchema>;
/** The booth ledger changed (rules, an assignment, a release): public, accepted exhibitors only. */
export const boothsChanged = defineEvent({
  topic: 'fairs.booths.changed.v1',
  payload: z.object({ ledger: boothLedgerSchema, changed: z.enum(['rules', 'assigned', 'released']) }),
  audience: ({ ledger }) => [to.staff(ledger.organiserOrgId), to.open(`fair:${ledger.fairId}`)],
  publicView: {
    schema: z.strictObject({ ledger: boothLedgerSchema, changed: z.enum(['rules', 'assigned', 'released']) }),
    project: (payload) => payload,
  },
});

export const ExhibitorEvents = {
  drafted: exhibitorDrafted.topic,
  submitted: exhibitorSubmitted.topic,
  accepted: exhibitorAccepted.topic,
  waitlisted: exhibitorWaitlisted.topic,
  rejected: exhibitorRejected.topic,
  withdrawn: exhibitorWithdrawn.topic,
  changesProposed: exhibitorChangesProposed.topic,
  changesReviewed: exhibitorChangesReviewed.topic,
  noted: exhibitorNoted.topic,
  boothsChanged: boothsChanged.topic,
} as const;

// --- export ---
const STATUS_ZH: Record<ExhibitorStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  accepted: '已通过',
  waitlisted: '候补',
  rejected: '未通过',
  withdrawn: '已撤回',
};
const exhibitorsExport = defineExport(listExhibitors, {
  path: '/fairs/:id/exhibitors/export',
  summary: 'The exhibitors of a fair as CSV or XLSX, filtered as the list is',
  tag: TAG,
  params: idParams,
  query: listExhibitorsQuerySchema.omit({ page: true, pageSize: true }),
  payload: ({ params, query }, page, pageSize) => ({ ...query, fairId: params.id, page, pageSize }),
  filename: (params) => `参展企业-${params.id}`,
  sheet: '参展企业',
  columns: [
    { header: '企业名称', value: (item) => item.enterprise?.name ?? item.card?.enterpriseName },
    { header: '组织编号', value: (item) => item.enterprise?.orgId ?? item.card?.orgId },
    { header: '所在县（市）', value: (item) => item.enterprise?.region ?? item.card?.county },
    { header: '状态', value: (item) => (item.status ? STATUS_ZH[item.status] : '已通过') },
    { header: '展位类型', value: (item) => item.boothTypeId ?? item.card?.boothTypeId },
    { header: '申请展位数', value: (item) => item.booths },
    { header: '展位号', value: (item) => (item.boothIds ?? item.card?.boothIds ?? []).join('、') },
    {
      header: '展品',
      value: (item) => (item.products ?? item.card?.products ?? []).map((p) => p.name).join('、'),
    },
    {
      header: '认证',
      value: (item) =>
        [...new Set((item.products ?? item.card?.products ?? []).flatMap((p) => p.certifications))].join(
          '、',
        ),
    },
    { header: '未通过原因', value: (item) => item.rejectReason },
    { header: '待审核变更', value: (item) => (item.pendingChanges ? item.pendingChanges.diff.length : 0) },
    { header: '备注', value: (item) => item.note },
    { header: '更新时间', value: (item) => (item.updatedAt ? new Date(item.updatedAt) : undefined) },
  ],
});

// --- samples ---
const at = '2026-12-01T08:00:00.000Z';
const sampleApplication: z.input<typeof exhibitorFullSchema> = {
  id: 'fair-1:ent-qushou-agri',
  fairId: 'fair-1',
  enterprise: { orgId: 'ent-qushou-agri', name: '淅川县渠首农业开发有限公司', region: 'xichuan' },
  status: 'accepted',
  products: [
    {
      name: '淅川软籽石榴',
      category: '水果',
      county: 'xichuan',
      certifications: ['地理标志', '绿色食品'],
      photos: ['https://img.example.cn/shiliu.jpg'],
      description: '丹江口库区软籽石榴，籽软汁多。',
    },
  ],
  boothTypeId: 'std',
  booths: 2,
  note: '私人原因：家中有事',
  boothIds: ['std-1', 'std-2'],
  rejectReason: '私人原因：家中有事',
  pendingChanges: {
    proposed: {
      enterpriseName: '淅川县渠首农业开发有限公司',
      products: [],
      note: '私人原因：家中有事',
    },
    diff: [{ path: 'note', before: '', after: '私人原因：家中有事' }],
    at,
  },
  lastChangesReview: { outcome: 'rejected', reason: '私人原因：家中有事', at },
  history: [
    { from: null, to: 'draft', at },
    { from: 'draft', to: 'submitted', at },
    { from: 'submitted', to: 'accepted', at, reason: '私人原因：家中有事' },
  ],
  createdBy: 'u-applicant',
  version: 3,
  createdAt: at,
  updatedAt: at,
};
const samplePayload = { application: sampleApplication, organiserOrgId: 'gov-xichuan', wasAccepted: true };

export const exhibitorsPart = {
  commands: [
    saveExhibitor,
    submitExhibitor,
    withdrawExhibitor,
    decideExhibitor,
    decideExhibitorsBulk,
    noteExhibitor,
    reviewExhibitorChanges,
    getExhibitor,
    listExhibitors,
    listMyExhibits,
    getBooths,
    setBoothRules,
  ] as const satisfies readonly AnyCommand[],
  events: [
    exhibitorDrafted,
    exhibitorSubmitted,
    exhibitorAccepted,
    exhibitorWaitlisted,
    exhibitorRejected,
    exhibitorWithdrawn,
    exhibitorChangesProposed,
    exhibitorChangesReviewed,
    exhibitorNoted,
    boothsChanged,
  ] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  /** CSV/XLSX downloads of this part's lists (see kit/export.ts). */
  exports: [exhibitorsExport] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see fairsDomain.samples). */
  samples: {
    'fairs.exhibitor.drafted.v1': {
      ...samplePayload,
      application: {
        ...sampleApplication,
        status: 'draft',
        boothIds: [],
        history: sampleApplication.history.slice(0, 1),
      },
      wasAccepted: false,
    },
    'fairs.exhibitor.submitted.v1': {
      ...samplePayload,
      application: { ...sampleApplication, status: 'submitted', boothIds: [] },
      wasAccepted: false,
    },
    'fairs.exhibitor.accepted.v1': { ...samplePayload, wasAccepted: false },
    'fairs.exhibitor.waitlisted.v1': {
      ...samplePayload,
      application: { ...sampleApplication, status: 'waitlisted', boothIds: [] },
      wasAccepted: false,
    },
    'fairs.exhibitor.rejected.v1': {
      ...samplePayload,
      application: { ...sampleApplication, status: 'rejected', boothIds: [] },
      wasAccepted: false,
    },
    'fairs.exhibitor.withdrawn.v1': {
      ...samplePayload,
      application: { ...sampleApplication, status: 'withdrawn', boothIds: [] },
    },
    'fairs.exhibitor.changes-proposed.v1': samplePayload,
    'fairs.exhibitor.changes-reviewed.v1': samplePayload,
    'fairs.exhibitor.noted.v1': {
      fairId: 'fair-1',
      orgId: 'ent-qushou-agri',
      organiserOrgId: 'gov-xichuan',
      note: { text: '私人原因：家中有事', by: 'u-creator', at },
    },
    'fairs.booths.changed.v1': {
      ledger: {
        fairId: 'fair-1',
        organiserOrgId: 'gov-xichuan',
        rules: { maxBoothsPerEnterprise: 2, reservedPerCounty: [{ county: 'xixia', booths: 2 }] },
        holders: [
          {
            orgId: 'ent-qushou-agri',
            enterpriseName: '淅川县渠首农业开发有限公司',
            county: 'xichuan',
            boothTypeId: 'std',
            boothIds: ['std-1', 'std-2'],
          },
        ],
        version: 4,
      },
      changed: 'assigned',
    },
  },
};
