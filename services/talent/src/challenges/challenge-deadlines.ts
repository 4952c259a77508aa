import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { DelayedJobs } from '@qingshui/messaging';
import type { JobPort, ReadinessProbe } from '@qingshui/persistence';
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
  private readonly jobs: DelayedJobs<DeadlineJobData>;

  constructor(
    @Inject(TALENT_CONFIG) config: TalentConfig,
    @InjectPinoLogger('deadlines') private readonly logger: PinoLogger,
  ) {
    this.jobs = new DelayedJobs<DeadlineJobData>({
      redisUrl: config.redisUrl,
      queue: config.deadlineQueue,
      logger: logger.logger,
      backoffMs: 1000,
    });
  }

  schedule(challengeId: string, deadline: Date): Promise<void> {
    return this.jobs.schedule('close', { challengeId }, deadlineJobId(challengeId), deadline);
  }

  /** Removes the job if it is still waiting; a job already running finds the challenge closed. */
  remove(challengeId: string): Promise<void> {
    return this.jobs.remove(deadlineJobId(challengeId));
  }

  async reschedule(challengeId: string, deadline: Date): Promise<void> {
    await this.remove(challengeId);
    await this.schedule(challengeId, deadline);
  }

  /**
   * The jobs as the versioned store runs them, after the write. Scheduling replaces a job already
   * there (a moved deadline). Neither throws: if Redis fails here the write stands, the worker
   * schedules every published challenge's job again at start, and the application filter states
   * the deadline anyway, so no application ever passes it.
   */
  readonly port: JobPort<DeadlineJobData> = {
    schedule: ({ challengeId }, at) => this.afterWrite(challengeId, () => this.reschedule(challengeId, at)),
    remove: ({ challengeId }) => this.afterWrite(challengeId, () => this.remove(challengeId)),
  };

  private async afterWrite(challengeId: string, step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      this.logger.error({ err: error, challengeId }, 'deadline job not updated; repaired at next start');
    }
  }

  /** Starts the worker; each due job calls `close` (which must be idempotent). */
  startWorker(close: (challengeId: string) => Promise<unknown>): void {
    this.jobs.startWorker((data) => close(data.challengeId));
  }

  probe(): Promise<boolean> {
    return this.jobs.probe();
  }

  onApplicationShutdown(): Promise<void> {
    return this.jobs.close();
  }
}
