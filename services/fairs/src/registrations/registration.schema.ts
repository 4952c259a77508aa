import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { Company, RegistrationStatus, TicketKind, TicketType } from '@qingshui/contracts';

export const REGISTRATION_MODEL = 'FairRegistration';
export const LEDGER_MODEL = 'FairLedger';
export const USER_REGISTRATIONS_MODEL = 'FairUserRegistrations';

export interface RegistrationEntryRecord {
  status: RegistrationStatus;
  at: Date;
  by?: string;
  reason?: string;
}

/**
 * One person's registration at one fair (`${fairId}:${userId}`): a group is one registration of
 * `size` places. Its status says whether it holds places (awaiting approval, confirmed, offered),
 * waits (with its sequence number from the ledger) or has ended. `ledgerDue` and `ticketsDue`
 * mark a change whose ledger or ticket writes are not done yet: what the repair at start finishes.
 */
export interface RegistrationDocument extends OutboxFields {
  _id: string;
  fairId: string;
  userId: string;
  /** 1 for the first registration of this person at this fair; one more at each new one after an end. */
  attempt: number;
  typeId: string;
  kind: TicketKind;
  days: string[];
  windowId?: string;
  size: number;
  name: string;
  members: { name: string; organisation?: string }[];
  company?: Company;
  orgId?: string;
  /** The key its places count against for the type's cap per organisation. */
  orgKey?: string;
  leadConsent: boolean;
  status: RegistrationStatus;
  waitSeq?: number;
  offer?: { id: string; expiresAt: Date; madeAt: Date };
  ticketIds: string[];
  reason?: string;
  history: RegistrationEntryRecord[];
  /** The step whose ledger write is still due (a crash here is repaired by a recount). */
  ledgerDue?: string;
  /** The step whose tickets (to issue or revoke) are not all written yet. */
  ticketsDue?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const RegistrationSchema = new Schema<RegistrationDocument>(
  {
    _id: { type: String, required: true },
    fairId: { type: String, required: true, index: true },
    userId: { type: String, required: true },
    attempt: { type: Number, required: true },
    typeId: { type: String, required: true },
    kind: { type: String, required: true },
    days: { type: [String], required: true },
    windowId: { type: String },
    size: { type: Number, required: true },
    name: { type: String, required: true },
    members: { type: Schema.Types.Mixed, default: [] },
    company: { type: Schema.Types.Mixed },
    orgId: { type: String },
    orgKey: { type: String },
    leadConsent: { type: Boolean, required: true },
    status: { type: String, required: true, index: true },
    waitSeq: { type: Number },
    offer: { type: Schema.Types.Mixed },
    ticketIds: { type: [String], default: [] },
    reason: { type: String },
    history: { type: Schema.Types.Mixed, default: [] },
    ledgerDue: { type: String },
    ticketsDue: { type: String },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_registrations', versionKey: false },
);
RegistrationSchema.plugin(outboxPlugin);

/**
 * A fair's ticket types and the counts of its places, in one document (`_id` = the fair's id), so
 * that every take of places is one update whose filter states its precondition: the quota read,
 * places taken at most quota − N, nobody waiting for the pool, the organisation under its cap.
 * Pools are `<type>@<day>` and `<type>@<day>@<window>`; `org` counts `<type>@<orgKey>`.
 */
export interface LedgerDocument extends OutboxFields {
  _id: string;
  types: TicketType[];
  /** The ticket types' version (If-Match); counts change without it. */
  typesVersion: number;
  quota: Record<string, number>;
  taken: Record<string, number>;
  /** Registrations waiting for each pool. */
  waiting: Record<string, number>;
  org: Record<string, number>;
  /** The last waiting-list sequence number given. */
  seq: number;
  /** One more at every write: a recount writes only if nothing moved meanwhile. */
  rev: number;
  updatedAt: Date;
}
export const LedgerSchema = new Schema<LedgerDocument>(
  {
    _id: { type: String, required: true },
    types: { type: Schema.Types.Mixed, default: [] },
    typesVersion: { type: Number, required: true },
    quota: { type: Schema.Types.Mixed, default: {} },
    taken: { type: Schema.Types.Mixed, default: {} },
    waiting: { type: Schema.Types.Mixed, default: {} },
    org: { type: Schema.Types.Mixed, default: {} },
    seq: { type: Number, default: 0 },
    rev: { type: Number, default: 0 },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'fair_ledgers', versionKey: false, minimize: false },
);
LedgerSchema.plugin(outboxPlugin);

/** Which fairs a person registered at (`_id` = the user's id): `fairs.<fairId>` = when. */
export interface UserRegistrationsDocument {
  _id: string;
  fairs: Record<string, Date>;
}
export const UserRegistrationsSchema = new Schema<UserRegistrationsDocument>(
  { _id: { type: String, required: true }, fairs: { type: Schema.Types.Mixed, default: {} } },
  { collection: 'fair_user_registrations', versionKey: false, minimize: false },
);
