import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export interface DelayedJobsOptions {
  redisUrl: string;
  queue: string;
  logger: Logger;
  /** Tries per job before it stays failed (kept for inspection). */
  attempts?: number;
  backoffMs?: number;
  concurrency?: number;
}

/**
 * Work that must happen later (deadlines, expiries, reminders) as BullMQ delayed jobs on Redis.
 * Callers give deterministic job ids (never with ':'), so scheduling twice keeps one job and a job
 * can be found again to be removed; the work itself must be idempotent, since a job may run after
 * what it was for has changed.
 */
export class DelayedJobs<T extends object> {
  private readonly connection: Redis;
  readonly queue: Queue<T>;
  private worker: Worker<T> | undefined;
  private workerConnection: Redis | undefined;

  constructor(private readonly options: DelayedJobsOptions) {
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<T>(options.queue, { connection: this.connection });
  }

  async schedule(name: string, data: T, jobId: string, runAt: Date): Promise<void> {
    // BullMQ's typings want the job name as a literal of the data type; any name is valid.
    await (this.queue as unknown as Queue<object, unknown, string>).add(name, data, {
      jobId,
      delay: Math.max(0, runAt.getTime() - Date.now()),
      attempts: this.options.attempts ?? 5,
      backoff: { type: 'exponential', delay: this.options.backoffMs ?? 500 },
      removeOnComplete: true,
      removeOnFail: 1000,
    });
  }

  /** Removes the job if it is still waiting; a job already running finds nothing left to do. */
  async remove(jobId: string): Promise<void> {
    try {
      await (await this.queue.getJob(jobId))?.remove();
    } catch (error) {
      this.options.logger.warn({ err: error, jobId }, 'job not removed; it will find nothing to do');
    }
  }

  startWorker(run: (data: T) => Promise<unknown>): void {
    this.workerConnection = new Redis(this.options.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<T>(this.options.queue, async (job: Job<T>) => run(job.data), {
      connection: this.workerConnection,
      concurrency: this.options.concurrency ?? 2,
    });
    this.worker.on('failed', (job, error) =>
      this.options.logger.error({ err: error, jobId: job?.id }, 'delayed job failed'),
    );
  }

  /** Readiness: the queue's Redis answers. */
  async probe(): Promise<boolean> {
    return (await this.connection.ping()) === 'PONG';
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
