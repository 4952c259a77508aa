import {
  ESCALATION_DAYS,
  IDLE_DAYS_BY_STAGE,
  SIGNING_NOTICE_DAYS,
  event,
  isOpenLead,
  type LeadFollowUps,
  type ReminderView,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { LeadSnapshot } from '../lead-snapshot';
import type {
  FiredReminder,
  FollowUpDocument,
  LeadFacts,
  PlannedStep,
  ReminderReason,
} from './follow-up.schema';

// Follow-up reminders as pure decisions: which reasons a lead's snapshot has (no activity for the
// stage's days, the signing date near, a task overdue), which jobs that plans, and what a job that
// runs records (or that it is stale and does nothing).

export interface PlanSettings {
  dayMs: number;
  escalationDays: number;
}
export const DEFAULT_PLAN: PlanSettings = { dayMs: 86_400_000, escalationDays: ESCALATION_DAYS };

/** A delayed job of the follow-ups: which lead, at which snapshot, which reminder, which step. */
export interface FollowUpJob {
  leadId: string;
  leadVersion: number;
  reminderId: string;
  step: 'remind' | 'escalate';
}

/** Deterministic (the same plan schedules each job once) and free of ':' (BullMQ's separator). */
export const followUpJobId = (job: FollowUpJob): string =>
  `inv-fu-${job.leadId}-v${job.leadVersion}-${job.reminderId}-${job.step}`;

/** The history a follow-up document keeps (oldest resolved reminders go first). */
export const MAX_FIRED = 100;

const unchanged = <R>(reply: R) => ({ unchanged: reply });

/** 12 hex digits of two FNV-1a hashes of the parts: short, stable ids, no I/O (crypto is not needed: ids, not secrets). */
function digest(parts: readonly unknown[]): string {
  const text = JSON.stringify(parts);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x5bd1e995) >>> 0;
  }
  return (a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0')).slice(0, 12);
}

/** The expected signing date's morning in China (dates are the counties' calendar days). */
const signingMoment = (date: string): number => Date.parse(`${date}T09:00:00+08:00`);

/**
 * The reasons a lead has for reminders now. Each reason's id names what it counts from (the stage
 * and the last activity, the date, the task and its due time) and the owner, so that when any of
 * these changes the old reminder is resolved and a new one planned. Closed and landed leads: none.
 */
export function reasonsOf(lead: LeadSnapshot, now: Date, settings: PlanSettings): ReminderReason[] {
  if (!isOpenLead(lead)) return [];
  const owner = lead.ownerId ?? '';
  const reasons: ReminderReason[] = [];
  if (lead.stage !== 'landed') {
    const days = IDLE_DAYS_BY_STAGE[lead.stage];
    const from = Date.parse(lead.lastActivityAt);
    reasons.push({
      id: `idle-${digest(['idle', lead.stage, lead.lastActivityAt, owner])}`,
      kind: 'idle',
      stage: lead.stage,
      days,
      dueAt: new Date(from + days * settings.dayMs),
    });
  }
  if (lead.expectedSigningDate && ['prospect', 'assigned', 'active'].includes(lead.stage)) {
    const at = signingMoment(lead.expectedSigningDate);
    // Once the date has passed, the idle reminder is what still reminds.
    if (Number.isFinite(at) && now.getTime() < at)
      reasons.push({
        id: `signing-${digest(['signing', lead.expectedSigningDate, owner])}`,
        kind: 'signing',
        stage: lead.stage,
        days: SIGNING_NOTICE_DAYS,
        dueAt: new Date(at - SIGNING_NOTICE_DAYS * settings.dayMs),
      });
  }
  for (const task of lead.tasks) {
    if (task.done) continue;
    const due = Date.parse(task.dueAt);
    if (!Number.isFinite(due)) continue;
    reasons.push({
      id: `task-${digest(['task', task.id, task.dueAt, owner])}`,
      kind: 'task',
      stage: lead.stage,
      taskTitle: task.title,
      dueAt: new Date(due),
    });
  }
  return reasons;
}

/**
 * The jobs that a lead's reasons and fired reminders call for: a reminder not fired yet is due at
 * its time; one fired, open and not escalated escalates `escalationDays` after it fired, unless
 * there was activity on the lead since (for idle reminders activity resolves them anyway).
 */
export function planSteps(
  reasons: readonly ReminderReason[],
  fired: readonly FiredReminder[],
  lastActivityAt: Date,
  settings: PlanSettings,
): PlannedStep[] {
  const steps: PlannedStep[] = [];
  for (const reason of reasons) {
    const done = fired.find((f) => f.id === reason.id);
    if (!done) {
      steps.push({ ...reason, step: 'remind', runAt: reason.dueAt });
      continue;
    }
    if (done.resolvedAt || done.escalatedAt) continue;
    if (lastActivityAt.getTime() > done.firedAt.getTime()) continue;
    steps.push({
      ...reason,
      step: 'escalate',
      runAt: new Date(done.firedAt.getTime() + settings.escalationDays * settings.dayMs),
    });
  }
  return steps;
}

const openOf = (fired: readonly FiredReminder[]) => fired.filter((f) => !f.resolvedAt);

/** Who has an open reminder of the lead (the owner it went to, the coordinators it escalated to). */
export function recipientsOf(fired: readonly FiredReminder[]): string[] {
  return [...new Set(openOf(fired).flatMap((f) => [...f.sentTo, ...f.escalatedTo]))];
}

/** Keeps the history bounded: the oldest resolved reminders are dropped first. */
function bounded(fired: FiredReminder[]): FiredReminder[] {
  let out = fired;
  while (out.length > MAX_FIRED) {
    const oldest = out.findIndex((f) => f.resolvedAt);
    out = out.filter((_, i) => i !== (oldest >= 0 ? oldest : 0));
  }
  return out;
}

export function factsOf(lead: LeadSnapshot, previous: LeadFacts | undefined): LeadFacts {
  const pastOwners = new Set(previous?.pastOwners ?? []);
  if (previous?.ownerId && previous.ownerId !== lead.ownerId) pastOwners.add(previous.ownerId);
  if (lead.ownerId) pastOwners.delete(lead.ownerId);
  return {
    stage: lead.stage,
    status: lead.status,
    county: lead.county,
    pairId: lead.pairId,
    ...(lead.ownerId ? { ownerId: lead.ownerId } : {}),
    pastOwners: [...pastOwners],
    ...(lead.enterprise.orgId ? { orgId: lead.enterprise.orgId } : {}),
    enterpriseName: lead.enterprise.name,
    lastActivityAt: new Date(lead.lastActivityAt),
  };
}

/** Who got added to or dropped from the lead's open reminders by a write (their boxes follow). */
export interface RecipientChange {
  added: string[];
  removed: string[];
}

const jobOf = (leadId: string, leadVersion: number, step: PlannedStep): FollowUpJob => ({
  leadId,
  leadVersion,
  reminderId: step.id,
  step: step.step,
});

/**
 * A new snapshot of the lead: re-plan from it. An older or repeated snapshot (a retry, a message
 * out of order) changes nothing. The previous plan's jobs are removed; the worker would skip them anyway.
 */
export function decideLeadChanged(lead: LeadSnapshot, settings: PlanSettings) {
  return (
    doc: FollowUpDocument,
    { now }: DecisionContext,
  ): Decision<FollowUpDocument, RecipientChange, FollowUpJob> => {
    const known = doc.version > 0;
    if (known && lead.version <= doc.leadVersion) return unchanged({ added: [], removed: [] });
    const facts = factsOf(lead, known ? doc.lead : undefined);
    const reasons = reasonsOf(lead, now, settings);
    const current = new Set(reasons.map((r) => r.id));
    const fired = (known ? doc.fired : []).map((f) =>
      f.resolvedAt || current.has(f.id) ? f : { ...f, resolvedAt: now },
    );
    const planned = planSteps(reasons, fired, facts.lastActivityAt, settings);
    const before = known ? doc.recipients : [];
    const recipients = recipientsOf(fired);
    return {
      set: {
        leadVersion: lead.version,
        lead: facts,
        planned,
        fired,
        recipients,
        ...(known ? {} : { createdAt: now }),
      },
      schedule: planned.map((step) => ({ job: jobOf(lead.id, lead.version, step), at: step.runAt })),
      unschedule: known ? doc.planned.map((step) => jobOf(doc._id, doc.leadVersion, step)) : [],
      reply: {
        added: recipients.filter((id) => !before.includes(id)),
        removed: before.filter((id) => !recipients.includes(id)),
      },
    };
  };
}

export type StepOutcome = { outcome: 'fired' | 'escalated' | 'superseded' | 'done'; recipients: string[] };

/**
 * A job runs: it records its reminder only if the document still expects it, at the same lead
 * version; the guarded write fails if the lead changed meanwhile, and the retry finds it superseded.
 */
export function decideStep(job: FollowUpJob, coordinators: readonly string[], settings: PlanSettings) {
  return (
    doc: FollowUpDocument,
    { now }: DecisionContext,
  ): Decision<FollowUpDocument, StepOutcome, FollowUpJob> => {
    const recipients = doc.version > 0 ? doc.recipients : [];
    if (doc.version === 0 || doc.leadVersion !== job.leadVersion)
      return unchanged({ outcome: 'superseded', recipients });
    const planned = doc.planned.find((p) => p.id === job.reminderId && p.step === job.step);
    if (!planned) return unchanged({ outcome: 'done', recipients });
    const { step: _step, runAt: _runAt, ...reason } = planned;
    const rest = doc.planned.filter((p) => p !== planned);
    const owner = doc.lead.ownerId;
    if (job.step === 'remind') {
      // No owner yet: it goes straight to the pair's coordinators, as an escalation.
      const reminder: FiredReminder = owner
        ? { ...reason, firedAt: now, sentTo: [owner], escalatedTo: [] }
        : {
            ...reason,
            firedAt: now,
            sentTo: [...coordinators],
            escalatedAt: now,
            escalatedTo: [...coordinators],
          };
      const escalate: PlannedStep[] = owner
        ? [
            {
              ...reason,
              step: 'escalate',
              runAt: new Date(now.getTime() + settings.escalationDays * settings.dayMs),
            },
          ]
        : [];
      const fired = bounded([...doc.fired, reminder]);
      const next = recipientsOf(fired);
      return {
        set: { planned: [...rest, ...escalate], fired, recipients: next },
        events: [reminderEvent(doc, reminder, escalate[0]?.runAt)],
        schedule: escalate.map((step) => ({ job: jobOf(doc._id, doc.leadVersion, step), at: step.runAt })),
        reply: { outcome: owner ? 'fired' : 'escalated', recipients: next },
      };
    }
    const open = doc.fired.find((f) => f.id === planned.id && !f.resolvedAt && !f.escalatedAt);
    if (!open) return { set: { planned: rest }, reply: { outcome: 'done', recipients } };
    const escalated: FiredReminder = { ...open, escalatedAt: now, escalatedTo: [...coordinators] };
    const fired = doc.fired.map((f) => (f === open ? escalated : f));
    const next = recipientsOf(fired);
    return {
      set: { planned: rest, fired, recipients: next },
      events: [reminderEvent(doc, escalated, undefined)],
      reply: { outcome: 'escalated', recipients: next },
    };
  };
}

function reminderEvent(doc: FollowUpDocument, reminder: FiredReminder, escalatesAt: Date | undefined) {
  return event('investment.lead.reminder.v1', {
    reminder: firedView(doc._id, reminder, escalatesAt),
    county: doc.lead.county,
    pairId: doc.lead.pairId,
    enterpriseName: doc.lead.enterpriseName,
    ...(doc.lead.ownerId ? { ownerId: doc.lead.ownerId } : {}),
    coordinatorIds: reminder.escalatedTo,
  });
}

// --- views ---

const iso = (at: Date | string) => new Date(at).toISOString();

function base(leadId: string, r: ReminderReason) {
  return {
    id: r.id,
    leadId,
    kind: r.kind,
    stage: r.stage,
    ...(r.taskTitle ? { taskTitle: r.taskTitle } : {}),
    ...(r.days === undefined ? {} : { days: r.days }),
    dueAt: iso(r.dueAt),
  };
}

export function firedView(leadId: string, f: FiredReminder, escalatesAt: Date | undefined): ReminderView {
  return {
    ...base(leadId, f),
    state: f.resolvedAt ? 'resolved' : f.escalatedAt ? 'escalated' : 'fired',
    firedAt: iso(f.firedAt),
    sentTo: f.sentTo,
    ...(escalatesAt && !f.resolvedAt ? { escalatesAt: iso(escalatesAt) } : {}),
    ...(f.escalatedAt ? { escalatedAt: iso(f.escalatedAt) } : {}),
    escalatedTo: f.escalatedTo,
  };
}

export function followUpsView(doc: FollowUpDocument): LeadFollowUps {
  const escalations = new Map(
    doc.planned.filter((p) => p.step === 'escalate').map((p) => [p.id, p.runAt] as const),
  );
  return {
    leadId: doc._id,
    leadVersion: doc.leadVersion,
    county: doc.lead.county,
    ...(doc.lead.ownerId ? { ownerId: doc.lead.ownerId } : {}),
    upcoming: doc.planned
      .filter((p) => p.step === 'remind')
      .sort((a, b) => new Date(a.runAt).getTime() - new Date(b.runAt).getTime())
      .map((p) => ({ ...base(doc._id, p), state: 'upcoming' as const, sentTo: [], escalatedTo: [] })),
    history: [...doc.fired]
      .sort((a, b) => new Date(b.firedAt).getTime() - new Date(a.firedAt).getTime())
      .slice(0, 50)
      .map((f) => firedView(doc._id, f, escalations.get(f.id))),
  };
}
