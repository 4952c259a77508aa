import { z } from 'zod';
import { PAIRS, pairOf, regionById } from '@qingshui/regions';
import { idParams, intFromQuery, reasonBodySchema, regionIdSchema, trimmed } from '../common';
import { defineCommand, defineEvent, recordRoom, to, type Delivery } from '../kit/contract';
import { defineDomain } from '../kit/domain';
import { route } from '../kit/route';
import { defineExport } from '../kit/export';
import { exhibitorsPart } from './exhibitors';
import { registrationsPart } from './registrations';
import { checkinPart } from './checkin';

export * from './ticket-token';
export * from './exhibitors';
export * from './registrations';
export * from './checkin';

// Trade fairs and produce promotion (展销会, 农产品进京推介). A fair is organised by a district's or a
// county's cadres, or by the cooperation office; it serves one or more district-county pairs, has
// its days, zones and booth inventory, and moves through its lifecycle. Exhibitors, registrations,
// tickets, door check-in and lead scans come in later steps of issue #10.

export const FAIR_STATUSES = [
  'draft',
  'exhibitors-open',
  'visitors-open',
  'running',
  'closed',
  'cancelled',
] as const;
export const fairStatusSchema = z.enum(FAIR_STATUSES);
export type FairStatus = z.infer<typeof fairStatusSchema>;

/** The forward steps of the lifecycle: each from exactly one status. Cancelling is apart. */
export const FAIR_STEPS = {
  'open-exhibitors': { from: 'draft', to: 'exhibitors-open' },
  'open-visitors': { from: 'exhibitors-open', to: 'visitors-open' },
  start: { from: 'visitors-open', to: 'running' },
  close: { from: 'running', to: 'closed' },
} as const satisfies Record<string, { from: FairStatus; to: FairStatus }>;
export type FairStep = keyof typeof FAIR_STEPS;
export const FAIR_STEP_NAMES = Object.keys(FAIR_STEPS) as FairStep[];
const fairStepSchema = z.enum(FAIR_STEP_NAMES as [FairStep, ...FairStep[]]);

export const ORGANISER_KINDS = ['district', 'county', 'office'] as const;

export const FAIR_FIELDS = [
  'title',
  'description',
  'pairIds',
  'venue',
  'days',
  'zones',
  'boothTypes',
] as const;
export type FairField = (typeof FAIR_FIELDS)[number];
/** What may still change in each status: everything in a draft, less once people rely on it. */
export const FAIR_EDITABLE_FIELDS: Record<FairStatus, readonly FairField[]> = {
  draft: FAIR_FIELDS,
  'exhibitors-open': ['title', 'description', 'venue', 'days', 'zones', 'boothTypes'],
  // Visitors hold tickets for its days: from here only words and the venue's details change.
  'visitors-open': ['title', 'description', 'venue'],
  running: [],
  closed: [],
  cancelled: [],
};
/** The one step forward from a status, if any. */
export const nextFairStep = (status: FairStatus): FairStep | undefined =>
  (Object.keys(FAIR_STEPS) as FairStep[]).find((step) => FAIR_STEPS[step].from === status);

const pairIdSchema = z.string().refine((id) => PAIRS.some((pair) => pair.id === id), {
  message: 'Unknown pair: use a pair id such as chaoyang-xichuan',
});
const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2027-05-18')
  .refine(
    (value) => {
      // Date.parse rolls 2027-02-30 over to March: the date must come back as it was written.
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
    },
    { message: 'Not a calendar date' },
  );
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day like 09:30');
const slug = z.string().regex(/^[a-z0-9-]{1,32}$/, 'Lower-case letters, digits and -, at most 32');

export const fairDaySchema = z
  .strictObject({ date: calendarDate, opensAt: clockTime, closesAt: clockTime })
  .refine((day) => day.opensAt < day.closesAt, { message: 'It closes after it opens', path: ['closesAt'] });
export const fairZoneSchema = z.strictObject({ id: slug, name: trimmed(1, 50) });
export const boothTypeSchema = z.strictObject({
  id: slug,
  name: trimmed(1, 50),
  /** Floor area in square metres. */
  sizeM2: z.number().positive().max(1000),
  /** 0 is free. */
  priceYuan: z.number().int().min(0).max(10_000_000),
  count: z.number().int().min(1).max(2000),
  zoneId: slug.optional(),
});
export const venueSchema = z.strictObject({ name: trimmed(2, 100), address: trimmed(2, 200) });
export type FairDay = z.infer<typeof fairDaySchema>;
export type FairZone = z.infer<typeof fairZoneSchema>;
export type BoothType = z.infer<typeof boothTypeSchema>;

const fairFields = {
  title: trimmed(2, 100),
  description: z.string().trim().max(5000),
  pairIds: z
    .array(pairIdSchema)
    .min(1)
    .max(16)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'Items must be unique' }),
  venue: venueSchema,
  days: z.array(fairDaySchema).min(1).max(30),
  zones: z.array(fairZoneSchema).max(50),
  boothTypes: z.array(boothTypeSchema).min(1).max(20),
};

/** What no single field can check: repeated dates and ids, booth types in zones that exist. */
export function fairConsistency(
  fair: Partial<{ days: FairDay[]; zones: FairZone[]; boothTypes: BoothType[] }>,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const repeats = <T>(
    items: readonly T[] | undefined,
    key: (item: T) => string,
    field: string,
    what: string,
  ) => {
    const seen = new Set<string>();
    (items ?? []).forEach((item, i) => {
      const k = key(item);
      if (seen.has(k)) problems.push({ path: [field, i], message: `${what} ${k} is listed twice` });
      seen.add(k);
    });
  };
  repeats(fair.days, (d) => d.date, 'days', 'The day');
  repeats(fair.zones, (z) => z.id, 'zones', 'The zone');
  repeats(fair.boothTypes, (b) => b.id, 'boothTypes', 'The booth type');
  if (fair.zones && fair.boothTypes) {
    const zones = new Set(fair.zones.map((zone) => zone.id));
    fair.boothTypes.forEach((booth, i) => {
      if (booth.zoneId && !zones.has(booth.zoneId))
        problems.push({ path: ['boothTypes', i, 'zoneId'], message: `No zone ${booth.zoneId} in this fair` });
    });
  }
  return problems;
}
const consistent = (fair: Parameters<typeof fairConsistency>[0], ctx: z.RefinementCtx) => {
  for (const { path, message } of fairConsistency(fair)) ctx.addIssue({ code: 'custom', path, message });
};

export const createFairSchema = z
  .strictObject({
    ...fairFields,
    description: fairFields.description.default(''),
    zones: fairFields.zones.default([]),
  })
  .superRefine(consistent);
export type CreateFairInput = z.infer<typeof createFairSchema>;

export const updateFairSchema = z
  .strictObject(fairFields)
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' })
  .superRefine(consistent);
export type UpdateFairInput = z.infer<typeof updateFairSchema>;

export const fairOrganiserSchema = z.object({
  kind: z.enum(ORGANISER_KINDS),
  region: z.string(),
  orgId: z.string(),
});
export const fairTransitionSchema = z.object({
  from: fairStatusSchema.nullable(),
  to: fairStatusSchema,
  at: z.string(),
  /** The user who moved it: for those who manage the fair only. */
  by: z.string().optional(),
  reason: z.string().optional(),
});

/** What anyone who may read the fair sees; events to open rooms carry this. */
export const fairPublicSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  organiser: fairOrganiserSchema,
  pairIds: z.array(z.string()),
  /** Every district and county of its pairs: who the fair is for. */
  regions: z.array(z.string()),
  venue: venueSchema,
  days: z.array(fairDaySchema),
  zones: z.array(fairZoneSchema),
  boothTypes: z.array(boothTypeSchema),
  /** Booths of every type together. */
  boothCount: z.number().int(),
  status: fairStatusSchema,
  /** When it first opened to exhibitors: from then on it is everyone's (a draft never is, even cancelled). */
  publishedAt: z.string().optional(),
  history: z.array(fairTransitionSchema.omit({ by: true }).strict()),
  cancelReason: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FairPublic = z.infer<typeof fairPublicSchema>;

/**
 * The fair as one caller sees it: managers (the organiser's staff, admins) see who did what, and
 * what they may do with it now (so that no client repeats the rules).
 */
export const fairViewSchema = fairPublicSchema.extend({
  history: z.array(fairTransitionSchema),
  createdBy: z.string().optional(),
  canManage: z.boolean(),
  /** The fields this caller may change now (none for those who do not manage it). */
  editable: z.array(z.enum(FAIR_FIELDS)),
  /** The lifecycle step this caller may take next, if any. */
  nextStep: fairStepSchema.optional(),
  canCancel: z.boolean(),
});
export type FairView = z.infer<typeof fairViewSchema>;
/** What events carry in full, to the organiser's staff only. */
export const fairFullSchema = fairPublicSchema.extend({
  history: z.array(fairTransitionSchema),
  createdBy: z.string(),
});
export type FairFull = z.infer<typeof fairFullSchema>;

export const listFairsQuerySchema = z.strictObject({
  status: fairStatusSchema.optional(),
  pairId: pairIdSchema.optional(),
  /** Fairs that serve this district or county. */
  region: regionIdSchema.optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export type ListFairsQuery = z.infer<typeof listFairsQuerySchema>;
export const fairPageSchema = z.object({
  items: z.array(fairViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type FairPage = z.infer<typeof fairPageSchema>;

export const moveFairSchema = z.strictObject({
  id: z.string(),
  step: z.union([fairStepSchema, z.literal('cancel')]),
  reason: trimmed(2, 1000).optional(),
  expectedVersion: z.number().int().optional(),
});
export type MoveFairCommand = z.infer<typeof moveFairSchema>;
export const updateFairCommandSchema = z.strictObject({
  id: z.string(),
  patch: updateFairSchema,
  expectedVersion: z.number().int().optional(),
});
export type UpdateFairCommand = z.infer<typeof updateFairCommandSchema>;

/** Every district and county of the pairs, districts first, each once. */
export function regionsOfPairs(pairIds: readonly string[]): string[] {
  const pairs = pairIds.map((id) => PAIRS.find((pair) => pair.id === id)).filter((p) => p !== undefined);
  return [...new Set([...pairs.map((p) => p.beijing.id), ...pairs.map((p) => p.county.id)])];
}
/** The pair a cadre's region belongs to. */
export const pairIdOfRegion = (region: string): string | undefined => pairOf(region)?.id;

// --- commands ---
export const createFair = defineCommand({
  name: 'fairs.fairs.create.v1',
  request: createFairSchema,
  reply: fairViewSchema,
});
export const getFair = defineCommand({
  name: 'fairs.fairs.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: fairViewSchema,
});
export const listFairs = defineCommand({
  name: 'fairs.fairs.list.v1',
  request: listFairsQuerySchema,
  reply: fairPageSchema,
});
export const updateFair = defineCommand({
  name: 'fairs.fairs.update.v1',
  request: updateFairCommandSchema,
  reply: fairViewSchema,
});
export const moveFair = defineCommand({
  name: 'fairs.fairs.move.v1',
  request: moveFairSchema,
  reply: fairViewSchema,
});
/** A fair's summary report: every part's figures at the moment it is asked for. */
export const fairReportSchema = z.object({
  fair: z.object({
    id: z.string(),
    title: z.string(),
    status: fairStatusSchema,
    venue: venueSchema,
    days: z.array(z.string()),
    pairIds: z.array(z.string()),
  }),
  exhibitors: z.object({
    /** Applications past their draft, by status. */
    byStatus: z.record(z.string(), z.number().int()),
    booths: z.object({ total: z.number().int(), assigned: z.number().int() }),
    /** Accepted exhibitors and their booths, per county. */
    byCounty: z.array(
      z.object({ county: z.string(), exhibitors: z.number().int(), booths: z.number().int() }),
    ),
    products: z.number().int(),
  }),
  registrations: z.object({
    /** Registrations by status, and the places they hold or ask for. */
    byStatus: z.record(z.string(), z.object({ registrations: z.number().int(), places: z.number().int() })),
    /** Places confirmed per ticket type. */
    byType: z.array(z.object({ typeId: z.string(), name: z.string(), places: z.number().int() })),
    organisations: z.number().int(),
  }),
  checkins: z.array(
    z.object({
      listId: z.string(),
      checkedIn: z.number().int(),
      inside: z.number().int(),
      byType: z.record(z.string(), z.number().int()),
      byDay: z.record(z.string(), z.number().int()),
    }),
  ),
  leads: z.object({
    total: z.number().int(),
    exhibitors: z.number().int(),
    averageRating: z.number().nullable(),
    byExhibitor: z.array(z.object({ orgId: z.string(), name: z.string(), leads: z.number().int() })),
  }),
  generatedAt: z.string(),
});
export type FairReport = z.infer<typeof fairReportSchema>;
export const getFairReport = defineCommand({
  name: 'fairs.fairs.report.v1',
  request: z.strictObject({ id: z.string() }),
  reply: fairReportSchema,
});

export const FairCommands = {
  create: createFair.name,
  get: getFair.name,
  list: listFairs.name,
  update: updateFair.name,
  move: moveFair.name,
  report: getFairReport.name,
} as const;

// --- routes ---
const version = (fair: FairView) => fair.version;
const STEP_SUMMARIES: Record<FairStep, string> = {
  'open-exhibitors': 'Open the call for exhibitors (draft → exhibitors-open)',
  'open-visitors': 'Open visitor registration (exhibitors-open → visitors-open)',
  start: 'Start the fair (visitors-open → running)',
  close: 'Close the fair (running → closed)',
};
const stepRoute = (step: FairStep) =>
  route(moveFair, {
    method: 'POST',
    path: `/fairs/:id/${step}`,
    tag: 'fairs',
    summary: `${STEP_SUMMARIES[step]}; the organiser's staff or an admin`,
    params: idParams,
    ifMatch: true,
    payload: ({ params, ifMatch }) => ({ id: params.id, step, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  });

const routes = [
  route(createFair, {
    method: 'POST',
    path: '/fairs',
    tag: 'fairs',
    summary:
      'Create a fair as a draft: a cadre for a pair of their region (organiser: their district or county), an admin for any (the cooperation office)',
    roles: ['cadre', 'admin'],
    status: 201,
    body: createFairSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (fair) => `/api/v1/fairs/${fair.id}`,
    errors: [400, 403],
  }),
  route(listFairs, {
    method: 'GET',
    path: '/fairs',
    tag: 'fairs',
    summary:
      'Fairs, soonest first: every fair past its draft, and the drafts one manages or whose pair one is a cadre of',
    query: listFairsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getFair, {
    method: 'GET',
    path: '/fairs/:id',
    tag: 'fairs',
    summary: 'One fair',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updateFair, {
    method: 'PATCH',
    path: '/fairs/:id',
    tag: 'fairs',
    summary:
      'Change a fair (the organiser’s staff or an admin): anything while a draft; all but its pairs while exhibitors apply; title, description and venue once visitors register; nothing once running',
    params: idParams,
    body: updateFairSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
  route(getFairReport, {
    method: 'GET',
    path: '/fairs/:id/report',
    tag: 'fairs',
    summary:
      'The fair’s summary report: exhibitors and booths by county, registrations and places, check-ins, leads (the organiser’s staff, admins and the cadres of its regions)',
    params: idParams,
    payload: ({ params }) => params,
    errors: [400, 403, 404],
  }),
  ...FAIR_STEP_NAMES.map(stepRoute),
  route(moveFair, {
    method: 'POST',
    path: '/fairs/:id/cancel',
    tag: 'fairs',
    summary: 'Cancel a fair with a reason (before it closes); everyone concerned is told',
    params: idParams,
    body: reasonBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      id: params.id,
      step: 'cancel' as const,
      reason: body.reason,
      expectedVersion: ifMatch,
    }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
];

const STATUS_NAMES: Record<FairStatus, string> = {
  draft: '草稿',
  'exhibitors-open': '招展中',
  'visitors-open': '观众报名中',
  running: '举办中',
  closed: '已结束',
  cancelled: '已取消',
};
const ORGANISER_NAMES: Record<(typeof ORGANISER_KINDS)[number], string> = {
  district: '北京区',
  county: '水源区县',
  office: '合作办',
};
const fairsExport = defineExport(listFairs, {
  path: '/fairs/export',
  summary: 'The fairs of the list (same filters and visibility) as CSV or XLSX',
  tag: 'fairs',
  params: z.strictObject({}),
  query: listFairsQuerySchema.omit({ page: true, pageSize: true }),
  payload: ({ query }, page, pageSize) => ({ ...query, page, pageSize }),
  filename: () => '展销会',
  sheet: '展销会',
  columns: [
    { header: '名称', value: (fair) => fair.title },
    { header: '状态', value: (fair) => STATUS_NAMES[fair.status] },
    { header: '主办方类型', value: (fair) => ORGANISER_NAMES[fair.organiser.kind] },
    { header: '主办地区', value: (fair) => regionById(fair.organiser.region)?.zh ?? fair.organiser.region },
    {
      header: '对口协作',
      value: (fair) =>
        fair.pairIds
          .map((id) => PAIRS.find((pair) => pair.id === id))
          .map((pair) => (pair ? `${pair.beijing.zh}—${pair.county.zh}` : ''))
          .join('、'),
    },
    { header: '场馆', value: (fair) => fair.venue.name },
    { header: '地址', value: (fair) => fair.venue.address },
    { header: '首日', value: (fair) => fair.days[0]?.date },
    { header: '天数', value: (fair) => fair.days.length },
    { header: '展位总数', value: (fair) => fair.boothCount },
    { header: '取消原因', value: (fair) => fair.cancelReason },
  ],
});

// --- events ---
/**
 * In full (who created and moved it) to the organiser's staff; the public view to the cadres of
 * its regions and, once it has opened to exhibitors, to its watchers and its regions' rooms: a
 * draft (even a cancelled one) is the organiser's and the pair's cadres' business only.
 */
function fairAudience({ fair }: { fair: FairFull }): Delivery[] {
  return [
    to.staff(fair.organiser.orgId),
    ...fair.regions.map((region) => to.open(`cadres:${region}`)),
    ...(fair.publishedAt === undefined
      ? []
      : [to.open(`fair:${fair.id}`), ...fair.regions.map((region) => to.open(`region:${region}`))]),
  ];
}
export function publicFair(fair: FairFull): FairPublic {
  const { createdBy: _createdBy, history, ...rest } = fair;
  return { ...rest, history: history.map(({ by: _by, ...entry }) => entry) };
}
const fairOnly = z.object({ fair: fairFullSchema });
const publicView = {
  schema: z.strictObject({ fair: fairPublicSchema }),
  project: ({ fair }: { fair: FairFull }) => ({ fair: publicFair(fair) }),
};
export const fairCreated = defineEvent({
  topic: 'fairs.fair.created.v1',
  payload: fairOnly,
  audience: fairAudience,
  publicView,
});
export const fairUpdated = defineEvent({
  topic: 'fairs.fair.updated.v1',
  payload: fairOnly.extend({ changed: z.array(z.string()) }),
  audience: fairAudience,
  publicView: {
    schema: z.strictObject({ fair: fairPublicSchema, changed: z.array(z.string()) }),
    project: ({ fair, changed }: { fair: FairFull; changed: string[] }) => ({
      fair: publicFair(fair),
      changed,
    }),
  },
});
export const fairMoved = defineEvent({
  topic: 'fairs.fair.moved.v1',
  payload: fairOnly,
  audience: fairAudience,
  publicView,
});
export const FairEvents = {
  created: fairCreated.topic,
  updated: fairUpdated.topic,
  moved: fairMoved.topic,
} as const;

const sampleFair: z.input<typeof fairFullSchema> = {
  id: 'fair-1',
  title: '2027 南水北调中线水源区农产品北京推介会',
  description: '淅川、西峡等县的香菇、猕猴桃、软籽石榴进京展销。',
  organiser: { kind: 'district', region: 'chaoyang', orgId: 'gov-chaoyang' },
  pairIds: ['chaoyang-xichuan'],
  regions: ['chaoyang', 'xichuan'],
  venue: { name: '北京农业展览馆', address: '北京市朝阳区东三环北路16号' },
  days: [{ date: '2027-05-18', opensAt: '09:00', closesAt: '17:00' }],
  zones: [{ id: 'a', name: 'A 区 生鲜' }],
  boothTypes: [{ id: 'std', name: '标准展位', sizeM2: 9, priceYuan: 0, count: 40, zoneId: 'a' }],
  boothCount: 40,
  status: 'exhibitors-open',
  publishedAt: '2026-12-01T09:00:00.000Z',
  history: [
    { from: null, to: 'draft', at: '2026-12-01T08:00:00.000Z', by: 'u-creator' },
    { from: 'draft', to: 'exhibitors-open', at: '2026-12-01T09:00:00.000Z', by: 'u-creator' },
  ],
  createdBy: 'u-creator',
  version: 2,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

export const fairsDomain = Object.assign(
  defineDomain({
    name: 'fairs',
    commands: [
      createFair,
      getFair,
      listFairs,
      updateFair,
      moveFair,
      getFairReport,
      ...exhibitorsPart.commands,
      ...registrationsPart.commands,
      ...checkinPart.commands,
    ],
    events: [
      fairCreated,
      fairUpdated,
      fairMoved,
      ...exhibitorsPart.events,
      ...registrationsPart.events,
      ...checkinPart.events,
    ],
    routes: [...routes, ...exhibitorsPart.routes, ...registrationsPart.routes, ...checkinPart.routes],
    rooms: [
      recordRoom('fair', getFair, (id) => ({ id })),
      ...exhibitorsPart.rooms,
      ...registrationsPart.rooms,
      ...checkinPart.rooms,
    ],
  }),
  {
    /** CSV/XLSX downloads (the gateway serves every domain's `exports`). */
    exports: [fairsExport, ...exhibitorsPart.exports, ...registrationsPart.exports, ...checkinPart.exports],
    /**
     * A sample payload of every event of the domain, every optional field filled and personal data
     * planted (see PERSONAL_MARKERS in @qingshui/testing): the tests derived from the declarations
     * check with it that no room hears what it may not read.
     */
    samples: {
      ...exhibitorsPart.samples,
      ...registrationsPart.samples,
      ...checkinPart.samples,
      'fairs.fair.created.v1': {
        fair: { ...sampleFair, status: 'draft', history: sampleFair.history.slice(0, 1) },
      },
      'fairs.fair.updated.v1': { fair: sampleFair, changed: ['venue'] },
      'fairs.fair.moved.v1': {
        fair: {
          ...sampleFair,
          status: 'cancelled',
          cancelReason: '场馆检修，改期举办',
          history: [
            ...sampleFair.history,
            {
              from: 'exhibitors-open',
              to: 'cancelled',
              at: '2026-12-02T09:00:00.000Z',
              by: 'u-creator',
              reason: '场馆检修，改期举办',
            },
          ],
        },
      },
    } satisfies { [T in (typeof FairEvents)[keyof typeof FairEvents]]: unknown },
  },
);
