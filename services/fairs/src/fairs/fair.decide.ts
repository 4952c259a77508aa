import {
  AppError,
  event,
  FAIR_EDITABLE_FIELDS,
  FAIR_STEPS,
  nextFairStep,
  fairConsistency,
  hasRole,
  pairIdOfRegion,
  regionsOfPairs,
  type CreateFairInput,
  type EventSpec,
  type FairFull,
  type FairView,
  type MoveFairCommand,
  type Principal,
  type UpdateFairInput,
} from '@qingshui/contracts';
import { BEIJING_DISTRICT_IDS } from '@qingshui/regions';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { FairDocument } from './fair.schema';
import { canManageFair } from './fair.rules';

// Pure decisions about fairs: what they are given (the state read, the command, the caller, the
// time and ids) in, what to write, tell and answer out. No I/O here (lint keeps it so); unit-tested
// in fair.decide.spec.ts.

export type NewFair = Omit<FairDocument, 'outbox' | 'outboxPending'>;

/** The fair in full: what its organiser's staff hear in events. */
export function fairFull(doc: NewFair): FairFull {
  return {
    id: doc._id,
    title: doc.title,
    description: doc.description,
    organiser: doc.organiser,
    pairIds: doc.pairIds,
    regions: doc.regions,
    venue: doc.venue,
    days: doc.days,
    zones: doc.zones,
    boothTypes: doc.boothTypes,
    boothCount: doc.boothTypes.reduce((sum, booth) => sum + booth.count, 0),
    status: doc.status,
    ...(doc.publishedAt ? { publishedAt: new Date(doc.publishedAt).toISOString() } : {}),
    history: doc.history.map((h) => ({
      from: h.from,
      to: h.to,
      at: new Date(h.at).toISOString(),
      by: h.by,
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    ...(doc.cancelReason ? { cancelReason: doc.cancelReason } : {}),
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
    updatedAt: new Date(doc.updatedAt).toISOString(),
  };
}

/** The fair as this caller reads it: who created and moved it only for those who manage it. */
export function fairView(doc: NewFair, principal: Principal): FairView {
  const full = fairFull(doc);
  if (canManageFair(principal, doc)) {
    const next = nextFairStep(doc.status);
    return {
      ...full,
      canManage: true,
      editable: [...FAIR_EDITABLE_FIELDS[doc.status]],
      ...(next ? { nextStep: next } : {}),
      canCancel: doc.status !== 'closed' && doc.status !== 'cancelled',
    };
  }
  const { createdBy: _createdBy, history, ...rest } = full;
  return {
    ...rest,
    history: history.map(({ by: _by, ...entry }) => entry),
    canManage: false,
    editable: [],
    canCancel: false,
  };
}

/** The organiser a caller creates fairs as: their district or county, or the cooperation office. */
function organiserOf(principal: Principal): FairDocument['organiser'] {
  if (!principal.orgId || !principal.region)
    throw AppError.forbidden('Your account names no organisation and region: it cannot organise a fair');
  if (hasRole(principal, 'admin'))
    return { kind: 'office', region: principal.region, orgId: principal.orgId };
  if (!hasRole(principal, 'cadre')) throw AppError.forbidden('Cadres and admins organise fairs');
  const kind = BEIJING_DISTRICT_IDS.includes(principal.region) ? 'district' : 'county';
  return { kind, region: principal.region, orgId: principal.orgId };
}

/**
 * A new fair, as a draft: a cadre's serves their own pair (and may serve more); an admin's any.
 * Its event goes into its outbox with it.
 */
export function decideCreate(
  input: CreateFairInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): { doc: NewFair; events: EventSpec[]; reply: FairView } {
  const organiser = organiserOf(principal);
  const ownPair = pairIdOfRegion(organiser.region);
  if (organiser.kind !== 'office' && (!ownPair || !input.pairIds.includes(ownPair)))
    throw AppError.validation([
      {
        field: 'pairIds',
        message: `A fair of ${organiser.region} serves its own pair, ${ownPair ?? 'none'}`,
      },
    ]);
  const doc: NewFair = {
    _id: newId(),
    title: input.title,
    description: input.description,
    organiser,
    pairIds: input.pairIds,
    regions: regionsOfPairs(input.pairIds),
    venue: input.venue,
    days: sortedDays(input.days),
    firstDay: sortedDays(input.days)[0]!.date,
    zones: input.zones,
    boothTypes: input.boothTypes,
    status: 'draft',
    history: [{ from: null, to: 'draft', at: now, by: principal.userId }],
    createdBy: principal.userId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    doc,
    events: [event('fairs.fair.created.v1', { fair: fairFull(doc) })],
    reply: fairView(doc, principal),
  };
}

const sortedDays = (days: FairDocument['days']) => [...days].sort((a, b) => a.date.localeCompare(b.date));

function assertManager(doc: NewFair, principal: Principal): void {
  if (!canManageFair(principal, doc))
    throw AppError.forbidden('Only the organiser’s cadres and admins manage a fair');
}

/** A change of the fields its status still allows; the whole fair stays consistent. */
export function decideUpdate(
  patch: UpdateFairInput,
  principal: Principal,
): (doc: FairDocument, context: DecisionContext) => Decision<FairDocument, FairView> {
  return (doc, { now }) => {
    assertManager(doc, principal);
    const allowed: readonly string[] = FAIR_EDITABLE_FIELDS[doc.status];
    const refused = Object.keys(patch).filter((field) => !allowed.includes(field));
    if (refused.length > 0)
      throw AppError.validation(
        refused.map((field) => ({
          field,
          message: `Cannot change ${field} of a fair that is ${doc.status}`,
        })),
      );
    const merged = {
      days: patch.days ?? doc.days,
      zones: patch.zones ?? doc.zones,
      boothTypes: patch.boothTypes ?? doc.boothTypes,
    };
    const problems = fairConsistency(merged);
    if (problems.length > 0)
      throw AppError.validation(problems.map(({ path, message }) => ({ field: path.join('.'), message })));
    if (patch.pairIds) {
      const ownPair = pairIdOfRegion(doc.organiser.region);
      if (doc.organiser.kind !== 'office' && ownPair && !patch.pairIds.includes(ownPair))
        throw AppError.validation([
          { field: 'pairIds', message: `The fair serves its organiser’s pair, ${ownPair}` },
        ]);
    }
    const set: Partial<FairDocument> = { ...patch, updatedAt: now };
    if (patch.days) {
      set.days = sortedDays(patch.days);
      set.firstDay = set.days[0]!.date;
    }
    if (patch.pairIds) set.regions = regionsOfPairs(patch.pairIds);
    const next = { ...doc, ...set, version: doc.version + 1 };
    return {
      set,
      events: [event('fairs.fair.updated.v1', { fair: fairFull(next), changed: Object.keys(patch) })],
      reply: fairView(next, principal),
    };
  };
}

/** One step of the lifecycle, or cancelling with a reason; repeating the step just taken changes nothing. */
export function decideMove(
  { step, reason }: Pick<MoveFairCommand, 'step' | 'reason'>,
  principal: Principal,
): (doc: FairDocument, context: DecisionContext) => Decision<FairDocument, FairView> {
  return (doc, { now }) => {
    assertManager(doc, principal);
    let to: FairDocument['status'];
    if (step === 'cancel') {
      if (doc.status === 'cancelled') return { unchanged: fairView(doc, principal) };
      if (doc.status === 'closed') throw new AppError(409, 'CONFLICT', 'A closed fair cannot be cancelled');
      if (!reason) throw AppError.validation([{ field: 'reason', message: 'Say why the fair is cancelled' }]);
      to = 'cancelled';
    } else {
      const { from, to: target } = FAIR_STEPS[step];
      if (doc.status === target) return { unchanged: fairView(doc, principal) };
      if (doc.status !== from)
        throw new AppError(
          409,
          'CONFLICT',
          `The fair is ${doc.status}: ${step} moves a fair that is ${from}`,
        );
      to = target;
    }
    const transition = {
      from: doc.status,
      to,
      at: now,
      by: principal.userId,
      ...(reason && to === 'cancelled' ? { reason } : {}),
    };
    const set: Partial<FairDocument> = {
      status: to,
      history: [...doc.history, transition],
      updatedAt: now,
      ...(to === 'cancelled' && reason ? { cancelReason: reason } : {}),
      ...(to === 'exhibitors-open' && !doc.publishedAt ? { publishedAt: now } : {}),
    };
    const next = { ...doc, ...set, version: doc.version + 1 };
    return {
      set,
      where: { status: doc.status },
      events: [event('fairs.fair.moved.v1', { fair: fairFull(next) })],
      reply: fairView(next, principal),
    };
  };
}
