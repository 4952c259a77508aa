import type { ExchangePart } from '../part';
import { PAIR_TENURES_MODEL, PairTenuresSchema, TENURE_MODEL, TenureSchema } from './tenure.schema';
import { TrackingMessages } from './tracking.messages';
import { TrackingService } from './tracking.service';
import { TenureJobs } from './tenure-jobs';
import { TrackingJobsWorker } from './tracking.worker';
import { TrackingConsumer } from './tracking.consumer';

/** Tracking: tenures of confirmed placements, their deadlines, and the rotation plan (see ../part.ts). */
export const trackingPart: ExchangePart = {
  models: [
    { name: TENURE_MODEL, schema: TenureSchema },
    { name: PAIR_TENURES_MODEL, schema: PairTenuresSchema },
  ],
  controllers: [TrackingMessages],
  providers: [TenureJobs, TrackingService, TrackingJobsWorker, TrackingConsumer],
};
