import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { ExchangeDirection } from '@qingshui/contracts';

export const QUOTA_MODEL = 'QuotaLedger';

/**
 * The quota ledger of one year and direction (`_id` `<year>-<direction>`): the quota, its split
 * per pair, and the places taken, with the nominations that took them (flat lists of strings, so
 * that FerretDB's `$ne` on them is right). A place is taken by one guarded `$inc` of this one
 * document, by `_id`: never past the quota, never twice for one nomination. Short exchanges are
 * counted apart, without a quota.
 */
export interface QuotaDocument extends OutboxFields {
  _id: string;
  year: number;
  direction: ExchangeDirection;
  total: number;
  /** A pair's share, when the admin split the quota (absent: no share of its own). */
  perPair: Record<string, number>;
  used: number;
  usedByPair: Record<string, number>;
  placementIds: string[];
  shortUsed: number;
  shortByPair: Record<string, number>;
  shortIds: string[];
  updatedBy?: string;
  version: number;
  /** The last version whose figures were announced (below `version`: a change still untold). */
  announcedVersion?: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const QuotaSchema = new Schema<QuotaDocument>(
  {
    _id: { type: String, required: true },
    year: { type: Number, required: true },
    direction: { type: String, required: true },
    total: { type: Number, required: true },
    perPair: { type: Mixed, default: {} },
    used: { type: Number, default: 0 },
    usedByPair: { type: Mixed, default: {} },
    placementIds: { type: [String], default: [] },
    shortUsed: { type: Number, default: 0 },
    shortByPair: { type: Mixed, default: {} },
    shortIds: { type: [String], default: [] },
    updatedBy: String,
    version: { type: Number, required: true },
    announcedVersion: Number,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'quotas', versionKey: false, minimize: false },
);
QuotaSchema.plugin(outboxPlugin);
