import { ROLES, type Principal, type Role } from '@qingshui/contracts';

export type { Principal, Role } from '@qingshui/contracts';
export { hasRole } from '@qingshui/contracts';

/** The claims of a Keycloak access token that the platform reads. */
export interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  org?: string;
  region?: string;
  realm_access?: { roles?: string[] };
}

const knownRoles = new Set<string>(ROLES);
const CJK = /[\u3400-\u9fff]/;

/**
 * 李森, not 森 李: Keycloak's `name` is `given family`, but a Chinese name is written family name
 * first without a space (the console reads it the same way, web/src/auth/principal.ts).
 */
export function personNameOf(claims: Pick<AccessTokenClaims, 'name' | 'given_name' | 'family_name'>) {
  const { given_name: given, family_name: family } = claims;
  if (given && family && (CJK.test(given) || CJK.test(family))) return `${family}${given}`;
  return claims.name;
}

/** Builds the principal from verified claims; only the platform's realm roles are kept. */
export function principalFromClaims(claims: AccessTokenClaims): Principal {
  if (!claims.sub) throw new Error('token has no subject');
  const roles = (claims.realm_access?.roles ?? []).filter((r): r is Role => knownRoles.has(r));
  const name = personNameOf(claims);
  return {
    userId: claims.sub,
    username: claims.preferred_username ?? claims.sub,
    ...(name ? { name } : {}),
    roles,
    ...(claims.org ? { orgId: claims.org } : {}),
    ...(claims.region ? { region: claims.region } : {}),
  };
}
