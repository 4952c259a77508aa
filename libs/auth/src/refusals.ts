import { AppError } from '@qingshui/contracts';

/** Why an access token was refused: a stable vocabulary for clients (a socket refresh on `expired`). */
export type TokenRefusalReason =
  | 'missing'
  | 'malformed'
  | 'unsigned'
  | 'unsupported_algorithm'
  | 'unknown_key'
  | 'bad_signature'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_issuer'
  | 'wrong_type'
  | 'wrong_audience'
  | 'no_subject'
  | 'revoked';

/**
 * A refused access token: 401 with a message in our words (never a library's), and the reason.
 * Messages are plain ASCII without quotes or backslashes, so they fit RFC 6750's error_description.
 */
export class TokenRefusedError extends AppError {
  constructor(
    readonly reason: TokenRefusalReason,
    message: string,
  ) {
    super(401, 'UNAUTHENTICATED', message);
    this.name = 'TokenRefusedError';
  }
}

/** A refused OIDC back-channel logout token: 400, naming the form field (OIDC Back-Channel Logout 1.0, 2.8). */
export class LogoutTokenRefusedError extends AppError {
  constructor(message: string) {
    super(400, 'VALIDATION_FAILED', `The logout token is not valid: ${message}`, [
      { field: 'logout_token', message },
    ]);
    this.name = 'LogoutTokenRefusedError';
  }
}

/** RFC 6750 `error_description` allows printable ASCII except `"` and `\`. */
function quotable(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

/**
 * The `WWW-Authenticate` value for an error, or undefined when it needs none (anything but 401):
 * `Bearer realm="<realm>"` when no token was sent (RFC 6750 3.1: no error code then), and
 * `Bearer realm="<realm>", error="invalid_token", error_description="<why>"` when one was refused.
 */
export function wwwAuthenticate(error: unknown, realm: string): string | undefined {
  if (!(error instanceof AppError) || error.status !== 401) return undefined;
  const challenge = `Bearer realm="${quotable(realm)}"`;
  if (!(error instanceof TokenRefusedError) || error.reason === 'missing') return challenge;
  return `${challenge}, error="invalid_token", error_description="${quotable(error.message)}"`;
}
