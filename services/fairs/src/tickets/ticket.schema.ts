import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';

export const TICKET_MODEL = 'FairTicket';
export const FAIR_KEY_MODEL = 'FairKey';

export type TicketStatus = 'valid' | 'revoked';

/**
 * One admitted person's ticket. Registrations issue them (one per place of a confirmed
 * registration); door check-in and lead scans read them by `_id` only. A change to what the
 * token says (type, days, holder) bumps `version`: a token of an older version is refused as
 * revoked, so the token never needs to be trusted beyond its signature and this document.
 */
export interface TicketDocument extends OutboxFields {
  _id: string;
  fairId: string;
  registrationId: string;
  typeId: string;
  /** The days (YYYY-MM-DD) it admits on. */
  days: string[];
  holder: {
    userId: string;
    /** The person's name as registered (for a group's members: as the leader gave them). */
    name: string;
    organisation?: string;
  };
  /** The person agreed at registration to have their badge scanned by exhibitors (lead scans). */
  leadConsent: boolean;
  status: TicketStatus;
  version: number;
  revokedReason?: string;
  revokedAt?: Date;
  issuedAt: Date;
  updatedAt: Date;
}

export const TicketSchema = new Schema<TicketDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true, index: true },
    registrationId: { type: String, required: true, index: true },
    typeId: { type: String, required: true },
    days: { type: [String], required: true },
    holder: { type: Schema.Types.Mixed, required: true },
    leadConsent: { type: Boolean, required: true },
    status: { type: String, required: true },
    version: { type: Number, required: true },
    revokedReason: { type: String },
    revokedAt: { type: Date },
    issuedAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_tickets', versionKey: false },
);
TicketSchema.plugin(outboxPlugin);

/** A fair's own Ed25519 key pair: the private half signs its tickets, the public half is published. */
export interface FairKeyDocument {
  _id: string; // the fair's id
  /** Key id, in every token, so a rotated key can be told apart. */
  kid: string;
  /** The raw 32-byte public key, base64url. */
  publicKey: string;
  /** PKCS#8 PEM. Never leaves the service. */
  privateKeyPem: string;
  createdAt: Date;
}
export const FairKeySchema = new Schema<FairKeyDocument>(
  {
    _id: { type: String, required: true },
    kid: { type: String, required: true },
    publicKey: { type: String, required: true },
    privateKeyPem: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'fair_keys', versionKey: false },
);
