import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
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
  private readonly connection: Redis;
  readonly queue: Queue<StationJob>;
  private worker: Worker<StationJob> | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    @Inject(STATIONS_CONFIG) private readonly config: StationsConfig,
    @InjectPinoLogger('station-jobs') private readonly logger: PinoLogger,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<StationJob>(config.jobQueue, { connection: this.connection });
  }

  async schedule(job: StationJob, runAt: Date): Promise<void> {
    await this.queue.add(job.kind, job, {
      jobId: stationJobId(job),
      delay: Math.max(0, runAt.getTime() - Date.now()),
      attempts: 5,
      backoff: { type: 'exponential', delay: 500 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Schedules, logging instead of failing: the write it follows has happened; repair runs at start. */
  async scheduleQuietly(job: StationJob, runAt: Date): Promise<void> {
    try {
      await this.schedule(job, runAt);
    } catch (error) {
      this.logger.error({ err: error, job }, 'job not scheduled; repaired at next start');
    }
  }

  /** Removes the job if still waiting; a job already running finds nothing to do. */
  async remove(job: StationJob): Promise<void> {
    try {
      const found = await this.queue.getJob(stationJobId(job));
      await found?.remove();
    } catch (error) {
      this.logger.warn({ err: error, job }, 'job not removed; it will find nothing to do');
    }
  }

  startWorker(run: (job: StationJob) => Promise<unknown>): void {
    this.workerConnection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<StationJob>(
      this.config.jobQueue,
      async (job: Job<StationJob>) => run(job.data),
      {
        connection: this.workerConnection,
        concurrency: 4,
      },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.error({ err: error, jobId: job?.id }, 'station job failed'),
    );
  }

  /** Readiness: the queue's Redis answers. */
  async probe(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
