import { CADRE_MODEL } from './cadre.schema';
import { NOMINATION_MODEL } from './nomination.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema files. */
export const OUTBOX_MODELS: readonly string[] = [CADRE_MODEL, NOMINATION_MODEL];
