import { z } from 'zod';
import { PAIRS } from '@qingshui/regions';
import { idParams, intFromQuery, reasonSchema, trimmed } from '../common';
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
  type ExchangeDirection,
} from './vocabulary';

// Postings (挂职岗位): the positions a receiving unit offers, for one pair and one direction.
// Kept by the receiving unit's cadres (the cadres of the unit's region) and admins; read by the
// cadres of both regions of the pair and admins once open (a draft: its receiving side and
// admins only). Enterprises, experts and other pairs' cadres never need them: they get 404.
// States: draft → open → filled → in-progress → completed, or cancelled with a reason.

export const POSTING_STATUSES = ['draft', 'open', 'filled', 'in-progress', 'completed', 'cancelled'] as const;
export const postingStatusSchema = z.enum(POSTING_STATUSES);
export type PostingStatus = z.infer<typeof postingStatusSchema>;
export const POSTING_STATUS_NAMES: Record<PostingStatus, string> = {
  draft: '草稿',
  open: '征集中',
  filled: '已满额',
  'in-progress': '在岗中',
  completed: '已结束',
  cancelled: '已取消',
};

export const pairIdSchema = z.string().refine((id) => PAIRS.some((pair) => pair.id === id), {
  message: 'Unknown pair: use a pair id such as chaoyang-xichuan',
});

/** The region a posting's receiving unit must be in, for its pair and direction. */
export function receivingRegionOf(pairId: string, direction: ExchangeDirection): string | undefined {
  const pair = PAIRS.find((p) => p.id === pairId);
  if (!pair) return undefined;
  return direction === 'to-county' ? pair.county.id : pair.beijing.id;
}
/** The region that sends the cadres. */
export function sendingRegionOf(pairId: string, direction: ExchangeDirection): string | undefined {
  const pair = PAIRS.find((p) => p.id === pairId);
  if (!pair) return undefined;
  return direction === 'to-county' ? pair.beijing.id : pair.county.id;
}

const postingFields = {
  title: trimmed(2, 100),
  unit: unitSchema,
  pairId: pairIdSchema,
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  startDate: exchangeDateSchema,
  endDate: exchangeDateSchema,
  level: cadreLevelSchema,
  requirements: z.string().trim().max(3000),
  places: z.number().int().min(1).max(50),
};
export const POSTING_FIELDS = Object.keys(postingFields) as (keyof typeof postingFields)[];

const datesInOrder = (p: { startDate?: string; endDate?: string }, ctx: z.RefinementCtx) => {
  if (p.startDate && p.endDate && p.endDate <= p.startDate)
    ctx.addIssue({ code: 'custom', path: ['endDate'], message: 'The end comes after the start' });
};
export const createPostingSchema = z
  .strictObject({ ...postingFields, requirements: postingFields.requirements.default('') })
  .superRefine(datesInOrder);
export type CreatePostingInput = z.infer<typeof createPostingSchema>;
export const updatePostingSchema = z
  .strictObject(postingFields)
  .omit({ pairId: true, direction: true })
  .partial()
  .superRefine(datesInOrder)
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Give at least one field to change' });
export type UpdatePostingInput = z.infer<typeof updatePostingSchema>;

/** One step of a posting's life, with who and when (who: for its readers, never in a public view). */
export const postingStepSchema = z.object({
  at: z.string(),
  action: z.enum(['created', 'updated', ...POSTING_STATUSES]),
  by: z.string(),
  byName: z.string().optional(),
  reason: z.string().optional(),
  fields: z.array(z.string()).optional(),
});
export const postingViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  unit: unitSchema,
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  /** The quota year: the start date's year. */
  year: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  level: cadreLevelSchema,
  requirements: z.string(),
  places: z.number().int(),
  /** Places taken by placements both sides agreed to. */
  placed: z.number().int(),
  sendingRegion: z.string(),
  status: postingStatusSchema,
  cancelReason: z.string().optional(),
  history: z.array(postingStepSchema),
  /** Who saved the current version, and when (the console shows it on a stale-version conflict). */
  updatedBy: z.string(),
  updatedByName: z.string().optional(),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type PostingView = z.infer<typeof postingViewSchema>;

/** What a posting's room and its pair's room hear: no person ids, no reasons, no history. */
export const postingPublicSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  unit: unitSchema,
  pairId: z.string(),
  direction: exchangeDirectionSchema,
  kind: exchangeKindSchema,
  year: z.number().int(),
  startDate: z.string(),
  endDate: z.string(),
  places: z.number().int(),
  placed: z.number().int(),
  status: postingStatusSchema,
  version: z.number().int(),
});
export type PostingPublic = z.infer<typeof postingPublicSchema>;
export function publicOfPosting(p: PostingView): PostingPublic {
  return {
    id: p.id,
    title: p.title,
    unit: p.unit,
    pairId: p.pairId,
    direction: p.direction,
    kind: p.kind,
    year: p.year,
    startDate: p.startDate,
    endDate: p.endDate,
    places: p.places,
    placed: p.placed,
    status: p.status,
    version: p.version,
  };
}

export const listPostingsQuerySchema = z.strictObject({
  pairId: pairIdSchema.optional(),
  status: postingStatusSchema.optional(),
  direction: exchangeDirectionSchema.optional(),
  kind: exchangeKindSchema.optional(),
  year: z.coerce.number().int().min(2021).max(2100).optional(),
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 200, 50),
});
export type ListPostingsQuery = z.infer<typeof listPostingsQuerySchema>;
export const postingPageSchema = z.object({
  items: z.array(postingViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type PostingPage = z.infer<typeof postingPageSchema>;

/** The moves a posting's keepers make by hand (filled is set when its places are all agreed). */
export const POSTING_MOVES = ['open', 'in-progress', 'completed', 'cancelled'] as const;
export type PostingMove = (typeof POSTING_MOVES)[number];
export const movePostingSchema = z.strictObject({
  id: z.string(),
  to: z.enum(POSTING_MOVES),
  reason: reasonSchema.optional(),
  expectedVersion: z.number().int().optional(),
});
export type MovePostingCommand = z.infer<typeof movePostingSchema>;
export const updatePostingCommandSchema = z.strictObject({
  id: z.string(),
  patch: updatePostingSchema,
  expectedVersion: z.number().int().optional(),
});
export type UpdatePostingCommand = z.infer<typeof updatePostingCommandSchema>;

// --- commands ---
export const createPosting = defineCommand({
  name: 'exchange.postings.create.v1',
  request: createPostingSchema,
  reply: postingViewSchema,
});
export const getPosting = defineCommand({
  name: 'exchange.postings.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: postingViewSchema,
});
export const listPostings = defineCommand({
  name: 'exchange.postings.list.v1',
  request: listPostingsQuerySchema,
  reply: postingPageSchema,
});
export const updatePosting = defineCommand({
  name: 'exchange.postings.update.v1',
  request: updatePostingCommandSchema,
  reply: postingViewSchema,
});
export const movePosting = defineCommand({
  name: 'exchange.postings.move.v1',
  request: movePostingSchema,
  reply: postingViewSchema,
});
export const PostingCommands = {
  create: createPosting.name,
  get: getPosting.name,
  list: listPostings.name,
  update: updatePosting.name,
  move: movePosting.name,
} as const;

// --- routes ---
const version = (posting: PostingView) => posting.version;
const KEEPERS = ['cadre', 'admin'] as const;
const moveRoute = (path: string, to: PostingMove, summary: string) =>
  route(movePosting, {
    method: 'POST',
    path: `/exchange/postings/:id/${path}`,
    tag: 'exchange',
    summary,
    roles: KEEPERS,
    params: idParams,
    ifMatch: true,
    payload: ({ params, ifMatch }) => ({ id: params.id, to, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  });
const routes = [
  route(createPosting, {
    method: 'POST',
    path: '/exchange/postings',
    tag: 'exchange',
    summary: 'Post a position (a draft): a cadre of the receiving unit’s region, or an admin',
    roles: KEEPERS,
    status: 201,
    body: createPostingSchema,
    payload: ({ body }) => body,
    etag: version,
    location: (posting) => `/api/v1/exchange/postings/${posting.id}`,
    errors: [400, 403],
  }),
  route(listPostings, {
    method: 'GET',
    path: '/exchange/postings',
    tag: 'exchange',
    summary:
      'The postings the caller reads (their pair’s; admins: all), by pair, status, direction, kind, year',
    roles: KEEPERS,
    query: listPostingsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getPosting, {
    method: 'GET',
    path: '/exchange/postings/:id',
    tag: 'exchange',
    summary: 'One posting with its history (the cadres of its pair, admins)',
    params: idParams,
    payload: ({ params }) => params,
    etag: version,
    errors: [400, 404],
  }),
  route(updatePosting, {
    method: 'PATCH',
    path: '/exchange/postings/:id',
    tag: 'exchange',
    summary:
      'Change a draft or open posting (its receiving side, admins); If-Match guards the version, and a 409 names who saved the newer one',
    roles: KEEPERS,
    params: idParams,
    body: updatePostingSchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({ id: params.id, patch: body, expectedVersion: ifMatch }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
  moveRoute('open', 'open', 'Open a draft for nominations'),
  moveRoute('start', 'in-progress', 'The placed cadres have started (filled → in progress)'),
  moveRoute('complete', 'completed', 'The posting is over (in progress → completed)'),
  route(movePosting, {
    method: 'POST',
    path: '/exchange/postings/:id/cancel',
    tag: 'exchange',
    summary: 'Cancel a posting that has not started, with a reason',
    roles: KEEPERS,
    params: idParams,
    body: z.strictObject({ reason: reasonSchema }),
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      id: params.id,
      to: 'cancelled' as const,
      reason: body.reason,
      expectedVersion: ifMatch,
    }),
    etag: version,
    errors: [400, 403, 404, 409],
  }),
];

// --- events ---
/**
 * In full to the cadres of the receiving region, and (once it is open) of the sending region;
 * the public view to the posting's room and, once open, to its pair's room. Never a region's
 * room: that holds enterprises and experts, who do not read postings.
 */
export function postingAudience(
  posting: Pick<PostingView, 'id' | 'pairId' | 'direction' | 'status'>,
): Delivery[] {
  const receiving = receivingRegionOf(posting.pairId, posting.direction);
  const sending = sendingRegionOf(posting.pairId, posting.direction);
  const draft = posting.status === 'draft';
  return [
    ...(receiving ? [to.cadres(receiving)] : []),
    ...(sending && !draft ? [to.cadres(sending)] : []),
    to.open(`posting:${posting.id}`),
    ...(!draft ? [to.open(`pair:${posting.pairId}`)] : []),
  ];
}
const postingOnly = z.object({ posting: postingViewSchema });
export const postingCreated = defineEvent({
  topic: 'exchange.posting.created.v1',
  payload: postingOnly,
  audience: ({ posting }) => postingAudience(posting),
  publicView: {
    schema: z.strictObject({ posting: postingPublicSchema }),
    project: ({ posting }) => ({ posting: publicOfPosting(posting) }),
  },
});
export const postingUpdated = defineEvent({
  topic: 'exchange.posting.updated.v1',
  payload: postingOnly.extend({ fields: z.array(z.string()) }),
  audience: ({ posting }) => postingAudience(posting),
  publicView: {
    schema: z.strictObject({ posting: postingPublicSchema, fields: z.array(z.string()) }),
    project: ({ posting, fields }) => ({ posting: publicOfPosting(posting), fields }),
  },
});
export const postingMoved = defineEvent({
  topic: 'exchange.posting.moved.v1',
  payload: postingOnly.extend({ from: postingStatusSchema }),
  audience: ({ posting }) => postingAudience(posting),
  publicView: {
    schema: z.strictObject({ posting: postingPublicSchema, from: postingStatusSchema }),
    project: ({ posting, from }) => ({ posting: publicOfPosting(posting), from }),
  },
});
export const PostingEvents = {
  created: postingCreated.topic,
  updated: postingUpdated.topic,
  moved: postingMoved.topic,
} as const;

const POSTING_EVENT_LIST = [postingCreated, postingUpdated, postingMoved] as const;
type PostingEventPayloads = {
  [E in (typeof POSTING_EVENT_LIST)[number] as E['topic']]: z.input<E['payload']>;
};
const samplePosting: PostingView = {
  id: 'posting-1',
  title: '淅川县发展和改革委员会副主任（挂职）',
  unit: { id: 'gov-xichuan-fgw', name: '淅川县发展和改革委员会', region: 'xichuan' },
  pairId: 'chaoyang-xichuan',
  direction: 'to-county',
  kind: 'secondment',
  year: 2027,
  startDate: '2027-03-01',
  endDate: '2029-02-28',
  level: 'deputy-division',
  requirements: '熟悉产业招商和项目管理，有基层工作经历。',
  places: 2,
  placed: 1,
  sendingRegion: 'chaoyang',
  status: 'cancelled',
  cancelReason: '私人原因：家中有事',
  history: [
    { at: '2026-12-01T08:00:00.000Z', action: 'created', by: 'u-creator', byName: '刘丹水' },
    { at: '2026-12-01T09:00:00.000Z', action: 'cancelled', by: 'u-creator', reason: '私人原因：家中有事' },
  ],
  updatedBy: 'u-creator',
  updatedByName: '刘丹水',
  createdBy: 'u-creator',
  version: 2,
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T09:00:00.000Z',
};

export const postingsPart = {
  commands: [
    createPosting,
    getPosting,
    listPostings,
    updatePosting,
    movePosting,
  ] as const satisfies readonly AnyCommand[],
  events: POSTING_EVENT_LIST satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [recordRoom('posting', getPosting, (id) => ({ id }))] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see exchangeDomain.samples). */
  samples: {
    'exchange.posting.created.v1': { posting: samplePosting },
    'exchange.posting.updated.v1': { posting: samplePosting, fields: ['requirements'] },
    'exchange.posting.moved.v1': { posting: samplePosting, from: 'open' },
  } satisfies PostingEventPayloads,
};
