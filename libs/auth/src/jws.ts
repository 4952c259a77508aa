import type { KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, errors } from 'jose';

/** Larger than any token Keycloak issues here (~1.5 kB); keeps parsing and RSA work bounded. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * The header of a compact JWS, read without verifying anything (jose's decoders), or why the
 * string is not one (in our words). It only decides which refusal to give before any key or RSA
 * work: the claims are read again from what `verifyRs256` verified.
 */
export function readJwsHeader(raw: string): Record<string, unknown> | string {
  if (raw.length > MAX_TOKEN_LENGTH) return `it is longer than ${MAX_TOKEN_LENGTH} characters`;
  const parts = raw.split('.');
  if (parts.length !== 3) return 'expected a signed JWT of three base64url parts';
  const [head, body, signature] = parts as [string, string, string];
  if (!BASE64URL.test(head) || !BASE64URL.test(body)) return 'its header or claims are not base64url';
  if (signature !== '' && !BASE64URL.test(signature)) return 'its signature is not base64url';
  let header: Record<string, unknown>;
  try {
    header = decodeProtectedHeader(raw) as Record<string, unknown>;
  } catch {
    return 'its header is not a JSON object';
  }
  try {
    decodeJwt(raw);
  } catch {
    return 'its claims are not a JSON object';
  }
  return header;
}

/** Why jose refused a token, in our vocabulary (its messages never leave this module). */
export type JwsFailure = 'malformed' | 'unsupported_algorithm' | 'unknown_key' | 'bad_signature';

/** The claims of a verified JWS (parsed from the payload jose verified), or why it was refused. */
export type Rs256Result = { claims: Record<string, unknown> } | { failure: JwsFailure };

/** An error of the key lookup itself, carried through jose untouched (not a verdict on the token). */
class KeyLookupFailed extends Error {
  constructor(readonly error: unknown) {
    super('the signing key lookup failed');
  }
}

/**
 * Verifies an RS256 compact JWS with jose (`compactVerify`, `algorithms: ['RS256']`), the key
 * resolved by its `kid` through `keyFor`. jose's refusals become a JwsFailure; an error thrown by
 * `keyFor` itself (the keys cannot be fetched) is rethrown unchanged.
 */
export async function verifyRs256(
  raw: string,
  keyFor: (kid: string) => Promise<KeyObject | undefined>,
): Promise<Rs256Result> {
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(
      raw,
      async ({ kid }) => {
        let key: KeyObject | undefined;
        try {
          key = typeof kid === 'string' && kid !== '' ? await keyFor(kid) : undefined;
        } catch (error) {
          throw new KeyLookupFailed(error);
        }
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key;
      },
      { algorithms: ['RS256'] },
    ));
  } catch (error) {
    if (error instanceof KeyLookupFailed) throw error.error;
    return { failure: failureOf(error) };
  }
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload).toString('utf8'));
    if (claims !== null && typeof claims === 'object' && !Array.isArray(claims))
      return { claims: claims as Record<string, unknown> };
  } catch {
    /* refused below */
  }
  return { failure: 'malformed' };
}

/**
 * jose's error classes, by their stable codes, as our reasons. Anything else jose throws (a
 * TypeError: it refuses a key that is not an RSA public key of at least 2048 bits, or another
 * JOSEError) means the token cannot be verified with the key it names: bad_signature, as a
 * failed signature check. jose's messages are dropped here.
 */
function failureOf(error: unknown): JwsFailure {
  const code = error instanceof errors.JOSEError ? error.code : undefined;
  switch (code) {
    case errors.JOSEAlgNotAllowed.code:
      return 'unsupported_algorithm';
    case errors.JWKSNoMatchingKey.code:
      return 'unknown_key';
    case errors.JWSInvalid.code:
    case errors.JOSENotSupported.code:
      return 'malformed';
    case errors.JWSSignatureVerificationFailed.code:
    default:
      return 'bad_signature';
  }
}

/** A header value safe to quote back (an algorithm or type name), or undefined. */
export function plainName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9+_-]{1,20}$/.test(value) ? value : undefined;
}
