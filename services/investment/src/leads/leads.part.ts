import type { InvestmentPart } from '../part';
import { LeadsService } from './leads.service';

/** Leads and the pipeline (see ../part.ts). */
export const leadsPart: InvestmentPart = {
  models: [],
  outboxModels: [],
  controllers: [],
  providers: [LeadsService],
};
