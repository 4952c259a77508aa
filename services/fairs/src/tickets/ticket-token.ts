import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { TICKET_TOKEN_PREFIX, ticketTokenPayloadSchema, type TicketTokenPayload } from '@qingshui/contracts';

// The QR code of a ticket: `QS1.<payload>.<signature>`, both base64url, the payload compact JSON
// ({ tid, fid, typ, days, v, kid }) and the signature Ed25519 over the bytes `QS1.<payload>` with
// the fair's own key. Anyone with the fair's public key (GET /fairs/:id/ticket-key) verifies it
// offline; the console's door page does, with @noble/ed25519.

const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface FairKeyPair {
  kid: string;
  publicKey: string;
  privateKeyPem: string;
}

export function generateFairKeyPair(kid: string): FairKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return {
    kid,
    publicKey: spki.subarray(SPKI_ED25519_PREFIX.length).toString('base64url'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  };
}

const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function privateKeyOf(pem: string): KeyObject {
  let key = privateKeys.get(pem);
  if (!key) privateKeys.set(pem, (key = createPrivateKey(pem)));
  return key;
}
export function publicKeyOf(raw: string): KeyObject {
  let key = publicKeys.get(raw);
  if (!key) {
    const der = Buffer.concat([SPKI_ED25519_PREFIX, Buffer.from(raw, 'base64url')]);
    publicKeys.set(raw, (key = createPublicKey({ key: der, format: 'der', type: 'spki' })));
  }
  return key;
}

export function signTicketToken(payload: TicketTokenPayload, privateKeyPem: string): string {
  const body = `${TICKET_TOKEN_PREFIX}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
  const signature = sign(null, Buffer.from(body), privateKeyOf(privateKeyPem));
  return `${body}.${signature.toString('base64url')}`;
}

export type TokenCheck =
  { ok: true; payload: TicketTokenPayload } | { ok: false; reason: 'invalid_signature' };

/**
 * The token's payload if its signature holds under the fair's public key and it is well formed;
 * anything else (altered, forged, truncated, another fair's key) is `invalid_signature`.
 */
export function verifyTicketToken(token: string, publicKey: string): TokenCheck {
  const parts = token.trim().split('.');
  if (parts.length !== 3 || parts[0] !== TICKET_TOKEN_PREFIX)
    return { ok: false, reason: 'invalid_signature' };
  const [prefix, body, signature] = parts as [string, string, string];
  let valid = false;
  try {
    valid = verify(
      null,
      Buffer.from(`${prefix}.${body}`),
      publicKeyOf(publicKey),
      Buffer.from(signature, 'base64url'),
    );
  } catch {
    valid = false;
  }
  if (!valid) return { ok: false, reason: 'invalid_signature' };
  try {
    const parsed = ticketTokenPayloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString()));
    return parsed.success ? { ok: true, payload: parsed.data } : { ok: false, reason: 'invalid_signature' };
  } catch {
    return { ok: false, reason: 'invalid_signature' };
  }
}

/** The fair id a token claims, before its signature is checked (to find the key to check it with). */
export function fairIdClaimedBy(token: string): string | undefined {
  const body = token.trim().split('.')[1];
  if (!body) return undefined;
  try {
    const claimed = (JSON.parse(Buffer.from(body, 'base64url').toString()) as { fid?: unknown }).fid;
    return typeof claimed === 'string' ? claimed : undefined;
  } catch {
    return undefined;
  }
}
