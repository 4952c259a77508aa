import type { FairsPart } from '../part';
import {
  ADMISSION_INDEX_MODEL,
  ADMISSION_MODEL,
  ADMISSION_REFUSAL_MODEL,
  AdmissionIndexSchema,
  AdmissionRefusalSchema,
  AdmissionSchema,
  CHECKIN_COUNTS_MODEL,
  CHECKIN_LISTS_MODEL,
  CheckinCountsSchema,
  CheckinListsSchema,
  DEVICE_MODEL,
  DeviceSchema,
  LEAD_BOOK_MODEL,
  LEAD_MODEL,
  LeadBookSchema,
  LeadSchema,
} from './checkin.schema';
import { CheckinMessages } from './checkin.messages';
import { CheckinService } from './checkin.service';
import { CountsPublisher } from './counts-publisher';
import { DevicesService } from './devices.service';
import { LeadsService } from './leads.service';

/**
 * The check-in part of the fairs service (see ../part.ts): check-in lists, admissions and their
 * counts, booth leads and scan-only devices. Only leads carry an outbox: admissions change only
 * their counts, whose live event is a coalesced snapshot (see CountsPublisher).
 */
export const checkinPart: FairsPart = {
  models: [
    { name: CHECKIN_LISTS_MODEL, schema: CheckinListsSchema },
    { name: ADMISSION_MODEL, schema: AdmissionSchema },
    { name: ADMISSION_INDEX_MODEL, schema: AdmissionIndexSchema },
    { name: ADMISSION_REFUSAL_MODEL, schema: AdmissionRefusalSchema },
    { name: CHECKIN_COUNTS_MODEL, schema: CheckinCountsSchema },
    { name: LEAD_MODEL, schema: LeadSchema },
    { name: LEAD_BOOK_MODEL, schema: LeadBookSchema },
    { name: DEVICE_MODEL, schema: DeviceSchema },
  ],
  outboxModels: [LEAD_MODEL],
  controllers: [CheckinMessages],
  providers: [CheckinService, LeadsService, DevicesService, CountsPublisher],
};
