import type { InvestmentPart } from '../part';
import { MatchingMessages } from './matching.messages';
import { MatchingService } from './matching.service';

/** Matching needs and projects, explained, both ways (see ../part.ts). No models of its own. */
export const matchingPart: InvestmentPart = {
  models: [],
  outboxModels: [],
  controllers: [MatchingMessages],
  providers: [MatchingService],
};
