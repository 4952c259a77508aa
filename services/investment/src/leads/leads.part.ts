import type { InvestmentPart } from '../part';
import {
  LEAD_BOARD_MODEL,
  LEAD_MODEL,
  LEAD_TALLY_MODEL,
  LEAD_TOTALS_MODEL,
  LeadBoardSchema,
  LeadSchema,
  LeadTallySchema,
  LeadTotalsSchema,
} from './lead.schema';
import { LeadProjections } from './lead-projections';
import { LeadProjectorConsumer } from './lead-projector.consumer';
import { LeadsMessages } from './leads.messages';
import { LeadsService } from './leads.service';
import { MongoLeadSnapshotReader } from './lead-snapshot.reader';
import { LEAD_SNAPSHOT_READER } from '../lead-snapshot';
import { OUTBOX_MODELS } from './outbox-models';

/** Leads and the pipeline (see ../part.ts). */
export const leadsPart: InvestmentPart = {
  models: [
    { name: LEAD_MODEL, schema: LeadSchema },
    { name: LEAD_BOARD_MODEL, schema: LeadBoardSchema },
    { name: LEAD_TALLY_MODEL, schema: LeadTallySchema },
    { name: LEAD_TOTALS_MODEL, schema: LeadTotalsSchema },
  ],
  outboxModels: [...OUTBOX_MODELS],
  controllers: [LeadsMessages],
  providers: [
    LeadsService,
    LeadProjections,
    LeadProjectorConsumer,
    { provide: LEAD_SNAPSHOT_READER, useClass: MongoLeadSnapshotReader },
  ],
};
