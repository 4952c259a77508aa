import type { Principal, Role } from '@qingshui/contracts';

export const ROLES: readonly Role[] = ['admin', 'cadre', 'enterprise', 'expert'];

/** The claims of a Keycloak access token that the gateway reads (libs/auth/src/principal.ts). */
export interface AccessClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  realm_access?: { roles?: string[] };
  org?: string;
  region?: string;
}

/** The same principal the gateway derives from the token: the console shows what it will be allowed. */
export function principalOf(claims: AccessClaims): Principal {
  const known = new Set<string>(ROLES);
  return {
    userId: claims.sub ?? '',
    username: claims.preferred_username ?? claims.sub ?? '',
    ...(claims.name ? { name: claims.name } : {}),
    roles: (claims.realm_access?.roles ?? []).filter((r): r is Role => known.has(r)),
    ...(claims.org ? { orgId: claims.org } : {}),
    ...(claims.region ? { region: claims.region } : {}),
  };
}

/** The role whose pages open first: the most powerful the user holds. */
export function primaryRole(principal: Principal): Role | undefined {
  return ROLES.find((role) => principal.roles.includes(role));
}

export const HOME_OF: Record<Role, string> = {
  expert: '/expert/matches',
  enterprise: '/enterprise/challenges',
  cadre: '/cadre/board',
  admin: '/admin/verification',
};

export function homeOf(principal: Principal): string {
  const role = primaryRole(principal);
  return role ? HOME_OF[role] : '/no-role';
}
