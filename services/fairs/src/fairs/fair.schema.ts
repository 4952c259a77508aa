import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { BoothType, FairDay, FairStatus, FairZone } from '@qingshui/contracts';

export const FAIR_MODEL = 'Fair';

export interface FairTransitionRecord {
  from: FairStatus | null;
  to: FairStatus;
  at: Date;
  by: string;
  reason?: string;
}

/** One fair: a single document, its history and its pending events inside it (the outbox). */
export interface FairDocument extends OutboxFields {
  _id: string;
  title: string;
  description: string;
  organiser: { kind: 'district' | 'county' | 'office'; region: string; orgId: string };
  pairIds: string[];
  /** Every district and county of the pairs (what reads filter on). */
  regions: string[];
  venue: { name: string; address: string };
  days: FairDay[];
  /** The first day (YYYY-MM-DD): lists sort on it. */
  firstDay: string;
  zones: FairZone[];
  boothTypes: BoothType[];
  status: FairStatus;
  /** When it first opened to exhibitors; unset for a draft, cancelled or not. */
  publishedAt?: Date;
  history: FairTransitionRecord[];
  cancelReason?: string;
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const FairSchema = new Schema<FairDocument>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, default: '' },
    organiser: { type: Schema.Types.Mixed, required: true },
    pairIds: { type: [String], required: true },
    regions: { type: [String], required: true, index: true },
    venue: { type: Schema.Types.Mixed, required: true },
    days: { type: Schema.Types.Mixed, required: true },
    firstDay: { type: String, required: true, index: true },
    zones: { type: Schema.Types.Mixed, default: [] },
    boothTypes: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, index: true },
    publishedAt: { type: Date },
    history: { type: Schema.Types.Mixed, default: [] },
    cancelReason: { type: String },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fairs', versionKey: false },
);
FairSchema.plugin(outboxPlugin);
