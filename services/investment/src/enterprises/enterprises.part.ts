import type { InvestmentPart } from '../part';

/** Enterprises, duplicates and merges, and lineage from fairs and challenges (see ../part.ts). */
export const enterprisesPart: InvestmentPart = {
  models: [],
  outboxModels: [],
  controllers: [],
  providers: [],
};
