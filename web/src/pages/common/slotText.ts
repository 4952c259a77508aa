import type { SlotSummary } from '@qingshui/contracts';

/** What a slot is called in lists: the tour's title, else the station's name. */
export function slotTitle(slot: Pick<SlotSummary, 'title' | 'stationName' | 'id'>): string {
  return slot.title ?? slot.stationName ?? slot.id;
}

/** Seats still free (never negative). */
export function seatsLeft(slot: Pick<SlotSummary, 'capacity' | 'seatsTaken'>): number {
  return Math.max(0, slot.capacity - slot.seatsTaken);
}

/** Bookings that still hold (or wait for) a seat. */
export const ACTIVE_BOOKING = new Set(['pending', 'confirmed']);

export const BOOKING_COLOR: Record<string, string> = {
  pending: 'gold',
  confirmed: 'green',
  rejected: 'red',
  cancelled: 'default',
  expired: 'default',
  rescheduled: 'blue',
};
