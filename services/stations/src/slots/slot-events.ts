import { event, SlotEvents, type EventSpec } from '@qingshui/contracts';
import type { BookingRecord, OfferRecord, SlotDocument } from './slot.schema';
import { bookingView, offerView, slotSummary } from './slot-views';

// The events of a slot, each payload checked against its topic. Built from the slot as it is
// after the change (its seat counts at that moment). Pure.

type Topics = typeof SlotEvents;
/** Topics whose payload is one booking (and its expert). */
export type BookingTopic = Topics[
  | 'bookingConfirmed'
  | 'bookingRequested'
  | 'bookingApproved'
  | 'bookingRejected'
  | 'bookingCancelled'
  | 'bookingExpired'
  | 'bookingRescheduled'
  | 'reminder'
  | 'checkedIn'
  | 'noShow'];
/** Topics whose payload is one offer (and, when the line moved, the line). */
export type OfferTopic = Topics['offerMade' | 'offerDeclined' | 'offerExpired'];

export const slotEvent = (
  topic: Topics['created' | 'cancelled'],
  slot: SlotDocument,
  userId?: string,
): EventSpec => event(topic, { slot: slotSummary(slot), ...(userId ? { userId } : {}) });

export const bookingEvent = (topic: BookingTopic, slot: SlotDocument, booking: BookingRecord): EventSpec =>
  event(topic, { slot: slotSummary(slot), booking: bookingView(booking, slot), userId: booking.userId });

/** `lineMoved`: everyone still waiting learns their new place from this event. */
export const offerEvent = (
  topic: OfferTopic,
  slot: SlotDocument,
  offer: OfferRecord,
  lineMoved = false,
): EventSpec =>
  event(topic, {
    slot: slotSummary(slot),
    offer: offerView(offer, slot._id),
    userId: offer.userId,
    ...(lineMoved && slot.waitlist.length > 0 ? { waitlist: [...slot.waitlist] } : {}),
  });

/** One event per offer made; the last one carries the line as it now stands. */
export const offersMade = (slot: SlotDocument, made: readonly OfferRecord[]): EventSpec[] =>
  made.map((offer, i) => offerEvent(SlotEvents.offerMade, slot, offer, i === made.length - 1));

export const waitlistedEvent = (slot: SlotDocument, userId: string, waitlistPosition: number): EventSpec =>
  event(SlotEvents.waitlisted, { slot: slotSummary(slot), userId, waitlistPosition });

export const waitlistLeftEvent = (slot: SlotDocument, userId: string): EventSpec =>
  event(SlotEvents.waitlistLeft, {
    slot: slotSummary(slot),
    userId,
    ...(slot.waitlist.length > 0 ? { waitlist: [...slot.waitlist] } : {}),
  });

export const offerAcceptedEvent = (
  slot: SlotDocument,
  offer: OfferRecord,
  booking: BookingRecord,
): EventSpec =>
  event(SlotEvents.offerAccepted, {
    slot: slotSummary(slot),
    offer: offerView(offer, slot._id),
    booking: bookingView(booking, slot),
    userId: booking.userId,
  });
