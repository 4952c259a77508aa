import {
  AppError,
  event,
  hasRole,
  type CadreView,
  type CreateCadreInput,
  type EventSpec,
  type NominateCommand,
  type NominationView,
  type Principal,
  type UpdateCadreInput,
} from '@qingshui/contracts';
import { counterpartOf } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { CadreDocument, HoldRecord } from './cadre.schema';
import type { NominationDocument, NominationStepRecord } from './nomination.schema';
import type { PostingDocument } from '../postings/posting.schema';
import { canReadPosting } from '../postings/posting.decide';

// Pure decisions about cadre profiles and nominations: who reads and keeps a profile, who
// nominates, the overlap rule of the placements a cadre holds. No I/O; unit-tested beside it.

export type NewCadre = Omit<CadreDocument, 'outbox' | 'outboxPending'>;
export type NewNomination = Omit<NominationDocument, 'outbox' | 'outboxPending'>;

const isCadreOf = (principal: Principal, region: string) =>
  hasRole(principal, 'cadre') && principal.region === region;
const iso = (at: Date | string) => new Date(at).toISOString();

/** The cadres of the profile's region keep it, with admins. */
export const canKeepCadre = (principal: Principal, doc: Pick<NewCadre, 'unit'>): boolean =>
  hasRole(principal, 'admin') || isCadreOf(principal, doc.unit.region);
/** Its keepers, the paired region's cadres and the cadre themself read it. */
export const canReadCadre = (principal: Principal, doc: Pick<NewCadre, 'unit' | 'pairedRegion' | 'userId'>) =>
  canKeepCadre(principal, doc) ||
  isCadreOf(principal, doc.pairedRegion) ||
  (doc.userId !== undefined && doc.userId === principal.userId);

export function cadreView(doc: NewCadre): CadreView {
  return {
    id: doc._id,
    name: doc.name,
    unit: doc.unit,
    position: doc.position,
    level: doc.level,
    fields: doc.fields,
    languages: doc.languages,
    priorPostings: doc.priorPostings,
    ...(doc.userId ? { userId: doc.userId } : {}),
    holds: doc.holds,
    createdBy: doc.createdBy,
    updatedBy: doc.updatedBy,
    ...(doc.updatedByName ? { updatedByName: doc.updatedByName } : {}),
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const updatedBy = (principal: Principal) => ({
  updatedBy: principal.userId,
  ...(principal.name ? { updatedByName: principal.name } : {}),
});

export function decideCreateCadre(
  input: CreateCadreInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewCadre; events: EventSpec[]; reply: CadreView } {
  const paired = counterpartOf(input.unit.region)?.id;
  if (!paired) throw AppError.validation([{ field: 'unit.region', message: 'Not a region of the pairs' }]);
  if (!canKeepCadre(principal, input))
    throw AppError.forbidden('Only the cadres of the unit’s region or an admin add its cadres’ profiles');
  const doc: NewCadre = {
    _id: newId(),
    name: input.name,
    unit: input.unit,
    pairedRegion: paired,
    position: input.position,
    level: input.level,
    fields: input.fields,
    languages: input.languages,
    priorPostings: input.priorPostings,
    ...(input.userId ? { userId: input.userId } : {}),
    holds: [],
    createdBy: principal.userId,
    ...updatedBy(principal),
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const view = cadreView(doc);
  return {
    doc,
    events: [event('exchange.cadre.saved.v1', { profile: view, fields: Object.keys(input) })],
    reply: view,
  };
}

export const decideUpdateCadre =
  (patch: UpdateCadreInput, principal: Principal) =>
  (doc: NewCadre, { now }: DecisionContext): Decision<NewCadre, CadreView> => {
    if (!canReadCadre(principal, doc)) throw AppError.notFound(`No cadre profile with id ${doc._id}`);
    if (!canKeepCadre(principal, doc))
      throw AppError.forbidden('Only the cadres of the unit’s region or an admin change a profile');
    const fields = (Object.keys(patch) as (keyof UpdateCadreInput)[]).filter(
      (key) => JSON.stringify(doc[key]) !== JSON.stringify(patch[key]),
    );
    if (fields.length === 0) return { unchanged: cadreView(doc) };
    const set = {
      ...Object.fromEntries(fields.map((f) => [f, patch[f]])),
      ...updatedBy(principal),
    } as Partial<NewCadre>;
    const after = cadreView({ ...doc, ...set, version: doc.version + 1, updatedAt: now });
    return { set, events: [event('exchange.cadre.saved.v1', { profile: after, fields })], reply: after };
  };

/** Two date ranges (inclusive days) overlap. */
export const overlaps = (
  a: { startDate: string; endDate: string },
  b: { startDate: string; endDate: string },
) => a.startDate <= b.endDate && b.startDate <= a.endDate;

/** The hold of this nomination that another one the cadre holds overlaps, if any. */
export function overlappingHold(
  holds: readonly HoldRecord[],
  wanted: { nominationId: string; startDate: string; endDate: string },
): HoldRecord | undefined {
  return holds.find((h) => h.nominationId !== wanted.nominationId && overlaps(h, wanted));
}

const overlapError = (hold: HoldRecord) =>
  new AppError(
    409,
    'OVERLAPPING_BOOKING',
    `The cadre already holds a posting from ${hold.startDate} to ${hold.endDate} (${hold.postingId})`,
  );

/** Claims the placement's time in the cadre's calendar: refused if another placement overlaps it. */
export const decideHold =
  (wanted: HoldRecord) =>
  (doc: NewCadre): Decision<NewCadre, true> => {
    if (doc.holds.some((h) => h.nominationId === wanted.nominationId)) return { unchanged: true };
    const clash = overlappingHold(doc.holds, wanted);
    if (clash) throw overlapError(clash);
    return { set: { holds: [...doc.holds, wanted] }, reply: true };
  };
export const decideRelease =
  (nominationId: string) =>
  (doc: NewCadre): Decision<NewCadre, true> =>
    doc.holds.some((h) => h.nominationId === nominationId)
      ? { set: { holds: doc.holds.filter((h) => h.nominationId !== nominationId) }, reply: true }
      : { unchanged: true };

// --- nominations ---
/** The cadres of the posting's two regions and admins read its nominations. */
export const canReadNomination = (
  principal: Principal,
  doc: Pick<NewNomination, 'receivingRegion' | 'sendingRegion'>,
): boolean =>
  hasRole(principal, 'admin') ||
  isCadreOf(principal, doc.receivingRegion) ||
  isCadreOf(principal, doc.sendingRegion);

export function nominationView(doc: NewNomination): NominationView {
  return {
    id: doc._id,
    postingId: doc.postingId,
    postingTitle: doc.postingTitle,
    pairId: doc.pairId,
    direction: doc.direction,
    kind: doc.kind,
    year: doc.year,
    startDate: doc.startDate,
    endDate: doc.endDate,
    receivingUnit: doc.receivingUnit,
    sendingRegion: doc.sendingRegion,
    profileId: doc.profileId,
    cadre: doc.cadre,
    rank: doc.rank,
    statement: doc.statement,
    status: doc.status,
    released: doc.released,
    accepted: doc.accepted,
    steps: doc.steps.map((s) => ({ ...s, at: iso(s.at) })),
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

export const stepBy = (principal: Principal) => ({
  by: principal.userId,
  ...(principal.name ? { byName: principal.name } : {}),
});

/**
 * The sending side (a cadre of the posting's sending region, or an admin) nominates one of its
 * cadres for an open posting; a cadre already holding an overlapping posting is refused here
 * already (the binding check is at the agreement, atomically).
 */
export function decideNominate(
  posting: PostingDocument,
  profile: NewCadre,
  input: Omit<NominateCommand, 'postingId'>,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewNomination; events: EventSpec[]; reply: NominationView } {
  if (!canReadPosting(principal, posting)) throw AppError.notFound(`No posting with id ${posting._id}`);
  if (!hasRole(principal, 'admin') && !isCadreOf(principal, posting.sendingRegion))
    throw AppError.forbidden('Only the sending side’s cadres (or an admin) nominate');
  if (posting.status !== 'open')
    throw new AppError(
      409,
      'CONFLICT',
      `The posting is ${posting.status}: nominations are for open postings`,
    );
  if (!canReadCadre(principal, profile) || profile.unit.region !== posting.sendingRegion)
    throw AppError.validation([
      { field: 'profileId', message: `Nominate a cadre of the sending side (${posting.sendingRegion})` },
    ]);
  const clash = overlappingHold(profile.holds, { nominationId: '', ...posting });
  if (clash) throw overlapError(clash);
  const step: NominationStepRecord = { action: 'nominated', side: 'sending', at: now, ...stepBy(principal) };
  const doc: NewNomination = {
    _id: newId(),
    postingId: posting._id,
    postingTitle: posting.title,
    pairId: posting.pairId,
    direction: posting.direction,
    kind: posting.kind,
    year: posting.year,
    startDate: posting.startDate,
    endDate: posting.endDate,
    receivingUnit: posting.unit,
    receivingRegion: posting.receivingRegion,
    sendingRegion: posting.sendingRegion,
    profileId: profile._id,
    cadre: {
      name: profile.name,
      unit: profile.unit,
      level: profile.level,
      position: profile.position,
      ...(profile.userId ? { userId: profile.userId } : {}),
    },
    rank: input.rank,
    statement: input.statement,
    status: 'nominated',
    released: false,
    accepted: false,
    steps: [step],
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  const view = nominationView(doc);
  return { doc, events: [event('exchange.nomination.submitted.v1', { nomination: view })], reply: view };
}
