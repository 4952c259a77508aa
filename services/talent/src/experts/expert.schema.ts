import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { AvailabilityWindow, ContactVisibility, ExpertField } from '@qingshui/contracts';

export const EXPERT_MODEL = 'Expert';

/** The expert aggregate: one document, so each invariant holds in one atomic update. */
export interface ExpertDocument extends OutboxFields {
  _id: string;
  userId: string;
  orgId?: string;
  name: string;
  institution: string;
  title: string;
  fields: ExpertField[];
  skills: string[];
  bio: string;
  region: string;
  academician: boolean;
  honours: string[];
  languages: string[];
  availability: AvailabilityWindow[];
  contact: { email?: string; phone?: string; wechat?: string };
  contactVisibility: ContactVisibility;
  conflictOrgIds: string[];
  engagements: { visits: number; challengesSolved: number };
  verified: boolean;
  /** Challenges already counted in `engagements.challengesSolved` (makes the count idempotent). */
  creditedChallenges?: string[];
  /** Tours already counted in engagements.visits. */
  creditedVisits?: string[];
  verifiedBy?: string;
  verifiedAt?: Date;
  /** Bumped by every change; updates state the version they read (optimistic concurrency). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The expert as decisions and views see it: the document without its pending events. */
export type ExpertState = Omit<ExpertDocument, keyof OutboxFields>;

export const ExpertSchema = new Schema<ExpertDocument>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true, unique: true },
    orgId: { type: String, index: true },
    name: { type: String, required: true },
    institution: { type: String, required: true },
    title: { type: String, required: true },
    fields: { type: [String], index: true },
    skills: { type: [String], default: [] },
    bio: { type: String, default: '' },
    region: { type: String, required: true, index: true },
    academician: { type: Boolean, default: false, index: true },
    honours: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    availability: { type: [{ _id: false, from: String, to: String, note: String }], default: [] },
    contact: { email: String, phone: String, wechat: String },
    contactVisibility: { type: String, default: 'cadres' },
    conflictOrgIds: { type: [String], default: [] },
    engagements: { visits: { type: Number, default: 0 }, challengesSolved: { type: Number, default: 0 } },
    verified: { type: Boolean, default: false, index: true },
    creditedChallenges: { type: [String], default: [] },
    creditedVisits: { type: [String], default: [] },
    verifiedBy: String,
    verifiedAt: Date,
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'experts', versionKey: false },
);
ExpertSchema.plugin(outboxPlugin);
