import { FOLLOW_UP_MODEL } from './follow-up.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema file. */
export const OUTBOX_MODELS: readonly string[] = [FOLLOW_UP_MODEL];
