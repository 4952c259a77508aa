import type { FairsPart } from '../part';
import { BOOTH_LEDGER_MODEL, BoothLedgerSchema, EXHIBITOR_MODEL, ExhibitorSchema } from './exhibitor.schema';
import { ExhibitorsMessages } from './exhibitors.messages';
import { ExhibitorsService } from './exhibitors.service';

/** The exhibitors part of the fairs service (see ../part.ts): applications and booth ledgers. */
export const exhibitorsPart: FairsPart = {
  models: [
    { name: EXHIBITOR_MODEL, schema: ExhibitorSchema },
    { name: BOOTH_LEDGER_MODEL, schema: BoothLedgerSchema },
  ],
  outboxModels: [EXHIBITOR_MODEL, BOOTH_LEDGER_MODEL],
  controllers: [ExhibitorsMessages],
  providers: [ExhibitorsService],
};
