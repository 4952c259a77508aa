import { z } from 'zod';
import { entityId, idParams, intFromQuery, isoDateTime, trimmed } from '../common';
import { defineCommand, defineEvent, recordRoom, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, Delivery, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';
import { exchangeDateSchema, exchangeDirectionSchema, exchangeKindSchema, unitSchema } from './vocabulary';

// Tracking and the rotation plan (在岗跟踪、轮换计划): issue #12, item 5.
// A placement's tenure: arrival, mid-term review, completion or early return; deadlines as jobs.
// One tenure per confirmed placement (its id is the placement's), kept from the placements part's
// `exchange.placement.confirmed.v1`. Steps are taken by the receiving unit's cadres or admins; an
// early return also by the sending unit's cadres (a recall). Readers: the cadres (and staff) of the
// two units, the cadres of the pair's two regions, the seconded cadre's own account and admins.

/** awaiting-arrival → on-post (arrival) → completed (with a report) | returned-early (with a reason). */
export const TENURE_STATES = ['awaiting-arrival', 'on-post', 'completed', 'returned-early'] as const;
export const tenureStateSchema = z.enum(TENURE_STATES);
export type TenureState = z.infer<typeof tenureStateSchema>;
export const TENURE_STATE_NAMES: Record<TenureState, string> = {
  'awaiting-arrival': '待到岗',
  'on-post': '在岗',
  completed: '期满返回',
  'returned-early': '提前返回',
};

export const TENURE_STEP_KINDS = [
  'opened',
  'arrival',
  'review',
  'completion',
  'early-return',
  'end-date',
] as const;
export const tenureStepKindSchema = z.enum(TENURE_STEP_KINDS);
export type TenureStepKind = z.infer<typeof tenureStepKindSchema>;

/** Deadlines: the mid-term review falls due at the midpoint; the end approaches 30 days before it. */
export const TENURE_DEADLINE_KINDS = ['review-due', 'end-approaching'] as const;
export const tenureDeadlineKindSchema = z.enum(TENURE_DEADLINE_KINDS);
export type TenureDeadlineKind = z.infer<typeof tenureDeadlineKindSchema>;
/** Days before the end date that "end approaching" is due (default; the service may set another). */
export const END_NOTICE_DAYS = 30;

export const tenureActorSchema = z.object({ userId: z.string(), name: z.string() });

/** One step as recorded: what, the day it happened, who recorded it and when. */
export const tenureStepSchema = z.object({
  kind: tenureStepKindSchema,
  /** The calendar day of the step (arrival day, review day, return day; the new end date). */
  date: exchangeDateSchema.optional(),
  /** The review's note, the completion report, the early return's or the date change's reason. */
  text: z.string().optional(),
  at: isoDateTime,
  by: tenureActorSchema,
});
export type TenureStep = z.infer<typeof tenureStepSchema>;

export const tenureDeadlineViewSchema = z.object({
  kind: tenureDeadlineKindSchema,
  dueDate: exchangeDateSchema,
  /** When its job runs (a day is shorter in tests). */
  dueAt: isoDateTime,
  /** upcoming: a job waits; fired: the receiving unit was told. */
  state: z.enum(['upcoming', 'fired']),
  firedAt: isoDateTime.optional(),
});
export type TenureDeadlineView = z.infer<typeof tenureDeadlineViewSchema>;

export const tenureViewSchema = z.object({
  /** The placement's id. */
  id: z.string(),
  postingId: z.string(),
  postingTitle: z.string(),
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  year: z.number().int(),
  receivingUnit: unitSchema,
  sendingUnit: unitSchema,
  cadre: z.object({ profileId: z.string(), userId: z.string().optional(), name: z.string() }),
  startDate: exchangeDateSchema,
  /** The planned end (the placement's, or as changed since). */
  endDate: exchangeDateSchema,
  state: tenureStateSchema,
  arrivalDate: exchangeDateSchema.optional(),
  /** The midpoint of arrival (or start) and end. */
  reviewDueDate: exchangeDateSchema,
  reviewedOn: exchangeDateSchema.optional(),
  /** The day the cadre left the post (completion or early return). */
  returnedOn: exchangeDateSchema.optional(),
  steps: z.array(tenureStepSchema),
  deadlines: z.array(tenureDeadlineViewSchema),
  /** What the caller may do now (the console's buttons). */
  can: z
    .object({
      arrive: z.boolean(),
      review: z.boolean(),
      complete: z.boolean(),
      returnEarly: z.boolean(),
      changeEndDate: z.boolean(),
    })
    .optional(),
  placementVersion: z.number().int(),
  version: z.number().int(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type TenureView = z.infer<typeof tenureViewSchema>;

/** What a tenure's record room may see: its state only (no people, no texts). */
export const tenurePublicSchema = z.strictObject({
  id: z.string(),
  state: tenureStateSchema,
  version: z.number().int(),
});

// --- commands ---
const tenureId = z.strictObject({ id: entityId });
const expected = { expectedVersion: z.number().int().min(1).optional() };

export const arrivalBodySchema = z.strictObject({
  date: exchangeDateSchema,
  note: trimmed(2, 2000).optional(),
});
export const reviewBodySchema = z.strictObject({ date: exchangeDateSchema, note: trimmed(2, 4000) });
export const completionBodySchema = z.strictObject({ date: exchangeDateSchema, report: trimmed(10, 20_000) });
export const earlyReturnBodySchema = z.strictObject({ date: exchangeDateSchema, reason: trimmed(2, 2000) });
export const endDateBodySchema = z.strictObject({ endDate: exchangeDateSchema, reason: trimmed(2, 2000) });

export const getTenure = defineCommand({
  name: 'exchange.tenures.get.v1',
  request: tenureId,
  reply: tenureViewSchema,
});
export const recordArrival = defineCommand({
  name: 'exchange.tenures.arrive.v1',
  request: tenureId.extend({ ...arrivalBodySchema.shape, ...expected }),
  reply: tenureViewSchema,
});
export const recordReview = defineCommand({
  name: 'exchange.tenures.review.v1',
  request: tenureId.extend({ ...reviewBodySchema.shape, ...expected }),
  reply: tenureViewSchema,
});
export const recordCompletion = defineCommand({
  name: 'exchange.tenures.complete.v1',
  request: tenureId.extend({ ...completionBodySchema.shape, ...expected }),
  reply: tenureViewSchema,
});
export const recordEarlyReturn = defineCommand({
  name: 'exchange.tenures.return-early.v1',
  request: tenureId.extend({ ...earlyReturnBodySchema.shape, ...expected }),
  reply: tenureViewSchema,
});
export const changeTenureEndDate = defineCommand({
  name: 'exchange.tenures.change-end.v1',
  request: tenureId.extend({ ...endDateBodySchema.shape, ...expected }),
  reply: tenureViewSchema,
});
export type TenureStepCommand =
  | ({ step: 'arrival' } & z.infer<typeof recordArrival.request>)
  | ({ step: 'review' } & z.infer<typeof recordReview.request>)
  | ({ step: 'completion' } & z.infer<typeof recordCompletion.request>)
  | ({ step: 'early-return' } & z.infer<typeof recordEarlyReturn.request>)
  | ({ step: 'end-date' } & z.infer<typeof changeTenureEndDate.request>);

// --- the rotation plan ---
export const rotationQuerySchema = z.strictObject({
  pairId: z.string().regex(/^[a-z]+-[a-z]+$/, 'A pair id looks like chaoyang-xichuan'),
  /** The first month (YYYY-MM); the current month when left out. */
  from: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'A month looks like 2027-01')
    .optional(),
  months: intFromQuery(1, 36, 12),
});
export type RotationQuery = z.infer<typeof rotationQuerySchema>;

/** One placement's bar on a unit's row. */
export const rotationBarSchema = z.object({
  tenureId: z.string(),
  cadreName: z.string(),
  sendingUnit: unitSchema,
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  state: tenureStateSchema,
  startDate: exchangeDateSchema,
  /** The planned end, or the day the cadre actually left. */
  endDate: exchangeDateSchema,
});
/** A time a unit will be without its seconded cadre: the cadre returns and no successor is confirmed. */
export const rotationGapSchema = z.object({
  unitId: z.string(),
  /** The tenure whose end opens the gap. */
  afterTenureId: z.string(),
  cadreName: z.string(),
  /** The first day without a cadre (the return day). */
  from: exchangeDateSchema,
  /** The day a later successor starts, when one is confirmed (after a gap of more than the grace). */
  until: exchangeDateSchema.optional(),
  /** The window's months the gap covers (YYYY-MM). */
  months: z.array(z.string()),
});
export const rotationPlanSchema = z.object({
  pairId: z.string(),
  from: z.string(),
  months: z.array(z.string()),
  units: z.array(
    z.object({
      unit: unitSchema,
      side: z.enum(['beijing', 'county']),
      bars: z.array(rotationBarSchema),
    }),
  ),
  byMonth: z.array(
    z.object({
      month: z.string(),
      onPost: z.array(z.object({ tenureId: z.string(), cadreName: z.string(), unitId: z.string() })),
      returning: z.array(
        z.object({
          tenureId: z.string(),
          cadreName: z.string(),
          unitId: z.string(),
          date: exchangeDateSchema,
        }),
      ),
      gapUnitIds: z.array(z.string()),
    }),
  ),
  gaps: z.array(rotationGapSchema),
});
export type RotationPlan = z.infer<typeof rotationPlanSchema>;
export type RotationBar = z.infer<typeof rotationBarSchema>;
export type RotationGap = z.infer<typeof rotationGapSchema>;

export const getRotationPlan = defineCommand({
  name: 'exchange.rotation.plan.v1',
  request: rotationQuerySchema,
  reply: rotationPlanSchema,
});

export const TrackingCommands = {
  get: getTenure.name,
  arrive: recordArrival.name,
  review: recordReview.name,
  complete: recordCompletion.name,
  returnEarly: recordEarlyReturn.name,
  changeEnd: changeTenureEndDate.name,
  rotation: getRotationPlan.name,
} as const;

// --- routes ---
const stepRoute = <C extends AnyCommand>(
  command: C,
  path: string,
  summary: string,
  body: z.ZodObject,
): Route =>
  route(command, {
    method: 'POST',
    path: `/exchange/tenures/:id/${path}`,
    tag: 'exchange-tracking',
    summary,
    roles: ['cadre', 'admin'],
    params: idParams,
    body,
    ifMatch: true,
    payload: ({ params, body: input, ifMatch }) =>
      ({
        id: params.id,
        ...(input as object),
        ...(ifMatch === undefined ? {} : { expectedVersion: ifMatch }),
      }) as z.input<C['request']>,
    etag: (tenure) => (tenure as TenureView).version,
    errors: [400, 403, 404, 409],
  }) as Route;

const routes: Route[] = [
  route(getTenure, {
    method: 'GET',
    path: '/exchange/tenures/:id',
    tag: 'exchange-tracking',
    summary:
      'A placement’s tenure: arrival, mid-term review, completion or early return, deadlines (the two units, the pair’s cadres, the cadre, admins)',
    params: idParams,
    payload: ({ params }) => params,
    etag: (tenure) => tenure.version,
    errors: [400, 404],
  }) as Route,
  stepRoute(
    recordArrival,
    'arrival',
    'Record the cadre’s arrival on post (the receiving unit’s cadres, admins)',
    arrivalBodySchema,
  ),
  stepRoute(
    recordReview,
    'review',
    'Record the mid-term review with a note (the receiving unit’s cadres, admins)',
    reviewBodySchema,
  ),
  stepRoute(
    recordCompletion,
    'completion',
    'Record the completion with the report (the receiving unit’s cadres, admins)',
    completionBodySchema,
  ),
  stepRoute(
    recordEarlyReturn,
    'early-return',
    'Record an early return with its reason (the receiving or sending unit’s cadres, admins)',
    earlyReturnBodySchema,
  ),
  stepRoute(
    changeTenureEndDate,
    'end-date',
    'Move the planned end date, with a reason; the deadlines follow (the receiving unit’s cadres, admins)',
    endDateBodySchema,
  ),
  route(getRotationPlan, {
    method: 'GET',
    path: '/exchange/rotation',
    tag: 'exchange-tracking',
    summary:
      'The rotation plan of a pair by month: who is on post, who returns when, and the gaps a unit will have (the pair’s cadres, admins)',
    roles: ['cadre', 'admin'],
    query: rotationQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }) as Route,
];

// --- events ---

/** Who reads a tenure in full over a socket: the two units' staff, the pair's cadres, the cadre. */
function tenureReaders(t: {
  id: string;
  pairId: string;
  receivingUnit: { id: string };
  sendingUnit: { id: string };
  cadre: { userId?: string | undefined };
}): Delivery[] {
  const [district, county] = t.pairId.split('-');
  return [
    to.staff(t.receivingUnit.id),
    to.staff(t.sendingUnit.id),
    ...(district ? [to.cadres(district)] : []),
    ...(county ? [to.cadres(county)] : []),
    ...(t.cadre.userId ? [to.user(t.cadre.userId)] : []),
    to.open(`tenure:${t.id}`),
  ];
}

export const tenureChanged = defineEvent({
  topic: 'exchange.tenure.changed.v1',
  payload: z.object({ tenure: tenureViewSchema.omit({ can: true }), step: tenureStepKindSchema }),
  // In full to those who read the tenure over REST; its record room gets its state only.
  audience: ({ tenure }) => tenureReaders(tenure),
  publicView: {
    schema: z.strictObject({ tenure: tenurePublicSchema, step: tenureStepKindSchema }),
    project: ({ tenure: { id, state, version }, step }) => ({ tenure: { id, state, version }, step }),
  },
});

export const tenureDeadlinePayloadSchema = z.object({
  tenureId: z.string(),
  kind: tenureDeadlineKindSchema,
  dueDate: exchangeDateSchema,
  endDate: exchangeDateSchema,
  postingTitle: z.string(),
  pairId: z.string(),
  receivingUnit: unitSchema,
  sendingUnit: unitSchema,
  cadreName: z.string(),
});
export const tenureDeadlineDue = defineEvent({
  topic: 'exchange.tenure.deadline.v1',
  payload: tenureDeadlinePayloadSchema,
  // The receiving unit must act (review, prepare the return or a successor); the record room
  // learns only that a deadline fell due.
  audience: ({ tenureId, receivingUnit }) => [to.staff(receivingUnit.id), to.open(`tenure:${tenureId}`)],
  publicView: {
    schema: z.strictObject({ tenureId: z.string(), kind: tenureDeadlineKindSchema }),
    project: ({ tenureId, kind }) => ({ tenureId, kind }),
  },
});
export const TrackingEvents = {
  changed: tenureChanged.topic,
  deadline: tenureDeadlineDue.topic,
} as const;

const sampleUnitR = { id: 'gov-xichuan', name: '淅川县人民政府', region: 'xichuan' };
const sampleUnitS = { id: 'gov-chaoyang', name: '北京市朝阳区人民政府', region: 'chaoyang' };
const sampleTenure = {
  id: 'placement-1',
  postingId: 'posting-1',
  postingTitle: '淅川县发展和改革委员会副主任（挂职）',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county' as const,
  kind: 'secondment' as const,
  year: 2027,
  receivingUnit: sampleUnitR,
  sendingUnit: sampleUnitS,
  cadre: { profileId: 'cadre-1', userId: 'u-applicant', name: '私人原因：家中有事' },
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  state: 'returned-early' as const,
  arrivalDate: '2027-03-02',
  reviewDueDate: '2028-02-29',
  reviewedOn: '2028-03-01',
  returnedOn: '2028-06-30',
  steps: [
    {
      kind: 'early-return' as const,
      date: '2028-06-30',
      text: '私人原因：家中有事',
      at: '2026-12-01T08:00:00.000Z',
      by: { userId: 'u-creator', name: '张伟' },
    },
  ],
  deadlines: [
    {
      kind: 'end-approaching' as const,
      dueDate: '2029-01-29',
      dueAt: '2029-01-29T01:00:00.000Z',
      state: 'fired' as const,
      firedAt: '2029-01-29T01:00:01.000Z',
    },
  ],
  placementVersion: 1,
  version: 5,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};

export const trackingPart = {
  commands: [
    getTenure,
    recordArrival,
    recordReview,
    recordCompletion,
    recordEarlyReturn,
    changeTenureEndDate,
    getRotationPlan,
  ] as const satisfies readonly AnyCommand[],
  events: [tenureChanged, tenureDeadlineDue] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('tenure', getTenure, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see exchangeDomain.samples). */
  samples: {
    'exchange.tenure.changed.v1': { tenure: sampleTenure, step: 'early-return' },
    'exchange.tenure.deadline.v1': {
      tenureId: 'placement-1',
      kind: 'end-approaching',
      dueDate: '2029-01-29',
      endDate: '2029-02-28',
      postingTitle: '淅川县发展和改革委员会副主任（挂职）',
      pairId: 'chaoyang-xichuan',
      receivingUnit: sampleUnitR,
      sendingUnit: sampleUnitS,
      cadreName: '私人原因：家中有事',
    },
  } satisfies {
    'exchange.tenure.changed.v1': z.input<typeof tenureChanged.payload>;
    'exchange.tenure.deadline.v1': z.input<typeof tenureDeadlineDue.payload>;
  },
};
