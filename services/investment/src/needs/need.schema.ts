import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';

export const NEED_MODEL = 'Need';

/** One need: a single document, its pending events inside it (the outbox). */
export interface NeedDocument extends OutboxFields {
  _id: string;
  name: string;
  region: string;
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const NeedSchema = new Schema<NeedDocument>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    region: { type: String, required: true },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'needs', versionKey: false },
);
NeedSchema.plugin(outboxPlugin);
