import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { InvestmentField, NeedCloseReason, NeedStatus } from '@qingshui/contracts';

export const NEED_MODEL = 'Need';

/** One investment need: a single document, its pending events inside it (the outbox). */
export interface NeedDocument extends OutboxFields {
  _id: string;
  title: string;
  enterpriseName: string;
  /** The poster's organisation: its members read and edit the need. */
  orgId: string;
  region: string;
  fields: InvestmentField[];
  amount: { minYuan: number; maxYuan: number };
  /** The preferred counties ([] with anyCounty). */
  counties: string[];
  /** Open to any county: kept as a flag so that `?county=` filters are one equality each. */
  anyCounty: boolean;
  landMu?: number;
  energy?: { kwhPerYear?: number; kw?: number };
  waterM3PerDay?: number;
  workforce?: number;
  timeline: { startBy: string; years: number };
  publicSummary: string;
  confidentialDetails: string;
  status: NeedStatus;
  closeReason?: NeedCloseReason;
  closeNote?: string;
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const NeedSchema = new Schema<NeedDocument>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    enterpriseName: { type: String, required: true },
    orgId: { type: String, required: true },
    region: { type: String, required: true },
    fields: { type: [String], required: true },
    amount: { type: Mixed, required: true },
    counties: { type: [String], required: true },
    anyCounty: { type: Boolean, required: true },
    landMu: Number,
    energy: Mixed,
    waterM3PerDay: Number,
    workforce: Number,
    timeline: { type: Mixed, required: true },
    publicSummary: { type: String, required: true },
    confidentialDetails: { type: String, default: '' },
    status: { type: String, required: true },
    closeReason: String,
    closeNote: String,
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'needs', versionKey: false },
);
NeedSchema.plugin(outboxPlugin);
