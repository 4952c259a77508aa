import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';

export const REVOCATION_MODEL = 'FairRevocations';

/**
 * A fair's revocation list (`_id` = the fair's id): each revoked or changed ticket once, with the
 * version below which its tokens are refused (every version when `revoked`), and the list's
 * sequence number when it was written, so door devices fetch only what is new (`since`).
 */
export interface RevocationDocument extends Partial<OutboxFields> {
  _id: string;
  seq: number;
  fairCancelled: boolean;
  entries: Record<string, { version: number; revoked: boolean; at: Date; seq: number }>;
  updatedAt: Date;
}
export const RevocationSchema = new Schema<RevocationDocument>(
  {
    _id: { type: String, required: true },
    seq: { type: Number, default: 0 },
    fairCancelled: { type: Boolean, default: false },
    entries: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_revocations', versionKey: false, minimize: false },
);
// The tickets' events (revoked, re-issued) leave through the list's outbox, written with their entries.
RevocationSchema.plugin(outboxPlugin);
