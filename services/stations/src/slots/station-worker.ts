import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Principal } from '@qingshui/contracts';
import { StationJobs, type StationJob } from './station-jobs';
import { SlotsService } from './slots.service';
import { AttendanceService } from './attendance.service';

export const SYSTEM: Principal = { userId: 'system:stations', username: 'system', roles: [] };

/** Runs the delayed jobs (offers, approvals, reminders, no-shows) and repairs lost ones at start. */
@Injectable()
export class StationWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: StationJobs,
    private readonly slots: SlotsService,
    private readonly attendance: AttendanceService,
    @InjectPinoLogger('station-jobs') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.startWorker((job) => this.run(job));
    const repaired = await this.slots.repair(this.context('repair'));
    this.logger.info(repaired, 'station jobs checked');
  }

  private context(kind: string) {
    return { principal: SYSTEM, correlationId: `${kind}-${randomUUID()}` };
  }

  run(job: StationJob): Promise<unknown> {
    const ctx = this.context(job.kind);
    switch (job.kind) {
      case 'offer-expiry':
        return this.slots.expireOffer(job.slotId, job.offerId, ctx);
      case 'approval-expiry':
        return this.slots.expireApproval(job.bookingId, ctx);
      case 'reminder':
        return this.attendance.remind(job.slotId, job.bookingId, job.startMs, ctx);
      case 'no-show':
        return this.attendance.sweepNoShows(job.slotId, job.startMs, ctx);
    }
  }
}
