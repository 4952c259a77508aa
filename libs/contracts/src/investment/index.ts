import { defineDomain } from '../kit/domain';
import { needsPart } from './needs';
import { projectsPart } from './projects';
import { matchingPart } from './matching';
import { leadsPart } from './leads';
import { assignmentPart } from './assignment';
import { enterprisesPart } from './enterprises';

export * from './vocabulary';
export * from './needs';
export * from './projects';
export * from './matching';
export * from './leads';
export * from './assignment';
export * from './enterprises';

// Investment cooperation (招商引资, 产业合作): enterprises' investment needs, the counties' project
// libraries, matching both ways, and the lead pipeline the cadres of a pair work from first contact
// to a landed deal. Each part's contracts are in their own file; the domain joins them.

const PARTS = [needsPart, projectsPart, matchingPart, leadsPart, assignmentPart, enterprisesPart] as const;

export const investmentDomain = Object.assign(
  defineDomain({
    name: 'investment',
    commands: [
      ...needsPart.commands,
      ...projectsPart.commands,
      ...matchingPart.commands,
      ...leadsPart.commands,
      ...assignmentPart.commands,
      ...enterprisesPart.commands,
    ],
    events: [
      ...needsPart.events,
      ...projectsPart.events,
      ...matchingPart.events,
      ...leadsPart.events,
      ...assignmentPart.events,
      ...enterprisesPart.events,
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
      ...needsPart.samples,
      ...projectsPart.samples,
      ...matchingPart.samples,
      ...leadsPart.samples,
      ...assignmentPart.samples,
      ...enterprisesPart.samples,
    },
  },
);
