import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { JobPort, ReadinessProbe } from '@qingshui/persistence';
import { STATIONS_CONFIG } from '../tokens';
import type { StationsConfig } from '../config';
import { stationJobId, type StationJob } from './station-job.rules';

/** The stations' delayed jobs on BullMQ; as a JobPort, scheduling never fails a write that happened. */
@Injectable()
export class StationJobs implements OnApplicationShutdown, ReadinessProbe, JobPort<StationJob> {
  readonly probeName = 'redis';
  private readonly jobs: DelayedJobs<StationJob>;

  constructor(
    @Inject(STATIONS_CONFIG) config: StationsConfig,
    @InjectPinoLogger('station-jobs') private readonly logger: PinoLogger,
  ) {
    this.jobs = new DelayedJobs<StationJob>({
      redisUrl: config.redisUrl,
      queue: config.jobQueue,
      logger: logger.logger,
      concurrency: 4,
    });
  }

  /** Schedules, logging instead of failing: the write it follows has happened; repair runs at start. */
  async schedule(job: StationJob, runAt: Date): Promise<void> {
    try {
      await this.jobs.schedule(job.kind, job, stationJobId(job), runAt);
    } catch (error) {
      this.logger.error({ err: error, job }, 'job not scheduled; repaired at next start');
    }
  }

  remove(job: StationJob): Promise<void> {
    return this.jobs.remove(stationJobId(job));
  }

  startWorker(run: (job: StationJob) => Promise<unknown>): void {
    this.jobs.startWorker(run);
  }

  probe(): Promise<boolean> {
    return this.jobs.probe();
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
