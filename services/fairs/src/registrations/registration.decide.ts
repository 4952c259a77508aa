import {
  AppError,
  ENDED_STATUSES,
  kindNeedsApproval,
  kindNeedsCompany,
  type FieldError,
  type Principal,
  type RegisterCommand,
  type RegistrationStatus,
  type RegistrationView,
  type TicketType,
} from '@qingshui/contracts';
import type { FairDocument } from '../fairs/fair.schema';
import { canManageFair } from '../fairs/fair.rules';
import type { RegistrationDocument } from './registration.schema';
import { blockOf, claimOf, typeDays, type LedgerCounts } from './ledger.rules';

// Pure decisions about registrations: who may register for what, what a new registration is,
// and each step of its life (approve, reject, cancel, an offer made, accepted, declined or
// expired). The service writes what they say in order: the registration first (marked with
// `ledgerDue` when the ledger must follow), then the ledger, then the tickets.

export type RegistrationTopic =
  | 'fairs.registration.requested.v1'
  | 'fairs.registration.confirmed.v1'
  | 'fairs.registration.waitlisted.v1'
  | 'fairs.registration.offered.v1'
  | 'fairs.registration.offer-declined.v1'
  | 'fairs.registration.offer-expired.v1'
  | 'fairs.registration.rejected.v1'
  | 'fairs.registration.cancelled.v1'
  | 'fairs.registration.changed.v1';

export const registrationId = (fairId: string, userId: string) => `${fairId}:${userId}`;
export const isEnded = (status: RegistrationStatus) => ENDED_STATUSES.includes(status);
export const fairDates = (fair: Pick<FairDocument, 'days'>) => fair.days.map((d) => d.date);

/** Registration is open while the fair is open for visitors or running. */
export function assertOpen(fair: Pick<FairDocument, 'status'>): void {
  if (fair.status !== 'visitors-open' && fair.status !== 'running')
    throw new AppError(409, 'WINDOW_CLOSED', `Registration is not open: the fair is ${fair.status}`);
}

export interface Accepted {
  type: TicketType;
  name: string;
  orgKey?: string;
}

/**
 * Checks a registration against the fair and its ticket types (days, window, group size,
 * company details, consent), before anything is written: a refused registration changes nothing.
 * The places themselves are the ledger's to decide.
 */
export function acceptRegistration(
  input: RegisterCommand,
  fair: FairDocument,
  ledger: LedgerCounts,
  principal: Principal,
): Accepted {
  assertOpen(fair);
  const type = ledger.types.find((t) => t.id === input.typeId);
  if (!type)
    throw AppError.validation([{ field: 'typeId', message: `The fair has no ticket type ${input.typeId}` }]);
  const problems: FieldError[] = [];
  const days = typeDays(type, fairDates(fair));
  for (const day of input.days)
    if (!days.includes(day))
      problems.push({ field: 'days', message: `${type.name} does not admit on ${day}` });
  if (type.windows.length > 0 && !input.windowId)
    problems.push({ field: 'windowId', message: `Choose a time window of ${type.name}` });
  if (input.windowId && !type.windows.some((w) => w.id === input.windowId))
    problems.push({ field: 'windowId', message: `${type.name} has no window ${input.windowId}` });
  if (input.size > type.perPersonLimit)
    problems.push({
      field: 'size',
      message: `One registration of ${type.name} takes at most ${type.perPersonLimit} places`,
    });
  if (input.members.length > input.size - 1)
    problems.push({
      field: 'members',
      message: `A group of ${input.size} names at most ${input.size - 1} others`,
    });
  if (kindNeedsCompany(type.kind) && !input.company)
    problems.push({ field: 'company', message: `${type.name} needs your organisation, title and phone` });
  if (problems.length > 0) throw AppError.validation(problems);
  const orgKey = principal.orgId ?? input.company?.name;
  const claim = claimOf({ ...input, ...(orgKey ? { orgKey } : {}) }, type);
  // Never to fit, whoever cancels: refused now rather than waiting forever.
  const never = claim.pools.some((p) => (ledger.quota[p] ?? 0) < input.size);
  if (never)
    throw new AppError(
      409,
      'CAP_REACHED',
      `${type.name} has fewer than ${input.size} places on the days chosen`,
    );
  if (claim.org && input.size > claim.org.cap)
    throw new AppError(
      409,
      'CAP_REACHED',
      `One organisation holds at most ${claim.org.cap} places of ${type.name}`,
    );
  if (blockOf(ledger, claim, { behindLine: false }) === 'org-cap')
    throw new AppError(
      409,
      'CAP_REACHED',
      `Your organisation already holds its ${claim.org!.cap} places of ${type.name}`,
    );
  return {
    type,
    name: input.name ?? principal.name ?? principal.username,
    ...(orgKey ? { orgKey } : {}),
  };
}

/** A new registration, written before its places are taken (`pending`, the ledger to follow). */
export function newRegistration(
  input: RegisterCommand,
  accepted: Accepted,
  principal: Principal,
  previous: Pick<RegistrationDocument, 'attempt'> | undefined,
  now: Date,
  stepId: string,
): Omit<RegistrationDocument, 'outbox' | 'outboxPending'> {
  return {
    _id: registrationId(input.fairId, principal.userId),
    fairId: input.fairId,
    userId: principal.userId,
    attempt: (previous?.attempt ?? 0) + 1,
    typeId: input.typeId,
    kind: accepted.type.kind,
    days: [...input.days].sort(),
    ...(input.windowId ? { windowId: input.windowId } : {}),
    size: input.size,
    name: accepted.name,
    members: input.members,
    ...(input.company ? { company: input.company } : {}),
    ...(principal.orgId ? { orgId: principal.orgId } : {}),
    ...(accepted.orgKey ? { orgKey: accepted.orgKey } : {}),
    leadConsent: accepted.type.askLeadConsent ? input.leadConsent : false,
    status: 'pending',
    ticketIds: [],
    history: [{ status: 'pending', at: now, by: principal.userId }],
    ledgerDue: stepId,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Where a new registration lands once its places are taken: approval for trade buyers. */
export const heldStatus = (kind: RegistrationDocument['kind']): RegistrationStatus =>
  kindNeedsApproval(kind) ? 'awaiting-approval' : 'confirmed';

export const iso = (d: Date | string) => new Date(d).toISOString();

export function registrationView(
  doc: Omit<RegistrationDocument, 'outbox' | 'outboxPending'>,
  position?: number,
): RegistrationView {
  return {
    id: doc._id,
    fairId: doc.fairId,
    userId: doc.userId,
    typeId: doc.typeId,
    kind: doc.kind,
    days: doc.days,
    ...(doc.windowId ? { windowId: doc.windowId } : {}),
    size: doc.size,
    name: doc.name,
    members: doc.members,
    ...(doc.company ? { company: doc.company } : {}),
    ...(doc.orgId ? { orgId: doc.orgId } : {}),
    leadConsent: doc.leadConsent,
    status: doc.status,
    ...(position !== undefined && doc.status === 'waiting' ? { position } : {}),
    ...(doc.waitSeq !== undefined ? { waitSeq: doc.waitSeq } : {}),
    ...(doc.offer && doc.status === 'offered'
      ? { offer: { id: doc.offer.id, expiresAt: iso(doc.offer.expiresAt), madeAt: iso(doc.offer.madeAt) } }
      : {}),
    ticketIds: doc.ticketIds,
    ...(doc.reason ? { reason: doc.reason } : {}),
    history: doc.history.map((h) => ({
      status: h.status,
      at: iso(h.at),
      ...(h.by ? { by: h.by } : {}),
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

/** The registration's holder and the organiser's staff read it. */
export function canReadRegistration(
  principal: Principal,
  doc: Pick<RegistrationDocument, 'userId'>,
  fair: Parameters<typeof canManageFair>[1],
): boolean {
  return doc.userId === principal.userId || canManageFair(principal, fair);
}

/** The position in line (1 is next) among those waiting for the same type. */
export function positionOf(
  doc: Pick<RegistrationDocument, 'typeId' | 'waitSeq' | 'status'>,
  waiting: readonly Pick<RegistrationDocument, 'typeId' | 'waitSeq' | 'status'>[],
): number | undefined {
  if (doc.status !== 'waiting' || doc.waitSeq === undefined) return undefined;
  return (
    1 +
    waiting.filter(
      (w) => w.status === 'waiting' && w.typeId === doc.typeId && (w.waitSeq ?? 0) < doc.waitSeq!,
    ).length
  );
}

/**
 * One step of a registration's life: the statuses it moves from, what it sets, how the ledger
 * follows (places given back, a place in line left), the event told, and the tickets to issue or
 * revoke.
 */
export interface Step {
  from: readonly RegistrationStatus[];
  to: RegistrationStatus;
  set: Partial<RegistrationDocument>;
  ledger: { places: 1 | -1 | 0; line: 1 | -1 | 0 };
  topic: RegistrationTopic;
  issue: boolean;
  revoke: boolean;
}

const entry = (status: RegistrationStatus, now: Date, by?: string, reason?: string) => ({
  status,
  at: now,
  ...(by ? { by } : {}),
  ...(reason ? { reason } : {}),
});

function step(
  doc: RegistrationDocument,
  to: RegistrationStatus,
  now: Date,
  extra: Omit<Step, 'from' | 'to' | 'set'> & {
    by?: string;
    reason?: string;
    set?: Partial<RegistrationDocument>;
  },
): Step {
  return {
    from: [doc.status],
    to,
    set: {
      status: to,
      history: [...doc.history, entry(to, now, extra.by, extra.reason)],
      ...(extra.reason ? { reason: extra.reason } : {}),
      ...extra.set,
    },
    ledger: extra.ledger,
    topic: extra.topic,
    issue: extra.issue,
    revoke: extra.revoke,
  };
}

const conflict = (message: string) => new AppError(409, 'CONFLICT', message);

/**
 * Cancelling: the person (any time before it ended), or the organiser's staff with a reason.
 * Places held go back to the ledger (and down the line); a place in line is left; tickets are revoked.
 * Cancelling what has ended is a repeat: nothing changes.
 */
export function decideCancel(
  doc: RegistrationDocument,
  principal: Principal,
  manager: boolean,
  reason: string | undefined,
  now: Date,
): Step | 'unchanged' {
  const own = doc.userId === principal.userId;
  if (!own && !manager)
    throw AppError.forbidden('Only the person and the organiser’s staff cancel a registration');
  if (!own && !reason) throw AppError.validation([{ field: 'reason', message: 'Say why it is cancelled' }]);
  if (isEnded(doc.status)) return 'unchanged';
  if (doc.status === 'pending')
    throw conflict('The registration is still being written; try again in a moment');
  const holds = doc.status !== 'waiting';
  return step(doc, 'cancelled', now, {
    by: principal.userId,
    ...(reason ? { reason } : {}),
    ledger: holds ? { places: -1, line: 0 } : { places: 0, line: -1 },
    topic: 'fairs.registration.cancelled.v1',
    issue: false,
    revoke: doc.ticketIds.length > 0,
  });
}

export function decideApprove(
  doc: RegistrationDocument,
  principal: Principal,
  now: Date,
): Step | 'unchanged' {
  if (doc.status === 'confirmed') return 'unchanged';
  if (doc.status !== 'awaiting-approval')
    throw conflict(`The registration is ${doc.status}: only one awaiting approval is approved`);
  return step(doc, 'confirmed', now, {
    by: principal.userId,
    ledger: { places: 0, line: 0 },
    topic: 'fairs.registration.confirmed.v1',
    issue: true,
    revoke: false,
  });
}

export function decideReject(
  doc: RegistrationDocument,
  principal: Principal,
  reason: string,
  now: Date,
): Step | 'unchanged' {
  if (doc.status === 'rejected') return 'unchanged';
  if (doc.status !== 'awaiting-approval')
    throw conflict(`The registration is ${doc.status}: only one awaiting approval is rejected`);
  return step(doc, 'rejected', now, {
    by: principal.userId,
    reason,
    ledger: { places: -1, line: 0 },
    topic: 'fairs.registration.rejected.v1',
    issue: false,
    revoke: false,
  });
}

/** Accepting an offer before it expires: the places held become the registration's (approval first for trade buyers). */
export function decideAccept(doc: RegistrationDocument, principal: Principal, now: Date): Step | 'unchanged' {
  if (doc.userId !== principal.userId) throw AppError.forbidden('Only the person offered accepts');
  if ((doc.status === 'confirmed' || doc.status === 'awaiting-approval') && doc.offer) return 'unchanged';
  if (doc.status !== 'offered' || !doc.offer)
    throw conflict(`No offer to accept: the registration is ${doc.status}`);
  if (new Date(doc.offer.expiresAt).getTime() <= now.getTime()) throw conflict('The offer has expired');
  const to = heldStatus(doc.kind);
  return step(doc, to, now, {
    by: principal.userId,
    ledger: { places: 0, line: 0 },
    topic: to === 'confirmed' ? 'fairs.registration.confirmed.v1' : 'fairs.registration.requested.v1',
    issue: to === 'confirmed',
    revoke: false,
  });
}

export function decideDecline(
  doc: RegistrationDocument,
  principal: Principal,
  now: Date,
): Step | 'unchanged' {
  if (doc.userId !== principal.userId) throw AppError.forbidden('Only the person offered declines');
  if (doc.status === 'declined') return 'unchanged';
  if (doc.status !== 'offered') throw conflict(`No offer to decline: the registration is ${doc.status}`);
  return step(doc, 'declined', now, {
    by: principal.userId,
    ledger: { places: -1, line: 0 },
    topic: 'fairs.registration.offer-declined.v1',
    issue: false,
    revoke: false,
  });
}

/** The offer's time ran out (its job): only that very offer, still open. */
export function decideExpire(doc: RegistrationDocument, offerId: string, now: Date): Step | 'unchanged' {
  if (doc.status !== 'offered' || doc.offer?.id !== offerId) return 'unchanged';
  if (new Date(doc.offer.expiresAt).getTime() > now.getTime() + 1000) return 'unchanged';
  return step(doc, 'expired', now, {
    ledger: { places: -1, line: 0 },
    topic: 'fairs.registration.offer-expired.v1',
    issue: false,
    revoke: false,
  });
}

/**
 * An offer to one waiting: its places are claimed in the ledger right after (and the offer taken
 * back if that fails). The claim on the document (waiting, this sequence number) is what keeps
 * two promoters from offering one place twice.
 */
export function decideOffer(
  doc: RegistrationDocument,
  offer: { id: string; expiresAt: Date },
  now: Date,
): Step | 'unchanged' {
  if (doc.status !== 'waiting') return 'unchanged';
  return step(doc, 'offered', now, {
    ledger: { places: 1, line: -1 },
    topic: 'fairs.registration.offered.v1',
    issue: false,
    revoke: false,
    set: { offer: { id: offer.id, expiresAt: offer.expiresAt, madeAt: now } },
  });
}

/** The waiting in the order they came (sequence numbers), who fit the places free now: first that fits. */
export function firstThatFits(
  ledger: LedgerCounts,
  waiting: readonly RegistrationDocument[],
): RegistrationDocument | undefined {
  return [...waiting]
    .filter((w) => w.status === 'waiting')
    .sort((a, b) => (a.waitSeq ?? 0) - (b.waitSeq ?? 0))
    .find(
      (w) =>
        blockOf(
          ledger,
          claimOf(
            w,
            ledger.types.find((t) => t.id === w.typeId),
          ),
          { behindLine: false },
        ) === undefined,
    );
}
