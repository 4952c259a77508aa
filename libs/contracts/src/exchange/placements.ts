import { z } from 'zod';
import { PAIRS, REGION_IDS } from '@qingshui/regions';
import { idParams, intFromQuery, reasonSchema } from '../common';
import { defineCommand, defineEvent, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';
import {
  EXCHANGE_DIRECTION_NAMES,
  exchangeDirectionSchema,
  exchangeKindSchema,
  placementSnapshotSchema,
  type ExchangeDirection,
  type PlacementSnapshot,
} from './vocabulary';
import {
  nominationAudience,
  nominationPublicSchema,
  nominationViewSchema,
  publicOfNomination,
  sampleNomination,
} from './cadres';
import { pairIdSchema } from './postings';

// Two-sided approval and yearly quotas (双向审批、年度名额): issue #12, items 3 and 4.
// A nomination becomes a placement when the sending unit has released the cadre and the
// receiving unit has accepted them, in either order: at that moment, in one guarded update of the
// year's quota ledger, a place is taken (never past the year's quota, nor a pair's share of it),
// the posting's place and the cadre's calendar are claimed too. The office then confirms it
// (`exchange.placement.confirmed.v1`, the snapshot tracking and the inbox consume).

/** Defaults of the plan: Beijing sends 24 cadres a year, Henan and Hubei 40. */
export const DEFAULT_QUOTAS: Record<ExchangeDirection, number> = { 'to-county': 24, 'to-beijing': 40 };

export const quotaYearSchema = z.coerce.number().int().min(2021).max(2100);
export const PLACEMENT_STEPS = ['release', 'accept', 'refuse', 'withdraw', 'confirm'] as const;
export type PlacementStep = (typeof PLACEMENT_STEPS)[number];
export const placementStepSchema = z.strictObject({
  id: z.string(),
  step: z.enum(PLACEMENT_STEPS),
  reason: reasonSchema.optional(),
  expectedVersion: z.number().int().optional(),
});
export type PlacementStepCommand = z.infer<typeof placementStepSchema>;

/** The figures of one pair in a year's ledger. */
export const pairFiguresSchema = z.object({
  pairId: z.string(),
  /** Its share of the year's quota, when the admin split it. */
  limit: z.number().int().optional(),
  used: z.number().int(),
  pending: z.number().int(),
  shortUsed: z.number().int(),
  shortPending: z.number().int(),
});
export const quotaFiguresSchema = z.object({
  id: z.string(),
  year: z.number().int(),
  direction: exchangeDirectionSchema,
  total: z.number().int(),
  used: z.number().int(),
  /** Nominations of the year's secondments being approved (not yet agreed by both sides). */
  pending: z.number().int(),
  free: z.number().int(),
  /** Short exchanges, counted apart (no quota). */
  short: z.object({ used: z.number().int(), pending: z.number().int() }),
  pairs: z.array(pairFiguresSchema),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type QuotaFigures = z.infer<typeof quotaFiguresSchema>;
export const quotaBoardSchema = z.object({ year: z.number().int(), directions: z.array(quotaFiguresSchema) });
export type QuotaBoard = z.infer<typeof quotaBoardSchema>;

export const setQuotaBodySchema = z.strictObject({
  total: z.number().int().min(0).max(1000),
  /** Shares per pair (optional); their sum may not exceed the total. */
  perPair: z.record(pairIdSchema, z.number().int().min(0).max(1000)).optional(),
});
export const setQuotaSchema = setQuotaBodySchema.extend({
  year: quotaYearSchema,
  direction: exchangeDirectionSchema,
  expectedVersion: z.number().int().optional(),
});
export type SetQuotaCommand = z.infer<typeof setQuotaSchema>;

/** One row of the usage export: a year, a direction and a pair. */
export const quotaUsageRowSchema = z.object({
  year: z.number().int(),
  direction: exchangeDirectionSchema,
  pairId: z.string(),
  total: z.number().int(),
  limit: z.number().int().optional(),
  used: z.number().int(),
  pending: z.number().int(),
  shortUsed: z.number().int(),
  shortPending: z.number().int(),
});
export type QuotaUsageRow = z.infer<typeof quotaUsageRowSchema>;
export const quotaUsageQuerySchema = z.strictObject({
  year: quotaYearSchema.optional(),
  direction: exchangeDirectionSchema.optional(),
  pairId: pairIdSchema.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 500, 100),
});
export type QuotaUsageQuery = z.infer<typeof quotaUsageQuerySchema>;
export const quotaUsagePageSchema = z.object({
  items: z.array(quotaUsageRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type QuotaUsagePage = z.infer<typeof quotaUsagePageSchema>;

// --- commands ---
export const stepPlacement = defineCommand({
  name: 'exchange.placements.step.v1',
  request: placementStepSchema,
  reply: nominationViewSchema,
});
export const getQuotaBoard = defineCommand({
  name: 'exchange.quotas.board.v1',
  request: z.strictObject({ year: quotaYearSchema }),
  reply: quotaBoardSchema,
});
export const setQuota = defineCommand({
  name: 'exchange.quotas.set.v1',
  request: setQuotaSchema,
  reply: quotaFiguresSchema,
});
export const quotaUsage = defineCommand({
  name: 'exchange.quotas.usage.v1',
  request: quotaUsageQuerySchema,
  reply: quotaUsagePageSchema,
});
export const PlacementCommands = {
  step: stepPlacement.name,
  board: getQuotaBoard.name,
  setQuota: setQuota.name,
  usage: quotaUsage.name,
} as const;

// --- routes ---
const KEEPERS = ['cadre', 'admin'] as const;
const stepRoute = (
  path: string,
  step: PlacementStep,
  summary: string,
  roles: readonly ('cadre' | 'admin')[],
) =>
  route(stepPlacement, {
    method: 'POST',
    path: `/exchange/nominations/:id/${path}`,
    tag: 'exchange',
    summary,
    roles,
    params: idParams,
    ifMatch: true,
    payload: ({ params, ifMatch }) => ({ id: params.id, step, expectedVersion: ifMatch }),
    etag: (n) => n.version,
    errors: [400, 403, 404, 409],
  });
const reasonRoute = (path: string, step: PlacementStep, summary: string) =>
  route(stepPlacement, {
    method: 'POST',
    path: `/exchange/nominations/:id/${path}`,
    tag: 'exchange',
    summary,
    roles: KEEPERS,
    params: idParams,
    body: z.strictObject({ reason: reasonSchema }),
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      id: params.id,
      step,
      reason: body.reason,
      expectedVersion: ifMatch,
    }),
    etag: (n) => n.version,
    errors: [400, 403, 404, 409],
  });
const yearDirection = z.strictObject({ year: quotaYearSchema, direction: exchangeDirectionSchema });
const routes = [
  stepRoute(
    'release',
    'release',
    'The sending unit releases the cadre (a cadre of the sending region); with the acceptance, takes the quota place',
    ['cadre'],
  ),
  stepRoute(
    'accept',
    'accept',
    'The receiving unit accepts the cadre (a cadre of the receiving region); with the release, takes the quota place',
    ['cadre'],
  ),
  reasonRoute(
    'refuse',
    'refuse',
    'Either side (or the office) refuses, with a reason; an agreed place is given back',
  ),
  reasonRoute('withdraw', 'withdraw', 'The sending side withdraws its nomination before both sides agreed'),
  stepRoute('confirm', 'confirm', 'The cooperation office confirms an agreed placement', ['admin']),
  route(getQuotaBoard, {
    method: 'GET',
    path: '/exchange/quotas',
    tag: 'exchange',
    summary: 'The year’s quota board: per direction used, pending and free, per pair, short exchanges apart',
    roles: KEEPERS,
    query: z.strictObject({ year: quotaYearSchema }),
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(setQuota, {
    method: 'PUT',
    path: '/exchange/quotas/:year/:direction',
    tag: 'exchange',
    summary:
      'Set a year’s quota for a direction, optionally split per pair (admin); never below what is used',
    roles: ['admin'],
    params: yearDirection,
    body: setQuotaBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ ...params, ...body, expectedVersion: ifMatch }),
    etag: (q) => q.version,
    errors: [400, 403, 409],
  }),
  route(quotaUsage, {
    method: 'GET',
    path: '/exchange/quotas/usage',
    tag: 'exchange',
    summary: 'Quota usage per year, direction and pair (the rows of the export)',
    roles: KEEPERS,
    query: quotaUsageQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
];

const pairName = (pairId: string) => {
  const pair = PAIRS.find((p) => p.id === pairId);
  return pair ? `${pair.beijing.zh}—${pair.county.zh}` : pairId;
};
const usageExport = defineExport(quotaUsage, {
  path: '/exchange/quotas/usage/export',
  summary: 'Quota usage per year, direction and pair, as CSV or XLSX',
  tag: 'exchange',
  roles: KEEPERS,
  params: z.strictObject({}),
  query: z.strictObject({
    year: quotaYearSchema.optional(),
    direction: exchangeDirectionSchema.optional(),
    pairId: pairIdSchema.optional(),
  }),
  payload: ({ query }, page, pageSize) => ({ ...query, page, pageSize }),
  filename: () => '挂职名额使用情况',
  sheet: '名额使用',
  columns: [
    { header: '年度', value: (r) => r.year },
    { header: '方向', value: (r) => EXCHANGE_DIRECTION_NAMES[r.direction] },
    { header: '结对', value: (r) => pairName(r.pairId) },
    { header: '年度名额', value: (r) => r.total },
    { header: '结对分配', value: (r) => r.limit },
    { header: '已用（挂职）', value: (r) => r.used },
    { header: '审批中（挂职）', value: (r) => r.pending },
    { header: '短期交流（已定）', value: (r) => r.shortUsed },
    { header: '短期交流（审批中）', value: (r) => r.shortPending },
  ],
});

// --- events ---
const stepPayload = z.object({ nomination: nominationViewSchema });
const nominationPublicView = {
  schema: z.strictObject({ nomination: nominationPublicSchema }),
  project: ({ nomination }: z.output<typeof stepPayload>) => ({ nomination: publicOfNomination(nomination) }),
};
/** A release, an acceptance, a refusal or a withdrawal (not the agreement: see below). */
export const placementStepRecorded = defineEvent({
  topic: 'exchange.placement.step-recorded.v1',
  payload: stepPayload,
  audience: ({ nomination }) => nominationAudience(nomination),
  publicView: nominationPublicView,
});
/** Both sides agreed: the quota place is taken. */
export const placementAgreed = defineEvent({
  topic: 'exchange.placement.agreed.v1',
  payload: stepPayload,
  audience: ({ nomination }) => nominationAudience(nomination),
  publicView: nominationPublicView,
});

const snapshotPublicSchema = z.strictObject({
  id: z.string(),
  postingId: z.string(),
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  year: z.number().int(),
  version: z.number().int(),
});
/** In full to the cadres of both units' regions and to the cadre; its state to the posting and the pair. */
export const placementConfirmed = defineEvent({
  topic: 'exchange.placement.confirmed.v1',
  payload: z.object({ placement: placementSnapshotSchema }),
  audience: ({ placement }) => [
    to.cadres(placement.receivingUnit.region),
    to.cadres(placement.sendingUnit.region),
    ...(placement.cadre.userId ? [to.user(placement.cadre.userId)] : []),
    to.open(`posting:${placement.postingId}`),
    to.open(`pair:${placement.pairId}`),
  ],
  publicView: {
    schema: z.strictObject({ placement: snapshotPublicSchema }),
    project: ({ placement: p }) => ({
      placement: {
        id: p.id,
        postingId: p.postingId,
        pairId: p.pairId,
        direction: p.direction,
        kind: p.kind,
        year: p.year,
        version: p.version,
      },
    }),
  },
});

/**
 * The year's figures changed (a place taken or given back, the quota set). Every cadre reads the
 * quota board, so the cadres' rooms get it in full; the pairs' rooms (their cadres, admins) the
 * figures without who.
 */
export const quotaChanged = defineEvent({
  topic: 'exchange.quota.changed.v1',
  payload: z.object({ quota: quotaFiguresSchema }),
  audience: () => [
    ...REGION_IDS.map((region) => to.cadres(region)),
    ...PAIRS.map((pair) => to.open(`pair:${pair.id}`)),
  ],
  publicView: {
    schema: z.strictObject({ quota: quotaFiguresSchema.strict() }),
    project: ({ quota }) => ({ quota }),
  },
});
export const PlacementEvents = {
  stepRecorded: placementStepRecorded.topic,
  agreed: placementAgreed.topic,
  confirmed: placementConfirmed.topic,
  quotaChanged: quotaChanged.topic,
} as const;

const PLACEMENT_EVENT_LIST = [
  placementStepRecorded,
  placementAgreed,
  placementConfirmed,
  quotaChanged,
] as const;
type PlacementEventPayloads = {
  [E in (typeof PLACEMENT_EVENT_LIST)[number] as E['topic']]: z.input<E['payload']>;
};
const sampleSnapshot: PlacementSnapshot = {
  id: 'nomination-1',
  postingId: 'posting-1',
  postingTitle: '淅川县发展和改革委员会副主任（挂职）',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  receivingUnit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
  sendingUnit: { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' },
  cadre: { profileId: 'cadre-1', userId: 'u-applicant', name: '王建国' },
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  confirmedAt: '2026-12-01T10:00:00.000Z',
  version: 5,
};
const sampleQuota: QuotaFigures = {
  id: '2027-to-county',
  year: 2027,
  direction: 'to-county',
  total: 24,
  used: 3,
  pending: 2,
  free: 21,
  short: { used: 1, pending: 0 },
  pairs: [{ pairId: 'chaoyang-xichuan', limit: 2, used: 1, pending: 1, shortUsed: 1, shortPending: 0 }],
  version: 4,
  updatedAt: '2026-12-01T10:00:00.000Z',
};

export const placementsPart = {
  commands: [stepPlacement, getQuotaBoard, setQuota, quotaUsage] as const satisfies readonly AnyCommand[],
  events: PLACEMENT_EVENT_LIST satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [usageExport] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see exchangeDomain.samples). */
  samples: {
    'exchange.placement.step-recorded.v1': { nomination: sampleNomination },
    'exchange.placement.agreed.v1': { nomination: { ...sampleNomination, status: 'agreed', accepted: true } },
    'exchange.placement.confirmed.v1': { placement: sampleSnapshot },
    'exchange.quota.changed.v1': { quota: sampleQuota },
  } satisfies PlacementEventPayloads,
};
