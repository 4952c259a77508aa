import { AppError, type Principal } from '@qingshui/contracts';
import { plainName, readJwsHeader, verifyRs256, type JwsFailure } from './jws';
import { checkLogoutClaims, type LogoutClaims } from './logout-token';
import { principalFromClaims, type AccessTokenClaims } from './principal';
import { LogoutTokenRefusedError, TokenRefusedError } from './refusals';
import type { RevocationCheck } from './revocations';
import { RealmSigningKeys, SigningKeysUnavailable, type SigningKeys } from './signing-keys';

export interface KeycloakConfig {
  /** Keycloak base URL; `<url>/realms/<realm>` must equal the tokens' `iss` exactly. */
  url: string;
  realm: string;
  /** The front-end client whose tokens the gateway accepts (`azp`), and which back-channel logouts name (`aud`). */
  clientId: string;
  /** More clients of the realm to accept, besides `clientId` (a test client, a second front end). */
  extraClients?: string[];
}

export interface TokenVerifierOptions {
  /** The realm's signing keys (default: its JWKS endpoint). */
  keys?: SigningKeys;
  /** Logged-out sessions: their tokens are refused, cached or not. */
  revocations?: RevocationCheck;
  now?: () => number;
  /** Allowed clock difference with Keycloak for `nbf` and `iat` (not for `exp`). Default 5 s. */
  clockToleranceSeconds?: number;
}

/** A verified access token: the principal, and what a socket needs to follow the token's life. */
export interface VerifiedToken {
  principal: Principal;
  /** Keycloak's session id (`sid`), when the token has one. */
  sessionId?: string;
  /** When the token stops being valid (epoch ms). */
  expiresAtMs: number;
  issuedAt?: number;
}

interface Cached {
  verified: VerifiedToken;
  sub: string;
}

type Claims = AccessTokenClaims & {
  exp?: unknown;
  nbf?: unknown;
  iat?: unknown;
  iss?: unknown;
  typ?: unknown;
  azp?: unknown;
  sid?: unknown;
};

/** The only algorithm the realm signs access tokens with; anything else is refused before any key is looked at. */
const ALGORITHM = 'RS256';

/** A token whose RS256 signature by the realm was verified: its header, and the claims jose verified. */
interface Signed {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const unsupported = (alg: unknown): string =>
  `The token is signed with ${plainName(alg) ?? 'an unknown algorithm'}; only ${ALGORITHM} is accepted`;

/** What a refusal by jose says (its own messages never reach a caller). */
const FAILURE_MESSAGES: Record<JwsFailure, (alg: unknown) => string> = {
  malformed: () => 'The token is malformed: it cannot be read as a signed JWT',
  unsupported_algorithm: unsupported,
  unknown_key: () => 'The token is signed with a key the realm does not publish',
  bad_signature: () => 'The token signature does not match the realm key it names',
};

const KNOWN_TYPES: Record<string, string> = {
  Refresh: 'a refresh token',
  Offline: 'an offline token',
  ID: 'an ID token',
  Logout: 'a logout token',
};

/**
 * Verifies Keycloak access tokens offline: the algorithm (RS256 only: `none` and HMAC are refused),
 * the signature against the realm's published keys, expiry, not-before, issuer, type, the client
 * it was issued to (`azp`), and whether its session was logged out. Every refusal is a
 * TokenRefusedError with its reason and a message of ours; no library text reaches a caller.
 * Verified tokens are cached until they expire so that a hot path pays the RSA check once per
 * token; a cache hit is still checked against expiry and the revoked sessions.
 */
export class TokenVerifier {
  private readonly keys: SigningKeys;
  private readonly now: () => number;
  private readonly toleranceSeconds: number;
  private readonly clients: Set<string>;
  private readonly cache = new Map<string, Cached>();
  private static readonly maxCacheEntries = 10_000;

  constructor(
    private readonly config: KeycloakConfig,
    private readonly options: TokenVerifierOptions = {},
  ) {
    this.keys = options.keys ?? new RealmSigningKeys(`${this.issuer}/protocol/openid-connect/certs`);
    this.now = options.now ?? Date.now;
    this.toleranceSeconds = options.clockToleranceSeconds ?? 5;
    this.clients = new Set([config.clientId, ...(config.extraClients ?? [])]);
  }

  get issuer(): string {
    return `${this.config.url}/realms/${this.config.realm}`;
  }

  get realm(): string {
    return this.config.realm;
  }

  /** The principal of a valid access token; a TokenRefusedError (401) otherwise. */
  async verify(rawToken: string | undefined | null): Promise<Principal> {
    return (await this.verifyToken(rawToken)).principal;
  }

  async verifyToken(rawToken: string | undefined | null): Promise<VerifiedToken> {
    if (!rawToken) throw new TokenRefusedError('missing', 'A bearer token is required');
    const cached = this.cache.get(rawToken);
    if (cached) {
      if (cached.verified.expiresAtMs > this.now()) {
        this.refuseRevoked(cached.sub, cached.verified);
        return cached.verified;
      }
      this.cache.delete(rawToken);
    }

    const signed = await this.signed(rawToken, (reason, message) => new TokenRefusedError(reason, message));
    const claims = signed.claims as Claims;
    const nowMs = this.now();
    if (typeof claims.exp !== 'number') throw new TokenRefusedError('malformed', 'The token has no expiry');
    if (claims.exp * 1000 <= nowMs) {
      const ago = Math.max(1, Math.round((nowMs - claims.exp * 1000) / 1000));
      throw new TokenRefusedError(
        'expired',
        `The token expired at ${isoSeconds(claims.exp)}, ${ago} s ago: sign in again or refresh it`,
      );
    }
    const latest = nowMs / 1000 + this.toleranceSeconds;
    if (typeof claims.nbf === 'number' && claims.nbf > latest)
      throw new TokenRefusedError('not_yet_valid', `The token is not valid before ${isoSeconds(claims.nbf)}`);
    if (claims.iat !== undefined && typeof claims.iat !== 'number')
      throw new TokenRefusedError('malformed', 'The token has an issue time that is not a number');
    if (typeof claims.iat === 'number' && claims.iat > latest)
      throw new TokenRefusedError(
        'not_yet_valid',
        `The token claims to be issued in the future, at ${isoSeconds(claims.iat)}`,
      );
    if (claims.iss !== this.issuer)
      throw new TokenRefusedError(
        'wrong_issuer',
        `The token was not issued by the realm this gateway trusts (${this.issuer})`,
      );
    if (claims.typ !== 'Bearer') {
      const what = KNOWN_TYPES[plainName(claims.typ) ?? ''] ?? 'not an access token';
      throw new TokenRefusedError('wrong_type', `The token is ${what}; send an access token (typ Bearer)`);
    }
    if (typeof claims.azp !== 'string' || !this.clients.has(claims.azp))
      throw new TokenRefusedError(
        'wrong_audience',
        `The token was issued to another client; this gateway accepts tokens of ${[...this.clients].join(', ')}`,
      );
    if (typeof claims.sub !== 'string' || claims.sub === '')
      throw new TokenRefusedError('no_subject', 'The token names no user (no sub claim)');

    const verified: VerifiedToken = {
      principal: principalFromClaims(claims),
      ...(typeof claims.sid === 'string' && claims.sid !== '' ? { sessionId: claims.sid } : {}),
      expiresAtMs: claims.exp * 1000,
      ...(typeof claims.iat === 'number' ? { issuedAt: claims.iat } : {}),
    };
    this.refuseRevoked(claims.sub, verified);
    this.remember(rawToken, { verified, sub: claims.sub });
    return verified;
  }

  /**
   * Checks an OIDC back-channel logout token (OpenID Connect Back-Channel Logout 1.0, 2.6): signed
   * by the realm (RS256), issued by it to one of our clients, an `events` claim with the
   * back-channel logout event, a `sid` and/or a `sub`, no `nonce`, and not issued in the future.
   * Refusals are LogoutTokenRefusedError (400).
   */
  async verifyLogoutToken(rawToken: string | undefined | null): Promise<LogoutClaims> {
    if (!rawToken) throw new LogoutTokenRefusedError('no logout_token was sent');
    const { header, claims } = await this.signed(
      rawToken,
      (_reason, message) => new LogoutTokenRefusedError(message),
    );
    const checked = checkLogoutClaims(header, claims, {
      issuer: this.issuer,
      clients: this.clients,
      nowSeconds: this.now() / 1000,
      toleranceSeconds: this.toleranceSeconds,
    });
    if (typeof checked === 'string') throw new LogoutTokenRefusedError(checked);
    return checked;
  }

  /**
   * The part every token of the realm shares: its shape and header are screened here, in our words
   * and before any key is looked up (alg none and other algorithms, crit, no kid); then jose checks
   * the algorithm again and the RS256 signature against the realm key the token names.
   */
  private async signed(
    rawToken: string,
    refuse: (reason: 'malformed' | 'unsigned' | JwsFailure, message: string) => AppError,
  ): Promise<Signed> {
    const header = readJwsHeader(rawToken);
    if (typeof header === 'string') throw refuse('malformed', `The token is malformed: ${header}`);
    const alg = header['alg'];
    if (typeof alg === 'string' && alg.toLowerCase() === 'none')
      throw refuse(
        'unsigned',
        `The token is not signed (alg none); only ${ALGORITHM} tokens of the realm are accepted`,
      );
    if (alg !== ALGORITHM) throw refuse('unsupported_algorithm', unsupported(alg));
    if (header['crit'] !== undefined)
      throw refuse('malformed', 'The token asks for header extensions (crit) that are not supported');
    const kid = header['kid'];
    if (typeof kid !== 'string' || kid === '')
      throw refuse('unknown_key', 'The token does not name its signing key (no kid)');
    let verified;
    try {
      verified = await verifyRs256(rawToken, (id) => this.keys.keyFor(id));
    } catch (error) {
      if (error instanceof SigningKeysUnavailable)
        throw new AppError(
          503,
          'DEPENDENCY_UNAVAILABLE',
          'Cannot check the token now: the realm signing keys cannot be fetched',
        );
      throw error;
    }
    if ('failure' in verified) throw refuse(verified.failure, FAILURE_MESSAGES[verified.failure](alg));
    return { header, claims: verified.claims };
  }

  private refuseRevoked(sub: string, verified: VerifiedToken): void {
    const revoked = this.options.revocations?.revokedBy({
      sub,
      ...(verified.sessionId !== undefined ? { sid: verified.sessionId } : {}),
      ...(verified.issuedAt !== undefined ? { iat: verified.issuedAt } : {}),
    });
    if (revoked === 'session')
      throw new TokenRefusedError('revoked', 'The session of this token has been logged out: sign in again');
    if (revoked === 'user')
      throw new TokenRefusedError(
        'revoked',
        'The user of this token was logged out after it was issued: sign in again',
      );
  }

  private remember(rawToken: string, entry: Cached): void {
    if (this.cache.size >= TokenVerifier.maxCacheEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    this.cache.set(rawToken, entry);
  }
}

function isoSeconds(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime()) ? String(epochSeconds) : date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `Authorization: Bearer <token>` → token, or undefined. */
export function bearerTokenOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const match = /^Bearer\s+(\S+)$/i.exec(value ?? '');
  return match?.[1];
}
