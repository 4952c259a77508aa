import { INBOX_ITEM_MODEL, INBOX_READS_MODEL } from './inbox.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema files. */
export const OUTBOX_MODELS: readonly string[] = [INBOX_ITEM_MODEL, INBOX_READS_MODEL];
