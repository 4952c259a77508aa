import type { FairsPart } from '../part';
import { FAIR_KEY_MODEL, FairKeySchema, TICKET_MODEL, TicketSchema } from '../tickets/ticket.schema';
import { FairKeys } from '../tickets/fair-keys';

/** The registrations part of the fairs service (see ../part.ts). */
export const registrationsPart: FairsPart = {
  models: [
    { name: TICKET_MODEL, schema: TicketSchema },
    { name: FAIR_KEY_MODEL, schema: FairKeySchema },
  ],
  outboxModels: [TICKET_MODEL],
  controllers: [],
  providers: [FairKeys],
};
