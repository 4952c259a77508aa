import { bookingJobs, jobsDue, stationJobId, type StationJob } from './station-job.rules';
import { aBooking, at, slotWith } from '../slots/slot.fixtures';

describe('station jobs', () => {
  it('have ids that are the same for the same job and differ for another (BullMQ refuses colons)', () => {
    const jobs: StationJob[] = [
      { kind: 'offer-expiry', slotId: 's', offerId: 'o' },
      { kind: 'approval-expiry', slotId: 's', bookingId: 'b' },
      { kind: 'reminder', slotId: 's', bookingId: 'b', startMs: 1 },
      { kind: 'reminder', slotId: 's', bookingId: 'b', startMs: 2 },
      { kind: 'no-show', slotId: 's', startMs: 1 },
    ];
    const ids = jobs.map(stationJobId);
    expect(new Set(ids).size).toBe(jobs.length);
    expect(ids.every((id) => !id.includes(':'))).toBe(true);
    expect(stationJobId({ kind: 'no-show', slotId: 's', startMs: 1 })).toBe(ids[4]);
  });

  it('remind before the start when that moment is still ahead, and expire a pending booking at its deadline', () => {
    const slot = slotWith([]);
    const pending = aBooking({ id: 'b', userId: 'u', status: 'pending', decideBy: at(12) });
    expect(bookingJobs(slot, pending, at(10)).map((j) => [j.job.kind, j.at])).toEqual([
      ['reminder', at(24)],
      ['approval-expiry', at(12)],
    ]);
    // A day's lead has passed: no reminder.
    expect(bookingJobs(slot, aBooking({ id: 'b', userId: 'u' }), at(30))).toEqual([]);
  });

  it('are all due again at start for what a crash may have lost: offers, the sweep, active bookings not yet reminded', () => {
    const slot = slotWith(
      [
        aBooking({ id: 'b-1', userId: 'u1' }),
        aBooking({ id: 'b-2', userId: 'u2', remindedAt: at(24) }),
        aBooking({ id: 'b-3', userId: 'u3', status: 'cancelled' }),
      ],
      [{ id: 'o-1', userId: 'u4', expiresAt: at(11), createdAt: at(9) }],
    );
    expect(jobsDue(slot, at(10)).map((j) => stationJobId(j.job))).toEqual([
      'offer-slot-1-o-1',
      `noshow-slot-1-${at(48).getTime()}`,
      `reminder-b-1-${at(48).getTime()}`,
    ]);
  });
});
