import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type {
  PlacementSnapshot,
  RotationBar,
  TenureDeadlineKind,
  TenureState,
  TenureStep,
} from '@qingshui/contracts';

export const TENURE_MODEL = 'ExchangeTenure';
export const PAIR_TENURES_MODEL = 'ExchangePairTenures';

/** A deadline job this tenure expects: its kind, the day it is due and when the job runs. */
export interface PlannedDeadline {
  kind: TenureDeadlineKind;
  dueDate: string;
  runAt: Date;
}
export interface FiredDeadline {
  kind: TenureDeadlineKind;
  dueDate: string;
  runAt: Date;
  firedAt: Date;
}

/**
 * One placement's tenure (`_id` = the placement's id): the latest placement snapshot, the steps,
 * the deadlines it expects (a job fires only if its deadline is still planned here, checked in
 * the update that records it) and those fired; its events in its outbox.
 */
export interface TenureDocument extends OutboxFields {
  _id: string;
  placement: PlacementSnapshot;
  placementVersion: number;
  state: TenureState;
  /** The planned end (the placement's, or as moved since). */
  endDate: string;
  /** Set when the end date was moved here: a later placement snapshot keeps it. */
  endDateMoved: boolean;
  arrivalDate?: string;
  reviewedOn?: string;
  returnedOn?: string;
  steps: TenureStep[];
  planned: PlannedDeadline[];
  fired: FiredDeadline[];
  /** The instant the deadlines' clock is scaled around (the confirmation; see deadlineMoment). */
  clockOrigin: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const TenureSchema = new Schema<TenureDocument>(
  {
    _id: { type: String, required: true },
    placement: { type: Schema.Types.Mixed, required: true },
    placementVersion: { type: Number, required: true },
    state: { type: String, required: true },
    endDate: { type: String, required: true },
    endDateMoved: { type: Boolean, default: false },
    arrivalDate: { type: String },
    reviewedOn: { type: String },
    returnedOn: { type: String },
    steps: { type: Schema.Types.Mixed, default: [] },
    planned: { type: Schema.Types.Mixed, default: [] },
    fired: { type: Schema.Types.Mixed, default: [] },
    clockOrigin: { type: Date, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'exchange_tenures', versionKey: false, minimize: false },
);
TenureSchema.plugin(outboxPlugin);

/** A tenure as the rotation plan needs it (one row of its pair's read model). */
export interface TenureRow extends RotationBar {
  receivingUnit: PlacementSnapshot['receivingUnit'];
  version: number;
}

/**
 * The tenures of one pair (`_id` = the pair's id), a read model kept from the tenures' writes: the
 * rotation plan reads it by `_id` (FerretDB would read every tenure for a filter on pairId).
 */
export interface PairTenuresDocument {
  _id: string;
  rows: TenureRow[];
  version: number;
  updatedAt: Date;
}

export const PairTenuresSchema = new Schema<PairTenuresDocument>(
  {
    _id: { type: String, required: true },
    rows: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'exchange_pair_tenures', versionKey: false, minimize: false },
);
