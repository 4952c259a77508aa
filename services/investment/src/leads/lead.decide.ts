import {
  AppError,
  CLOSED_LEAD_STATUSES,
  event,
  hasRole,
  LEAD_STAGE_GATES,
  LEAD_STAGE_VALUES,
  LEAD_STAGES,
  nextLeadStage,
  type EnterpriseRef,
  type EventSpec,
  type InvestmentField,
  type InvestmentLeadView,
  type LeadActivity,
  type LeadActivityKind,
  type LEAD_CHANGES,
  type LeadAudience,
  type LeadCard,
  type LeadHistoryEntry,
  type LeadLane,
  type LeadOrigin,
  type LeadStage,
  type LeadStatus,
  type LeadValues,
  type Principal,
} from '@qingshui/contracts';
import { pairOf } from '@qingshui/regions';
import type { Change, Decision } from '@qingshui/persistence';
import type { LeadSnapshot } from '../lead-snapshot';
import type { LeadDocument } from './lead.schema';

// Leads, pure: who reads and works a lead, what each stage's gate still misses, and every change a
// command makes (the document's new fields, the events, the reply). No I/O; unit-tested in
// lead.decide.spec.ts. The service does the I/O around them (owners' capacity, projections).

export type NewLead = Omit<LeadDocument, 'outbox' | 'outboxPending'>;
/** What a decision answers: the lead as written (the service makes the view and projections). */
export type LeadDecision = Decision<LeadDocument, NewLead>;
/** Nothing to write: the lead already is what was asked (an idempotent repeat). */
const unchanged = (doc: NewLead): LeadDecision => ({ unchanged: doc });

const MAX_ACTIVITIES = 2000;
const MAX_TASKS = 500;
const MAX_HISTORY = 2000;

// --- reading ---
const isAdmin = (p: Principal) => hasRole(p, 'admin');
const isCadreOf = (p: Principal, doc: Pick<NewLead, 'county' | 'district'>) =>
  hasRole(p, 'cadre') && !!p.region && (p.region === doc.county || p.region === doc.district);

/** The enterprise concerned (its staff), the owners past and present, the cadres of the county and its pair, admins. */
export function mayRead(p: Principal, doc: NewLead): boolean {
  if (isAdmin(p) || isCadreOf(p, doc)) return true;
  if (doc.owner?.userId === p.userId || doc.previousOwnerIds.includes(p.userId)) return true;
  return !!doc.enterprise.orgId && p.orgId === doc.enterprise.orgId && hasRole(p, 'enterprise', 'cadre');
}
/** Who works a lead (fills values, moves it, records activities): its owner, the pair's cadres, admins. */
export function mayWork(p: Principal, doc: NewLead): boolean {
  return isAdmin(p) || isCadreOf(p, doc) || doc.owner?.userId === p.userId;
}
export function assertReadable(p: Principal, doc: NewLead | null, id: string): asserts doc is NewLead {
  // A lead one may not read is answered as one that does not exist: its existence is not told.
  if (!doc || !mayRead(p, doc)) throw AppError.notFound(`No lead with id ${id}`);
}
function assertWorkable(p: Principal, doc: NewLead): void {
  if (!mayWork(p, doc))
    throw AppError.forbidden(
      'Only the lead’s owner, the cadres of its county and paired district, or an admin',
    );
}

// --- gates ---
const hasValue = (v: unknown) =>
  v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && !v.length);
const isMeeting = (kind: LeadActivityKind) => kind === 'visit' || kind === 'meeting';

/** The fields a stage's gate requires that the lead (with `extra` values filled in) still misses. */
export function missingFor(doc: NewLead, stage: LeadStage, extra: LeadValues = {}): string[] {
  const values: LeadValues = { ...doc.values, ...extra };
  return LEAD_STAGE_GATES[stage].filter((field) => {
    switch (field) {
      case 'ownerId':
        return !doc.owner;
      case 'county':
        return !doc.county;
      case 'field':
        return !doc.field;
      case 'meetingRecord':
        return !hasValue(values.meetingRecord) && !doc.activities.some((a) => isMeeting(a.kind));
      default:
        return !hasValue(values[field]);
    }
  });
}
export const isClosed = (doc: Pick<NewLead, 'status'>) => CLOSED_LEAD_STATUSES.includes(doc.status);
export const isOpen = (doc: Pick<NewLead, 'status' | 'stage'>) => !isClosed(doc) && doc.stage !== 'landed';

function gateError(stage: LeadStage, missing: string[]): AppError {
  return new AppError(
    422,
    'VALIDATION_FAILED',
    `Moving to ${stage} requires ${missing.join(', ')}`,
    missing.map((field) => ({ field, message: `Required for ${stage}` })),
  );
}
const conflict = (field: string, message: string) =>
  new AppError(409, 'CONFLICT', message, [{ field, message }]);

// --- views ---
/** The lane a lead counts in, and the amount it counts there. */
export function laneOf(doc: Pick<NewLead, 'stage' | 'status'>): LeadLane {
  return isClosed(doc) ? 'closed' : doc.stage;
}
export function amountOf(doc: Pick<NewLead, 'stage' | 'status' | 'values'>): number {
  const lane = laneOf(doc);
  if (lane === 'landed') return doc.values.actualInvestmentYuan ?? 0;
  if (lane === 'signed') return doc.values.signedAmountYuan ?? 0;
  return doc.values.estimatedAmountYuan ?? 0;
}
/** The totals' cell of a lead: `<field>~<origin kind>~<lane>`. */
export const cellOf = (doc: Pick<NewLead, 'field' | 'origin' | 'stage' | 'status'>) =>
  `${doc.field ?? 'none'}~${doc.origin.kind}~${laneOf(doc)}`;

export function leadCard(doc: NewLead): LeadCard {
  const next = nextLeadStage(doc.stage);
  const amount = amountOf(doc);
  return {
    id: doc._id,
    title: doc.title,
    enterpriseName: doc.enterprise.name,
    enterpriseId: doc.enterprise.enterpriseId,
    county: doc.county,
    pairId: doc.pairId,
    ...(doc.field ? { field: doc.field } : {}),
    originKind: doc.origin.kind,
    stage: doc.stage,
    status: doc.status,
    ...(amount ? { amountYuan: amount } : {}),
    ...(doc.owner ? { owner: doc.owner } : {}),
    nextStage: next,
    missingForNext: next ? missingFor(doc, next) : [],
    landingRequested: !!doc.landing,
    lastActivityAt: new Date(doc.lastActivityAt).toISOString(),
    version: doc.version,
  };
}

export function leadView(doc: NewLead): InvestmentLeadView {
  const next = nextLeadStage(doc.stage);
  return {
    id: doc._id,
    title: doc.title,
    enterprise: doc.enterprise,
    ...(doc.needId ? { needId: doc.needId } : {}),
    ...(doc.projectId ? { projectId: doc.projectId } : {}),
    county: doc.county,
    pairId: doc.pairId,
    district: doc.district,
    ...(doc.field ? { field: doc.field } : {}),
    origin: doc.origin,
    originChain: doc.originChain,
    stage: doc.stage,
    status: doc.status,
    ...(doc.lostReason ? { lostReason: doc.lostReason } : {}),
    values: doc.values,
    stageValues: doc.stageValues,
    nextStage: next,
    missingForNext: next ? missingFor(doc, next) : [],
    ...(doc.owner ? { owner: doc.owner } : {}),
    previousOwnerIds: doc.previousOwnerIds,
    ...(doc.landing ? { landing: doc.landing } : {}),
    stageLog: doc.stageLog,
    history: doc.history,
    activities: doc.activities,
    tasks: doc.tasks,
    lastActivityAt: new Date(doc.lastActivityAt).toISOString(),
    createdAt: new Date(doc.createdAt).toISOString(),
    createdBy: doc.createdBy,
    version: doc.version,
  };
}

export function audienceOf(doc: NewLead): LeadAudience {
  return {
    ...(doc.owner ? { ownerId: doc.owner.userId } : {}),
    previousOwnerIds: doc.previousOwnerIds,
    ...(doc.enterprise.orgId ? { orgId: doc.enterprise.orgId } : {}),
    county: doc.county,
    district: doc.district,
  };
}

/** What the assignment part is handed after every change (lead-snapshot.ts). */
export function snapshotOf(doc: NewLead): LeadSnapshot {
  return {
    id: doc._id,
    version: doc.version,
    stage: doc.stage,
    status: doc.status,
    county: doc.county,
    pairId: doc.pairId,
    ...(doc.field ? { field: doc.field } : {}),
    ...(doc.values.estimatedAmountYuan !== undefined
      ? { estimatedAmountYuan: doc.values.estimatedAmountYuan }
      : {}),
    enterprise: doc.enterprise,
    ...(doc.owner ? { ownerId: doc.owner.userId } : {}),
    lastActivityAt: new Date(doc.lastActivityAt).toISOString(),
    ...(doc.values.expectedSigningDate ? { expectedSigningDate: doc.values.expectedSigningDate } : {}),
    tasks: doc.tasks
      .filter((t) => !t.done)
      .map((t) => ({ id: t.id, title: t.title, dueAt: t.dueAt, done: t.done })),
    origin: doc.origin,
  };
}

// --- writing ---
const by = (p: Principal) => ({ by: p.userId, ...(p.name ? { byName: p.name } : {}) });
function historyEntry(
  p: Principal,
  now: Date,
  action: LeadHistoryEntry['action'],
  detail?: string,
  fields?: string[],
): LeadHistoryEntry {
  return {
    at: now.toISOString(),
    ...by(p),
    action,
    ...(detail ? { detail } : {}),
    ...(fields?.length ? { fields } : {}),
  };
}
const capped = <T>(list: readonly T[], item: T, max: number): T[] => [...list, item].slice(-max);

/**
 * One change: the fields set (and unset), the new version, the event, and the lead as written for
 * the reply. Every command's decision ends here.
 */
function changeTo(
  doc: LeadDocument,
  set: Partial<LeadDocument>,
  now: Date,
  makeEvent: (next: NewLead) => EventSpec,
  unset: (keyof LeadDocument & string)[] = [],
): Change<LeadDocument, NewLead> {
  const next = { ...doc, ...set, version: doc.version + 1, updatedAt: now } as LeadDocument;
  for (const key of unset) delete next[key];
  const { outbox: _o, outboxPending: _p, ...written } = next;
  return {
    set,
    ...(unset.length ? { unset } : {}),
    events: [makeEvent(written)],
    reply: written,
  };
}
const changed =
  (change: (typeof LEAD_CHANGES)[number]) =>
  (next: NewLead): EventSpec =>
    event('investment.lead.changed.v1', { lead: leadCard(next), change, audience: audienceOf(next) });

export interface CreateLeadInput {
  id: string;
  title: string;
  enterprise: EnterpriseRef;
  county: string;
  field?: InvestmentField | undefined;
  needId?: string | undefined;
  projectId?: string | undefined;
  values: LeadValues;
  origin: LeadOrigin;
  originKey?: string;
  originEventId?: string;
  owner?: { userId: string; name: string } | undefined;
  activity?: Omit<LeadActivity, 'by'>;
}

/**
 * Who may open a lead: an admin for any county, a cadre for their county or its paired district,
 * an enterprise for itself (its organisation). Only cadres and admins name an owner.
 */
export function assertMayCreate(
  p: Principal,
  input: { county: string; enterprise: EnterpriseRef; ownerId?: string | undefined },
): void {
  const pair = pairOf(input.county);
  if (!pair) throw AppError.validation([{ field: 'county', message: 'Unknown county' }]);
  if (isAdmin(p)) return;
  if (hasRole(p, 'cadre') && (p.region === pair.county.id || p.region === pair.beijing.id)) return;
  if (hasRole(p, 'enterprise')) {
    if (!p.orgId || input.enterprise.orgId !== p.orgId)
      throw AppError.forbidden('An enterprise opens leads for itself only (enterprise.orgId is yours)');
    if (input.ownerId) throw AppError.forbidden('Only a cadre or an admin names a lead’s owner');
    return;
  }
  throw AppError.forbidden(
    'Only the cadres of the county or its paired district, an admin, or the enterprise',
  );
}

/** A new lead at prospect, its origin the first of its chain; its event in its outbox. */
export function decideCreate(
  input: CreateLeadInput,
  p: Principal,
  now: Date,
): { doc: NewLead; events: EventSpec[] } {
  const pair = pairOf(input.county);
  if (!pair) throw AppError.validation([{ field: 'county', message: 'Unknown county' }]);
  const doc: NewLead = {
    _id: input.id,
    title: input.title,
    enterprise: input.enterprise,
    ...(input.needId ? { needId: input.needId } : {}),
    ...(input.projectId ? { projectId: input.projectId } : {}),
    county: pair.county.id,
    pairId: pair.id,
    district: pair.beijing.id,
    ...(input.field ? { field: input.field } : {}),
    origin: input.origin,
    originChain: [input.origin],
    ...(input.originKey ? { originKey: input.originKey } : {}),
    originEventIds: input.originEventId ? [input.originEventId] : [],
    stage: 'prospect',
    status: 'ongoing',
    values: input.values,
    stageValues: { prospect: pick(input.values, LEAD_STAGES[0]) },
    ...(input.owner ? { owner: input.owner } : {}),
    previousOwnerIds: [],
    stageLog: [],
    history: [
      historyEntry(
        p,
        now,
        'opened',
        input.origin.kind === 'manual' ? undefined : `origin ${input.origin.kind}`,
      ),
    ],
    activities: input.activity ? [{ ...input.activity, by: p.userId }] : [],
    tasks: [],
    mergeIds: [],
    lastActivityAt: input.activity ? new Date(Math.max(now.getTime(), Date.parse(input.activity.at))) : now,
    createdAt: now,
    createdBy: p.userId,
    updatedAt: now,
    version: 1,
  };
  return {
    doc,
    events: [event('investment.lead.opened.v1', { lead: leadCard(doc), audience: audienceOf(doc) })],
  };
}

function pick(values: LeadValues, stage: LeadStage): LeadValues {
  const keys = LEAD_STAGE_VALUES[stage];
  return Object.fromEntries(Object.entries(values).filter(([k]) => keys.includes(k as keyof LeadValues)));
}
const changedKeys = (before: LeadValues, patch: LeadValues) =>
  Object.keys(patch).filter(
    (k) => JSON.stringify(before[k as keyof LeadValues]) !== JSON.stringify(patch[k as keyof LeadValues]),
  );

/** Values and descriptive fields filled in; nothing new is unchanged. */
export function decideUpdate(
  doc: LeadDocument,
  input: {
    title?: string | undefined;
    field?: InvestmentField | undefined;
    needId?: string | undefined;
    projectId?: string | undefined;
    values: LeadValues;
  },
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (doc.stage === 'landed') throw conflict('stage', 'A landed lead’s values are kept as verified');
  const fields = changedKeys(doc.values, input.values);
  const set: Partial<LeadDocument> = {};
  for (const key of ['title', 'field', 'needId', 'projectId'] as const)
    if (input[key] !== undefined && input[key] !== doc[key]) {
      (set as Record<string, unknown>)[key] = input[key];
      fields.push(key);
    }
  if (!fields.length) return unchanged(doc);
  if (Object.keys(input.values).length) set.values = { ...doc.values, ...input.values };
  set.history = capped(doc.history, historyEntry(p, now, 'values', undefined, fields), MAX_HISTORY);
  return changeTo(doc, set, now, changed('values'));
}

export interface MoveFacts {
  /** The principal coordinates investment for the district paired with the lead's county. */
  pairCoordinator: boolean;
  /** An owner the county's rules picked for a move to assigned of a lead without one. */
  claimedOwner?: { userId: string; name: string } | undefined;
}

/**
 * A move: forward one stage when its gate is met (the values given in the same step count), or back
 * with a reason; landed only through the office's verification. Only the owner or the pair's
 * coordinator moves a lead to signed. The stage entered keeps its values as they are now.
 */
export function decideMove(
  doc: LeadDocument,
  input: { to: LeadStage; values: LeadValues; reason?: string | undefined },
  p: Principal,
  facts: MoveFacts,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (input.to === doc.stage && !Object.keys(input.values).length) return unchanged(doc);
  if (isClosed(doc)) throw conflict('status', `The lead is ${doc.status}: reopen it first`);
  const from = LEAD_STAGES.indexOf(doc.stage);
  const to = LEAD_STAGES.indexOf(input.to);
  if (doc.stage === 'landed') throw conflict('stage', 'A landed lead stays landed');
  if (input.to === 'landed')
    throw conflict('to', 'A lead lands when the cooperation office verifies it: request the landing');
  const values = { ...doc.values, ...input.values };
  const base = { ...doc, values, ...(facts.claimedOwner && !doc.owner ? { owner: facts.claimedOwner } : {}) };
  const at = now.toISOString();
  if (to < from) {
    if (!input.reason)
      throw AppError.validation([{ field: 'reason', message: 'A move back needs a reason' }]);
    return changeTo(
      doc,
      {
        stage: input.to,
        values,
        stageLog: [
          ...doc.stageLog,
          {
            from: doc.stage,
            to: input.to,
            direction: 'back',
            at,
            ...by(p),
            reason: input.reason,
            values: pick(values, input.to),
          },
        ],
      },
      now,
      stageChanged(doc.stage, input.to, 'back'),
      doc.landing ? ['landing'] : [],
    );
  }
  if (to !== from + 1)
    throw conflict('to', `A lead moves forward one stage at a time: next is ${LEAD_STAGES[from + 1]}`);
  if (input.to === 'signed' && doc.owner?.userId !== p.userId && !facts.pairCoordinator)
    throw AppError.forbidden('Only the lead’s owner or the paired district’s coordinator signs it');
  const missing = missingFor(base, input.to);
  if (missing.length) throw gateError(input.to, missing);
  return changeTo(
    doc,
    {
      stage: input.to,
      values,
      ...(base.owner && !doc.owner ? { owner: base.owner } : {}),
      stageValues: { ...doc.stageValues, [input.to]: pick(values, input.to) },
      stageLog: [
        ...doc.stageLog,
        {
          from: doc.stage,
          to: input.to,
          direction: 'forward',
          at,
          ...by(p),
          ...(input.reason ? { reason: input.reason } : {}),
          values: pick(values, input.to),
        },
      ],
    },
    now,
    stageChanged(doc.stage, input.to, 'forward'),
  );
}
const stageChanged =
  (from: LeadStage, to: LeadStage, direction: 'forward' | 'back') =>
  (next: NewLead): EventSpec =>
    event('investment.lead.stage-changed.v1', {
      lead: leadCard(next),
      from,
      to,
      direction,
      audience: audienceOf(next),
    });

/** The owner (or the pair's coordinator) reports a signed deal landed, with the landing's fields. */
export function decideRequestLanding(
  doc: LeadDocument,
  input: { values: LeadValues; note?: string | undefined },
  p: Principal,
  facts: { pairCoordinator: boolean },
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (doc.owner?.userId !== p.userId && !facts.pairCoordinator)
    throw AppError.forbidden('Only the lead’s owner or the paired district’s coordinator reports a landing');
  if (isClosed(doc)) throw conflict('status', `The lead is ${doc.status}: reopen it first`);
  if (doc.stage !== 'signed') throw conflict('stage', 'Only a signed lead is reported landed');
  const values = { ...doc.values, ...input.values };
  const missing = missingFor({ ...doc, values }, 'landed');
  if (missing.length) throw gateError('landed', missing);
  const landing = {
    requestedAt: now.toISOString(),
    requestedBy: p.userId,
    ...(input.note ? { note: input.note } : {}),
  };
  return changeTo(
    doc,
    {
      values,
      landing,
      history: capped(doc.history, historyEntry(p, now, 'landing-requested', input.note), MAX_HISTORY),
    },
    now,
    changed('landing-requested'),
  );
}

/** The cooperation office verifies a reported landing (the lead lands) or returns it. */
export function decideVerifyLanding(
  doc: LeadDocument,
  input: { decision: 'verify' | 'return'; note?: string | undefined },
  p: Principal,
  now: Date,
): LeadDecision {
  if (!isAdmin(p)) throw AppError.forbidden('Only the cooperation office (an admin) verifies a landing');
  if (doc.stage === 'landed' && input.decision === 'verify') return unchanged(doc);
  if (doc.stage !== 'signed' || !doc.landing)
    throw conflict('landing', 'No landing of this lead waits for verification');
  if (isClosed(doc)) throw conflict('status', `The lead is ${doc.status}`);
  if (input.decision === 'return')
    return changeTo(
      doc,
      { history: capped(doc.history, historyEntry(p, now, 'landing-returned', input.note), MAX_HISTORY) },
      now,
      changed('landing-returned'),
      ['landing'],
    );
  const missing = missingFor(doc, 'landed');
  if (missing.length) throw gateError('landed', missing);
  return changeTo(
    doc,
    {
      stage: 'landed',
      stageValues: { ...doc.stageValues, landed: pick(doc.values, 'landed') },
      stageLog: [
        ...doc.stageLog,
        {
          from: 'signed',
          to: 'landed',
          direction: 'forward',
          at: now.toISOString(),
          ...by(p),
          ...(input.note ? { reason: input.note } : {}),
          values: pick(doc.values, 'landed'),
        },
      ],
    },
    now,
    stageChanged('signed', 'landed', 'forward'),
    ['landing'],
  );
}

/** A status: lost needs its reason; lost and abandoned close the lead; another status reopens it. */
export function decideStatus(
  doc: LeadDocument,
  input: { status: LeadStatus; reason?: string | undefined },
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (input.status === 'lost' && !input.reason)
    throw AppError.validation([{ field: 'reason', message: 'A lost lead needs its reason' }]);
  if (input.status === doc.status && (input.status !== 'lost' || input.reason === doc.lostReason))
    return unchanged(doc);
  if (doc.stage === 'landed') throw conflict('stage', 'A landed lead keeps its status');
  const reopened = isClosed(doc) && !CLOSED_LEAD_STATUSES.includes(input.status);
  const detail = `${doc.status} → ${input.status}${reopened ? ' (reopened)' : ''}${input.reason ? `: ${input.reason}` : ''}`;
  return changeTo(
    doc,
    {
      status: input.status,
      ...(input.status === 'lost' ? { lostReason: input.reason! } : {}),
      history: capped(doc.history, historyEntry(p, now, 'status', detail), MAX_HISTORY),
    },
    now,
    changed('status'),
    input.status === 'lost' || !doc.lostReason ? [] : ['lostReason'],
  );
}

/** Another owner, with the reason; the previous one keeps read access. */
export function decideReassign(
  doc: LeadDocument,
  owner: { userId: string; name: string },
  reason: string,
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (doc.owner?.userId === owner.userId) return unchanged(doc);
  const previous = doc.owner?.userId;
  return changeTo(
    doc,
    {
      owner,
      previousOwnerIds:
        previous && !doc.previousOwnerIds.includes(previous)
          ? [...doc.previousOwnerIds, previous]
          : doc.previousOwnerIds,
      history: capped(
        doc.history,
        historyEntry(p, now, 'owner', `${previous ?? '—'} → ${owner.userId}: ${reason}`),
        MAX_HISTORY,
      ),
    },
    now,
    changed('owner'),
  );
}

const later = (doc: NewLead, at: string) =>
  new Date(Math.max(new Date(doc.lastActivityAt).getTime(), Date.parse(at)));

export function decideActivity(
  doc: LeadDocument,
  input: { id: string; kind: LeadActivityKind; at: string; people: string[]; summary: string },
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (doc.activities.length >= MAX_ACTIVITIES)
    throw conflict('activities', `A lead keeps at most ${MAX_ACTIVITIES} activities`);
  if (Date.parse(input.at) > now.getTime() + 86_400_000)
    throw AppError.validation([{ field: 'at', message: 'An activity happened already (not in the future)' }]);
  const activity: LeadActivity = { ...input, at: new Date(input.at).toISOString(), by: p.userId };
  return changeTo(
    doc,
    { activities: [...doc.activities, activity], lastActivityAt: later(doc, activity.at) },
    now,
    changed('activity'),
  );
}

export function decideAddTask(
  doc: LeadDocument,
  input: { id: string; title: string; dueAt: string },
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  if (doc.tasks.length >= MAX_TASKS) throw conflict('tasks', `A lead keeps at most ${MAX_TASKS} tasks`);
  const task = {
    id: input.id,
    title: input.title,
    dueAt: new Date(input.dueAt).toISOString(),
    done: false,
    by: p.userId,
  };
  return changeTo(doc, { tasks: [...doc.tasks, task], lastActivityAt: now }, now, changed('task'));
}

export function decideSetTask(
  doc: LeadDocument,
  input: { taskId: string; done: boolean },
  p: Principal,
  now: Date,
): LeadDecision {
  assertWorkable(p, doc);
  const task = doc.tasks.find((t) => t.id === input.taskId);
  if (!task) throw AppError.notFound(`No task ${input.taskId} on this lead`);
  if (task.done === input.done) return unchanged(doc);
  const tasks = doc.tasks.map((t) => {
    if (t.id !== input.taskId) return t;
    const { doneAt: _d, ...rest } = t;
    return input.done ? { ...rest, done: true, doneAt: now.toISOString() } : { ...rest, done: false };
  });
  return changeTo(doc, { tasks, lastActivityAt: now }, now, changed('task'));
}

/**
 * A later origin event for a lead that exists (a rescan, another contact): one activity per event
 * id, and the origin onto the chain; the same event again changes nothing.
 */
export function decideOriginEvent(
  doc: LeadDocument,
  input: { eventId: string; origin: LeadOrigin; activity: Omit<LeadActivity, 'by' | 'eventId'> },
  p: Principal,
  now: Date,
): LeadDecision {
  if (doc.originEventIds.includes(input.eventId)) return unchanged(doc);
  const activity: LeadActivity = { ...input.activity, by: p.userId, eventId: input.eventId };
  return changeTo(
    doc,
    {
      originEventIds: capped(doc.originEventIds, input.eventId, MAX_ACTIVITIES),
      originChain: capped(doc.originChain, input.origin, 200),
      activities: capped(doc.activities, activity, MAX_ACTIVITIES),
      lastActivityAt: later(doc, activity.at),
    },
    now,
    changed('origin'),
  );
}

/** A merge of enterprises: the lead now names the survivor; once per merge id. */
export function decideMerge(
  doc: LeadDocument,
  input: { from: EnterpriseRef; to: EnterpriseRef; mergeId: string },
  p: Principal,
  now: Date,
): LeadDecision {
  if (doc.mergeIds.includes(input.mergeId) || doc.enterprise.enterpriseId !== input.from.enterpriseId)
    return unchanged(doc);
  const orgId = input.to.orgId ?? doc.enterprise.orgId;
  return changeTo(
    doc,
    {
      enterprise: { enterpriseId: input.to.enterpriseId, name: input.to.name, ...(orgId ? { orgId } : {}) },
      mergeIds: [...doc.mergeIds, input.mergeId],
      history: capped(
        doc.history,
        historyEntry(
          p,
          now,
          'merged',
          `merge ${input.mergeId}: ${input.from.name} (${input.from.enterpriseId}) → ${input.to.name} (${input.to.enterpriseId})`,
        ),
        MAX_HISTORY,
      ),
    },
    now,
    changed('merged'),
  );
}

/** The boards a lead's card is on (schema: LeadBoardDocument). */
export function boardsOf(doc: NewLead): string[] {
  return [
    `county:${doc.county}`,
    `enterprise:${doc.enterprise.enterpriseId}`,
    ...(doc.enterprise.orgId ? [`org:${doc.enterprise.orgId}`] : []),
    ...(doc.owner ? [`owner:${doc.owner.userId}`] : []),
    ...(doc.landing && doc.stage === 'signed' && !isClosed(doc) ? ['verify'] : []),
  ];
}
