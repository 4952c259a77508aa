import {
  AppError,
  event,
  exhibitorCard,
  hasRole,
  type ErrorCode,
  type EventSpec,
  type ExhibitorApplicationInput,
  type ExhibitorDecision,
  type ExhibitorFull,
  type ExhibitorRefusal,
  type ExhibitorStatus,
  type ExhibitorView,
  type FieldDiff,
  type Principal,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import { canManageFair, type FairFacts } from '../fairs/fair.rules';
import type { FairDocument } from '../fairs/fair.schema';
import type { ExhibitorDocument } from './exhibitor.schema';

// Pure decisions about exhibitor applications: the application read (or its absence), the fair,
// the command and the caller in; what to write, tell and answer out. No I/O (unit-tested in
// exhibitor.decide.spec.ts). Booths are decided apart, by the allocator (booths.ts), on the ledger.

export type ExhibitorFair = FairFacts & Pick<FairDocument, '_id' | 'boothTypes' | 'pairIds'>;

export const exhibitorId = (fairId: string, orgId: string) => `${fairId}:${orgId}`;

/** A refusal with its code and, as the field `refusal`, the finer reason bulk results report. */
export function refuse(
  status: 400 | 403 | 404 | 409,
  code: ErrorCode,
  refusal: ExhibitorRefusal,
  message: string,
) {
  return new AppError(status, code, message, [{ field: 'refusal', message: refusal }]);
}
/** The finer reason of a refusal (see refuse), or one guessed from its status. */
export function refusalOf(error: AppError): ExhibitorRefusal {
  const named = error.fields?.find((f) => f.field === 'refusal')?.message;
  if (named) return named as ExhibitorRefusal;
  if (error.status === 404) return 'not_found';
  if (error.status === 403) return 'forbidden';
  if (error.status === 400) return 'invalid';
  return 'conflict';
}

/** The enterprise's own staff: an enterprise account of the applying organisation. */
export const isOwner = (principal: Principal, orgId: string) =>
  hasRole(principal, 'enterprise') && principal.orgId === orgId;

const iso = (date: Date) => new Date(date).toISOString();

/** The application as events carry it: no notes, no reviewer ids. */
export function exhibitorFull(doc: ExhibitorDocument): ExhibitorFull {
  return {
    id: doc._id,
    fairId: doc.fairId,
    enterprise: doc.enterprise,
    status: doc.status,
    products: doc.products,
    boothTypeId: doc.boothTypeId,
    booths: doc.booths,
    note: doc.note,
    boothIds: doc.boothIds,
    ...(doc.rejectReason ? { rejectReason: doc.rejectReason } : {}),
    ...(doc.pendingChanges
      ? {
          pendingChanges: {
            proposed: doc.pendingChanges.proposed,
            diff: doc.pendingChanges.diff,
            at: iso(doc.pendingChanges.at),
          },
        }
      : {}),
    ...(doc.lastChangesReview
      ? {
          lastChangesReview: {
            outcome: doc.lastChangesReview.outcome,
            ...(doc.lastChangesReview.reason ? { reason: doc.lastChangesReview.reason } : {}),
            at: iso(doc.lastChangesReview.at),
          },
        }
      : {}),
    history: doc.history.map((h) => ({
      from: h.from,
      to: h.to,
      at: iso(h.at),
      ...(h.reason ? { reason: h.reason } : {}),
    })),
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: iso(doc.createdAt),
    updatedAt: iso(doc.updatedAt),
  };
}

const DECIDABLE_FAIR: readonly FairDocument['status'][] = ['exhibitors-open', 'visitors-open'];
const OPEN_FAIR: readonly FairDocument['status'][] = ['exhibitors-open'];
const LIVE_FAIR: readonly FairDocument['status'][] = ['exhibitors-open', 'visitors-open', 'running'];

/**
 * The application as this caller reads it: the owner and the reviewers all of it (reviewers
 * also the notes and who decided), anyone else the card of an accepted exhibitor; otherwise it
 * does not exist for them (undefined). A draft is the enterprise's own.
 */
export function exhibitorView(
  doc: ExhibitorDocument,
  principal: Principal,
  fair: ExhibitorFair,
): ExhibitorView | undefined {
  const owner = isOwner(principal, doc.enterprise.orgId);
  const reviewer = canManageFair(principal, fair) && doc.status !== 'draft';
  const card = doc.status === 'accepted' ? exhibitorCard(doc) : undefined;
  if (!owner && !reviewer) {
    if (!card) return undefined;
    return {
      id: doc._id,
      fairId: doc.fairId,
      card,
      canEdit: false,
      canSubmit: false,
      canWithdraw: false,
      canDecide: false,
    };
  }
  const live = LIVE_FAIR.includes(fair.status);
  const final = doc.status === 'rejected' || doc.status === 'withdrawn';
  const lastDecision = [...doc.history].reverse().find((h) => h.from !== null && h.to !== 'submitted');
  return {
    ...exhibitorFull(doc),
    ...(card ? { card } : {}),
    ...(reviewer
      ? {
          notes: doc.notes.map((n) => ({ text: n.text, by: n.by, at: iso(n.at) })),
          ...(lastDecision ? { decidedBy: lastDecision.by } : {}),
        }
      : {}),
    canEdit: owner && !final && (doc.status === 'accepted' ? live : OPEN_FAIR.includes(fair.status)),
    canSubmit: owner && doc.status === 'draft' && OPEN_FAIR.includes(fair.status),
    canWithdraw: owner && !final && fair.status !== 'closed' && fair.status !== 'cancelled',
    canDecide:
      reviewer &&
      (doc.status === 'submitted' || doc.status === 'waitlisted') &&
      DECIDABLE_FAIR.includes(fair.status),
  };
}

/** The event of a change, with what steers its delivery. */
function exhibitorEvent(
  topic:
    | 'fairs.exhibitor.drafted.v1'
    | 'fairs.exhibitor.submitted.v1'
    | 'fairs.exhibitor.accepted.v1'
    | 'fairs.exhibitor.waitlisted.v1'
    | 'fairs.exhibitor.rejected.v1'
    | 'fairs.exhibitor.withdrawn.v1'
    | 'fairs.exhibitor.changes-proposed.v1'
    | 'fairs.exhibitor.changes-reviewed.v1',
  before: ExhibitorDocument,
  next: ExhibitorDocument,
): EventSpec {
  return event(topic, {
    application: exhibitorFull(next),
    organiserOrgId: next.organiserOrgId,
    wasAccepted: before.status === 'accepted' && next.status !== 'accepted',
  });
}

/** Field-level differences of two values: `products.1.name`, `note`; lists of words as a whole. */
export function diffFields(before: unknown, after: unknown, path = ''): FieldDiff[] {
  const isObject = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  const isList = (v: unknown): v is unknown[] => Array.isArray(v);
  const scalarList = (v: unknown[]) => v.every((item) => typeof item !== 'object' || item === null);
  const at = (key: string | number) => (path ? `${path}.${key}` : String(key));
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffFields(before[key], after[key], at(key)));
  }
  if (isList(before) && isList(after) && !(scalarList(before) && scalarList(after))) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => {
      if (i >= before.length) return [{ path: at(i), after: after[i] }];
      if (i >= after.length) return [{ path: at(i), before: before[i] }];
      return diffFields(before[i], after[i], at(i));
    }).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [
    {
      path: path || '(value)',
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}

function assertOwner(principal: Principal, orgId: string): void {
  if (!isOwner(principal, orgId))
    throw refuse(403, 'FORBIDDEN', 'forbidden', 'Only the enterprise’s own accounts apply for it');
}
function assertReviewer(principal: Principal, fair: ExhibitorFair): void {
  if (!canManageFair(principal, fair))
    throw refuse(403, 'FORBIDDEN', 'forbidden', 'Only the organiser’s staff and admins review exhibitors');
}
function assertFair(fair: ExhibitorFair, allowed: readonly FairDocument['status'][], what: string): void {
  if (!allowed.includes(fair.status))
    throw refuse(
      409,
      'CONFLICT',
      'fair_status',
      `The fair is ${fair.status}: ${what} while it is ${allowed.join(' or ')}`,
    );
}
function assertBoothType(fair: ExhibitorFair, boothTypeId: string): void {
  if (!fair.boothTypes.some((type) => type.id === boothTypeId))
    throw AppError.validation([
      {
        field: 'boothTypeId',
        message: `The fair has no booth type ${boothTypeId}: ${fair.boothTypes.map((t) => t.id).join(', ')}`,
      },
    ]);
}
const wrongStatus = (doc: ExhibitorDocument, what: string) =>
  refuse(409, 'CONFLICT', 'wrong_status', `The application is ${doc.status}: ${what}`);

/**
 * An enterprise drafts or edits its application. A new one is a draft (while the call is open);
 * a draft, submitted or waitlisted one is changed in place (while the call is open); an accepted
 * one keeps what was accepted and the edit becomes pending changes for the reviewers (the booths
 * stay as assigned). Rejected and withdrawn ones are final.
 */
export function decideSave(
  input: ExhibitorApplicationInput,
  principal: Principal,
  fair: ExhibitorFair,
  orgId: string,
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    assertOwner(principal, orgId);
    assertBoothType(fair, input.boothTypeId);
    const viewOf = (next: ExhibitorDocument) => exhibitorView(next, principal, fair)!;
    if (doc.version === 0) {
      assertFair(fair, OPEN_FAIR, 'enterprises apply');
      if (!principal.region)
        throw refuse(403, 'FORBIDDEN', 'forbidden', 'Your account names no region: it cannot apply');
      const set: Partial<ExhibitorDocument> = {
        fairId: fair._id,
        organiserOrgId: fair.organiser.orgId,
        enterprise: { orgId, name: input.enterpriseName, region: principal.region },
        status: 'draft',
        products: input.products,
        boothTypeId: input.boothTypeId,
        booths: input.booths,
        note: input.note,
        boothIds: [],
        notes: [],
        history: [{ from: null, to: 'draft', at: now, by: principal.userId }],
        createdBy: principal.userId,
        createdAt: now,
      };
      const next = { ...doc, ...set, version: 1, updatedAt: now } as ExhibitorDocument;
      return { set, events: [exhibitorEvent('fairs.exhibitor.drafted.v1', doc, next)], reply: viewOf(next) };
    }
    if (doc.status === 'rejected' || doc.status === 'withdrawn')
      throw wrongStatus(doc, 'a final application changes no more');
    if (doc.status === 'accepted') {
      assertFair(fair, LIVE_FAIR, 'exhibitors change their entries');
      const fixed = [
        ...(input.boothTypeId !== doc.boothTypeId ? ['boothTypeId'] : []),
        ...(input.booths !== doc.booths ? ['booths'] : []),
      ];
      if (fixed.length > 0)
        throw AppError.validation(
          fixed.map((field) => ({
            field,
            message: 'The booths are assigned: ask the organiser to change them',
          })),
        );
      const accepted = { enterpriseName: doc.enterprise.name, products: doc.products, note: doc.note };
      const proposed = { enterpriseName: input.enterpriseName, products: input.products, note: input.note };
      const diff = diffFields(accepted, proposed);
      if (diff.length === 0 && !doc.pendingChanges) return { unchanged: viewOf(doc) };
      const next = { ...doc, version: doc.version + 1, updatedAt: now };
      delete next.pendingChanges;
      if (diff.length > 0) next.pendingChanges = { proposed, diff, at: now };
      return {
        ...(next.pendingChanges
          ? { set: { pendingChanges: next.pendingChanges } }
          : { unset: ['pendingChanges'] as const }),
        where: { status: 'accepted' },
        events: [exhibitorEvent('fairs.exhibitor.changes-proposed.v1', doc, next)],
        reply: viewOf(next),
      };
    }
    assertFair(fair, OPEN_FAIR, 'applications change');
    const set: Partial<ExhibitorDocument> = {
      enterprise: { ...doc.enterprise, name: input.enterpriseName },
      products: input.products,
      boothTypeId: input.boothTypeId,
      booths: input.booths,
      note: input.note,
    };
    const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now };
    return {
      set,
      where: { status: doc.status },
      events: [exhibitorEvent('fairs.exhibitor.drafted.v1', doc, next)],
      reply: viewOf(next),
    };
  };
}

/** draft → submitted, while the call is open; a repeat changes nothing. */
export function decideSubmit(
  principal: Principal,
  fair: ExhibitorFair,
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    assertOwner(principal, doc.enterprise.orgId);
    if (doc.status !== 'draft') {
      if (doc.status === 'submitted') return { unchanged: exhibitorView(doc, principal, fair)! };
      throw wrongStatus(doc, 'only a draft is submitted');
    }
    assertFair(fair, OPEN_FAIR, 'applications are submitted');
    return transition(doc, 'submitted', principal, fair, now, 'fairs.exhibitor.submitted.v1');
  };
}

function transition(
  doc: ExhibitorDocument,
  to: ExhibitorStatus,
  principal: Principal,
  fair: ExhibitorFair,
  now: Date,
  topic: Parameters<typeof exhibitorEvent>[0],
  extra: Partial<ExhibitorDocument> = {},
  reason?: string,
): Decision<ExhibitorDocument, ExhibitorView> {
  const set: Partial<ExhibitorDocument> = {
    status: to,
    history: [
      ...doc.history,
      { from: doc.status, to, at: now, by: principal.userId, ...(reason ? { reason } : {}) },
    ],
    ...extra,
  };
  const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now };
  return {
    set,
    where: { status: doc.status },
    events: [exhibitorEvent(topic, doc, next)],
    reply: exhibitorView(next, principal, fair)!,
  };
}

/**
 * The enterprise withdraws, from any non-final state, until the fair closes; an accepted one's
 * booths are then freed (by the service, on the ledger). A repeat changes nothing.
 */
export function decideWithdraw(
  principal: Principal,
  fair: ExhibitorFair,
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    assertOwner(principal, doc.enterprise.orgId);
    if (doc.status === 'withdrawn') return { unchanged: exhibitorView(doc, principal, fair)! };
    if (doc.status === 'rejected') throw wrongStatus(doc, 'a rejected application is final');
    assertFair(fair, LIVE_FAIR, 'applications are withdrawn');
    return transition(doc, 'withdrawn', principal, fair, now, 'fairs.exhibitor.withdrawn.v1', {
      boothIds: [],
    });
  };
}

const DECISION_TARGET: Record<ExhibitorDecision, ExhibitorStatus> = {
  accept: 'accepted',
  waitlist: 'waitlisted',
  reject: 'rejected',
};
const DECISION_FROM: Record<ExhibitorDecision, readonly ExhibitorStatus[]> = {
  accept: ['submitted', 'waitlisted'],
  waitlist: ['submitted'],
  reject: ['submitted', 'waitlisted'],
};

/**
 * Whether a reviewer's decision may be taken now, before anything is written: 'done' when the
 * application already is where the decision leads (a retry), else nothing (throws a refusal).
 */
export function checkDecision(
  doc: ExhibitorDocument,
  decision: ExhibitorDecision,
  principal: Principal,
  fair: ExhibitorFair,
  reason?: string,
): 'go' | 'done' {
  assertReviewer(principal, fair);
  if (doc.status === 'draft') throw refuse(404, 'NOT_FOUND', 'not_found', 'No such application');
  if (doc.status === DECISION_TARGET[decision]) return 'done';
  if (!DECISION_FROM[decision].includes(doc.status))
    throw wrongStatus(
      doc,
      `${decision} takes an application that is ${DECISION_FROM[decision].join(' or ')}`,
    );
  assertFair(fair, DECIDABLE_FAIR, 'exhibitors are decided');
  if (decision === 'reject' && !reason)
    throw AppError.validation([{ field: 'reason', message: 'Say why the application is rejected' }]);
  return 'go';
}

/**
 * A reviewer's decision on the application: accepted (with the booths the ledger assigned),
 * waitlisted, or rejected with a reason; guarded on the status read, a repeat changes nothing.
 */
export function decideDecision(
  decision: ExhibitorDecision,
  principal: Principal,
  fair: ExhibitorFair,
  options: { reason?: string; boothIds?: string[] } = {},
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    if (checkDecision(doc, decision, principal, fair, options.reason) === 'done')
      return { unchanged: exhibitorView(doc, principal, fair)! };
    const to = DECISION_TARGET[decision];
    if (decision === 'accept')
      return transition(doc, to, principal, fair, now, 'fairs.exhibitor.accepted.v1', {
        boothIds: options.boothIds ?? [],
      });
    if (decision === 'waitlist')
      return transition(doc, to, principal, fair, now, 'fairs.exhibitor.waitlisted.v1');
    return transition(
      doc,
      to,
      principal,
      fair,
      now,
      'fairs.exhibitor.rejected.v1',
      { rejectReason: options.reason! },
      options.reason,
    );
  };
}

/** A reviewer's internal note (the organiser's staff hear of it; the enterprise never). */
export function decideNote(
  text: string,
  principal: Principal,
  fair: ExhibitorFair,
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    assertReviewer(principal, fair);
    if (doc.status === 'draft') throw refuse(404, 'NOT_FOUND', 'not_found', 'No such application');
    const note = { text, by: principal.userId, at: now };
    const next = { ...doc, notes: [...doc.notes, note], version: doc.version + 1, updatedAt: now };
    return {
      push: { notes: note },
      events: [
        event('fairs.exhibitor.noted.v1', {
          fairId: doc.fairId,
          orgId: doc.enterprise.orgId,
          organiserOrgId: doc.organiserOrgId,
          note: { text, by: principal.userId, at: now.toISOString() },
        }),
      ],
      reply: exhibitorView(next, principal, fair)!,
    };
  };
}

/** A reviewer approves an accepted exhibitor's pending changes, or rejects them with a reason. */
export function decideReviewChanges(
  outcome: 'approve' | 'reject',
  principal: Principal,
  fair: ExhibitorFair,
  reason?: string,
): (doc: ExhibitorDocument, context: DecisionContext) => Decision<ExhibitorDocument, ExhibitorView> {
  return (doc, { now }) => {
    assertReviewer(principal, fair);
    if (doc.status !== 'accepted')
      throw wrongStatus(doc, 'only an accepted exhibitor’s changes are reviewed');
    const pending = doc.pendingChanges;
    if (!pending) throw refuse(409, 'CONFLICT', 'wrong_status', 'No changes are pending');
    if (outcome === 'reject' && !reason)
      throw AppError.validation([{ field: 'reason', message: 'Say why the changes are rejected' }]);
    const review = {
      outcome: outcome === 'approve' ? ('approved' as const) : ('rejected' as const),
      at: now,
      by: principal.userId,
      ...(reason ? { reason } : {}),
    };
    const set: Partial<ExhibitorDocument> =
      outcome === 'approve'
        ? {
            enterprise: { ...doc.enterprise, name: pending.proposed.enterpriseName },
            products: pending.proposed.products,
            note: pending.proposed.note,
            lastChangesReview: review,
          }
        : { lastChangesReview: review };
    const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now };
    delete next.pendingChanges;
    return {
      set,
      unset: ['pendingChanges'],
      where: { status: 'accepted' },
      events: [exhibitorEvent('fairs.exhibitor.changes-reviewed.v1', doc, next)],
      reply: exhibitorView(next, principal, fair)!,
    };
  };
}
