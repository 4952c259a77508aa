import { z } from 'zod';

/**
 * What a ticket's QR code says, signed with the fair's Ed25519 key: `QS1.<payload>.<signature>`
 * (base64url each; the signature covers `QS1.<payload>`). Short keys keep the QR code small.
 */
export const TICKET_TOKEN_PREFIX = 'QS1';
export const ticketTokenPayloadSchema = z.strictObject({
  /** Ticket id. */
  tid: z.string().min(1).max(64),
  /** Fair id. */
  fid: z.string().min(1).max(64),
  /** Ticket type id. */
  typ: z.string().min(1).max(32),
  /** The days it admits on (YYYY-MM-DD). */
  days: z
    .array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/))
    .min(1)
    .max(30),
  /** The ticket's version: a token of an older version is revoked. */
  v: z.number().int().min(1),
  /** The fair key's id. */
  kid: z.string().min(1).max(64),
});
export type TicketTokenPayload = z.infer<typeof ticketTokenPayloadSchema>;

/** A fair's public key, as GET /fairs/:id/ticket-key publishes it for offline verification. */
export const fairTicketKeySchema = z.object({
  fairId: z.string(),
  kid: z.string(),
  algorithm: z.literal('Ed25519'),
  /** The raw 32-byte public key, base64url. */
  publicKey: z.string(),
  /** The same key as a JWK (OKP, Ed25519), for WebCrypto. */
  jwk: z.object({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: z.string(), kid: z.string() }),
});
export type FairTicketKey = z.infer<typeof fairTicketKeySchema>;
