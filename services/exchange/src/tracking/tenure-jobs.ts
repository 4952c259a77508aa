import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { JobPort, ReadinessProbe } from '@qingshui/persistence';
import { EXCHANGE_CONFIG } from '../tokens';
import type { ExchangeConfig } from '../config';
import { tenureJobId, type TenureJob } from './tenure.decide';
import { trackingSettings, type TrackingSettings } from './tracking.settings';

/** Tenure deadlines as BullMQ delayed jobs; scheduling never fails a write that happened. */
@Injectable()
export class TenureJobs implements JobPort<TenureJob>, OnApplicationShutdown, ReadinessProbe {
  readonly probeName = 'redis';
  readonly settings: TrackingSettings;
  private readonly jobs: DelayedJobs<TenureJob>;

  constructor(
    @Inject(EXCHANGE_CONFIG) config: ExchangeConfig,
    @InjectPinoLogger('tenure-jobs') private readonly logger: PinoLogger,
  ) {
    this.settings = trackingSettings(config);
    this.jobs = new DelayedJobs<TenureJob>({
      redisUrl: config.redisUrl,
      queue: this.settings.queue,
      logger: logger.logger,
      concurrency: 4,
    });
  }

  async schedule(job: TenureJob, at: Date): Promise<void> {
    try {
      await this.jobs.schedule(job.kind, job, tenureJobId(job), at);
    } catch (error) {
      // The plan is in the tenure document; the start's repair schedules what is missing.
      this.logger.error({ err: error, job }, 'tenure deadline not scheduled; repaired at next start');
    }
  }

  remove(job: TenureJob): Promise<void> {
    return this.jobs.remove(tenureJobId(job));
  }

  startWorker(run: (job: TenureJob) => Promise<unknown>): void {
    this.jobs.startWorker(run);
  }

  probe(): Promise<boolean> {
    return this.jobs.probe();
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
