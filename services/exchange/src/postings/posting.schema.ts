import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { CadreLevel, ExchangeDirection, ExchangeKind, PostingStatus, Unit } from '@qingshui/contracts';

export const POSTING_MODEL = 'Posting';

/** One step of a posting's life: who did what, when. */
export interface PostingStepRecord {
  at: Date;
  action: 'created' | 'updated' | PostingStatus;
  by: string;
  byName?: string;
  reason?: string;
  fields?: string[];
}

/**
 * One posting: a single document, its history and pending events inside it (the outbox). The
 * places agreed to are counted here (`placed`, with the nominations' ids in `placedIds`, a flat
 * list of strings so that FerretDB's `$ne` on it is right), taken by a guarded `$inc`.
 */
export interface PostingDocument extends OutboxFields {
  _id: string;
  title: string;
  unit: Unit;
  pairId: string;
  direction: ExchangeDirection;
  kind: ExchangeKind;
  year: number;
  startDate: string;
  endDate: string;
  level: CadreLevel;
  requirements: string;
  places: number;
  placed: number;
  placedIds: string[];
  receivingRegion: string;
  sendingRegion: string;
  status: PostingStatus;
  cancelReason?: string;
  history: PostingStepRecord[];
  createdBy: string;
  updatedBy: string;
  updatedByName?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const PostingSchema = new Schema<PostingDocument>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    unit: { type: Mixed, required: true },
    pairId: { type: String, required: true },
    direction: { type: String, required: true },
    kind: { type: String, required: true },
    year: { type: Number, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    level: { type: String, required: true },
    requirements: { type: String, default: '' },
    places: { type: Number, required: true },
    placed: { type: Number, default: 0 },
    placedIds: { type: [String], default: [] },
    receivingRegion: { type: String, required: true },
    sendingRegion: { type: String, required: true },
    status: { type: String, required: true },
    cancelReason: String,
    history: { type: Mixed, default: [] },
    createdBy: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedByName: String,
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'postings', versionKey: false },
);
PostingSchema.plugin(outboxPlugin);
