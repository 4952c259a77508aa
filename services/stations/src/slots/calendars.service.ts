import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { AppError } from '@qingshui/contracts';
import { CALENDAR_MODEL, type CalendarDocument, type HoldRecord } from './slot.schema';
import { overlaps } from './slot.rules';

const MAX_ATTEMPTS = 50;
/** A conflicting hold older than this whose booking is not active was left by a crash: dropped. */
export const STALE_HOLD_MS = 30_000;

const isDuplicate = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * The expert side of "never two overlapping bookings": each pending or confirmed booking holds
 * its interval here first (version-guarded, overlap checked against what was read), and only then
 * takes its seat in the slot. A failed seat releases the hold.
 */
@Injectable()
export class CalendarsService {
  constructor(@InjectModel(CALENDAR_MODEL) private readonly calendars: Model<CalendarDocument>) {}

  private get collection(): Collection<CalendarDocument> {
    return this.calendars.collection as unknown as Collection<CalendarDocument>;
  }

  async reserve(
    userId: string,
    hold: HoldRecord,
    isActive: (hold: HoldRecord) => Promise<boolean>,
    /** A booking this hold replaces (rescheduling): it may overlap the new one. */
    replacing?: string,
  ): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const doc = await this.collection.findOne({ _id: userId });
      if (!doc) {
        try {
          await this.collection.insertOne({ _id: userId, holds: [hold], version: 1 });
          return;
        } catch (error) {
          if (isDuplicate(error)) continue;
          throw error;
        }
      }
      const stale: string[] = [];
      for (const other of doc.holds.filter((h) => h.bookingId !== replacing && overlaps(h, hold))) {
        const old = Date.now() - new Date(other.at).getTime() > STALE_HOLD_MS;
        if (old && !(await isActive(other))) stale.push(other.bookingId);
        else
          throw new AppError(
            409,
            'OVERLAPPING_BOOKING',
            'You already hold a booking that overlaps this one in time',
          );
      }
      // Holds that ended can never overlap a new booking (booking closes at the start): dropped.
      const now = Date.now();
      const holds = [
        ...doc.holds.filter((h) => !stale.includes(h.bookingId) && new Date(h.end).getTime() > now),
        hold,
      ];
      const result = await this.collection.updateOne(
        { _id: userId, version: doc.version },
        { $set: { holds, version: doc.version + 1 } },
      );
      if (result.modifiedCount === 1) return;
      await backoff(attempt);
    }
    throw new AppError(409, 'CONFLICT', 'Your calendar is being changed right now; try again');
  }

  async release(userId: string, bookingId: string): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const doc = await this.collection.findOne({ _id: userId });
      if (!doc || !doc.holds.some((h) => h.bookingId === bookingId)) return;
      const result = await this.collection.updateOne(
        { _id: userId, version: doc.version },
        { $set: { holds: doc.holds.filter((h) => h.bookingId !== bookingId), version: doc.version + 1 } },
      );
      if (result.modifiedCount === 1) return;
      await backoff(attempt);
    }
  }
}

/** Short random backoff, growing with the attempt, so that losers of a race spread out. */
export function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 5 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}
