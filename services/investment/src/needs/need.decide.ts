import {
  AppError,
  event,
  hasRole,
  regionsConcerned,
  type CloseNeedCommand,
  type CreateNeedInput,
  type EventSpec,
  type NeedCounties,
  type NeedFull,
  type NeedView,
  type Principal,
  type UpdateNeedInput,
} from '@qingshui/contracts';
import { isRegionId } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { NeedDocument } from './need.schema';

// Pure decisions about needs: what they are given (the state read, the command, the caller, the
// time and ids) in, what to write, tell and answer out. No I/O here (lint keeps it so); unit-tested
// in need.decide.spec.ts.

export type NewNeed = Omit<NeedDocument, 'outbox' | 'outboxPending'>;

const countiesOf = (doc: Pick<NewNeed, 'counties' | 'anyCounty'>): NeedCounties =>
  doc.anyCounty ? 'any' : doc.counties;

/**
 * The confidential details: the poster's organisation, the cadres of the counties concerned (every
 * county for `any`) and of their paired districts, admins. The same rule decides the events' rooms
 * (needAudience in the contract).
 */
export function canSeeConfidential(
  principal: Principal,
  doc: Pick<NewNeed, 'orgId' | 'counties' | 'anyCounty'>,
): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (principal.orgId && principal.orgId === doc.orgId) return true;
  return (
    hasRole(principal, 'cadre') &&
    !!principal.region &&
    regionsConcerned(countiesOf(doc)).includes(principal.region)
  );
}

/** The poster organisation's enterprise users and admins change and close a need. */
export function canEdit(principal: Principal, doc: Pick<NewNeed, 'orgId'>): boolean {
  return (
    hasRole(principal, 'admin') ||
    (hasRole(principal, 'enterprise') && !!principal.orgId && principal.orgId === doc.orgId)
  );
}

export function needFull(doc: NewNeed): NeedFull {
  return {
    id: doc._id,
    title: doc.title,
    enterpriseName: doc.enterpriseName,
    orgId: doc.orgId,
    region: doc.region,
    fields: doc.fields,
    amount: { minYuan: doc.amount.minYuan, maxYuan: doc.amount.maxYuan },
    counties: countiesOf(doc),
    ...(doc.landMu !== undefined ? { landMu: doc.landMu } : {}),
    ...(doc.energy ? { energy: doc.energy } : {}),
    ...(doc.waterM3PerDay !== undefined ? { waterM3PerDay: doc.waterM3PerDay } : {}),
    ...(doc.workforce !== undefined ? { workforce: doc.workforce } : {}),
    timeline: { startBy: doc.timeline.startBy, years: doc.timeline.years },
    publicSummary: doc.publicSummary,
    status: doc.status,
    ...(doc.closeReason ? { closeReason: doc.closeReason } : {}),
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
    confidentialDetails: doc.confidentialDetails,
    createdBy: doc.createdBy,
  };
}

/** The need as this caller reads it: the confidential part and the poster only for those entitled. */
export function needView(doc: NewNeed, principal: Principal): NeedView {
  const { confidentialDetails, createdBy, ...publicPart } = needFull(doc);
  const confidential = canSeeConfidential(principal, doc);
  return {
    ...publicPart,
    ...(confidential ? { confidentialDetails, createdBy } : {}),
    canSeeConfidential: confidential,
    canEdit: canEdit(principal, doc) && doc.status === 'open',
  };
}

/** Whose need it is: an enterprise user's own organisation, or the one an admin names. */
function posterOf(input: CreateNeedInput, principal: Principal): { orgId: string; region: string } {
  if (hasRole(principal, 'admin')) {
    const fields = [
      ...(input.orgId ? [] : [{ field: 'orgId', message: 'Name the organisation you post for' }]),
      ...(input.region
        ? isRegionId(input.region)
          ? []
          : [{ field: 'region', message: 'Unknown region: use a Beijing district or county id' }]
        : [{ field: 'region', message: 'Name the organisation’s region' }]),
    ];
    if (fields.length > 0) throw AppError.validation(fields);
    return { orgId: input.orgId!, region: input.region! };
  }
  if (!hasRole(principal, 'enterprise'))
    throw AppError.forbidden('Enterprises (and admins for them) post needs');
  if (!principal.orgId || !principal.region)
    throw AppError.forbidden('Your account names no organisation and region: it cannot post a need');
  if ((input.orgId && input.orgId !== principal.orgId) || (input.region && input.region !== principal.region))
    throw AppError.forbidden('Only an admin posts a need for another organisation');
  return { orgId: principal.orgId, region: principal.region };
}

const countyFields = (counties: NeedCounties) =>
  counties === 'any' ? { counties: [], anyCounty: true } : { counties: [...counties], anyCounty: false };

/** A new need, open at once; its event goes into its outbox with it. */
export function decideCreate(
  input: CreateNeedInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewNeed; events: EventSpec[]; reply: NeedView } {
  const poster = posterOf(input, principal);
  const doc: NewNeed = {
    _id: newId(),
    title: input.title,
    enterpriseName: input.enterpriseName,
    ...poster,
    fields: input.fields,
    amount: input.amount,
    ...countyFields(input.counties),
    ...(input.landMu !== undefined ? { landMu: input.landMu } : {}),
    ...(input.energy ? { energy: input.energy } : {}),
    ...(input.waterM3PerDay !== undefined ? { waterM3PerDay: input.waterM3PerDay } : {}),
    ...(input.workforce !== undefined ? { workforce: input.workforce } : {}),
    timeline: input.timeline,
    publicSummary: input.publicSummary,
    confidentialDetails: input.confidentialDetails,
    status: 'open',
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    doc,
    events: [event('investment.need.posted.v1', { need: needFull(doc) })],
    reply: needView(doc, principal),
  };
}

function assertEditor(doc: NewNeed, principal: Principal): void {
  if (!canEdit(principal, doc))
    throw AppError.forbidden('Only the poster’s organisation and admins change a need');
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** A change of an open need; a patch that changes nothing writes nothing. */
export function decideUpdate(
  patch: UpdateNeedInput,
  principal: Principal,
): (doc: NeedDocument, context: DecisionContext) => Decision<NeedDocument, NeedView> {
  return (doc, { now }) => {
    assertEditor(doc, principal);
    if (doc.status !== 'open')
      throw new AppError(409, 'CONFLICT', 'The need is closed: it no longer changes');
    const { counties, ...rest } = patch;
    const set: Partial<NeedDocument> = { ...rest, ...(counties ? countyFields(counties) : {}) };
    const changed = Object.keys(patch).filter((key) =>
      key === 'counties'
        ? !same(countiesOf(doc), counties)
        : !same((doc as unknown as Record<string, unknown>)[key], (patch as Record<string, unknown>)[key]),
    );
    if (changed.length === 0) return { unchanged: needView(doc, principal) };
    const next = { ...doc, ...set, updatedAt: now, version: doc.version + 1 };
    return {
      set,
      where: { status: 'open' },
      events: [event('investment.need.updated.v1', { need: needFull(next), changed })],
      reply: needView(next, principal),
    };
  };
}

/** Closing, with why; closing a closed need again changes nothing. */
export function decideClose(
  { reason, note }: Pick<CloseNeedCommand, 'reason' | 'note'>,
  principal: Principal,
): (doc: NeedDocument, context: DecisionContext) => Decision<NeedDocument, NeedView> {
  return (doc, { now }) => {
    assertEditor(doc, principal);
    if (doc.status === 'closed') return { unchanged: needView(doc, principal) };
    const set: Partial<NeedDocument> = {
      status: 'closed',
      closeReason: reason,
      ...(note ? { closeNote: note } : {}),
    };
    const next = { ...doc, ...set, updatedAt: now, version: doc.version + 1 };
    return {
      set,
      where: { status: 'open' },
      events: [event('investment.need.closed.v1', { need: needFull(next) })],
      reply: needView(next, principal),
    };
  };
}
