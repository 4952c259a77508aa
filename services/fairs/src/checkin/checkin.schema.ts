import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { CheckinList, DeviceKind } from '@qingshui/contracts';
import type { StoredScan } from './admission.decide';

// The check-in part's documents. Every hot path reads and writes by `_id` only (FerretDB reads the
// whole collection for any other filter): a scan reads its ticket and its admission, writes the
// admission guarded by its version and `$inc`s its list's counts.

export const CHECKIN_LISTS_MODEL = 'FairCheckinLists';
export const ADMISSION_MODEL = 'FairAdmission';
export const CHECKIN_COUNTS_MODEL = 'FairCheckinCounts';
export const ADMISSION_INDEX_MODEL = 'FairAdmissionIndex';
export const LEAD_MODEL = 'FairLead';
export const LEAD_BOOK_MODEL = 'FairLeadBook';
export const DEVICE_MODEL = 'FairDevice';

/** A fair's check-in lists (`_id` = the fair's id). */
export interface CheckinListsDocument {
  _id: string;
  lists: CheckinList[];
  version: number;
  updatedAt: Date;
  updatedBy: string;
}
export const CheckinListsSchema = new Schema<CheckinListsDocument>(
  {
    _id: { type: String, required: true },
    lists: { type: Schema.Types.Mixed, required: true },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'fair_checkin_lists', versionKey: false },
);

/**
 * One ticket on one list: `_id = ${fairId}:${listId}:${ticketId}`, holding every scan of it with
 * its verdict. Its state is a replay of its scans (admission.decide.ts); it has no outbox (the
 * counts are its only consequence, and they are written by `$inc`).
 */
export interface AdmissionDocument {
  _id: string;
  fairId: string;
  listId: string;
  ticketId: string;
  typeId: string;
  holderName: string;
  organisation?: string;
  scans: StoredScan[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
export const AdmissionSchema = new Schema<AdmissionDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true },
    listId: { type: String, required: true },
    ticketId: { type: String, required: true },
    typeId: { type: String, required: true },
    holderName: { type: String, required: true },
    organisation: { type: String },
    scans: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_admissions', versionKey: false },
);

/**
 * The admissions of one fair's list, in the order first scanned, in pages of ids
 * (`_id = ${fairId}:${listId}:${page}`): what the export pages through by `_id`, never filtering.
 */
export interface AdmissionIndexDocument {
  _id: string;
  ids: string[];
}
export const ADMISSION_INDEX_PAGE = 200;

/**
 * A refusal of an admitted ticket that no later scan can change (a second entry on a list without
 * exits, a revoked code): `_id = ${admissionId}:${nonce}`. Kept by an insert, not by updating the
 * admission: FerretDB 1.x updates cost a read of the whole collection (measured: 12 ms per update
 * at 5,000 admissions, 37 ms at 20,000; an insert or an `_id` read about 1 ms at either size).
 */
export interface AdmissionRefusalDocument {
  _id: string;
  admissionId: string;
  scan: StoredScan;
}
export const ADMISSION_REFUSAL_MODEL = 'FairAdmissionRefusal';
export const AdmissionRefusalSchema = new Schema<AdmissionRefusalDocument>(
  {
    _id: { type: String, required: true },
    admissionId: { type: String, required: true },
    scan: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'fair_admission_refusals', versionKey: false },
);
export const AdmissionIndexSchema = new Schema<AdmissionIndexDocument>(
  { _id: { type: String, required: true }, ids: { type: [String], default: [] } },
  { collection: 'fair_admission_index', versionKey: false },
);

/** A list's counts (`_id = ${fairId}:${listId}`), moved only by `$inc` of exact deltas. */
export interface CheckinCountsDocument {
  _id: string;
  fairId: string;
  listId: string;
  checkedIn: number;
  inside: number;
  entries: number;
  exits: number;
  byType: Record<string, number>;
  byDay: Record<string, number>;
  byHour: Record<string, number>;
  by10Minutes: Record<string, number>;
  /** Index pages of the list's admissions in use (see AdmissionIndexDocument). */
  admissions: number;
  version: number;
  updatedAt: Date;
}
export const CheckinCountsSchema = new Schema<CheckinCountsDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true },
    listId: { type: String, required: true },
    checkedIn: { type: Number, default: 0 },
    inside: { type: Number, default: 0 },
    entries: { type: Number, default: 0 },
    exits: { type: Number, default: 0 },
    byType: { type: Schema.Types.Mixed, default: {} },
    byDay: { type: Schema.Types.Mixed, default: {} },
    byHour: { type: Schema.Types.Mixed, default: {} },
    by10Minutes: { type: Schema.Types.Mixed, default: {} },
    admissions: { type: Number, default: 0 },
    version: { type: Number, default: 0 },
    updatedAt: { type: Date },
  },
  { collection: 'fair_checkin_counts', versionKey: false, minimize: false },
);

/**
 * One visitor's lead at one exhibitor: `_id = ${fairId}:${enterpriseOrgId}:${ticketId}`; a rescan
 * updates it. Its `fairs.lead.captured.v1` leaves through its own outbox.
 */
export interface LeadDocument extends OutboxFields {
  _id: string;
  fairId: string;
  enterprise: { orgId: string; name: string };
  ticketId: string;
  visitor: { userId: string; name: string; organisation?: string };
  rating: number;
  notes: string;
  tags: string[];
  productsOfInterest: string[];
  scannedBy: { id: string; label?: string };
  firstScannedAt: Date;
  lastScannedAt: Date;
  scans: number;
  version: number;
  updatedAt: Date;
}
export const LeadSchema = new Schema<LeadDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true },
    enterprise: { type: Schema.Types.Mixed, required: true },
    ticketId: { type: String, required: true },
    visitor: { type: Schema.Types.Mixed, required: true },
    rating: { type: Number, required: true },
    notes: { type: String, default: '' },
    tags: { type: [String], default: [] },
    productsOfInterest: { type: [String], default: [] },
    scannedBy: { type: Schema.Types.Mixed, required: true },
    firstScannedAt: { type: Date, required: true },
    lastScannedAt: { type: Date, required: true },
    scans: { type: Number, required: true },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_leads', versionKey: false },
);
LeadSchema.plugin(outboxPlugin);

/**
 * An exhibitor's leads at a fair (`_id = ${fairId}:${enterpriseOrgId}`): the tickets scanned, in
 * order, each once (the guarded `$push` makes the count exact under any concurrency). Its list
 * pages by `_id` reads of the leads.
 */
export interface LeadBookDocument {
  _id: string;
  ticketIds: string[];
  count: number;
}
export const LeadBookSchema = new Schema<LeadBookDocument>(
  {
    _id: { type: String, required: true },
    ticketIds: { type: [String], default: [] },
    count: { type: Number, default: 0 },
  },
  { collection: 'fair_lead_books', versionKey: false },
);

/**
 * A scan-only device (`_id` = the SHA-256 of its code: the code itself is never stored). A
 * fair's devices are few (a handful per exhibitor), so its list may filter this collection.
 */
export interface DeviceDocument {
  _id: string;
  id: string;
  fairId: string;
  kind: DeviceKind;
  /** The exhibitor (lead) or the organiser (door) it scans for. */
  orgId: string;
  label: string;
  createdBy: string;
  createdAt: Date;
  revokedAt?: Date;
  revokedBy?: string;
}
export const DeviceSchema = new Schema<DeviceDocument>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    fairId: { type: String, required: true },
    kind: { type: String, required: true },
    orgId: { type: String, required: true },
    label: { type: String, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    revokedAt: { type: Date },
    revokedBy: { type: String },
  },
  { collection: 'fair_devices', versionKey: false },
);
