import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { CadreLevel, Unit } from '@qingshui/contracts';

export const CADRE_MODEL = 'CadreProfile';

export interface PriorPostingRecord {
  title: string;
  unitName: string;
  startDate: string;
  endDate: string;
}
/** A placement the cadre holds: both sides agreed to it. */
export interface HoldRecord {
  nominationId: string;
  postingId: string;
  startDate: string;
  endDate: string;
}

/**
 * One cadre's profile: a single document with the placements they hold (`holds`), so that "no
 * two overlapping postings" is one version-guarded update of this document.
 */
export interface CadreDocument extends OutboxFields {
  _id: string;
  name: string;
  unit: Unit;
  /** The region paired with the unit's (its cadres read the profile too). */
  pairedRegion: string;
  position: string;
  level: CadreLevel;
  fields: string[];
  languages: string[];
  priorPostings: PriorPostingRecord[];
  userId?: string;
  holds: HoldRecord[];
  createdBy: string;
  updatedBy: string;
  updatedByName?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const CadreSchema = new Schema<CadreDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    unit: { type: Mixed, required: true },
    pairedRegion: { type: String, required: true },
    position: { type: String, required: true },
    level: { type: String, required: true },
    fields: { type: [String], default: [] },
    languages: { type: [String], default: [] },
    priorPostings: { type: Mixed, default: [] },
    userId: String,
    holds: { type: Mixed, default: [] },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedByName: String,
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'cadres', versionKey: false },
);
CadreSchema.plugin(outboxPlugin);
