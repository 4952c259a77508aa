import {
  AppError,
  hasRole,
  type ApplicationStatus,
  type ChallengePoster,
  type ChallengeStatus,
  type Principal,
} from '@qingshui/contracts';
import { counterpartOf, regionById } from '@qingshui/regions';

// Pure rules of the challenge list (揭榜挂帅): who may post, move, read and apply. No I/O here.

/** The part of a challenge the rules look at. */
export interface ChallengeFacts {
  status: ChallengeStatus;
  poster: ChallengePoster;
  county: string;
  pairedDistrict: string;
  deadline: Date;
  /** Set once published: a challenge that never was stays private to its managers. */
  publishedAt?: Date | undefined;
  termsConfidential: boolean;
  termsAcceptedBy: string[];
  /** Expert ids already on an application (leaders and team members). */
  applicantExpertIds: string[];
  /** User ids of the awarded application's experts. */
  awardedUserIds: string[];
}

/** The deadline worker acts as this principal; it has no roles and may only close. */
export const SYSTEM_DEADLINE: Principal = { userId: 'system:deadline', username: 'system', roles: [] };
export const isSystem = (principal: Principal): boolean => principal.userId === SYSTEM_DEADLINE.userId;

/**
 * Who posts: an enterprise for its organisation (any county), or a county cadre for their own
 * county. Beijing district cadres coordinate with the county but do not post in its name.
 */
export function posterFor(principal: Principal, county: string): ChallengePoster {
  if (hasRole(principal, 'enterprise')) {
    if (!principal.orgId) throw AppError.forbidden('An enterprise account needs an organisation to post');
    return { kind: 'enterprise', orgId: principal.orgId, userId: principal.userId };
  }
  if (hasRole(principal, 'cadre')) {
    const region = principal.region ? regionById(principal.region) : undefined;
    if (!region || region.kind !== 'county' || !principal.orgId) {
      throw AppError.forbidden(
        'Only a county’s cadres post challenges on its behalf; Beijing district cadres coordinate them',
      );
    }
    if (region.id !== county) {
      throw AppError.forbidden(`A cadre of ${region.id} posts challenges for ${region.id} only`);
    }
    return { kind: 'county', orgId: principal.orgId, userId: principal.userId };
  }
  throw AppError.forbidden('Only enterprises and county cadres post challenges');
}

export function pairedDistrictOf(county: string): string {
  const district = counterpartOf(county);
  if (!district) throw AppError.validation([{ field: 'county', message: `No pair for ${county}` }]);
  return district.id;
}

const isCadreOf = (principal: Principal, region: string) =>
  hasRole(principal, 'cadre') && principal.region === region;

/** Poster organisation members, the county's cadres for a county-posted challenge, and admins. */
export function canManage(principal: Principal, c: Pick<ChallengeFacts, 'poster' | 'county'>): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (principal.orgId === c.poster.orgId && hasRole(principal, 'enterprise', 'cadre')) return true;
  return c.poster.kind === 'county' && isCadreOf(principal, c.county);
}

/** The poster side and the cadres of the county and its paired district ("those concerned"). */
export function isConcerned(
  principal: Principal,
  c: Pick<ChallengeFacts, 'poster' | 'county' | 'pairedDistrict'>,
) {
  return (
    hasRole(principal, 'admin') ||
    principal.orgId === c.poster.orgId ||
    isCadreOf(principal, c.county) ||
    isCadreOf(principal, c.pairedDistrict)
  );
}

/** A challenge that was published is public; one that never was stays with those concerned. */
export function canRead(
  principal: Principal,
  c: Pick<ChallengeFacts, 'poster' | 'county' | 'pairedDistrict' | 'status' | 'publishedAt'>,
): boolean {
  return c.publishedAt !== undefined || isConcerned(principal, c);
}

/** Confidential details: the poster side, the county's and paired district's cadres, admins, and experts who accepted the terms. */
export function canSeeConfidential(
  principal: Principal,
  c: Pick<ChallengeFacts, 'poster' | 'county' | 'pairedDistrict' | 'termsAcceptedBy'>,
): boolean {
  return (
    isConcerned(principal, c) ||
    (hasRole(principal, 'expert') && c.termsAcceptedBy.includes(principal.userId))
  );
}

// --- lifecycle ---
export type ChallengeAction = 'publish' | 'close' | 'award' | 'deliver' | 'complete' | 'cancel';

export const CHALLENGE_TRANSITIONS: Record<
  ChallengeAction,
  { from: ChallengeStatus[]; to: ChallengeStatus }
> = {
  publish: { from: ['draft'], to: 'published' },
  close: { from: ['published'], to: 'closed' },
  award: { from: ['closed'], to: 'awarded' },
  deliver: { from: ['awarded'], to: 'delivered' },
  complete: { from: ['delivered'], to: 'completed' },
  cancel: { from: ['draft', 'published', 'closed'], to: 'cancelled' },
};

/** The status an action leads to, or a 409 when the challenge is not in a state that allows it. */
export function nextStatus(action: ChallengeAction, status: ChallengeStatus): ChallengeStatus {
  const rule = CHALLENGE_TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    throw new AppError(
      409,
      'CONFLICT',
      `Cannot ${action} a challenge that is ${status} (allowed from ${rule.from.join(', ')})`,
    );
  }
  return rule.to;
}

/**
 * Who may take a step: the managers for every step; the awarded experts may also report
 * delivery; the deadline worker may only close.
 */
export function assertMayPerform(
  principal: Principal,
  action: ChallengeAction,
  c: Pick<ChallengeFacts, 'poster' | 'county' | 'awardedUserIds'>,
): void {
  if (isSystem(principal)) {
    if (action === 'close') return;
    throw AppError.forbidden('The deadline worker only closes challenges');
  }
  if (canManage(principal, c)) return;
  if (action === 'deliver' && c.awardedUserIds.includes(principal.userId)) return;
  throw AppError.forbidden(
    action === 'deliver'
      ? 'Only the awarded experts or the poster side may report delivery'
      : `Only the poster’s organisation, the county’s cadres (for county challenges) or an admin may ${action} this challenge`,
  );
}

/** Moving a published challenge: its terms are what experts accepted, so they are fixed. */
export function assertEditable(status: ChallengeStatus, changedFields: string[]): void {
  if (status !== 'draft' && status !== 'published') {
    throw new AppError(409, 'CONFLICT', `A ${status} challenge cannot be changed`);
  }
  if (status === 'published' && changedFields.includes('terms')) {
    throw new AppError(
      409,
      'CONFLICT',
      'The terms of a published challenge are fixed: experts accepted them',
    );
  }
}

// --- applications (揭榜) ---
export interface ApplicantFacts {
  expertId: string;
  userId: string;
  orgId?: string | undefined;
}

/**
 * May this expert, leading this team, apply now? Checked again atomically by the write: the
 * status, deadline and "nobody applied twice" conditions are in its filter.
 */
export function assertMayApply(
  principal: Principal,
  c: ChallengeFacts,
  leader: ApplicantFacts | undefined,
  team: ApplicantFacts[],
  now: Date,
): asserts leader is ApplicantFacts {
  if (!hasRole(principal, 'expert')) throw AppError.forbidden('Only experts apply to challenges');
  if (!leader) throw AppError.forbidden('Register your expert profile before applying');
  if (c.status !== 'published') {
    throw new AppError(409, 'CONFLICT', `Applications are closed: the challenge is ${c.status}`);
  }
  if (c.deadline.getTime() <= now.getTime()) {
    throw new AppError(409, 'CONFLICT', 'Applications are closed: the deadline has passed');
  }
  if (team.some((member) => member.expertId === leader.expertId)) {
    throw AppError.validation([{ field: 'teamExpertIds', message: 'The leader is not also a team member' }]);
  }
  if (c.termsConfidential && !c.termsAcceptedBy.includes(principal.userId)) {
    throw AppError.forbidden('Accept the challenge’s terms (confidentiality) before applying');
  }
  const conflicted = [leader, ...team].filter((e) => e.orgId !== undefined && e.orgId === c.poster.orgId);
  if (conflicted.length > 0) {
    throw AppError.forbidden(
      `Conflict of interest: experts of the posting organisation cannot apply (${conflicted.map((e) => e.expertId).join(', ')})`,
    );
  }
  const taken = [leader, ...team].filter((e) => c.applicantExpertIds.includes(e.expertId));
  if (taken.length > 0) {
    throw AppError.duplicate(
      `One application per expert per challenge: already applied (${taken.map((e) => e.expertId).join(', ')})`,
    );
  }
}

export type ApplicationAction = 'shortlist' | 'reject' | 'award';

export const APPLICATION_TRANSITIONS: Record<
  ApplicationAction,
  { from: ApplicationStatus[]; to: ApplicationStatus; challenge: ChallengeStatus[] }
> = {
  shortlist: { from: ['submitted'], to: 'shortlisted', challenge: ['published', 'closed'] },
  reject: { from: ['submitted', 'shortlisted'], to: 'rejected', challenge: ['published', 'closed'] },
  award: { from: ['submitted', 'shortlisted'], to: 'awarded', challenge: ['closed'] },
};

export function nextApplicationStatus(
  action: ApplicationAction,
  application: ApplicationStatus,
  challenge: ChallengeStatus,
): ApplicationStatus {
  const rule = APPLICATION_TRANSITIONS[action];
  if (!rule.challenge.includes(challenge)) {
    throw new AppError(
      409,
      'CONFLICT',
      `Cannot ${action} an application while the challenge is ${challenge}`,
    );
  }
  if (!rule.from.includes(application)) {
    throw new AppError(409, 'CONFLICT', `Cannot ${action} an application that is ${application}`);
  }
  return rule.to;
}
