import Keycloak from 'keycloak-connect';
import { AppError, type Principal } from '@qingshui/contracts';
import { principalFromClaims, type AccessTokenClaims } from './principal';

// keycloak-connect ships its Token class without typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Token = require('keycloak-connect/middleware/auth-utils/token') as new (
  raw: string,
  clientId: string,
) => {
  content: AccessTokenClaims & { exp?: number };
};

export interface KeycloakConfig {
  /** Keycloak base URL; `<url>/realms/<realm>` must equal the tokens' `iss` exactly. */
  url: string;
  realm: string;
  clientId: string;
}

interface GrantManagerLike {
  validateToken(
    token: unknown,
    expectedType: string,
  ): Promise<{ content: AccessTokenClaims & { exp?: number } }>;
}

/**
 * Verifies Keycloak access tokens offline with keycloak-connect: RS256 signature against the
 * realm's JWKS (fetched once, refetched on an unknown key id), expiry, type and issuer.
 * Verified tokens are cached until they expire so a hot path pays the RSA check once per token.
 */
export class TokenVerifier {
  private readonly grantManager: GrantManagerLike;
  private readonly cache = new Map<string, { principal: Principal; expiresAtMs: number }>();
  private static readonly maxCacheEntries = 10_000;

  constructor(private readonly config: KeycloakConfig) {
    const keycloak = new Keycloak({}, {
      realm: config.realm,
      'auth-server-url': config.url,
      resource: config.clientId,
      'bearer-only': true,
      'confidential-port': 0,
      'ssl-required': 'none',
    } as unknown as Keycloak.KeycloakConfig);
    this.grantManager = (keycloak as unknown as { grantManager: GrantManagerLike }).grantManager;
  }

  get issuer(): string {
    return `${this.config.url}/realms/${this.config.realm}`;
  }

  async verify(rawToken: string | undefined | null): Promise<Principal> {
    if (!rawToken) throw new AppError(401, 'UNAUTHENTICATED', 'A bearer token is required');
    const cached = this.cache.get(rawToken);
    if (cached && cached.expiresAtMs > Date.now()) return cached.principal;

    let token: InstanceType<typeof Token>;
    try {
      token = new Token(rawToken, this.config.clientId);
    } catch {
      throw new AppError(401, 'UNAUTHENTICATED', 'The token is malformed');
    }
    let verified: { content: AccessTokenClaims & { exp?: number } };
    try {
      verified = await this.grantManager.validateToken(token, 'Bearer');
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^invalid token /, '') : 'invalid';
      throw new AppError(401, 'UNAUTHENTICATED', `The token is not valid ${reason}`.trim());
    }
    const principal = principalFromClaims(verified.content);
    this.remember(rawToken, principal, (verified.content.exp ?? 0) * 1000);
    return principal;
  }

  private remember(rawToken: string, principal: Principal, expiresAtMs: number): void {
    if (this.cache.size >= TokenVerifier.maxCacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(rawToken, { principal, expiresAtMs });
  }
}

/** `Authorization: Bearer <token>` → token, or undefined. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}
