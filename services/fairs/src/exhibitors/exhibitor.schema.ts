import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { BoothRules, ExhibitProduct, ExhibitorStatus, FieldDiff } from '@qingshui/contracts';

export const EXHIBITOR_MODEL = 'FairExhibitor';
export const BOOTH_LEDGER_MODEL = 'FairBoothLedger';

export interface ExhibitorTransitionRecord {
  from: ExhibitorStatus | null;
  to: ExhibitorStatus;
  at: Date;
  /** The user who moved it: reviewers see it, the enterprise does not. */
  by: string;
  reason?: string;
}

/** One enterprise's application to one fair: `_id = ${fairId}:${orgId}`. */
export interface ExhibitorDocument extends OutboxFields {
  _id: string;
  fairId: string;
  /** The fair's organiser (who reviews it), copied at the first write. */
  organiserOrgId: string;
  enterprise: { orgId: string; name: string; region: string };
  status: ExhibitorStatus;
  products: ExhibitProduct[];
  boothTypeId: string;
  booths: number;
  note: string;
  boothIds: string[];
  rejectReason?: string;
  pendingChanges?: {
    proposed: { enterpriseName: string; products: ExhibitProduct[]; note: string };
    diff: FieldDiff[];
    at: Date;
  };
  lastChangesReview?: { outcome: 'approved' | 'rejected'; reason?: string; at: Date; by: string };
  /** Internal: the reviewers' only. */
  notes: { text: string; by: string; at: Date }[];
  history: ExhibitorTransitionRecord[];
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ExhibitorSchema = new Schema<ExhibitorDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true, index: true },
    organiserOrgId: { type: String, required: true },
    enterprise: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true },
    products: { type: Schema.Types.Mixed, default: [] },
    boothTypeId: { type: String, required: true },
    booths: { type: Number, required: true },
    note: { type: String, default: '' },
    boothIds: { type: [String], default: [] },
    rejectReason: { type: String },
    pendingChanges: { type: Schema.Types.Mixed },
    lastChangesReview: { type: Schema.Types.Mixed },
    notes: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_exhibitors', versionKey: false },
);
ExhibitorSchema.plugin(outboxPlugin);

/** Who holds booths of a fair: one entry per accepted enterprise. */
export interface BoothHolder {
  orgId: string;
  enterpriseName: string;
  county: string;
  boothTypeId: string;
  boothIds: string[];
}

/**
 * The booth ledger of one fair (`_id` = the fair's id): its rules and every assignment, in one
 * document, so that each assignment is one guarded update and no booth is given twice.
 */
export interface BoothLedgerDocument extends OutboxFields {
  _id: string;
  organiserOrgId: string;
  rules: BoothRules;
  holders: BoothHolder[];
  version: number;
  createdAt?: Date;
  updatedAt?: Date;
}

export const BoothLedgerSchema = new Schema<BoothLedgerDocument>(
  {
    _id: { type: String, required: true },
    organiserOrgId: { type: String, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    holders: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date },
    updatedAt: { type: Date },
  },
  { collection: 'fair_booths', versionKey: false },
);
BoothLedgerSchema.plugin(outboxPlugin);
