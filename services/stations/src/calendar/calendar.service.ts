import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { absent, VersionedStore, type Acting } from '@qingshui/persistence';
import { CALENDAR_MODEL, type CalendarDocument, type HoldRecord } from './calendar.schema';
import {
  decideRelease,
  decideReserve,
  suspectHolds,
  type HoldRef,
  type HoldRequest,
} from './calendar.decide';

/** Calendars carry no events: who writes them is never told to anyone. */
const CALENDAR_WRITER: Acting = { principal: { userId: 'system:stations' }, correlationId: 'calendar' };

/**
 * The expert side of "never two overlapping bookings": each pending or confirmed booking holds
 * its interval here first (version-guarded, overlap checked against what was read), and only then
 * takes its seat in the slot. A failed seat releases the hold.
 */
@Injectable()
export class CalendarsService {
  private readonly store: VersionedStore<CalendarDocument>;

  constructor(
    @InjectModel(CALENDAR_MODEL) calendars: Model<CalendarDocument>,
    @InjectPinoLogger('calendars') private readonly logger: PinoLogger,
  ) {
    this.store = new VersionedStore(calendars.collection as unknown as Collection<CalendarDocument>, {
      noun: 'calendar',
      publish: () => undefined,
      maxAttempts: 50,
      timestamps: false,
    });
  }

  /** The expert's calendar; before their first hold, an empty one that the first write inserts. */
  private async load(userId: string): Promise<CalendarDocument> {
    return (await this.store.collection.findOne({ _id: userId })) ?? absent({ _id: userId, holds: [] });
  }

  /**
   * Takes `hold` in the expert's calendar, or answers 409 OVERLAPPING_BOOKING. An old conflicting
   * hold is first checked against its booking (`isActive`): one left by a crash does not block.
   */
  async reserve(
    userId: string,
    hold: HoldRecord,
    isActive: (hold: HoldRecord) => Promise<boolean>,
    replacing?: string,
  ): Promise<void> {
    const request: HoldRequest = { hold, replacing };
    const first = await this.load(userId);
    const inactive = new Set<string>();
    for (const suspect of suspectHolds(first, request, new Date()))
      if (!(await isActive(suspect))) inactive.add(suspect.bookingId);
    // The first attempt decides on the calendar just read; a retry reads it again.
    let pending: CalendarDocument | undefined = first;
    await this.store.update(
      async () => {
        const doc = pending ?? (await this.load(userId));
        pending = undefined;
        return doc;
      },
      (calendar, at) => decideReserve(calendar, request, inactive, at),
      CALENDAR_WRITER,
    );
  }

  async release(userId: string, bookingId: string): Promise<void> {
    await this.store.update(
      () => this.load(userId),
      (calendar) => decideRelease(calendar, bookingId),
      CALENDAR_WRITER,
    );
  }

  /**
   * Releases the holds of bookings that ended, after their write: a failure is logged, not
   * answered (the booking did end), and the hold left behind is dropped as stale by the expert's
   * next overlapping hold.
   */
  async releaseQuietly(holds: readonly HoldRef[]): Promise<void> {
    await Promise.all(
      holds.map(({ userId, bookingId }) =>
        this.release(userId, bookingId).catch((error: unknown) =>
          this.logger.error(
            { err: error, userId, bookingId },
            'calendar hold not released; dropped when stale',
          ),
        ),
      ),
    );
  }
}
