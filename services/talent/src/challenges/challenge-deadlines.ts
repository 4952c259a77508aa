import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { ReadinessProbe } from '@qingshui/persistence';
import { TALENT_CONFIG } from '../tokens';
import type { TalentConfig } from '../config';

export interface DeadlineJobData {
  challengeId: string;
}

/** Deterministic, so that scheduling twice (a retry, a restart) keeps one job per challenge. */
export const deadlineJobId = (challengeId: string): string => `deadline-${challengeId}`;

/**
 * The deadline of each published challenge, as a BullMQ delayed job on Redis: it closes
 * applications by itself. Scheduled on publish, moved with the deadline, removed when the
 * challenge closes early or is cancelled.
 */
@Injectable()
export class ChallengeDeadlines implements OnApplicationShutdown, ReadinessProbe {
  readonly probeName = 'redis';
  private readonly connection: Redis;
  readonly queue: Queue<DeadlineJobData>;
  private worker: Worker<DeadlineJobData> | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    @Inject(TALENT_CONFIG) private readonly config: TalentConfig,
    @InjectPinoLogger('deadlines') private readonly logger: PinoLogger,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<DeadlineJobData>(config.deadlineQueue, { connection: this.connection });
  }

  async schedule(challengeId: string, deadline: Date): Promise<void> {
    await this.queue.add(
      'close',
      { challengeId },
      {
        jobId: deadlineJobId(challengeId),
        delay: Math.max(0, deadline.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /** Removes the job if it is still waiting; a job already running finds nothing left to close. */
  async remove(challengeId: string): Promise<void> {
    const job = await this.queue.getJob(deadlineJobId(challengeId));
    if (!job) return;
    try {
      await job.remove();
    } catch (error) {
      this.logger.warn(
        { err: error, challengeId },
        'deadline job is running; it will find the challenge closed',
      );
    }
  }

  async reschedule(challengeId: string, deadline: Date): Promise<void> {
    await this.remove(challengeId);
    await this.schedule(challengeId, deadline);
  }

  /** Starts the worker; each due job calls `close` (which must be idempotent). */
  startWorker(close: (challengeId: string) => Promise<unknown>): void {
    this.workerConnection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<DeadlineJobData>(
      this.config.deadlineQueue,
      async (job: Job<DeadlineJobData>) => close(job.data.challengeId),
      { connection: this.workerConnection, concurrency: 2 },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.error({ err: error, jobId: job?.id }, 'deadline job failed'),
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
