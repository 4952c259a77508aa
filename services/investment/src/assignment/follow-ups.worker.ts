import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { FollowUpJobs } from './follow-up-jobs';
import { FollowUpsService } from './follow-ups.service';

/** Runs the follow-ups' jobs, and re-adds at start what a crash between a write and its jobs left out. */
@Injectable()
export class FollowUpsWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: FollowUpJobs,
    private readonly followUps: FollowUpsService,
    @InjectPinoLogger('follow-ups') private readonly logger: PinoLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.jobs.startWorker((job) => this.followUps.run(job));
    // In the background: the start does not wait on a pass over every lead's follow-ups.
    void this.followUps
      .repair()
      .then((scheduled) => this.logger.info({ scheduled }, 'follow-up jobs checked'))
      .catch((error: unknown) => this.logger.error({ err: error }, 'follow-up jobs not checked'));
  }
}
