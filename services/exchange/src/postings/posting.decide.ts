import {
  AppError,
  event,
  hasRole,
  receivingRegionOf,
  sendingRegionOf,
  type CreatePostingInput,
  type EventSpec,
  type MovePostingCommand,
  type PostingStatus,
  type PostingView,
  type Principal,
  type UpdatePostingInput,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { PostingDocument, PostingStepRecord } from './posting.schema';

// Pure decisions about postings: who keeps and who reads them, creation, edits and the moves of
// their lifecycle. No I/O here (lint keeps it so); unit-tested in posting.decide.spec.ts.

export type NewPosting = Omit<PostingDocument, 'outbox' | 'outboxPending'>;

const isCadreOf = (principal: Principal, region: string) =>
  hasRole(principal, 'cadre') && principal.region === region;

/** The receiving unit's cadres (the cadres of its region) and admins keep a posting. */
export const canKeepPosting = (principal: Principal, doc: Pick<NewPosting, 'receivingRegion'>): boolean =>
  hasRole(principal, 'admin') || isCadreOf(principal, doc.receivingRegion);

/** Its keepers read it; the sending region's cadres once it is open (a draft is the receiving side's). */
export const canReadPosting = (
  principal: Principal,
  doc: Pick<NewPosting, 'receivingRegion' | 'sendingRegion' | 'status'>,
): boolean =>
  canKeepPosting(principal, doc) || (doc.status !== 'draft' && isCadreOf(principal, doc.sendingRegion));

const iso = (at: Date | string) => new Date(at).toISOString();
const stepView = (s: PostingStepRecord) => ({
  at: iso(s.at),
  action: s.action,
  by: s.by,
  ...(s.byName ? { byName: s.byName } : {}),
  ...(s.reason ? { reason: s.reason } : {}),
  ...(s.fields ? { fields: s.fields } : {}),
});

export function postingView(doc: NewPosting): PostingView {
  return {
    id: doc._id,
    title: doc.title,
    unit: doc.unit,
    pairId: doc.pairId,
    direction: doc.direction,
    kind: doc.kind,
    year: doc.year,
    startDate: doc.startDate,
    endDate: doc.endDate,
    level: doc.level,
    requirements: doc.requirements,
    places: doc.places,
    placed: doc.placed,
    sendingRegion: doc.sendingRegion,
    status: doc.status,
    ...(doc.cancelReason ? { cancelReason: doc.cancelReason } : {}),
    history: doc.history.map(stepView),
    updatedBy: doc.updatedBy,
    ...(doc.updatedByName ? { updatedByName: doc.updatedByName } : {}),
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const by = (principal: Principal) => ({
  by: principal.userId,
  ...(principal.name ? { byName: principal.name } : {}),
});
const yearOf = (date: string) => Number(date.slice(0, 4));

/** A new draft posting, by a cadre of the receiving unit's region or an admin. */
export function decideCreate(
  input: CreatePostingInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewPosting; events: EventSpec[]; reply: PostingView } {
  const receivingRegion = receivingRegionOf(input.pairId, input.direction);
  const sendingRegion = sendingRegionOf(input.pairId, input.direction);
  if (!receivingRegion || !sendingRegion)
    throw AppError.validation([{ field: 'pairId', message: 'Unknown pair' }]);
  if (input.unit.region !== receivingRegion)
    throw AppError.validation([
      {
        field: 'unit.region',
        message: `The receiving unit of a ${input.direction} posting of ${input.pairId} is in ${receivingRegion}`,
      },
    ]);
  if (!canKeepPosting(principal, { receivingRegion }))
    throw AppError.forbidden('Only the receiving unit’s cadres (its region’s) or an admin post a position');
  const doc: NewPosting = {
    _id: newId(),
    title: input.title,
    unit: input.unit,
    pairId: input.pairId,
    direction: input.direction,
    kind: input.kind,
    year: yearOf(input.startDate),
    startDate: input.startDate,
    endDate: input.endDate,
    level: input.level,
    requirements: input.requirements,
    places: input.places,
    placed: 0,
    placedIds: [],
    receivingRegion,
    sendingRegion,
    status: 'draft',
    history: [{ at: now, action: 'created', ...by(principal) }],
    createdBy: principal.userId,
    ...updatedBy(principal),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const view = postingView(doc);
  return { doc, events: [event('exchange.posting.created.v1', { posting: view })], reply: view };
}

const updatedBy = (principal: Principal) => ({
  updatedBy: principal.userId,
  ...(principal.name ? { updatedByName: principal.name } : {}),
});

const EDITABLE: readonly PostingStatus[] = ['draft', 'open'];

/** An edit of a draft or open posting; never fewer places than are agreed, nor a unit of another region. */
export const decideUpdate =
  (patch: UpdatePostingInput, principal: Principal) =>
  (doc: NewPosting, { now }: DecisionContext): Decision<NewPosting, PostingView> => {
    if (!canReadPosting(principal, doc)) throw AppError.notFound(`No posting with id ${doc._id}`);
    if (!canKeepPosting(principal, doc))
      throw AppError.forbidden('Only the receiving unit’s cadres or an admin change a posting');
    if (!EDITABLE.includes(doc.status))
      throw new AppError(409, 'CONFLICT', `A posting that is ${doc.status} is not edited any more`);
    const fields: string[] = [];
    const set: Partial<NewPosting> = {};
    for (const [key, value] of Object.entries(patch) as [keyof UpdatePostingInput, unknown][]) {
      if (JSON.stringify(doc[key]) === JSON.stringify(value)) continue;
      fields.push(key);
      (set as Record<string, unknown>)[key] = value;
    }
    if (fields.length === 0) return { unchanged: postingView(doc) };
    const next = { ...doc, ...set } as NewPosting;
    if (next.endDate <= next.startDate)
      throw AppError.validation([{ field: 'endDate', message: 'The end comes after the start' }]);
    if (next.unit.region !== doc.receivingRegion)
      throw AppError.validation([
        { field: 'unit.region', message: `The unit stays in ${doc.receivingRegion}` },
      ]);
    if (next.places < doc.placed)
      throw AppError.validation([
        { field: 'places', message: `${doc.placed} places are already agreed: no fewer than that` },
      ]);
    if (set.startDate) set.year = yearOf(set.startDate);
    if (doc.placed > 0 && (set.startDate || set.endDate || set.kind))
      throw new AppError(409, 'CONFLICT', 'Dates and kind are fixed once a place is agreed');
    const step: PostingStepRecord = { at: now, action: 'updated', fields, ...by(principal) };
    Object.assign(set, updatedBy(principal));
    const after = postingView({
      ...next,
      ...set,
      history: [...doc.history, step],
      version: doc.version + 1,
      updatedAt: now,
    });
    return {
      set,
      push: { history: step },
      events: [event('exchange.posting.updated.v1', { posting: after, fields })],
      reply: after,
    };
  };

/** Which moves lead from which state (filled is reached by agreeing to its last place). */
export const POSTING_TRANSITIONS: Record<MovePostingCommand['to'], readonly PostingStatus[]> = {
  open: ['draft'],
  'in-progress': ['open', 'filled'],
  completed: ['in-progress'],
  cancelled: ['draft', 'open', 'filled'],
};

export const decideMove =
  (command: Pick<MovePostingCommand, 'to' | 'reason'>, principal: Principal) =>
  (doc: NewPosting, { now }: DecisionContext): Decision<NewPosting, PostingView> => {
    if (!canReadPosting(principal, doc)) throw AppError.notFound(`No posting with id ${doc._id}`);
    if (!canKeepPosting(principal, doc))
      throw AppError.forbidden('Only the receiving unit’s cadres or an admin move a posting');
    const { to } = command;
    if (doc.status === to) return { unchanged: postingView(doc) };
    if (!POSTING_TRANSITIONS[to].includes(doc.status))
      throw new AppError(409, 'CONFLICT', `A posting that is ${doc.status} cannot become ${to}`);
    if (to === 'cancelled' && !command.reason)
      throw AppError.validation([{ field: 'reason', message: 'Say why the posting is cancelled' }]);
    if (to === 'cancelled' && doc.placed > 0)
      throw new AppError(
        409,
        'CONFLICT',
        `${doc.placed} placements are agreed: refuse them first (that gives their quota places back)`,
      );
    if (to === 'in-progress' && doc.placed === 0)
      throw new AppError(409, 'CONFLICT', 'Nobody is placed yet: agree to a placement first');
    return moveTo(doc, to, now, principal, command.reason);
  };

/** The posting's last place is taken: it is filled (idempotent: nothing to do otherwise). */
export const decideFilled =
  (principal: Principal) =>
  (doc: NewPosting, { now }: DecisionContext): Decision<NewPosting, PostingView> =>
    doc.status === 'open' && doc.placed >= doc.places
      ? moveTo(doc, 'filled', now, principal)
      : doc.status === 'filled' && doc.placed < doc.places
        ? moveTo(doc, 'open', now, principal)
        : { unchanged: postingView(doc) };

function moveTo(
  doc: NewPosting,
  to: PostingStatus,
  now: Date,
  principal: Principal,
  reason?: string,
): Decision<NewPosting, PostingView> {
  const step: PostingStepRecord = { at: now, action: to, ...by(principal), ...(reason ? { reason } : {}) };
  const set: Partial<NewPosting> = {
    status: to,
    ...updatedBy(principal),
    ...(reason ? { cancelReason: reason } : {}),
  };
  const after = postingView({
    ...doc,
    ...set,
    history: [...doc.history, step],
    version: doc.version + 1,
    updatedAt: now,
  });
  return {
    set,
    push: { history: step },
    events: [event('exchange.posting.moved.v1', { posting: after, from: doc.status })],
    reply: after,
  };
}
