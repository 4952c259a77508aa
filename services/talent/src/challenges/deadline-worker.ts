import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { ChallengeDeadlines } from './challenge-deadlines';
import { ChallengesService } from './challenges.service';
import { SYSTEM_DEADLINE } from './challenge.rules';

/** Runs the deadline jobs in this service, as the system actor, and repairs missing jobs at start. */
@Injectable()
export class DeadlineWorker implements OnApplicationBootstrap {
  constructor(
    private readonly deadlines: ChallengeDeadlines,
    private readonly challenges: ChallengesService,
    @InjectPinoLogger('deadlines') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.deadlines.startWorker((challengeId) =>
      this.challenges.closeAtDeadline(challengeId, {
        principal: SYSTEM_DEADLINE,
        correlationId: `deadline-${challengeId}-${randomUUID()}`,
      }),
    );
    // A crash between a publish and its schedule leaves no job: add any missing one (same job id,
    // so existing jobs are left as they are).
    const published = await this.challenges.publishedDeadlines();
    for (const { id, deadline } of published) await this.deadlines.schedule(id, deadline);
    if (published.length > 0) this.logger.info({ count: published.length }, 'deadline jobs checked');
  }
}
