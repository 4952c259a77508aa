import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type {
  EnterpriseRef,
  InvestmentField,
  LeadActivity,
  LeadCard,
  LeadHistoryEntry,
  LeadOrigin,
  LeadStage,
  LeadStageEntry,
  LeadStatus,
  LeadTask,
  LeadValues,
} from '@qingshui/contracts';

// The leads part's documents. A lead is one document (its stage log, history, activities and tasks
// inside it, so each change is one guarded update with its events in its outbox). Everything else
// is a read model kept from the lead's committed state, read by `_id` only (FerretDB reads the
// whole collection for any other filter): boards of cards, the totals, and each lead's tally.

export const LEAD_MODEL = 'InvestmentLead';
export const LEAD_BOARD_MODEL = 'InvestmentLeadBoard';
export const LEAD_TALLY_MODEL = 'InvestmentLeadTally';
export const LEAD_TOTALS_MODEL = 'InvestmentLeadTotals';

export interface LeadDocument extends OutboxFields {
  _id: string;
  title: string;
  enterprise: EnterpriseRef;
  needId?: string;
  projectId?: string;
  county: string;
  pairId: string;
  district: string;
  field?: InvestmentField;
  origin: LeadOrigin;
  originChain: LeadOrigin[];
  /** The origin key of a lead born from an event (its `_id` derives from it). */
  originKey?: string;
  /** The origin events recorded (a replay of one of them adds nothing). */
  originEventIds: string[];
  stage: LeadStage;
  status: LeadStatus;
  lostReason?: string;
  values: LeadValues;
  stageValues: Partial<Record<LeadStage, LeadValues>>;
  owner?: { userId: string; name: string };
  previousOwnerIds: string[];
  landing?: { requestedAt: string; requestedBy: string; note?: string };
  stageLog: LeadStageEntry[];
  history: LeadHistoryEntry[];
  activities: LeadActivity[];
  tasks: LeadTask[];
  /** The merges applied (moveEnterprise is idempotent by merge id). */
  mergeIds: string[];
  lastActivityAt: Date;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
  version: number;
}

export const LeadSchema = new Schema<LeadDocument>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    enterprise: { type: Schema.Types.Mixed, required: true },
    needId: { type: String },
    projectId: { type: String },
    county: { type: String, required: true },
    pairId: { type: String, required: true },
    district: { type: String, required: true },
    field: { type: String },
    origin: { type: Schema.Types.Mixed, required: true },
    originChain: { type: Schema.Types.Mixed, default: [] },
    originKey: { type: String },
    originEventIds: { type: [String], default: [] },
    stage: { type: String, required: true },
    status: { type: String, required: true },
    lostReason: { type: String },
    values: { type: Schema.Types.Mixed, default: {} },
    stageValues: { type: Schema.Types.Mixed, default: {} },
    owner: { type: Schema.Types.Mixed },
    previousOwnerIds: { type: [String], default: [] },
    landing: { type: Schema.Types.Mixed },
    stageLog: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    activities: { type: Schema.Types.Mixed, default: [] },
    tasks: { type: Schema.Types.Mixed, default: [] },
    mergeIds: { type: [String], default: [] },
    lastActivityAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { collection: 'investment_leads', versionKey: false, minimize: false },
);
LeadSchema.plugin(outboxPlugin);

/**
 * Cards of leads by where they are listed: `county:<id>` (the pipeline board of the county and its
 * pair), `org:<orgId>` (the enterprise's "my leads"), `owner:<userId>`, `enterprise:<id>` (what a
 * merge moves), `verify` (landings waiting for the office). `cards.<leadId>` is set guarded by the
 * card's version, so a late or repeated projection never puts an older card back.
 */
export interface LeadBoardDocument {
  _id: string;
  cards: Record<string, LeadCard>;
}
export const LeadBoardSchema = new Schema<LeadBoardDocument>(
  { _id: { type: String, required: true }, cards: { type: Schema.Types.Mixed, default: {} } },
  { collection: 'investment_lead_boards', versionKey: false, minimize: false },
);

/**
 * What a lead last contributed to the totals (`_id` = the lead's id): the version counted, its cell
 * and amount, and the boards it is on. Written guarded by the version it replaces before the totals
 * move, so a replay or a second delivery of the same version counts nothing.
 */
export interface LeadTallyDocument {
  _id: string;
  v: number;
  county: string;
  cell: string;
  yuan: number;
  boards: string[];
  /** The `$inc` of this version's move that the county's totals may not have taken yet (paths hold dots: a list). */
  pending?: { path: string; by: number }[];
}
export const LeadTallySchema = new Schema<LeadTallyDocument>(
  {
    _id: { type: String, required: true },
    v: { type: Number, required: true },
    county: { type: String, required: true },
    cell: { type: String, required: true },
    yuan: { type: Number, required: true },
    boards: { type: [String], default: [] },
    pending: { type: Schema.Types.Mixed },
  },
  { collection: 'investment_lead_tallies', versionKey: false },
);

/**
 * A county's totals (`_id` = the county): `cells.<field>~<origin>~<lane>` = { n, yuan }, moved by
 * `$inc` of exact deltas. Sixteen small documents answer every totals query.
 */
export interface LeadTotalsDocument {
  _id: string;
  cells: Record<string, { n: number; yuan: number }>;
  /**
   * The last version of each lead whose change these totals took (lead id → version), set in the
   * same update as the change, so that finishing a change again, or late, counts nothing twice.
   * About 40 bytes per lead of the county (12,500 leads: ~0.5 MB).
   */
  applied?: Record<string, number>;
}
export const LeadTotalsSchema = new Schema<LeadTotalsDocument>(
  {
    _id: { type: String, required: true },
    cells: { type: Schema.Types.Mixed, default: {} },
    applied: { type: Schema.Types.Mixed },
  },
  { collection: 'investment_lead_totals', versionKey: false, minimize: false },
);
