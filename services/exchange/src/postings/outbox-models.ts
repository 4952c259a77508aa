import { POSTING_MODEL } from './posting.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema file. */
export const OUTBOX_MODELS: readonly string[] = [POSTING_MODEL];
