import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { InboxItem } from '@qingshui/contracts';

export const INBOX_ITEM_MODEL = 'ExchangeInboxItem';
export const INBOX_BOX_MODEL = 'ExchangeInboxBox';
export const INBOX_READS_MODEL = 'ExchangeInboxReads';

/** One item (`_id` = its id, from the source event's): what it says and to whom; its delivery event in its outbox. */
export interface InboxItemDocument extends OutboxFields, Omit<InboxItem, 'id' | 'createdAt'> {
  _id: string;
  addressees: string[];
  /** Always 1: an item never changes (read state is per user, elsewhere). */
  version: number;
  createdAt: Date;
}

export const InboxItemSchema = new Schema<InboxItemDocument>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    link: { type: Schema.Types.Mixed, required: true },
    pairId: { type: String },
    sourceEventId: { type: String, required: true },
    addressees: { type: [String], default: [] },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'exchange_inbox_items', versionKey: false, minimize: false },
);
InboxItemSchema.plugin(outboxPlugin);

/** An item in a box: its id and when it was filed (what "read all" compares with). */
export interface BoxEntry {
  id: string;
  at: Date;
}

/**
 * An addressee's box (`_id` = `user:<id>`, `unit:<orgId>` or `office:<orgId>`): the ids of the
 * items addressed to it, newest last, bounded. Read by `_id`, so a user's inbox never filters the
 * items collection (FerretDB would read all of it).
 */
export interface InboxBoxDocument {
  _id: string;
  entries: BoxEntry[];
  version: number;
  updatedAt: Date;
}

export const InboxBoxSchema = new Schema<InboxBoxDocument>(
  {
    _id: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, default: [] },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'exchange_inbox_boxes', versionKey: false, minimize: false },
);

/** One user's read state (`_id` = the user id): items read one by one, and the last "read all". */
export interface InboxReadsDocument extends OutboxFields {
  _id: string;
  readIds: string[];
  readAllAt?: Date;
  version: number;
  updatedAt: Date;
}

export const InboxReadsSchema = new Schema<InboxReadsDocument>(
  {
    _id: { type: String, required: true },
    readIds: { type: [String], default: [] },
    readAllAt: { type: Date },
    version: { type: Number, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'exchange_inbox_reads', versionKey: false, minimize: false },
);
InboxReadsSchema.plugin(outboxPlugin);
