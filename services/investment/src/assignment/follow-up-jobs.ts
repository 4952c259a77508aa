import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { JobPort, ReadinessProbe } from '@qingshui/persistence';
import { INVESTMENT_CONFIG } from '../tokens';
import type { InvestmentConfig } from '../config';
import { followUpJobId, type FollowUpJob } from './follow-up.decide';
import { followUpSettings, type FollowUpSettings } from './follow-up.settings';

/** The follow-ups' reminders and escalations as BullMQ delayed jobs; scheduling never fails a write that happened. */
@Injectable()
export class FollowUpJobs implements JobPort<FollowUpJob>, OnApplicationShutdown, ReadinessProbe {
  readonly probeName = 'redis';
  readonly settings: FollowUpSettings;
  private readonly jobs: DelayedJobs<FollowUpJob>;

  constructor(
    @Inject(INVESTMENT_CONFIG) config: InvestmentConfig,
    @InjectPinoLogger('follow-up-jobs') private readonly logger: PinoLogger,
  ) {
    this.settings = followUpSettings(config);
    this.jobs = new DelayedJobs<FollowUpJob>({
      redisUrl: config.redisUrl,
      queue: this.settings.queue,
      logger: logger.logger,
      concurrency: 4,
    });
  }

  async schedule(job: FollowUpJob, at: Date): Promise<void> {
    try {
      await this.jobs.schedule(job.step, job, followUpJobId(job), at);
    } catch (error) {
      // The plan is in the follow-up document; the start's repair schedules what is missing.
      this.logger.error({ err: error, job }, 'follow-up not scheduled; repaired at next start');
    }
  }

  remove(job: FollowUpJob): Promise<void> {
    return this.jobs.remove(followUpJobId(job));
  }

  startWorker(run: (job: FollowUpJob) => Promise<unknown>): void {
    this.jobs.startWorker(run);
  }

  probe(): Promise<boolean> {
    return this.jobs.probe();
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
