import type { FairsPart } from '../part';

/** The checkin part of the fairs service (see ../part.ts). */
export const checkinPart: FairsPart = {
  models: [],
  outboxModels: [],
  controllers: [],
  providers: [],
};
