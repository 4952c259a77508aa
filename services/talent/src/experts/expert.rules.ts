import { hasRole, type ExpertProfile, type Principal, type UpdateExpertInput } from '@qingshui/contracts';

/** Only the profile's owner or an admin may change it. */
export function canEditExpert(principal: Principal, expert: Pick<ExpertProfile, 'userId'>): boolean {
  return expert.userId === principal.userId || hasRole(principal, 'admin');
}

/** The fields a patch really changes (arrays compared by content, in order). */
export function changedFields(current: ExpertProfile, patch: UpdateExpertInput): (keyof UpdateExpertInput)[] {
  return (Object.keys(patch) as (keyof UpdateExpertInput)[]).filter((key) => {
    const next = patch[key];
    const before = current[key];
    if (Array.isArray(next) && Array.isArray(before)) {
      return next.length !== before.length || next.some((value, i) => value !== before[i]);
    }
    return next !== before;
  });
}
