import type { BookingRecord, OfferRecord, SlotDocument } from '../slots/slot.schema';
import { reminderTime } from '../slots/slot.rules';
import { isActive } from '../bookings/booking.rules';

// What the stations service does later, and when: pure, so decisions can say which jobs follow.

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

export interface ScheduledJob {
  job: StationJob;
  at: Date;
}

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

export const reminderJob = (slot: Pick<SlotDocument, '_id' | 'start'>, bookingId: string): StationJob => ({
  kind: 'reminder',
  slotId: slot._id,
  bookingId,
  startMs: slot.start.getTime(),
});

export const approvalJob = (slotId: string, bookingId: string): StationJob => ({
  kind: 'approval-expiry',
  slotId,
  bookingId,
});

export const offerExpiryJob = (slotId: string, offerId: string): StationJob => ({
  kind: 'offer-expiry',
  slotId,
  offerId,
});

/** The no-show sweep of a slot: once the grace after its start has passed. */
export const noShowJob = (
  slot: Pick<SlotDocument, '_id' | 'start' | 'noShowGraceSeconds'>,
): ScheduledJob => ({
  job: { kind: 'no-show', slotId: slot._id, startMs: slot.start.getTime() },
  at: new Date(slot.start.getTime() + slot.noShowGraceSeconds * 1000),
});

/** The expiry of each offer made. */
export function offerJobs(
  slotId: string,
  made: readonly Pick<OfferRecord, 'id' | 'expiresAt'>[],
): ScheduledJob[] {
  return made.map((o) => ({ job: offerExpiryJob(slotId, o.id), at: new Date(o.expiresAt) }));
}

/** The reminder and, while pending, the approval deadline of a new booking. */
export function bookingJobs(slot: SlotDocument, booking: BookingRecord, now: Date): ScheduledJob[] {
  const jobs: ScheduledJob[] = [];
  const remindAt = reminderTime(slot.start, slot.reminderLeadSeconds, now);
  if (remindAt) jobs.push({ job: reminderJob(slot, booking.id), at: remindAt });
  if (booking.status === 'pending' && booking.decideBy)
    jobs.push({ job: approvalJob(slot._id, booking.id), at: new Date(booking.decideBy) });
  return jobs;
}

/**
 * Every job a slot should have now: what a crash between a write and its scheduling may have
 * lost (the ids are deterministic, so scheduling them again leaves existing ones as they are).
 */
export function jobsDue(slot: SlotDocument, now: Date): ScheduledJob[] {
  return [
    ...offerJobs(slot._id, slot.offers),
    noShowJob(slot),
    // A reminded booking is confirmed: it has no job left.
    ...slot.bookings
      .filter((b) => isActive(b.status) && !b.remindedAt)
      .flatMap((b) => bookingJobs(slot, b, now)),
  ];
}
