import { defineDomain } from '../kit/domain';
import { postingsPart } from './postings';
import { cadresPart } from './cadres';
import { placementsPart } from './placements';
import { trackingPart } from './tracking';
import { inboxPart } from './inbox';

export * from './vocabulary';
export * from './postings';
export * from './cadres';
export * from './placements';
export * from './tracking';
export * from './inbox';

// Cadre exchange (干部双向挂职): postings of the receiving units, nominations of the sending units,
// two-sided approval against yearly quotas, tracking and the rotation plan, and the inbox. Each
// part's contracts are in their own file; the domain joins them. The platform's registry
// (libs/contracts/src/platform.ts, DOMAINS) lists the domain.

const PARTS = [postingsPart, cadresPart, placementsPart, trackingPart, inboxPart] as const;

export const exchangeDomain = Object.assign(
  defineDomain({
    name: 'exchange',
    commands: [
      ...postingsPart.commands,
      ...cadresPart.commands,
      ...placementsPart.commands,
      ...trackingPart.commands,
      ...inboxPart.commands,
    ],
    events: [
      ...postingsPart.events,
      ...cadresPart.events,
      ...placementsPart.events,
      ...trackingPart.events,
      ...inboxPart.events,
    ],
    routes: PARTS.flatMap((part) => part.routes),
    rooms: PARTS.flatMap((part) => part.rooms),
  }),
  {
    /** CSV/XLSX downloads (the gateway serves every domain's `exports`). */
    exports: PARTS.flatMap((part) => part.exports),
    /**
     * A sample payload of every event of the domain, every optional field filled and personal data
     * planted (see PERSONAL_MARKERS in @qingshui/testing): the tests derived from the declarations
     * check with it that no room hears what it may not read.
     */
    samples: {
      ...postingsPart.samples,
      ...cadresPart.samples,
      ...placementsPart.samples,
      ...trackingPart.samples,
      ...inboxPart.samples,
    },
  },
);
