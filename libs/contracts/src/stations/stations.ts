import { z } from 'zod';
import {
  booleanFromQuery,
  countyIdSchema,
  entityId,
  intFromQuery,
  isoDateTime,
  reasonSchema,
  trimmed,
} from '../common';
import { expertFieldSchema } from '../talent/experts';

// Expert workstations (院士专家工作站): a county hosts a station, the station offers residency
// slots with seats, experts book them; full slots keep a waitlist that gets expiring offers.

const isoDate = isoDateTime;
/** An organisation or region id: used as a key of the per-slot counters, so no dots or dollars. */
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
const seconds = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);
const DAY = 24 * 3600;

/** Timings shared by slots and tours: offers, approvals, reminders and no-shows. */
const timingFields = {
  /** How long a waitlisted expert has to accept a freed seat. */
  offerTtlSeconds: seconds(1, 7 * DAY, DAY),
  /** How long the host has to decide on a pending booking (never past the start). */
  approvalTtlSeconds: seconds(1, 14 * DAY, 2 * DAY),
  /** How long before the start the expert is reminded (0: no reminder). */
  reminderLeadSeconds: seconds(0, 14 * DAY, DAY),
  /** How long after the start a confirmed booking without check-in is marked a no-show. */
  noShowGraceSeconds: seconds(0, 7 * DAY, 2 * 3600),
};

export const createStationSchema = z.strictObject({
  name: trimmed(2, 100),
  /** For a county cadre it must be the cadre's own county. */
  county: countyIdSchema,
  /** The host organisation (a county hospital, an enterprise, the county government…). */
  hostOrgId: keyId,
  fields: z.array(expertFieldSchema).min(1).max(9),
  address: trimmed(2, 200),
  /** User ids of the cadres who run it, besides the creator. */
  cadreUserIds: z.array(entityId).max(20).default([]),
});
export type CreateStationInput = z.infer<typeof createStationSchema>;

export const stationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  county: z.string(),
  pairedDistrict: z.string(),
  hostOrgId: z.string(),
  fields: z.array(expertFieldSchema),
  address: z.string(),
  cadreUserIds: z.array(z.string()),
  createdBy: z.string(),
  version: z.number().int(),
  createdAt: z.string(),
  canManage: z.boolean().optional(),
});
export type StationView = z.infer<typeof stationViewSchema>;
export const stationListSchema = z.object({ items: z.array(stationViewSchema) });
export type StationList = z.infer<typeof stationListSchema>;
export const listStationsQuerySchema = z.strictObject({ county: countyIdSchema.optional() });

export const createSlotSchema = z
  .strictObject({
    start: isoDate,
    end: isoDate,
    capacity: z.number().int().min(1).max(1000),
    approvalRequired: z.boolean().default(false),
    /** At most this many seats for one organisation (so one institute cannot take every seat). */
    maxPerOrg: z.number().int().min(1).max(1000).optional(),
    /** At most this many seats for experts of one region. */
    maxPerRegion: z.number().int().min(1).max(1000).optional(),
    /** Booking window; opens now and closes at the start when not given. */
    opensAt: isoDate.optional(),
    closesAt: isoDate.optional(),
    ...timingFields,
  })
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), {
    message: 'The end must be after the start',
    path: ['end'],
  })
  .refine((s) => !s.closesAt || !s.opensAt || Date.parse(s.closesAt) > Date.parse(s.opensAt), {
    message: 'The booking window must close after it opens',
    path: ['closesAt'],
  });
export type CreateSlotInput = z.infer<typeof createSlotSchema>;

/**
 * pending: waits for the host's approval (holds its seat until decided or expired);
 * expired: the host did not decide in time; rescheduled: moved to another slot (see movedTo).
 */
export const BOOKING_STATUSES = [
  'pending',
  'confirmed',
  'rejected',
  'cancelled',
  'expired',
  'rescheduled',
] as const;
export const bookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

export const bookingViewSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  /** Absent for a tour registration. */
  stationId: z.string().optional(),
  userId: z.string(),
  orgId: z.string().optional(),
  region: z.string().optional(),
  status: bookingStatusSchema,
  reason: z.string().optional(),
  cancelledBy: z.string().optional(),
  /** A pending booking's decision deadline. */
  decideBy: z.string().optional(),
  /** The booking this one replaced, or the one that replaced it (rescheduling). */
  movedFrom: z.string().optional(),
  movedTo: z.string().optional(),
  /** Check-ins by the host: stop 0 for a slot, the stop's index for a tour. */
  checkIns: z.array(z.object({ stop: z.number().int(), at: z.string(), by: z.string() })),
  /** present once checked in; no-show when the start passed without a check-in. */
  attendance: z.enum(['present', 'no-show']).optional(),
  remindedAt: z.string().optional(),
  start: z.string(),
  end: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type BookingView = z.infer<typeof bookingViewSchema>;

export const offerViewSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  userId: z.string(),
  expiresAt: z.string(),
});
export type OfferView = z.infer<typeof offerViewSchema>;

export const tourStopSchema = z.strictObject({
  county: countyIdSchema,
  /** Where in the county (a station, an enterprise, a village). */
  place: trimmed(2, 200),
  start: isoDate,
  end: isoDate,
});
export type TourStop = z.infer<typeof tourStopSchema>;

export const eligibilitySchema = z.strictObject({
  /** Only experts a cadre or an admin verified. */
  verifiedOnly: z.boolean().default(false),
  /** At least one of these fields (none: any field). */
  fields: z.array(expertFieldSchema).max(9).default([]),
});
export type Eligibility = z.infer<typeof eligibilitySchema>;

/** A visit tour (院士专家库区行): an itinerary of county stops, seats, eligibility and caps. */
export const createTourSchema = z
  .strictObject({
    title: trimmed(4, 120),
    description: trimmed(0, 2000).default(''),
    /** The organiser (e.g. bj-coop-office); its cadres manage the tour. */
    organiserOrgId: keyId,
    stops: z.array(tourStopSchema).min(1).max(20),
    capacity: z.number().int().min(1).max(1000),
    approvalRequired: z.boolean().default(false),
    maxPerOrg: z.number().int().min(1).max(1000).optional(),
    maxPerRegion: z.number().int().min(1).max(1000).optional(),
    eligibility: eligibilitySchema.default({ verifiedOnly: false, fields: [] }),
    opensAt: isoDate.optional(),
    closesAt: isoDate.optional(),
    cadreUserIds: z.array(entityId).max(20).default([]),
    ...timingFields,
  })
  .superRefine((tour, ctx) => {
    tour.stops.forEach((stop, i) => {
      if (Date.parse(stop.end) <= Date.parse(stop.start))
        ctx.addIssue({
          code: 'custom',
          path: ['stops', i, 'end'],
          message: 'A stop must end after it starts',
        });
      const previous = tour.stops[i - 1];
      if (previous && Date.parse(stop.start) < Date.parse(previous.end))
        ctx.addIssue({
          code: 'custom',
          path: ['stops', i, 'start'],
          message: 'Stops must follow each other in time',
        });
    });
    if (tour.closesAt && tour.opensAt && Date.parse(tour.closesAt) <= Date.parse(tour.opensAt))
      ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'Registration must close after it opens' });
  });
export type CreateTourInput = z.infer<typeof createTourSchema>;

/**
 * What anyone may see of a slot or a tour: times, seats and the length of the line. Slots and
 * tours share one booking engine; a tour has no station, a title, stops and eligibility.
 */
export const slotSummarySchema = z.object({
  id: z.string(),
  kind: z.enum(['slot', 'tour']),
  /** cancelled: called off by the host side, with a reason; every booking and offer ended with it. */
  status: z.enum(['open', 'cancelled']),
  cancelReason: z.string().optional(),
  stationId: z.string().optional(),
  /** Slots: the station's name and address (for lists and calendar entries). */
  stationName: z.string().optional(),
  address: z.string().optional(),
  /** The station's fields (slots), or the tour's eligible fields. */
  fields: z.array(expertFieldSchema).optional(),
  title: z.string().optional(),
  description: z.string().optional(),
  stops: z.array(tourStopSchema).optional(),
  eligibility: eligibilitySchema.optional(),
  /** The host county (a slot) or the first stop's (a tour); every county visited, and their pairs. */
  county: z.string(),
  pairedDistrict: z.string(),
  counties: z.array(z.string()),
  pairedDistricts: z.array(z.string()),
  hostOrgId: z.string(),
  start: z.string(),
  end: z.string(),
  capacity: z.number().int(),
  seatsTaken: z.number().int(),
  approvalRequired: z.boolean(),
  maxPerOrg: z.number().int().optional(),
  maxPerRegion: z.number().int().optional(),
  opensAt: z.string(),
  closesAt: z.string(),
  offerTtlSeconds: z.number().int(),
  approvalTtlSeconds: z.number().int(),
  reminderLeadSeconds: z.number().int(),
  noShowGraceSeconds: z.number().int(),
  waitlistLength: z.number().int(),
  offersOpen: z.number().int(),
  version: z.number().int(),
});
export type SlotSummary = z.infer<typeof slotSummarySchema>;

export const slotViewSchema = slotSummarySchema.extend({
  /** All bookings for the host side; the caller's own otherwise. */
  bookings: z.array(bookingViewSchema),
  /** 1-based position of the caller on the waitlist. */
  myWaitlistPosition: z.number().int().optional(),
  myOffer: offerViewSchema.optional(),
  /** The waitlist (user ids, in order), for the host side. */
  waitlist: z.array(z.string()).optional(),
  canManage: z.boolean(),
});
export type SlotView = z.infer<typeof slotViewSchema>;
export const slotListSchema = z.object({ items: z.array(slotSummarySchema) });
export type SlotList = z.infer<typeof slotListSchema>;

export const bookResultSchema = z.object({
  outcome: z.enum(['confirmed', 'pending', 'waitlisted']),
  booking: bookingViewSchema.optional(),
  waitlistPosition: z.number().int().optional(),
  slot: slotSummarySchema,
});
export type BookResult = z.infer<typeof bookResultSchema>;

// --- command payloads ---
export const stationIdSchema = z.object({ id: entityId });
export const slotIdSchema = z.object({ id: entityId });
export const createSlotCommandSchema = z.object({ stationId: entityId, slot: createSlotSchema });
export type CreateSlotCommand = z.infer<typeof createSlotCommandSchema>;
export const listSlotsSchema = z.object({ stationId: entityId });
/** Finding residency slots across stations: where, in which field, when, with a free seat. */
export const searchSlotsSchema = z.strictObject({
  county: countyIdSchema.optional(),
  field: expertFieldSchema.optional(),
  /** Slots starting at or after (default: now). */
  from: isoDate.optional(),
  /** Slots starting before. */
  to: isoDate.optional(),
  /** Only slots with a free seat and booking open now. */
  available: booleanFromQuery.default(false),
  limit: intFromQuery(1, 200, 50),
});
export type SearchSlotsQuery = z.infer<typeof searchSlotsSchema>;
export const slotRefSchema = z.object({ slotId: entityId });
export const cancelSlotSchema = z.object({ slotId: entityId, reason: reasonSchema });
export type CancelSlotCommand = z.infer<typeof cancelSlotSchema>;
export type SlotRef = z.infer<typeof slotRefSchema>;
export const bookingRefSchema = z.object({ bookingId: entityId });
export type BookingRef = z.infer<typeof bookingRefSchema>;
export const bookingReasonSchema = z.object({ bookingId: entityId, reason: reasonSchema });
export type BookingReasonCommand = z.infer<typeof bookingReasonSchema>;
export const rescheduleBodySchema = z.strictObject({ slotId: entityId });
export const rescheduleCommandSchema = z.object({ bookingId: entityId, slotId: entityId });
export type RescheduleCommand = z.infer<typeof rescheduleCommandSchema>;
export const checkInBodySchema = z.strictObject({
  /** The tour stop (0-based); 0 for a slot. */
  stop: z.number().int().min(0).max(19).default(0),
});
export const checkInCommandSchema = z.object({ bookingId: entityId, stop: z.number().int().min(0) });
export type CheckInCommand = z.infer<typeof checkInCommandSchema>;
export const myBookingsQuerySchema = z.strictObject({
  /** Only these statuses (comma-separated in the query string). */
  status: z.array(bookingStatusSchema).min(1).optional(),
});
export type MyBookingsQuery = z.infer<typeof myBookingsQuerySchema>;
/** An expert's bookings with what they booked (for the expert's page and calendar feed). */
export const myBookingSchema = bookingViewSchema.extend({ slot: slotSummarySchema });
export const myBookingListSchema = z.object({ items: z.array(myBookingSchema) });
export type MyBookingList = z.infer<typeof myBookingListSchema>;
export const listToursQuerySchema = z.strictObject({
  county: countyIdSchema.optional(),
  /** Only tours whose last stop has not ended (default true). */
  upcoming: booleanFromQuery.default(true),
});
export type ListToursQuery = z.infer<typeof listToursQuerySchema>;
