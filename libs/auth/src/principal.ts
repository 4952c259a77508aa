import { ROLES, type Principal, type Role } from '@qingshui/contracts';

export type { Principal, Role } from '@qingshui/contracts';
export { hasRole } from '@qingshui/contracts';

/** The claims of a Keycloak access token that the platform reads. */
export interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  org?: string;
  region?: string;
  realm_access?: { roles?: string[] };
}

const knownRoles = new Set<string>(ROLES);

/** Builds the principal from verified claims; only the platform's realm roles are kept. */
export function principalFromClaims(claims: AccessTokenClaims): Principal {
  if (!claims.sub) throw new Error('token has no subject');
  const roles = (claims.realm_access?.roles ?? []).filter((r): r is Role => knownRoles.has(r));
  return {
    userId: claims.sub,
    username: claims.preferred_username ?? claims.sub,
    ...(claims.name ? { name: claims.name } : {}),
    roles,
    ...(claims.org ? { orgId: claims.org } : {}),
    ...(claims.region ? { region: claims.region } : {}),
  };
}
