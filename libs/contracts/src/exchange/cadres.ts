import { z } from 'zod';
import { counterpartOf } from '@qingshui/regions';
import { idParams, intFromQuery, regionIdSchema, trimmed, uniqueList } from '../common';
import { defineCommand, defineEvent, recordRoom, to, type Delivery } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';
import {
  cadreLevelSchema,
  exchangeDateSchema,
  exchangeDirectionSchema,
  exchangeKindSchema,
  unitSchema,
} from './vocabulary';

// Cadre profiles and nominations (干部档案、推荐人选): issue #12, item 2.
// A profile (unit, level, fields, languages, prior postings) is read only by the cadres of its
// unit's region and of the paired region, by admins, and by the cadre's own account; the sending
// side keeps it. The sending side nominates cadres for an open posting, ranked, with a statement.
// A nomination is then approved on both sides (placements.ts); its readers are the cadres of the
// posting's pair (the two units' regions) and admins, over REST and sockets alike.

export const priorPostingSchema = z.strictObject({
  title: trimmed(2, 100),
  unitName: trimmed(2, 100),
  startDate: exchangeDateSchema,
  endDate: exchangeDateSchema,
});
const profileFields = {
  name: trimmed(2, 40),
  unit: unitSchema,
  /** The current post, e.g. 朝阳区发展和改革委员会产业发展科科长. */
  position: trimmed(2, 100),
  level: cadreLevelSchema,
  /** Fields of work, e.g. 产业招商, 生态环境保护. */
  fields: uniqueList(trimmed(1, 30), 12),
  languages: uniqueList(trimmed(1, 30), 8),
  priorPostings: z.array(priorPostingSchema).max(20),
  /** The cadre's own account, when they have one (they then read their own profile). */
  userId: z.string().min(1).max(64).optional(),
};
export const createCadreSchema = z.strictObject({
  ...profileFields,
  fields: profileFields.fields.default([]),
  languages: profileFields.languages.default(['普通话']),
  priorPostings: profileFields.priorPostings.default([]),
});
export type CreateCadreInput = z.infer<typeof createCadreSchema>;
export const updateCadreSchema = z
  .strictObject(profileFields)
  .omit({ unit: true })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdateCadreInput = z.infer<typeof updateCadreSchema>;

/** A placement the cadre holds (both sides agreed): no two may overlap. */
export const cadreHoldSchema = z.object({
  nominationId: z.string(),
  postingId: z.string(),
  startDate: z.string(),
  endDate: z.string(),
});
export const cadreViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  unit: unitSchema,
  position: z.string(),
  level: cadreLevelSchema,
  fields: z.array(z.string()),
  languages: z.array(z.string()),
  priorPostings: z.array(priorPostingSchema),
  userId: z.string().optional(),
  holds: z.array(cadreHoldSchema),
  createdBy: z.string(),
  updatedBy: z.string(),
  updatedByName: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CadreView = z.infer<typeof cadreViewSchema>;

export const listCadresQuerySchema = z.strictObject({
  region: regionIdSchema.optional(),
  unitId: z.string().min(1).max(64).optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 200, 50),
});
export type ListCadresQuery = z.infer<typeof listCadresQuerySchema>;
export const cadrePageSchema = z.object({
  items: z.array(cadreViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type CadrePage = z.infer<typeof cadrePageSchema>;

export const updateCadreCommandSchema = z.strictObject({
  id: z.string(),
  patch: updateCadreSchema,
  expectedVersion: z.number().int().optional(),
});
export type UpdateCadreCommand = z.infer<typeof updateCadreCommandSchema>;

// --- nominations ---
/**
 * nominated → released (the sending unit lets the cadre go) or accepted (the receiving unit takes
 * them), in either order → agreed (both: the quota place is taken) → confirmed (the office);
 * refused by either side or the office, with a reason; withdrawn by the sending side before agreement.
 */
export const NOMINATION_STATUSES = [
  'nominated',
  'released',
  'accepted',
  'agreed',
  'confirmed',
  'refused',
  'withdrawn',
] as const;
export const nominationStatusSchema = z.enum(NOMINATION_STATUSES);
export type NominationStatus = z.infer<typeof nominationStatusSchema>;
export const NOMINATION_STATUS_NAMES: Record<NominationStatus, string> = {
  nominated: '待双方审批',
  released: '派出方已同意',
  accepted: '接收方已同意',
  agreed: '双方已同意',
  confirmed: '协作办已确认',
  refused: '未通过',
  withdrawn: '已撤回',
};
export const NOMINATION_SIDES = ['sending', 'receiving', 'office'] as const;
export type NominationSide = (typeof NOMINATION_SIDES)[number];
export const nominationStepSchema = z.object({
  action: z.enum(['nominated', 'released', 'accepted', 'agreed', 'confirmed', 'refused', 'withdrawn']),
  side: z.enum(NOMINATION_SIDES),
  by: z.string(),
  byName: z.string().optional(),
  at: z.string(),
  reason: z.string().optional(),
});
export type NominationStep = z.infer<typeof nominationStepSchema>;

export const nominationViewSchema = z.object({
  id: z.string(),
  postingId: z.string(),
  postingTitle: z.string(),
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  year: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  receivingUnit: unitSchema,
  sendingRegion: z.string(),
  profileId: z.string(),
  cadre: z.object({
    name: z.string(),
    unit: unitSchema,
    level: cadreLevelSchema,
    position: z.string(),
    userId: z.string().optional(),
  }),
  rank: z.number().int(),
  statement: z.string(),
  status: nominationStatusSchema,
  released: z.boolean(),
  accepted: z.boolean(),
  steps: z.array(nominationStepSchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type NominationView = z.infer<typeof nominationViewSchema>;
/** What a posting's room and its pair's room hear of a nomination: its state, never who. */
export const nominationPublicSchema = z.strictObject({
  id: z.string(),
  postingId: z.string(),
  pairId: z.string(),
  year: z.number().int(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  rank: z.number().int(),
  status: nominationStatusSchema,
  released: z.boolean(),
  accepted: z.boolean(),
  version: z.number().int(),
});
export type NominationPublic = z.infer<typeof nominationPublicSchema>;
export function publicOfNomination(n: NominationView): NominationPublic {
  return {
    id: n.id,
    postingId: n.postingId,
    pairId: n.pairId,
    year: n.year,
    direction: n.direction,
    kind: n.kind,
    rank: n.rank,
    status: n.status,
    released: n.released,
    accepted: n.accepted,
    version: n.version,
  };
}

export const nominateBodySchema = z.strictObject({
  profileId: z.string().min(1).max(64),
  rank: z.number().int().min(1).max(99),
  statement: trimmed(2, 2000),
});
export const nominateSchema = nominateBodySchema.extend({ postingId: z.string() });
export type NominateCommand = z.infer<typeof nominateSchema>;
export const nominationListSchema = z.object({
  items: z.array(nominationViewSchema),
  total: z.number().int(),
});
export type NominationList = z.infer<typeof nominationListSchema>;

// --- commands ---
export const createCadre = defineCommand({
  name: 'exchange.cadres.create.v1',
  request: createCadreSchema,
  reply: cadreViewSchema,
});
export const getCadre = defineCommand({
  name: 'exchange.cadres.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: cadreViewSchema,
});
export const listCadres = defineCommand({
  name: 'exchange.cadres.list.v1',
  request: listCadresQuerySchema,
  reply: cadrePageSchema,
});
export const updateCadre = defineCommand({
  name: 'exchange.cadres.update.v1',
  request: updateCadreCommandSchema,
  reply: cadreViewSchema,
});
export const nominate = defineCommand({
  name: 'exchange.nominations.create.v1',
  request: nominateSchema,
  reply: nominationViewSchema,
});
export const getNomination = defineCommand({
  name: 'exchange.nominations.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: nominationViewSchema,
});
export const listNominations = defineCommand({
  name: 'exchange.nominations.list.v1',
  request: z.strictObject({ postingId: z.string() }),
  reply: nominationListSchema,
});
export const CadreCommands = {
  create: createCadre.name,
  get: getCadre.name,
  list: listCadres.name,
  update: updateCadre.name,
  nominate: nominate.name,
  getNomination: getNomination.name,
  listNominations: listNominations.name,
} as const;

// --- routes ---
const KEEPERS = ['cadre', 'admin'] as const;
const routes = [
  route(createCadre, {
    method: 'POST',
    path: '/exchange/cadres',
    tag: 'exchange',
    summary: 'Add a cadre profile: a cadre of the unit’s region, or an admin',
    roles: KEEPERS,
    status: 201,
    body: createCadreSchema,
    payload: ({ body }) => body,
    etag: (c) => c.version,
    location: (c) => `/api/v1/exchange/cadres/${c.id}`,
    errors: [400, 403],
  }),
  route(listCadres, {
    method: 'GET',
    path: '/exchange/cadres',
    tag: 'exchange',
    summary: 'The profiles the caller reads (their region and the paired one; admins: all)',
    roles: KEEPERS,
    query: listCadresQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getCadre, {
    method: 'GET',
    path: '/exchange/cadres/:id',
    tag: 'exchange',
    summary: 'One profile (the cadres of its region and the paired one, admins, the cadre)',
    params: idParams,
    payload: ({ params }) => params,
    etag: (c) => c.version,
    errors: [400, 404],
  }),
  route(updateCadre, {
    method: 'PATCH',
    path: '/exchange/cadres/:id',
    tag: 'exchange',
    summary: 'Change a profile (the cadres of its region, admins); If-Match guards the version',
    roles: KEEPERS,
    params: idParams,
    body: updateCadreSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: (c) => c.version,
    errors: [400, 403, 404, 409],
  }),
  route(nominate, {
    method: 'POST',
    path: '/exchange/postings/:id/nominations',
    tag: 'exchange',
    summary: 'Nominate a cadre of the sending side for an open posting, ranked, with a statement',
    roles: KEEPERS,
    status: 201,
    params: idParams,
    body: nominateBodySchema,
    payload: ({ params, body }) => ({ postingId: params.id, ...body }),
    etag: (n) => n.version,
    location: (n) => `/api/v1/exchange/nominations/${n.id}`,
    errors: [400, 403, 404, 409],
  }),
  route(listNominations, {
    method: 'GET',
    path: '/exchange/postings/:id/nominations',
    tag: 'exchange',
    summary: 'A posting’s nominations by rank, with every approval step (the pair’s cadres, admins)',
    roles: KEEPERS,
    params: idParams,
    payload: ({ params }) => ({ postingId: params.id }),
    errors: [400, 404],
  }),
  route(getNomination, {
    method: 'GET',
    path: '/exchange/nominations/:id',
    tag: 'exchange',
    summary: 'One nomination with its approval steps (the pair’s cadres, admins)',
    roles: KEEPERS,
    params: idParams,
    payload: ({ params }) => params,
    etag: (n) => n.version,
    errors: [400, 404],
  }),
];

// --- events ---
/** In full to the cadres of the profile's region and of the paired one, and to the cadre. */
function cadreAudience(profile: CadreView): Delivery[] {
  const paired = counterpartOf(profile.unit.region)?.id;
  return [
    to.cadres(profile.unit.region),
    ...(paired ? [to.cadres(paired)] : []),
    ...(profile.userId ? [to.user(profile.userId)] : []),
    to.open(`cadre:${profile.id}`),
  ];
}
export const cadreSaved = defineEvent({
  topic: 'exchange.cadre.saved.v1',
  payload: z.object({ profile: cadreViewSchema, fields: z.array(z.string()) }),
  audience: ({ profile }) => cadreAudience(profile),
  // A profile's room hears only that it changed: everything else in it is personal.
  publicView: {
    schema: z.strictObject({ profile: z.strictObject({ id: z.string(), version: z.number().int() }) }),
    project: ({ profile }) => ({ profile: { id: profile.id, version: profile.version } }),
  },
});

/**
 * A nomination in full to the cadres of the posting's two regions; its state (no names, no
 * reasons) to the posting's room and the pair's room.
 */
export function nominationAudience(
  n: Pick<NominationView, 'postingId' | 'pairId' | 'receivingUnit' | 'sendingRegion'>,
): Delivery[] {
  return [
    to.cadres(n.receivingUnit.region),
    to.cadres(n.sendingRegion),
    to.open(`posting:${n.postingId}`),
    to.open(`pair:${n.pairId}`),
  ];
}
export const nominationSubmitted = defineEvent({
  topic: 'exchange.nomination.submitted.v1',
  payload: z.object({ nomination: nominationViewSchema }),
  audience: ({ nomination }) => nominationAudience(nomination),
  publicView: {
    schema: z.strictObject({ nomination: nominationPublicSchema }),
    project: ({ nomination }) => ({ nomination: publicOfNomination(nomination) }),
  },
});
export const CadreEvents = { saved: cadreSaved.topic, nominated: nominationSubmitted.topic } as const;

const CADRE_EVENT_LIST = [cadreSaved, nominationSubmitted] as const;
type CadreEventPayloads = {
  [E in (typeof CADRE_EVENT_LIST)[number] as E['topic']]: z.input<E['payload']>;
};
const sampleUnit = { id: 'gov-chaoyang-fgw', name: '朝阳区发展和改革委员会', region: 'chaoyang' };
export const sampleCadre: CadreView = {
  id: 'cadre-1',
  name: '王建国',
  unit: sampleUnit,
  position: '产业发展科科长',
  level: 'section',
  fields: ['产业招商'],
  languages: ['普通话', '英语'],
  priorPostings: [
    { title: '驻村第一书记', unitName: '延庆区旧县镇', startDate: '2019-03-01', endDate: '2021-02-28' },
  ],
  userId: 'u-applicant',
  holds: [
    { nominationId: 'nomination-1', postingId: 'posting-1', startDate: '2027-03-01', endDate: '2029-02-28' },
  ],
  createdBy: 'u-creator',
  updatedBy: 'u-creator',
  updatedByName: '刘丹水',
  version: 1,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};
export const sampleNomination: NominationView = {
  id: 'nomination-1',
  postingId: 'posting-1',
  postingTitle: '淅川县发展和改革委员会副主任（挂职）',
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  receivingUnit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
  sendingRegion: 'chaoyang',
  profileId: 'cadre-1',
  cadre: {
    name: '王建国',
    unit: sampleUnit,
    level: 'section',
    position: '产业发展科科长',
    userId: 'u-applicant',
  },
  rank: 1,
  statement: '该同志长期从事产业招商工作。',
  status: 'refused',
  released: true,
  accepted: false,
  steps: [
    {
      action: 'nominated',
      side: 'sending',
      by: 'u-creator',
      byName: '张处长',
      at: '2026-12-01T08:00:00.000Z',
    },
    {
      action: 'refused',
      side: 'receiving',
      by: 'u-terms',
      at: '2026-12-01T09:00:00.000Z',
      reason: '私人原因：家中有事',
    },
  ],
  version: 3,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

export const cadresPart = {
  commands: [
    createCadre,
    getCadre,
    listCadres,
    updateCadre,
    nominate,
    getNomination,
    listNominations,
  ] as const satisfies readonly AnyCommand[],
  events: CADRE_EVENT_LIST satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('cadre', getCadre, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see exchangeDomain.samples). */
  samples: {
    'exchange.cadre.saved.v1': { profile: sampleCadre, fields: ['fields'] },
    'exchange.nomination.submitted.v1': { nomination: sampleNomination },
  } satisfies CadreEventPayloads,
};
