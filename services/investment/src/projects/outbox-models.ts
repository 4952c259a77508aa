import { PROJECT_MODEL } from './project.schema';

/** This part's models that carry an outbox (the relay publishes their events); names from its schema file. */
export const OUTBOX_MODELS: readonly string[] = [PROJECT_MODEL];
