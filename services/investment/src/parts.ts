import type { InvestmentPart } from './part';
import { needsPart } from './needs/needs.part';
import { projectsPart } from './projects/projects.part';
import { matchingPart } from './matching/matching.part';
import { leadsPart } from './leads/leads.part';
import { assignmentPart } from './assignment/assignment.part';
import { enterprisesPart } from './enterprises/enterprises.part';

/** Every part of the investment service, joined into one Nest module by AppModule. */
export const INVESTMENT_PARTS: readonly InvestmentPart[] = [
  needsPart,
  projectsPart,
  matchingPart,
  leadsPart,
  assignmentPart,
  enterprisesPart,
];
