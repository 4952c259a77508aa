import {
  AppError,
  event,
  hasRole,
  TalentEvents,
  type CreateExpertInput,
  type EventSpec,
  type ExpertProfile,
  type Principal,
  type UpdateExpertInput,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { ExpertState } from './expert.schema';
import { canEditExpert, canVerifyExpert, changedFields } from './expert.rules';
import { publicProfile, toProfile } from './expert.views';

// What each operation on an expert's profile decides, from the document read, the command, who
// asks and the time: the changes, the event and the reply. No I/O: the versioned store writes the
// decision in one guarded update and decides again on a concurrent change.

export type ExpertDecision<R> = Decision<ExpertState, R>;
export type DecideOnExpert<R> = (doc: ExpertState, context: DecisionContext) => ExpertDecision<R>;

/** A new profile: the document to insert with its events. */
export interface NewExpert {
  doc: ExpertState;
  events: EventSpec[];
}

export interface NewExpertSpec {
  id: string;
  userId: string;
  orgId?: string | undefined;
  input: CreateExpertInput;
  engagements?: { visits: number; challengesSolved: number } | undefined;
  verified?: boolean | undefined;
}

/**
 * A new expert aggregate with its `registered` event: the one place that shapes a new profile,
 * for registration and for importing a pool (demo seed, bulk onboarding).
 */
export function newExpert(spec: NewExpertSpec, now: Date): NewExpert {
  const doc: ExpertState = {
    _id: spec.id,
    userId: spec.userId,
    ...(spec.orgId ? { orgId: spec.orgId } : {}),
    ...spec.input,
    engagements: spec.engagements ?? { visits: 0, challengesSolved: 0 },
    verified: spec.verified ?? false,
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
  return { doc, events: [event(TalentEvents.expertRegistered, { expert: publicProfile(toProfile(doc)) })] };
}

/** An expert registers their own profile (one per user: the unique index on userId says so). */
export function register(
  input: CreateExpertInput,
  principal: Principal,
  { now, newId }: DecisionContext,
): NewExpert & { reply: ExpertProfile } {
  if (!hasRole(principal, 'expert'))
    throw AppError.forbidden('Only experts keep a profile in the expert pool');
  const { doc, events } = newExpert(
    { id: newId(), userId: principal.userId, orgId: principal.orgId, input },
    now,
  );
  return { doc, events, reply: toProfile(doc, principal) };
}

/** The document as the write leaves it (the store bumps the version and sets `updatedAt`). */
const written = (doc: ExpertState, changed: Partial<ExpertState>, now: Date): ExpertState => ({
  ...doc,
  ...changed,
  version: doc.version + 1,
  updatedAt: now,
});

/**
 * The owner or an admin changes the profile; a patch that changes nothing writes nothing. The
 * right to edit answers before the version (someone who may not edit hears 403, even with a stale
 * If-Match), so this decision compares the expected version itself, after the right, where the
 * store would compare it before deciding.
 */
export function update(
  { patch, expectedVersion }: { patch: UpdateExpertInput; expectedVersion?: number | undefined },
  principal: Principal,
): DecideOnExpert<ExpertProfile> {
  return (doc, { now }) => {
    if (!canEditExpert(principal, doc))
      throw AppError.forbidden('Only the owner or an admin may edit this profile');
    if (expectedVersion !== undefined && expectedVersion !== doc.version) {
      throw AppError.stale(
        `The profile changed since version ${expectedVersion}; it is at version ${doc.version}`,
      );
    }
    const current = toProfile(doc, principal);
    const changed = changedFields(current, patch);
    if (changed.length === 0) return { unchanged: current };
    const set = Object.fromEntries(changed.map((field) => [field, patch[field]])) as Partial<ExpertState>;
    const next = toProfile(written(doc, set, now), principal);
    return {
      set,
      events: [event(TalentEvents.expertUpdated, { expert: publicProfile(next), changed })],
      reply: next,
    };
  };
}

/** A cadre or an admin vouches for (or withdraws the mark from) an expert's identity. */
export function verify(
  { verified }: { verified: boolean },
  principal: Principal,
): DecideOnExpert<ExpertProfile> {
  return (doc, { now }) => {
    if (!canVerifyExpert(principal, doc)) {
      throw AppError.forbidden('Only cadres and admins verify experts, and never their own profile');
    }
    if ((doc.verified ?? false) === verified) return { unchanged: toProfile(doc, principal) };
    const mark = { verifiedBy: principal.userId, verifiedAt: now };
    const { verifiedBy: _by, verifiedAt: _at, ...unmarked } = doc;
    const next = toProfile(written(verified ? { ...doc, ...mark } : unmarked, { verified }, now), principal);
    return {
      ...(verified
        ? { set: { verified, ...mark } }
        : { set: { verified }, unset: ['verifiedBy', 'verifiedAt'] }),
      events: [event(TalentEvents.expertUpdated, { expert: publicProfile(next), changed: ['verified'] })],
      reply: next,
    };
  };
}

type Engagement = 'challengesSolved' | 'visits';
/** Where the sources already counted in each engagement are kept (makes counting idempotent). */
const CREDITED = { challengesSolved: 'creditedChallenges', visits: 'creditedVisits' } as const;

/** Counts one source (a challenge, a tour) in the expert's track record, once: true if it counted now. */
function credit(kind: Engagement, sourceId: string): DecideOnExpert<boolean> {
  const guard = CREDITED[kind];
  return (doc, { now }) => {
    const credited = doc[guard] ?? [];
    if (credited.includes(sourceId)) return { unchanged: false };
    const { engagements: counted } = toProfile(doc);
    const engagements = { ...counted, [kind]: counted[kind] + 1 };
    const next = written(doc, { engagements, [guard]: [...credited, sourceId] }, now);
    return {
      set: { engagements },
      push: { [guard]: sourceId },
      // Stated in the filter as well as read: a flat array of strings, on which FerretDB 1.24
      // evaluates `$ne` right (it does not through arrays of sub-documents).
      where: { [guard]: { $ne: sourceId } },
      events: [
        event(TalentEvents.expertUpdated, {
          expert: publicProfile(toProfile(next)),
          changed: ['engagements'],
        }),
      ],
      reply: true,
    };
  };
}

/** A completed challenge counts for each of its awarded experts, once per challenge. */
export const creditSolvedChallenge = (challengeId: string) => credit('challengesSolved', challengeId);
/** A visit tour counts for an expert checked in at one of its stops, once per tour. */
export const creditVisit = (tourId: string) => credit('visits', tourId);
