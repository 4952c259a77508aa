import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Principal } from '@qingshui/contracts';
import type { SlotDocument } from '../slots/slot.schema';
import { SlotStore } from '../slots/slot-store';
import { isActive } from '../bookings/booking.rules';
import { BookingsService } from '../bookings/bookings.service';
import { AttendanceService } from '../bookings/attendance.service';
import { StationJobs } from './station-jobs';
import { jobsDue, type StationJob } from './station-job.rules';

export const SYSTEM: Principal = { userId: 'system:stations', username: 'system', roles: [] };

/** How far back the repair at start looks: slots that ended longer ago need no job. */
const REPAIR_HORIZON_MS = 7 * 24 * 3600_000;

/** Runs the delayed jobs (offers, approvals, reminders, no-shows) and repairs lost ones at start. */
@Injectable()
export class StationWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: StationJobs,
    private readonly store: SlotStore,
    private readonly bookings: BookingsService,
    private readonly attendance: AttendanceService,
    @InjectPinoLogger('station-jobs') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.jobs.startWorker((job) => this.run(job));
    const repaired = await this.repair();
    this.logger.info(repaired, 'station jobs checked');
  }

  private context(kind: string) {
    return { principal: SYSTEM, correlationId: `${kind}-${randomUUID()}` };
  }

  run(job: StationJob): Promise<unknown> {
    const ctx = this.context(job.kind);
    switch (job.kind) {
      case 'offer-expiry':
        return this.bookings.expireOffer(job.slotId, job.offerId, ctx);
      case 'approval-expiry':
        return this.bookings.expireApproval(job.bookingId, ctx);
      case 'reminder':
        return this.attendance.remind(job.slotId, job.bookingId, job.startMs, ctx);
      case 'no-show':
        return this.attendance.sweepNoShows(job.slotId, job.startMs, ctx);
    }
  }

  /**
   * At start: schedules every job a crash could have lost between a write and its schedule (the
   * ids are deterministic, so existing jobs stay as they are), and finishes interrupted moves.
   */
  async repair(): Promise<{ jobs: number; moves: number }> {
    const ctx = this.context('repair');
    const now = new Date();
    const docs = (await this.store.collection
      .find({ end: { $gt: new Date(now.getTime() - REPAIR_HORIZON_MS) } }, { projection: { outbox: 0 } })
      .toArray()) as SlotDocument[];
    let jobs = 0;
    let moves = 0;
    for (const slot of docs) {
      const due = jobsDue(slot, now);
      for (const booking of slot.bookings.filter((b) => isActive(b.status) && b.movedFrom))
        if (await this.bookings.finishMove(booking.movedFrom!, booking.id, ctx)) moves += 1;
      await Promise.all(due.map(({ job, at }) => this.jobs.schedule(job, at)));
      jobs += due.length;
    }
    return { jobs, moves };
  }
}
