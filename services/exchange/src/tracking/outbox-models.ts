import { TENURE_MODEL } from './tenure.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema files. */
export const OUTBOX_MODELS: readonly string[] = [TENURE_MODEL];
