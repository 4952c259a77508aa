import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { ReadinessProbe } from '@qingshui/persistence';
import { STATIONS_CONFIG } from '../tokens';
import type { StationsConfig } from '../config';

/** Everything the stations service does later, on one BullMQ queue of delayed jobs. */
export type StationJob =
  /** A waitlist offer ran out: the seat goes to the next in line. */
  | { kind: 'offer-expiry'; slotId: string; offerId: string }
  /** The host did not decide on a pending booking in time. */
  | { kind: 'approval-expiry'; slotId: string; bookingId: string }
  /** Remind the expert before the start (the start is part of the id: a moved booking is a new job). */
  | { kind: 'reminder'; slotId: string; bookingId: string; startMs: number }
  /** Mark confirmed bookings without a check-in as no-shows once the grace after the start passed. */
  | { kind: 'no-show'; slotId: string; startMs: number };

/**
 * Deterministic ids (BullMQ refuses ':' in custom ids): scheduling twice is a no-op, and every
 * job can be found again to be removed when what it was for is gone.
 */
export function stationJobId(job: StationJob): string {
  switch (job.kind) {
    case 'offer-expiry':
      return `offer-${job.slotId}-${job.offerId}`;
    case 'approval-expiry':
      return `approval-${job.slotId}-${job.bookingId}`;
    case 'reminder':
      return `reminder-${job.bookingId}-${job.startMs}`;
    case 'no-show':
      return `noshow-${job.slotId}-${job.startMs}`;
  }
}

@Injectable()
export class StationJobs implements OnApplicationShutdown, ReadinessProbe {
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

  schedule(job: StationJob, runAt: Date): Promise<void> {
    return this.jobs.schedule(job.kind, job, stationJobId(job), runAt);
  }

  /** Schedules, logging instead of failing: the write it follows has happened; repair runs at start. */
  async scheduleQuietly(job: StationJob, runAt: Date): Promise<void> {
    try {
      await this.schedule(job, runAt);
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
