import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { ExpertField } from '@qingshui/contracts';

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
  /** Bumped by every change; updates state the version they read (optimistic concurrency). */
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

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
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'experts', versionKey: false },
);
ExpertSchema.plugin(outboxPlugin);
