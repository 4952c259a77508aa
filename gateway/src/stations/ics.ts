import { createHmac, timingSafeEqual } from 'node:crypto';
import icalModule, { ICalEventStatus } from 'ical-generator';
import type { MyBookingList, SlotList, SlotSummary, StationView } from '@qingshui/contracts';
import { regionById } from '@qingshui/regions';

// ical-generator ships ESM and CJS; under CJS the factory may sit on `.default`.
const ical: typeof icalModule =
  (icalModule as unknown as { default?: typeof icalModule }).default ?? icalModule;

// Times are written in UTC ("Z"): a calendar-level timezone without VTIMEZONE data would make
// ical-generator write floating times that apps read as local time.
const PRODID = { company: 'Qingshui', product: 'qingshui-stations', language: 'ZH' };
const countyName = (id: string) => regionById(id)?.zh ?? id;

/** Where and what, in Chinese, for a slot or a tour. */
function describe(slot: SlotSummary): { summary: string; location: string } {
  if (slot.kind === 'tour') {
    const route = (slot.stops ?? []).map((s) => `${countyName(s.county)}·${s.place}`).join(' → ');
    return { summary: `${slot.title ?? '院士专家库区行'}`, location: route };
  }
  return {
    summary: `驻站：${slot.stationName ?? '院士专家工作站'}（${countyName(slot.county)}）`,
    location: slot.address ?? countyName(slot.county),
  };
}

/** An expert's confirmed bookings as an iCalendar feed; one event per booking (stable UID). */
export function expertCalendar(bookings: MyBookingList, name: string): string {
  const calendar = ical({ name, prodId: PRODID, ttl: 900 });
  for (const booking of bookings.items) {
    const { summary, location } = describe(booking.slot);
    const stops = booking.slot.stops ?? [];
    calendar.createEvent({
      id: `booking-${booking.id}@qingshui`,
      start: new Date(booking.start),
      end: new Date(booking.end),
      summary,
      location,
      description:
        stops.length > 0
          ? stops.map((s) => `${s.start.slice(0, 10)} ${countyName(s.county)} ${s.place}`).join('\n')
          : (booking.slot.description ?? ''),
      stamp: new Date(booking.updatedAt),
    });
  }
  return calendar.toString();
}

/** A station's schedule: every slot with its seats, as an iCalendar feed. */
export function stationCalendar(station: StationView, slots: SlotList): string {
  const calendar = ical({ name: station.name, prodId: PRODID, ttl: 900 });
  for (const slot of slots.items) {
    calendar.createEvent({
      id: `slot-${slot.id}@qingshui`,
      start: new Date(slot.start),
      end: new Date(slot.end),
      summary: `${station.name} 驻站（${slot.seatsTaken}/${slot.capacity} 席）`,
      location: station.address,
      description:
        slot.status === 'cancelled'
          ? `已取消：${slot.cancelReason ?? ''}`
          : slot.approvalRequired
            ? '预约需工作站审核'
            : '预约即确认',
      status: slot.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/**
 * Calendar apps fetch feeds without a login, so an expert's feed URL carries a token: an HMAC of
 * the user id under the gateway's secret (revoked by rotating the secret).
 */
export function feedToken(secret: string, userId: string): string {
  return createHmac('sha256', secret).update(`expert-calendar:${userId}`).digest('base64url');
}

export function feedTokenValid(secret: string, userId: string, token: unknown): boolean {
  if (typeof token !== 'string') return false;
  const expected = Buffer.from(feedToken(secret, userId));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
