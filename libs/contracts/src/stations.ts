import { z } from 'zod';
import { envelopeSchema } from './envelope';
import { expertFieldSchema } from './talent';
import { countyIdSchema, reasonSchema } from './challenges';

// Expert workstations (院士专家工作站): a county hosts a station, the station offers residency
// slots with seats, experts book them; full slots keep a waitlist that gets expiring offers.

const trimmed = (min: number, max: number) => z.string().trim().min(min).max(max);
const entityId = z.string().min(1).max(64);
const isoDate = z.iso.datetime({ offset: true });
/** An organisation or region id: used as a key of the per-slot counters, so no dots or dollars. */
const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

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
    /** How long a waitlisted expert has to accept a freed seat. */
    offerTtlSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(24 * 3600),
  })
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), { message: 'The end must be after the start' })
  .refine((s) => !s.closesAt || !s.opensAt || Date.parse(s.closesAt) > Date.parse(s.opensAt), {
    message: 'The booking window must close after it opens',
  });
export type CreateSlotInput = z.infer<typeof createSlotSchema>;

export const BOOKING_STATUSES = ['pending', 'confirmed', 'rejected', 'cancelled'] as const;
export const bookingStatusSchema = z.enum(BOOKING_STATUSES);
export type BookingStatus = z.infer<typeof bookingStatusSchema>;

export const bookingViewSchema = z.object({
  id: z.string(),
  slotId: z.string(),
  stationId: z.string(),
  userId: z.string(),
  orgId: z.string().optional(),
  region: z.string().optional(),
  status: bookingStatusSchema,
  reason: z.string().optional(),
  cancelledBy: z.string().optional(),
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

/** What anyone may see of a slot: times, seats and the length of the line. */
export const slotSummarySchema = z.object({
  id: z.string(),
  stationId: z.string(),
  county: z.string(),
  pairedDistrict: z.string(),
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

// --- request-reply commands ---
export const StationCommands = {
  create: 'stations.stations.create',
  get: 'stations.stations.get',
  list: 'stations.stations.list',
} as const;
export const SlotCommands = {
  create: 'stations.slots.create',
  get: 'stations.slots.get',
  list: 'stations.slots.list',
} as const;
export const BookingCommands = {
  book: 'stations.bookings.book',
  cancel: 'stations.bookings.cancel',
  approve: 'stations.bookings.approve',
  reject: 'stations.bookings.reject',
  acceptOffer: 'stations.bookings.accept-offer',
  declineOffer: 'stations.bookings.decline-offer',
} as const;

export const stationIdSchema = z.object({ id: entityId });
export const createSlotCommandSchema = z.object({ stationId: entityId, slot: createSlotSchema });
export type CreateSlotCommand = z.infer<typeof createSlotCommandSchema>;
export const listSlotsSchema = z.object({ stationId: entityId });
export const slotRefSchema = z.object({ slotId: entityId });
export type SlotRef = z.infer<typeof slotRefSchema>;
export const bookingRefSchema = z.object({ bookingId: entityId });
export type BookingRef = z.infer<typeof bookingRefSchema>;
export const bookingReasonSchema = z.object({ bookingId: entityId, reason: reasonSchema });
export type BookingReasonCommand = z.infer<typeof bookingReasonSchema>;

export const stationCommandSchemas = {
  [StationCommands.create]: { request: createStationSchema, response: stationViewSchema },
  [StationCommands.get]: { request: stationIdSchema, response: stationViewSchema },
  [StationCommands.list]: { request: listStationsQuerySchema, response: stationListSchema },
  [SlotCommands.create]: { request: createSlotCommandSchema, response: slotViewSchema },
  [SlotCommands.get]: { request: stationIdSchema, response: slotViewSchema },
  [SlotCommands.list]: { request: listSlotsSchema, response: slotListSchema },
  [BookingCommands.book]: { request: slotRefSchema, response: bookResultSchema },
  [BookingCommands.cancel]: { request: bookingReasonSchema, response: bookingViewSchema },
  [BookingCommands.approve]: { request: bookingRefSchema, response: bookingViewSchema },
  [BookingCommands.reject]: { request: bookingReasonSchema, response: bookingViewSchema },
  [BookingCommands.acceptOffer]: { request: slotRefSchema, response: bookingViewSchema },
  [BookingCommands.declineOffer]: { request: slotRefSchema, response: slotSummarySchema },
} as const;

// --- events ---
export const StationEvents = {
  created: 'stations.station.created.v1',
} as const;
export type StationEventTopic = (typeof StationEvents)[keyof typeof StationEvents];

export const SlotEvents = {
  created: 'stations.slot.created.v1',
  bookingConfirmed: 'stations.booking.confirmed.v1',
  bookingRequested: 'stations.booking.requested.v1',
  bookingApproved: 'stations.booking.approved.v1',
  bookingRejected: 'stations.booking.rejected.v1',
  bookingCancelled: 'stations.booking.cancelled.v1',
  waitlisted: 'stations.waitlist.joined.v1',
  offerMade: 'stations.offer.made.v1',
  offerAccepted: 'stations.offer.accepted.v1',
  offerDeclined: 'stations.offer.declined.v1',
  offerExpired: 'stations.offer.expired.v1',
} as const;
export type SlotEventTopic = (typeof SlotEvents)[keyof typeof SlotEvents];

export const stationEventPayloadSchema = z.object({ station: stationViewSchema });
export type StationEventPayload = z.infer<typeof stationEventPayloadSchema>;
export const stationEventV1 = envelopeSchema(stationEventPayloadSchema);

/** Every slot event carries the slot's seat counts; booking and offer events name the expert. */
export const slotEventPayloadSchema = z.object({
  slot: slotSummarySchema,
  booking: bookingViewSchema.optional(),
  offer: offerViewSchema.optional(),
  /** The expert concerned (booking, waitlist or offer). */
  userId: z.string().optional(),
  waitlistPosition: z.number().int().optional(),
});
export type SlotEventPayload = z.infer<typeof slotEventPayloadSchema>;
export const slotEventV1 = envelopeSchema(slotEventPayloadSchema);

export const stationEventSchemas: Record<StationEventTopic | SlotEventTopic, z.ZodType> = {
  [StationEvents.created]: stationEventV1,
  [SlotEvents.created]: slotEventV1,
  [SlotEvents.bookingConfirmed]: slotEventV1,
  [SlotEvents.bookingRequested]: slotEventV1,
  [SlotEvents.bookingApproved]: slotEventV1,
  [SlotEvents.bookingRejected]: slotEventV1,
  [SlotEvents.bookingCancelled]: slotEventV1,
  [SlotEvents.waitlisted]: slotEventV1,
  [SlotEvents.offerMade]: slotEventV1,
  [SlotEvents.offerAccepted]: slotEventV1,
  [SlotEvents.offerDeclined]: slotEventV1,
  [SlotEvents.offerExpired]: slotEventV1,
};
