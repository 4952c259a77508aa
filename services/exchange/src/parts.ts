import type { ExchangePart } from './part';
import { postingsPart } from './postings/postings.part';
import { cadresPart } from './cadres/cadres.part';
import { placementsPart } from './placements/placements.part';
import { trackingPart } from './tracking/tracking.part';
import { inboxPart } from './inbox/inbox.part';

/** Every part of the exchange service, joined into one Nest module by AppModule. */
export const EXCHANGE_PARTS: readonly ExchangePart[] = [
  postingsPart,
  cadresPart,
  placementsPart,
  trackingPart,
  inboxPart,
];
