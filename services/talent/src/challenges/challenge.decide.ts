import {
  AppError,
  ApplicationEvents,
  ChallengeEvents,
  event,
  hasRole,
  type ApplicationView,
  type ChallengeView,
  type CreateApplicationInput,
  type CreateChallengeInput,
  type EventSpec,
  type Principal,
  type UpdateChallengeInput,
} from '@qingshui/contracts';
import type { Change, Decision, DecisionContext } from '@qingshui/persistence';
import type { DeadlineJobData } from './challenge-deadlines';
import type { ApplicationRecord, ChallengeState, HistoryRecord } from './challenge.schema';
import {
  assertEditable,
  assertMayApply,
  assertMayPerform,
  canManage,
  isSystem,
  nextApplicationStatus,
  nextStatus,
  pairedDistrictOf,
  posterFor,
  SYSTEM_DEADLINE,
  type ApplicantFacts,
  type ApplicationAction,
  type ChallengeAction,
} from './challenge.rules';
import { factsOf, historyView, summaryOf, toApplicationView, toPublic, toView } from './challenge.views';

// What each operation on a challenge decides, from the document read, the command, who asks and
// the time: the changes, the events, the deadline job and the reply. No I/O: the versioned store
// writes the decision in one guarded update and decides again on a concurrent change.
//
// Each decision is made in two steps: given the command and who asks, it returns the decision on
// the document. Checks that need no document (the caller's role) run in the first step, so they
// answer before anything is read, as they always did.

export type ChallengeDecision<R> = Decision<ChallengeState, R, DeadlineJobData>;
export type ChallengeChange<R> = Change<ChallengeState, R, DeadlineJobData>;
export type DecideOnChallenge<R> = (doc: ChallengeState, context: DecisionContext) => ChallengeDecision<R>;

/** A new challenge: the document to insert with its events, and the reply. */
export interface NewChallenge {
  doc: ChallengeState;
  events: EventSpec[];
  reply: ChallengeView;
}

const deadlineJob = (doc: ChallengeState): DeadlineJobData => ({ challengeId: doc._id });

/** The document as the write leaves it (the store bumps the version and sets `updatedAt`). */
const written = (doc: ChallengeState, changed: Partial<ChallengeState>, now: Date): ChallengeState => ({
  ...doc,
  ...changed,
  version: doc.version + 1,
  updatedAt: now,
});

/** An enterprise for its organisation, or a county cadre for their county, posts a draft. */
export function create(
  input: CreateChallengeInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): NewChallenge {
  const poster = posterFor(principal, input.county);
  const doc: ChallengeState = {
    _id: newId(),
    title: input.title,
    publicSummary: input.publicSummary,
    confidentialDetails: input.confidentialDetails,
    field: input.field,
    requiredSkills: input.requiredSkills,
    county: input.county,
    pairedDistrict: pairedDistrictOf(input.county),
    reward: input.reward,
    deadline: new Date(input.deadline),
    terms: input.terms,
    status: 'draft',
    poster,
    history: [{ from: null, to: 'draft', by: principal.userId, at: now }],
    termsAcceptedBy: [],
    applications: [],
    applicantExpertIds: [],
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return {
    doc,
    events: [event(ChallengeEvents.created, { challenge: toPublic(doc) })],
    reply: toView(doc, principal),
  };
}

/** The fields a patch really changes (arrays and objects compared by content). */
export function changedChallengeFields(
  current: ChallengeState,
  patch: UpdateChallengeInput,
): (keyof UpdateChallengeInput)[] {
  return (Object.keys(patch) as (keyof UpdateChallengeInput)[]).filter((key) => {
    if (key === 'deadline') return new Date(patch.deadline!).getTime() !== current.deadline.getTime();
    return JSON.stringify(patch[key]) !== JSON.stringify(current[key]);
  });
}

/** The managers edit a draft, or a published challenge but its terms; a moved deadline moves its job. */
export function update(patch: UpdateChallengeInput, principal: Principal): DecideOnChallenge<ChallengeView> {
  return (doc, { now }) => {
    if (!canManage(principal, factsOf(doc))) {
      throw AppError.forbidden(
        'Only the poster’s organisation, the county’s cadres or an admin may change it',
      );
    }
    const changed = changedChallengeFields(doc, patch);
    assertEditable(doc.status, changed);
    if (changed.length === 0) return { unchanged: toView(doc, principal) };
    const set = Object.fromEntries(
      changed.map((field) => [field, field === 'deadline' ? new Date(patch.deadline!) : patch[field]]),
    ) as Partial<ChallengeState>;
    const next = written(doc, set, now);
    const topic = doc.status === 'draft' ? ChallengeEvents.draftUpdated : ChallengeEvents.updated;
    const moved = doc.status === 'published' && changed.includes('deadline');
    return {
      set,
      events: [event(topic, { challenge: toPublic(next), changed })],
      ...(moved ? { schedule: [{ job: deadlineJob(doc), at: next.deadline }] } : {}),
      reply: toView(next, principal),
    };
  };
}

const TRANSITION_TOPICS = {
  publish: ChallengeEvents.published,
  close: ChallengeEvents.closed,
  award: ChallengeEvents.awarded,
  deliver: ChallengeEvents.delivered,
  complete: ChallengeEvents.completed,
  cancel: ChallengeEvents.cancelled,
} as const satisfies Record<ChallengeAction, string>;

/**
 * The deadline job that goes with a step: publishing schedules it; closing early or cancelling
 * removes it, as it has nothing left to close. The deadline's own close is that job running.
 */
function deadlineJobsOf(
  action: ChallengeAction,
  principal: Principal,
  doc: ChallengeState,
): Pick<ChallengeChange<unknown>, 'schedule' | 'unschedule'> {
  if (action === 'publish') return { schedule: [{ job: deadlineJob(doc), at: doc.deadline }] };
  if (action === 'cancel' || (action === 'close' && !isSystem(principal)))
    return { unschedule: [deadlineJob(doc)] };
  return {};
}

/** The application an award goes to, as awarded. */
function awardedApplication(
  doc: ChallengeState,
  applicationId: string | undefined,
  now: Date,
): ApplicationRecord {
  const app = doc.applications.find((a) => a.id === applicationId);
  if (!app) throw AppError.notFound(`No application ${applicationId} on this challenge`);
  return { ...app, status: nextApplicationStatus('award', app.status, doc.status), updatedAt: now };
}

/** One lifecycle step: rules, history, events, and the deadline job; the reply is the document written. */
function lifecycle(
  action: ChallengeAction,
  principal: Principal,
  doc: ChallengeState,
  now: Date,
  options: { reason?: string | undefined; applicationId?: string | undefined } = {},
): ChallengeChange<ChallengeState> {
  assertMayPerform(principal, action, factsOf(doc));
  const to = nextStatus(action, doc.status);
  if (action === 'publish' && doc.deadline.getTime() <= now.getTime()) {
    throw AppError.validation([{ field: 'deadline', message: 'Move the deadline into the future first' }]);
  }
  const entry: HistoryRecord = {
    from: doc.status,
    to,
    by: principal.userId,
    at: now,
    ...(options.reason ? { reason: options.reason } : {}),
  };
  const awarded = action === 'award' ? awardedApplication(doc, options.applicationId, now) : undefined;
  const set: Partial<ChallengeState> = {
    status: to,
    history: [...doc.history, entry],
    ...(action === 'publish' ? { publishedAt: now } : {}),
    ...(awarded
      ? {
          applications: doc.applications.map((a) => (a.id === awarded.id ? awarded : a)),
          awardedApplicationId: awarded.id,
        }
      : {}),
  };
  const next = written(doc, set, now);
  const challenge = toPublic(next);
  const events: EventSpec[] = [
    event(TRANSITION_TOPICS[action], { challenge, transition: historyView(entry) }),
  ];
  if (awarded)
    events.push(event(ApplicationEvents.awarded, { challenge, application: summaryOf(awarded, doc._id) }));
  return { set, events, ...deadlineJobsOf(action, principal, doc), reply: next };
}

function step(
  action: ChallengeAction,
  principal: Principal,
  options: { reason?: string | undefined; applicationId?: string | undefined } = {},
): DecideOnChallenge<ChallengeView> {
  return (doc, { now }) => {
    const change = lifecycle(action, principal, doc, now, options);
    return { ...change, reply: toView(change.reply, principal) };
  };
}

export const publish = (principal: Principal) => step('publish', principal);
export const close = (principal: Principal) => step('close', principal);
export const award = ({ applicationId }: { applicationId: string }, principal: Principal) =>
  step('award', principal, { applicationId });
export const deliver = (principal: Principal) => step('deliver', principal);
export const complete = (principal: Principal) => step('complete', principal);
export const cancel = ({ reason }: { reason: string }, principal: Principal) =>
  step('cancel', principal, { reason });

/**
 * The deadline job's close, as the system: true when it closed the challenge. Idempotent: a re-run,
 * or a manual close first, finds nothing to do; so does a job whose deadline has moved later (the
 * moved deadline has its own job).
 */
export function closeAtDeadline(): DecideOnChallenge<boolean> {
  return (doc, { now }) => {
    if (doc.status !== 'published' || doc.deadline.getTime() > now.getTime()) return { unchanged: false };
    return { ...lifecycle('close', SYSTEM_DEADLINE, doc, now), reply: true };
  };
}

/** An expert accepts the terms (and may then read the confidential details); a repeat changes nothing. */
export function acceptTerms(principal: Principal): DecideOnChallenge<ChallengeView> {
  if (!hasRole(principal, 'expert')) throw AppError.forbidden('Only experts accept a challenge’s terms');
  return (doc, { now }) => {
    if (doc.termsAcceptedBy.includes(principal.userId)) return { unchanged: toView(doc, principal) };
    if (doc.status !== 'published') {
      throw new AppError(
        409,
        'CONFLICT',
        `Terms are accepted on a published challenge; this one is ${doc.status}`,
      );
    }
    const next = written(doc, { termsAcceptedBy: [...doc.termsAcceptedBy, principal.userId] }, now);
    return {
      push: { termsAcceptedBy: principal.userId },
      where: { status: 'published' },
      events: [event(ChallengeEvents.termsAccepted, { challenge: toPublic(next), userId: principal.userId })],
      reply: toView(next, principal),
    };
  };
}

/** Who applies: the caller's expert profile (if any) and the team's, in the order given. */
export interface Applicants {
  leader: ApplicantFacts | undefined;
  team: ApplicantFacts[];
}

/**
 * 揭榜: an expert, leading a team, applies. The update's filter states every precondition (still
 * published, deadline ahead, none of these experts on an application yet, and the version read),
 * so two concurrent applications can never both pass, and none passes the deadline.
 */
export function submitApplication(
  application: CreateApplicationInput,
  principal: Principal,
  { leader, team }: Applicants,
): DecideOnChallenge<ApplicationView> {
  return (doc, { now, newId }) => {
    assertMayApply(principal, factsOf(doc), leader, team, now);
    const members = [leader, ...team];
    const record: ApplicationRecord = {
      id: newId(),
      leaderExpertId: leader.expertId,
      leaderUserId: leader.userId,
      expertIds: members.map((m) => m.expertId),
      userIds: members.map((m) => m.userId),
      proposal: application.proposal,
      status: 'submitted',
      submittedAt: now,
      updatedAt: now,
    };
    const applicantExpertIds = [...doc.applicantExpertIds, ...record.expertIds];
    const next = written(doc, { applications: [...doc.applications, record], applicantExpertIds }, now);
    return {
      set: { applicantExpertIds },
      push: { applications: record },
      where: {
        status: 'published',
        deadline: { $gt: now },
        // On the flat copy of the applicants' ids: FerretDB 1.24 evaluates `$nin` through an array
        // of sub-documents (`applications.expertIds`) wrongly once there are two applications.
        applicantExpertIds: { $nin: record.expertIds },
      },
      events: [
        event(ApplicationEvents.submitted, {
          challenge: toPublic(next),
          application: summaryOf(record, doc._id),
        }),
      ],
      reply: toApplicationView(record, doc._id),
    };
  };
}

function moveApplication(
  action: Exclude<ApplicationAction, 'award'>,
  principal: Principal,
  applicationId: string,
  reason?: string,
): DecideOnChallenge<ApplicationView> {
  return (doc, { now }) => {
    if (!canManage(principal, factsOf(doc))) {
      throw AppError.forbidden(`Only the poster side may ${action} applications`);
    }
    const app = doc.applications.find((a) => a.id === applicationId);
    if (!app) throw AppError.notFound(`No application ${applicationId} on this challenge`);
    const moved: ApplicationRecord = {
      ...app,
      status: nextApplicationStatus(action, app.status, doc.status),
      updatedAt: now,
      ...(reason ? { reason } : {}),
    };
    // FerretDB has no positional `$` nor arrayFilters, and silently ignores `$pull` with a
    // condition: the whole array is rewritten instead, under the version guard.
    const applications = doc.applications.map((a) => (a.id === app.id ? moved : a));
    const next = written(doc, { applications }, now);
    const topic = action === 'shortlist' ? ApplicationEvents.shortlisted : ApplicationEvents.rejected;
    return {
      set: { applications },
      events: [event(topic, { challenge: toPublic(next), application: summaryOf(moved, doc._id) })],
      reply: toApplicationView(moved, doc._id),
    };
  };
}

export const shortlistApplication = ({ applicationId }: { applicationId: string }, principal: Principal) =>
  moveApplication('shortlist', principal, applicationId);
export const rejectApplication = (
  { applicationId, reason }: { applicationId: string; reason: string },
  principal: Principal,
) => moveApplication('reject', principal, applicationId, reason);
