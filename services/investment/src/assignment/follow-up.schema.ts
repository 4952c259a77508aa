import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { LeadStage, LeadStatus, ReminderKind } from '@qingshui/contracts';

export const FOLLOW_UP_MODEL = 'InvestmentFollowUp';
export const REMINDER_BOX_MODEL = 'InvestmentReminderBox';

/** Why a reminder is due (one per reason: kind, stage, the date it counts from, owner). */
export interface ReminderReason {
  id: string;
  kind: ReminderKind;
  stage: LeadStage;
  taskTitle?: string;
  days?: number;
  dueAt: Date;
}

/** A BullMQ job this document expects: to remind (the reason is due) or to escalate (still untouched). */
export interface PlannedStep extends ReminderReason {
  step: 'remind' | 'escalate';
  runAt: Date;
}

export interface FiredReminder extends ReminderReason {
  firedAt: Date;
  sentTo: string[];
  escalatedAt?: Date;
  escalatedTo: string[];
  /** The reason went away (activity, the task done, the lead moved on or closed). */
  resolvedAt?: Date;
}

/** What the follow-ups need of the lead: the latest snapshot the leads part handed over. */
export interface LeadFacts {
  stage: LeadStage;
  status: LeadStatus;
  county: string;
  pairId: string;
  ownerId?: string;
  /** Owners before this one (they keep read access). */
  pastOwners: string[];
  orgId?: string;
  enterpriseName: string;
  lastActivityAt: Date;
}

/**
 * One lead's follow-ups: the snapshot version its plan was made from, the jobs it expects and the
 * reminders fired. A job runs only if this document still expects it (checked in the update that
 * records the reminder), so a reminder never fires for a lead that moved on.
 */
export interface FollowUpDocument extends OutboxFields {
  _id: string;
  leadVersion: number;
  lead: LeadFacts;
  planned: PlannedStep[];
  fired: FiredReminder[];
  /** Users with a reminder of this lead still open (owner, coordinators): "my reminders". */
  recipients: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const FollowUpSchema = new Schema<FollowUpDocument>(
  {
    _id: { type: String, required: true },
    leadVersion: { type: Number, required: true },
    lead: { type: Schema.Types.Mixed, required: true },
    planned: { type: Schema.Types.Mixed, default: [] },
    fired: { type: Schema.Types.Mixed, default: [] },
    recipients: { type: [String], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'investment_follow_ups', versionKey: false, minimize: false },
);
FollowUpSchema.plugin(outboxPlugin);

/**
 * The leads on which a user has open reminders: read by `_id` for "my reminders", so that the list
 * never filters the follow-ups collection (FerretDB would read all of it). An index only: every
 * entry is checked against its follow-up document when read.
 */
export interface ReminderBoxDocument {
  _id: string;
  leadIds: string[];
  version: number;
  updatedAt: Date;
}

export const ReminderBoxSchema = new Schema<ReminderBoxDocument>(
  {
    _id: { type: String, required: true },
    leadIds: { type: [String], default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'investment_reminder_boxes', versionKey: false },
);
