import { verify, type KeyObject } from 'node:crypto';

/** A compact JWS split into its parts; nothing in it is trusted until the signature is checked. */
export interface DecodedJws {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Larger than any token Keycloak issues here (~1.5 kB); keeps parsing and RSA work bounded. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** The parts of a compact JWS, or why the string is not one (in our words). */
export function decodeJws(raw: string): DecodedJws | string {
  if (raw.length > MAX_TOKEN_LENGTH) return `it is longer than ${MAX_TOKEN_LENGTH} characters`;
  const parts = raw.split('.');
  if (parts.length !== 3) return 'expected a signed JWT of three base64url parts';
  const [head, body, signature] = parts as [string, string, string];
  if (!BASE64URL.test(head) || !BASE64URL.test(body)) return 'its header or claims are not base64url';
  if (signature !== '' && !BASE64URL.test(signature)) return 'its signature is not base64url';
  const header = jsonObject(head);
  if (!header) return 'its header is not a JSON object';
  const payload = jsonObject(body);
  if (!payload) return 'its claims are not a JSON object';
  return { header, payload, signingInput: `${head}.${body}`, signature: Buffer.from(signature, 'base64url') };
}

function jsonObject(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over the signing input; false for any failure. */
export function rs256Valid(jws: DecodedJws, key: KeyObject): boolean {
  if (jws.signature.length === 0) return false;
  try {
    return verify('RSA-SHA256', Buffer.from(jws.signingInput), key, jws.signature);
  } catch {
    return false;
  }
}

/** A header value safe to quote back (an algorithm or type name), or undefined. */
export function plainName(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9+_-]{1,20}$/.test(value) ? value : undefined;
}
