import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { TenureJobs } from './tenure-jobs';
import { TrackingService } from './tracking.service';

/** Runs the tenures' deadline jobs, and re-adds at start what a crash between a write and its jobs left out. */
@Injectable()
export class TrackingJobsWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: TenureJobs,
    private readonly tracking: TrackingService,
    @InjectPinoLogger('tracking-jobs') private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.startWorker((job) => this.tracking.runJob(job));
    // In the background: the start does not wait on a pass over every tenure.
    void this.tracking
      .repair()
      .then((scheduled) => this.logger.info({ scheduled }, 'tenure deadline jobs checked'))
      .catch((error: unknown) => this.logger.error({ err: error }, 'tenure deadline jobs not checked'));
  }
}
