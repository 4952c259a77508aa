import { plainName } from './jws';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** What a valid logout token says: which session (`sid`) or, without one, which user (`sub`) logged out. */
export interface LogoutClaims {
  sid?: string;
  sub?: string;
  /** Issued at (epoch seconds). */
  iat: number;
  jti?: string;
  /** The client the token was sent for. */
  client: string;
}

export interface LogoutCheckContext {
  issuer: string;
  clients: ReadonlySet<string>;
  nowSeconds: number;
  toleranceSeconds: number;
}

const nonEmpty = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The claim checks of OpenID Connect Back-Channel Logout 1.0, section 2.6, on a token whose RS256
 * signature by the realm was already verified. Returns the claims, or why the token is refused
 * (in our words). An access or ID token is never mistaken for a logout token: it has no `events`
 * claim, and Keycloak's `typ` claim (`Logout`) and header type (`logout+jwt`) are checked when present.
 */
export function checkLogoutClaims(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  context: LogoutCheckContext,
): LogoutClaims | string {
  const headerType = header['typ'];
  if (headerType !== undefined && !['logout+jwt', 'JWT'].includes(String(headerType)))
    return `its header type is ${plainName(headerType) ?? 'not one of ours'}, not logout+jwt`;
  if (claims['typ'] !== undefined && claims['typ'] !== 'Logout')
    return `it is a ${plainName(claims['typ']) ?? 'other'} token, not a logout token`;
  if (claims['iss'] !== context.issuer) return `it was not issued by ${context.issuer}`;

  const audience = claims['aud'];
  const audiences = Array.isArray(audience) ? audience : [audience];
  const client = audiences.find((aud): aud is string => typeof aud === 'string' && context.clients.has(aud));
  if (client === undefined)
    return `its audience is not a client of this gateway (${[...context.clients].join(', ')})`;

  const iat = claims['iat'];
  if (typeof iat !== 'number') return 'it has no issue time (iat)';
  if (iat > context.nowSeconds + context.toleranceSeconds) return 'it claims to be issued in the future';
  const exp = claims['exp'];
  if (exp !== undefined && (typeof exp !== 'number' || exp <= context.nowSeconds)) return 'it has expired';

  const events = claims['events'];
  if (events === null || typeof events !== 'object' || Array.isArray(events)) return 'it has no events claim';
  const event = (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT];
  if (event === null || typeof event !== 'object' || Array.isArray(event))
    return `its events claim does not hold ${BACKCHANNEL_LOGOUT_EVENT}`;

  if ('nonce' in claims) return 'it carries a nonce, which a logout token must not';
  const sid = claims['sid'];
  const sub = claims['sub'];
  if (sid !== undefined && !nonEmpty(sid)) return 'its sid is not a string';
  if (sub !== undefined && !nonEmpty(sub)) return 'its sub is not a string';
  if (sid === undefined && sub === undefined) return 'it names neither a session (sid) nor a user (sub)';
  const jti = claims['jti'];
  return {
    ...(nonEmpty(sid) ? { sid } : {}),
    ...(nonEmpty(sub) ? { sub } : {}),
    iat,
    ...(nonEmpty(jti) ? { jti } : {}),
    client,
  };
}
