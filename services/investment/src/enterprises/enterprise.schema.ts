import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { EnterpriseStatus, EnterpriseView, MergeEntry } from '@qingshui/contracts';

export const ENTERPRISE_MODEL = 'Enterprise';
export const ENTERPRISE_KEY_MODEL = 'EnterpriseKey';
export const LINEAGE_LOOKUP_MODEL = 'EnterpriseLineageLookup';

/** One enterprise record: a single document, its merges and pending events inside it. */
export interface EnterpriseDocument extends OutboxFields {
  _id: string;
  name: string;
  creditCode?: string;
  region: string;
  phone?: string;
  email?: string;
  orgId?: string;
  status: EnterpriseStatus;
  mergedInto?: string;
  mergeId?: string;
  merges: MergeEntry[];
  source: EnterpriseView['source'];
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const MergeEntrySchema = new Schema<MergeEntry>(
  {
    mergeId: String,
    duplicateId: String,
    duplicateName: String,
    reason: String,
    by: String,
    at: String,
    leadsMoved: Number,
    fieldsTaken: [String],
  },
  { _id: false },
);

export const EnterpriseSchema = new Schema<EnterpriseDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    creditCode: { type: String },
    region: { type: String, required: true },
    phone: { type: String },
    email: { type: String },
    orgId: { type: String },
    status: { type: String, required: true },
    mergedInto: { type: String },
    mergeId: { type: String },
    merges: { type: [MergeEntrySchema], default: [] },
    source: { type: String, required: true },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'enterprises', versionKey: false },
);
EnterpriseSchema.plugin(outboxPlugin);

/**
 * A key that at most one record holds: `code:<credit code>`, `org:<orgId>`. Its `_id` is the key,
 * so the unique `_id` index makes a second holder's insert fail atomically (no transactions).
 */
export interface EnterpriseKeyDocument {
  _id: string;
  enterpriseId: string;
  at: Date;
}
export const EnterpriseKeySchema = new Schema<EnterpriseKeyDocument>(
  {
    _id: { type: String, required: true },
    enterpriseId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'enterprise_keys', versionKey: false },
);

/**
 * What the lineage consumers learn from other services' events to turn a scan or an award into a
 * lead: `exhibitor:<fairId>:<orgId>` (county, name, booths), `fair:<fairId>` (title, pairs),
 * `expert:<expertId>` (name, institution). Read by `_id` only.
 */
export interface LineageLookupDocument {
  _id: string;
  data: Record<string, unknown>;
  at: Date;
}
export const LineageLookupSchema = new Schema<LineageLookupDocument>(
  {
    _id: { type: String, required: true },
    data: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'enterprise_lineage_lookups', versionKey: false, minimize: false },
);
