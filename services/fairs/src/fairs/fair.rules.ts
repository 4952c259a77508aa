import { hasRole, type FairStatus, type Principal } from '@qingshui/contracts';

// Who may read and manage a fair: pure functions of the caller and the fair's facts.

export interface FairFacts {
  status: FairStatus;
  publishedAt?: Date | undefined;
  organiser: { orgId: string };
  regions: readonly string[];
}

/** The organiser's staff (its cadres) and admins manage a fair. */
export function canManageFair(principal: Principal, fair: FairFacts): boolean {
  if (hasRole(principal, 'admin')) return true;
  return hasRole(principal, 'cadre') && principal.orgId === fair.organiser.orgId;
}

/**
 * Once opened to exhibitors a fair is everyone's; before that (and a draft cancelled before it
 * opened) its managers' and its regions' cadres'.
 */
export function canReadFair(principal: Principal, fair: FairFacts): boolean {
  if (fair.publishedAt || canManageFair(principal, fair)) return true;
  return hasRole(principal, 'cadre') && !!principal.region && fair.regions.includes(principal.region);
}
