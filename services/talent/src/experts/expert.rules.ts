import { hasRole, type ExpertProfile, type Principal, type UpdateExpertInput } from '@qingshui/contracts';

/** Only the profile's owner or an admin may change it. */
export function canEditExpert(principal: Principal, expert: Pick<ExpertProfile, 'userId'>): boolean {
  return expert.userId === principal.userId || hasRole(principal, 'admin');
}

/** Cadres and admins vouch for experts; nobody verifies their own profile. */
export function canVerifyExpert(principal: Principal, expert: Pick<ExpertProfile, 'userId'>): boolean {
  return hasRole(principal, 'cadre', 'admin') && expert.userId !== principal.userId;
}

/** Contact details: the owner and admins always; others as the expert chose. */
export function canSeeContact(
  viewer: Principal | undefined,
  expert: Pick<ExpertProfile, 'userId' | 'contactVisibility'>,
): boolean {
  if (!viewer) return false;
  if (viewer.userId === expert.userId || hasRole(viewer, 'admin')) return true;
  if (expert.contactVisibility === 'public') return true;
  if (expert.contactVisibility === 'cadres') return hasRole(viewer, 'cadre');
  return false;
}

/** The fields a patch really changes (arrays and objects compared by content). */
export function changedFields(current: ExpertProfile, patch: UpdateExpertInput): (keyof UpdateExpertInput)[] {
  return (Object.keys(patch) as (keyof UpdateExpertInput)[]).filter(
    (key) =>
      JSON.stringify(patch[key]) !== JSON.stringify(current[key] ?? (key === 'contact' ? {} : undefined)),
  );
}
