import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { ReadinessProbe } from '@qingshui/persistence';
import { FAIRS_CONFIG } from '../tokens';
import type { FairsConfig } from '../config';

/** What the registrations part does later: an offer from the waiting list runs out. */
export interface OfferExpiryJob {
  kind: 'offer-expiry';
  fairId: string;
  userId: string;
  offerId: string;
}

/** One job per offer (BullMQ refuses ':' in ids): scheduling twice keeps one, and it can be removed. */
export const offerJobId = (offerId: string) => `fair-offer-${offerId}`;

/** The offers' expiries as BullMQ delayed jobs; scheduling never fails a write that happened. */
@Injectable()
export class RegistrationJobs implements OnApplicationShutdown, ReadinessProbe {
  readonly probeName = 'redis';
  private readonly jobs: DelayedJobs<OfferExpiryJob>;

  constructor(
    @Inject(FAIRS_CONFIG) config: FairsConfig,
    @InjectPinoLogger('fair-jobs') private readonly logger: PinoLogger,
  ) {
    this.jobs = new DelayedJobs<OfferExpiryJob>({
      redisUrl: config.redisUrl,
      queue: config.jobQueue,
      logger: logger.logger,
      concurrency: 4,
    });
  }

  async schedule(job: OfferExpiryJob, runAt: Date): Promise<void> {
    try {
      await this.jobs.schedule(job.kind, job, offerJobId(job.offerId), runAt);
    } catch (error) {
      this.logger.error({ err: error, job }, 'offer expiry not scheduled; repaired at next start');
    }
  }

  remove(offerId: string): Promise<void> {
    return this.jobs.remove(offerJobId(offerId));
  }

  startWorker(run: (job: OfferExpiryJob) => Promise<unknown>): void {
    this.jobs.startWorker(run);
  }

  probe(): Promise<boolean> {
    return this.jobs.probe();
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
