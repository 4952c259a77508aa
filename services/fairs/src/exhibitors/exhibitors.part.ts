import type { FairsPart } from '../part';

/** The exhibitors part of the fairs service (see ../part.ts). */
export const exhibitorsPart: FairsPart = {
  models: [],
  outboxModels: [],
  controllers: [],
  providers: [],
};
