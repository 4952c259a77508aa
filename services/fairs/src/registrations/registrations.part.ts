import type { FairsPart } from '../part';
import { FAIR_KEY_MODEL, FairKeySchema, TICKET_MODEL, TicketSchema } from '../tickets/ticket.schema';
import { FairKeys } from '../tickets/fair-keys';
import { REVOCATION_MODEL, RevocationSchema } from '../tickets/revocation.schema';
import { TicketsService } from '../tickets/tickets.service';
import {
  LEDGER_MODEL,
  LedgerSchema,
  REGISTRATION_MODEL,
  RegistrationSchema,
  USER_REGISTRATIONS_MODEL,
  UserRegistrationsSchema,
} from './registration.schema';
import { RegistrationJobs } from './registration-jobs';
import { RegistrationsService } from './registrations.service';
import { RegistrationsMessages } from './registrations.messages';
import { RegistrationsWorker } from './registrations.worker';

/** The registrations part of the fairs service (see ../part.ts). */
export const registrationsPart: FairsPart = {
  models: [
    { name: TICKET_MODEL, schema: TicketSchema },
    { name: FAIR_KEY_MODEL, schema: FairKeySchema },
    { name: REGISTRATION_MODEL, schema: RegistrationSchema },
    { name: LEDGER_MODEL, schema: LedgerSchema },
    { name: USER_REGISTRATIONS_MODEL, schema: UserRegistrationsSchema },
    { name: REVOCATION_MODEL, schema: RevocationSchema },
  ],
  outboxModels: [REVOCATION_MODEL, REGISTRATION_MODEL, LEDGER_MODEL],
  controllers: [RegistrationsMessages],
  providers: [FairKeys, TicketsService, RegistrationJobs, RegistrationsService, RegistrationsWorker],
};
