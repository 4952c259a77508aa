import type { Principal, Role } from '@qingshui/contracts';

export const ROLES: readonly Role[] = ['admin', 'cadre', 'enterprise', 'expert'];

/** The claims of a Keycloak access token that the gateway reads (libs/auth/src/principal.ts). */
export interface AccessClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  realm_access?: { roles?: string[] };
  org?: string;
  region?: string;
}

const CJK = /[\u3400-\u9fff]/;

/** 李森, not 森 李: Keycloak writes `given family`; a Chinese name reads family name first, unspaced. */
export function displayNameOf(claims: AccessClaims): string | undefined {
  const { given_name: given, family_name: family } = claims;
  if (given && family && (CJK.test(given) || CJK.test(family))) return `${family}${given}`;
  return claims.name;
}

/** The same principal the gateway derives from the token: the console shows what it will be allowed. */
export function principalOf(claims: AccessClaims): Principal {
  const name = displayNameOf(claims);
  const known = new Set<string>(ROLES);
  return {
    userId: claims.sub ?? '',
    username: claims.preferred_username ?? claims.sub ?? '',
    ...(name ? { name } : {}),
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
