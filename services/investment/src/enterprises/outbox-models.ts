import { ENTERPRISE_MODEL } from './enterprise.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema file. */
export const OUTBOX_MODELS: readonly string[] = [ENTERPRISE_MODEL];
