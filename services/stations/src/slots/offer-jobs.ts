import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { STATIONS_CONFIG } from '../tokens';
import type { StationsConfig } from '../config';

export interface OfferJobData {
  slotId: string;
  offerId: string;
}

/** Deterministic (and without ':', which BullMQ refuses in custom ids): one job per offer. */
export const offerJobId = (slotId: string, offerId: string): string => `offer-${slotId}-${offerId}`;

/** The expiry of each open offer, as a BullMQ delayed job on Redis. */
@Injectable()
export class OfferJobs implements OnApplicationShutdown {
  private readonly connection: Redis;
  readonly queue: Queue<OfferJobData>;
  private worker: Worker<OfferJobData> | undefined;
  private workerConnection: Redis | undefined;

  constructor(
    @Inject(STATIONS_CONFIG) private readonly config: StationsConfig,
    @InjectPinoLogger('offers') private readonly logger: PinoLogger,
  ) {
    this.connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    this.queue = new Queue<OfferJobData>(config.offerQueue, { connection: this.connection });
  }

  async schedule(slotId: string, offerId: string, expiresAt: Date): Promise<void> {
    await this.queue.add(
      'expire',
      { slotId, offerId },
      {
        jobId: offerJobId(slotId, offerId),
        delay: Math.max(0, expiresAt.getTime() - Date.now()),
        attempts: 5,
        backoff: { type: 'exponential', delay: 500 },
        removeOnComplete: true,
        removeOnFail: 1000,
      },
    );
  }

  /** Removes the job if still waiting; a running job finds the offer gone and does nothing. */
  async remove(slotId: string, offerId: string): Promise<void> {
    const job = await this.queue.getJob(offerJobId(slotId, offerId));
    if (!job) return;
    try {
      await job.remove();
    } catch (error) {
      this.logger.warn({ err: error, slotId, offerId }, 'offer job is running; it will find no offer');
    }
  }

  startWorker(expire: (data: OfferJobData) => Promise<unknown>): void {
    this.workerConnection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker<OfferJobData>(
      this.config.offerQueue,
      async (job: Job<OfferJobData>) => expire(job.data),
      {
        connection: this.workerConnection,
        concurrency: 2,
      },
    );
    this.worker.on('failed', (job, error) =>
      this.logger.error({ err: error, jobId: job?.id }, 'offer job failed'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
    this.workerConnection?.disconnect();
    this.connection.disconnect();
  }
}
