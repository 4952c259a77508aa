import { z } from 'zod';
import { idParams, reasonBodySchema } from '../common';
import { defineCommand, defineEvent, recordRoom, to, type Delivery } from '../kit/contract';
import { defineDomain } from '../kit/domain';
import { route } from '../kit/route';
import {
  bookingReasonSchema,
  bookingRefSchema,
  bookingViewSchema,
  bookResultSchema,
  cancelSlotSchema,
  checkInBodySchema,
  checkInCommandSchema,
  createSlotCommandSchema,
  createSlotSchema,
  createStationSchema,
  createTourSchema,
  listSlotsSchema,
  listStationsQuerySchema,
  listToursQuerySchema,
  myBookingListSchema,
  myBookingsQuerySchema,
  offerViewSchema,
  rescheduleBodySchema,
  rescheduleCommandSchema,
  searchSlotsSchema,
  slotIdSchema,
  slotListSchema,
  slotRefSchema,
  slotSummarySchema,
  slotViewSchema,
  stationIdSchema,
  stationListSchema,
  stationViewSchema,
  type SlotSummary,
} from './stations';

export * from './stations';

// Expert workstations (院士专家工作站) and visit tours (院士专家库区行): commands, their routes,
// events and who hears of them.

// --- commands ---
export const createStation = defineCommand({
  name: 'stations.stations.create.v1',
  request: createStationSchema,
  reply: stationViewSchema,
});
export const getStation = defineCommand({
  name: 'stations.stations.get.v1',
  request: stationIdSchema,
  reply: stationViewSchema,
});
export const listStations = defineCommand({
  name: 'stations.stations.list.v1',
  request: listStationsQuerySchema,
  reply: stationListSchema,
});
export const createSlot = defineCommand({
  name: 'stations.slots.create.v1',
  request: createSlotCommandSchema,
  reply: slotViewSchema,
});
export const getSlot = defineCommand({
  name: 'stations.slots.get.v1',
  request: slotIdSchema,
  reply: slotViewSchema,
});
export const listSlots = defineCommand({
  name: 'stations.slots.list.v1',
  request: listSlotsSchema,
  reply: slotListSchema,
});
export const cancelSlot = defineCommand({
  name: 'stations.slots.cancel.v1',
  request: cancelSlotSchema,
  reply: slotSummarySchema,
});
export const searchSlots = defineCommand({
  name: 'stations.slots.search.v1',
  request: searchSlotsSchema,
  reply: slotListSchema,
});
export const book = defineCommand({
  name: 'stations.bookings.book.v1',
  request: slotRefSchema,
  reply: bookResultSchema,
});
export const cancelBooking = defineCommand({
  name: 'stations.bookings.cancel.v1',
  request: bookingReasonSchema,
  reply: bookingViewSchema,
});
export const approveBooking = defineCommand({
  name: 'stations.bookings.approve.v1',
  request: bookingRefSchema,
  reply: bookingViewSchema,
});
export const rejectBooking = defineCommand({
  name: 'stations.bookings.reject.v1',
  request: bookingReasonSchema,
  reply: bookingViewSchema,
});
export const acceptOffer = defineCommand({
  name: 'stations.bookings.accept-offer.v1',
  request: slotRefSchema,
  reply: bookingViewSchema,
});
export const declineOffer = defineCommand({
  name: 'stations.bookings.decline-offer.v1',
  request: slotRefSchema,
  reply: slotSummarySchema,
});
export const reschedule = defineCommand({
  name: 'stations.bookings.reschedule.v1',
  request: rescheduleCommandSchema,
  reply: bookingViewSchema,
});
export const checkIn = defineCommand({
  name: 'stations.bookings.check-in.v1',
  request: checkInCommandSchema,
  reply: bookingViewSchema,
});
export const markNoShow = defineCommand({
  name: 'stations.bookings.mark-no-show.v1',
  request: bookingRefSchema,
  reply: bookingViewSchema,
});
export const myBookings = defineCommand({
  name: 'stations.bookings.mine.v1',
  request: myBookingsQuerySchema,
  reply: myBookingListSchema,
});
export const leaveWaitlist = defineCommand({
  name: 'stations.bookings.leave-waitlist.v1',
  request: slotRefSchema,
  reply: slotSummarySchema,
});
export const createTour = defineCommand({
  name: 'stations.tours.create.v1',
  request: createTourSchema,
  reply: slotViewSchema,
});
export const listTours = defineCommand({
  name: 'stations.tours.list.v1',
  request: listToursQuerySchema,
  reply: slotListSchema,
});

export const StationCommands = {
  create: createStation.name,
  get: getStation.name,
  list: listStations.name,
} as const;
export const SlotCommands = {
  create: createSlot.name,
  get: getSlot.name,
  list: listSlots.name,
  cancel: cancelSlot.name,
  search: searchSlots.name,
} as const;
export const BookingCommands = {
  book: book.name,
  cancel: cancelBooking.name,
  approve: approveBooking.name,
  reject: rejectBooking.name,
  acceptOffer: acceptOffer.name,
  declineOffer: declineOffer.name,
  reschedule: reschedule.name,
  checkIn: checkIn.name,
  markNoShow: markNoShow.name,
  mine: myBookings.name,
  leaveWaitlist: leaveWaitlist.name,
} as const;
export const TourCommands = { create: createTour.name, list: listTours.name } as const;

// --- routes ---
const HOST_STEP = [400, 403, 404, 409] as const;
/** Who can ever be the host side of a slot (its county's cadres, the host organisation's staff, admins): experts never are. */
const HOST_ROLES = ['cadre', 'enterprise', 'admin'] as const;
const slotRef = ({ params }: { params: { id: string } }) => ({ slotId: params.id });
const bookingRef = ({ params }: { params: { id: string } }) => ({ bookingId: params.id });

const routes = [
  route(createStation, {
    method: 'POST',
    path: '/stations',
    tag: 'stations',
    summary: 'Create a workstation (a cadre of its county, or an admin)',
    roles: ['cadre', 'admin'],
    status: 201,
    body: createStationSchema,
    payload: ({ body }) => body,
    errors: [400, 403],
  }),
  route(listStations, {
    method: 'GET',
    path: '/stations',
    tag: 'stations',
    summary: 'Workstations, newest first',
    query: listStationsQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getStation, {
    method: 'GET',
    path: '/stations/:id',
    tag: 'stations',
    summary: 'One workstation',
    params: idParams,
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(createSlot, {
    method: 'POST',
    path: '/stations/:id/slots',
    tag: 'stations',
    summary: 'Add a residency slot: seats, approval, caps per organisation/region, window',
    status: 201,
    params: idParams,
    body: createSlotSchema,
    payload: ({ params, body }) => ({ stationId: params.id, slot: body }),
    errors: [400, 403, 404],
  }),
  route(listSlots, {
    method: 'GET',
    path: '/stations/:id/slots',
    tag: 'stations',
    summary: 'The station’s slots with their seat counts, by start',
    params: idParams,
    payload: ({ params }) => ({ stationId: params.id }),
    errors: [400, 404],
  }),
  route(searchSlots, {
    method: 'GET',
    path: '/slots',
    tag: 'stations',
    summary: 'Find open slots across stations by county, field and dates, soonest first',
    query: searchSlotsSchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getSlot, {
    method: 'GET',
    path: '/slots/:id',
    tag: 'stations',
    summary: 'One slot: seats, waitlist length; all bookings for the host side, one’s own otherwise',
    params: idParams,
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(book, {
    method: 'POST',
    path: '/slots/:id/bookings',
    tag: 'stations',
    summary: 'Book a seat (confirmed, or pending approval), or join the waitlist when full',
    roles: ['expert'],
    status: 201,
    params: idParams,
    payload: slotRef,
    errors: HOST_STEP,
  }),
  route(acceptOffer, {
    method: 'POST',
    path: '/slots/:id/offer/accept',
    tag: 'stations',
    summary: 'Accept the open offer of a freed seat',
    roles: ['expert'],
    params: idParams,
    payload: slotRef,
    errors: HOST_STEP,
  }),
  route(declineOffer, {
    method: 'POST',
    path: '/slots/:id/offer/decline',
    tag: 'stations',
    summary: 'Decline the open offer; the seat goes to the next in line',
    roles: ['expert'],
    params: idParams,
    payload: slotRef,
    errors: HOST_STEP,
  }),
  route(cancelSlot, {
    method: 'POST',
    path: '/slots/:id/cancel',
    tag: 'stations',
    summary:
      'Call off a slot or tour with a reason (the host side): every booking, offer and place in line ends',
    params: idParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ slotId: params.id, reason: body.reason }),
    errors: HOST_STEP,
  }),
  route(leaveWaitlist, {
    method: 'DELETE',
    path: '/slots/:id/waitlist',
    tag: 'stations',
    summary: 'Leave the waitlist; those behind move up',
    roles: ['expert'],
    params: idParams,
    payload: slotRef,
    errors: [400, 403, 404],
  }),
  route(cancelBooking, {
    method: 'POST',
    path: '/bookings/:id/cancel',
    tag: 'stations',
    summary: 'Cancel a booking with a reason (the expert or the host side)',
    params: idParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ bookingId: params.id, reason: body.reason }),
    errors: HOST_STEP,
  }),
  route(approveBooking, {
    method: 'POST',
    path: '/bookings/:id/approve',
    tag: 'stations',
    summary: 'Approve a pending booking (the host side)',
    roles: HOST_ROLES,
    params: idParams,
    payload: bookingRef,
    errors: HOST_STEP,
  }),
  route(rejectBooking, {
    method: 'POST',
    path: '/bookings/:id/reject',
    tag: 'stations',
    summary: 'Reject a pending booking with a reason (the host side); frees the seat',
    roles: HOST_ROLES,
    params: idParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ bookingId: params.id, reason: body.reason }),
    errors: HOST_STEP,
  }),
  route(reschedule, {
    method: 'POST',
    path: '/bookings/:id/reschedule',
    tag: 'stations',
    summary:
      'Move a booking to another slot of the same station, in one step: the new booking, or nothing changes',
    params: idParams,
    body: rescheduleBodySchema,
    payload: ({ params, body }) => ({ bookingId: params.id, slotId: body.slotId }),
    errors: HOST_STEP,
  }),
  route(checkIn, {
    method: 'POST',
    path: '/bookings/:id/check-in',
    tag: 'stations',
    summary: 'Check the expert in at the station, or at a tour stop (the host side)',
    roles: HOST_ROLES,
    params: idParams,
    body: checkInBodySchema,
    payload: ({ params, body }) => ({ bookingId: params.id, stop: body.stop }),
    errors: HOST_STEP,
  }),
  route(markNoShow, {
    method: 'POST',
    path: '/bookings/:id/no-show',
    tag: 'stations',
    summary: 'Mark a confirmed booking a no-show after the start (the host side)',
    roles: HOST_ROLES,
    params: idParams,
    payload: bookingRef,
    errors: HOST_STEP,
  }),
  route(createTour, {
    method: 'POST',
    path: '/tours',
    tag: 'tours',
    summary: 'Create a tour: county stops with dates, seats, eligibility, caps, window',
    roles: ['cadre', 'admin'],
    status: 201,
    body: createTourSchema,
    payload: ({ body }) => body,
    errors: [400, 403],
  }),
  route(listTours, {
    method: 'GET',
    path: '/tours',
    tag: 'tours',
    summary: 'Tours, soonest first (upcoming only unless upcoming=false)',
    query: listToursQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getSlot, {
    method: 'GET',
    path: '/tours/:id',
    tag: 'tours',
    summary: 'One tour: stops, seats, the line; all registrations for the host side',
    params: idParams,
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(book, {
    method: 'POST',
    path: '/tours/:id/registrations',
    tag: 'tours',
    summary: 'Register for the tour (eligibility checked), or join its waitlist when full',
    roles: ['expert'],
    status: 201,
    params: idParams,
    payload: slotRef,
    errors: HOST_STEP,
  }),
  route(myBookings, {
    method: 'GET',
    path: '/me/bookings',
    tag: 'stations',
    summary: 'My bookings and tour registrations, soonest first',
    roles: ['expert'],
    query: myBookingsQuerySchema,
    payload: ({ query }) => query,
    errors: [400, 403],
  }),
];

// --- events ---
/** What each waiting expert is told when the line moves (Socket.IO only, to `user:<id>`). */
export const WAITLIST_POSITION_EVENT = 'stations.waitlist.position';
export const waitlistPositionSchema = z.object({ slotId: z.string(), position: z.number().int().min(1) });
export type WaitlistPosition = z.infer<typeof waitlistPositionSchema>;

/**
 * Who hears of a slot or tour: the expert concerned, the host organisation's staff and the cadres
 * of every county visited, in full (they read every booking over REST); the slot's and station's
 * rooms and the regions' rooms get the seat counts and the length of the line only.
 */
function slotAudience({ slot, userId }: { slot: SlotSummary; userId?: string | undefined }): Delivery[] {
  return [
    ...(userId ? [to.user(userId)] : []),
    to.staff(slot.hostOrgId),
    ...slot.counties.map(to.cadres),
    to.open(`slot:${slot.id}`),
    ...(slot.stationId ? [to.open(`station:${slot.stationId}`)] : []),
    ...slot.counties.map((c) => to.open(`region:${c}`)),
    ...slot.pairedDistricts.map((d) => to.open(`region:${d}`)),
  ];
}

const slotOnly = z.object({ slot: slotSummarySchema });
const seatCounts = {
  schema: slotOnly.strict(),
  project: ({ slot }: { slot: SlotSummary }) => ({ slot }),
};
/** The line after the event, in order, when the event moved it: each waiting expert learns their place. */
const line = z.array(z.string()).optional();
const positions = ({ slot, waitlist }: { slot: SlotSummary; waitlist?: string[] | undefined }) =>
  (waitlist ?? []).map((userId, i) => ({
    room: `user:${userId}` as const,
    event: WAITLIST_POSITION_EVENT,
    data: { slotId: slot.id, position: i + 1 } satisfies WaitlistPosition,
  }));

const slotEvent = <
  const T extends string,
  P extends z.ZodType<{ slot: SlotSummary; userId?: string | undefined }>,
>(
  topic: T,
  payload: P,
) => defineEvent({ topic, payload, audience: slotAudience, publicView: seatCounts });

const bookingPayload = slotOnly.extend({ booking: bookingViewSchema, userId: z.string() });
const bookingEvent = <const T extends string>(topic: T) => slotEvent(topic, bookingPayload);
/** A booking ended and its seat went down the line: the offers follow as events of their own. */
const offerPayload = slotOnly.extend({ offer: offerViewSchema, userId: z.string(), waitlist: line });
const offerEvent = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: offerPayload,
    audience: slotAudience,
    publicView: seatCounts,
    internal: ['waitlist'],
    notices: positions,
  });

export const stationCreated = defineEvent({
  topic: 'stations.station.created.v1',
  payload: z.object({ station: stationViewSchema }),
  audience: ({ station }) => [
    to.staff(station.hostOrgId),
    to.cadres(station.county),
    to.open(`station:${station.id}`),
    to.open(`org:${station.hostOrgId}`),
    to.open(`region:${station.county}`),
    to.open(`region:${station.pairedDistrict}`),
  ],
  publicView: {
    schema: z.strictObject({ station: stationViewSchema }),
    project: ({ station }) => ({ station }),
  },
});
export const slotCreated = slotEvent('stations.slot.created.v1', slotOnly);
/** Called off by the host; sent once, and once more for each expert told (booked, offered or waiting). */
export const slotCancelled = slotEvent(
  'stations.slot.cancelled.v1',
  slotOnly.extend({ userId: z.string().optional() }),
);
export const bookingConfirmed = bookingEvent('stations.booking.confirmed.v1');
export const bookingRequested = bookingEvent('stations.booking.requested.v1');
export const bookingApproved = bookingEvent('stations.booking.approved.v1');
export const bookingRejected = bookingEvent('stations.booking.rejected.v1');
export const bookingCancelled = bookingEvent('stations.booking.cancelled.v1');
export const bookingExpired = bookingEvent('stations.booking.expired.v1');
export const bookingRescheduled = bookingEvent('stations.booking.rescheduled.v1');
export const bookingReminder = bookingEvent('stations.booking.reminder.v1');
export const bookingCheckedIn = bookingEvent('stations.booking.checked-in.v1');
export const bookingNoShow = bookingEvent('stations.booking.no-show.v1');
export const waitlistJoined = slotEvent(
  'stations.waitlist.joined.v1',
  slotOnly.extend({ userId: z.string(), waitlistPosition: z.number().int().min(1) }),
);
export const waitlistLeft = defineEvent({
  topic: 'stations.waitlist.left.v1',
  payload: slotOnly.extend({ userId: z.string(), waitlist: line }),
  audience: slotAudience,
  publicView: seatCounts,
  internal: ['waitlist'],
  notices: positions,
});
export const offerMade = offerEvent('stations.offer.made.v1');
export const offerAccepted = slotEvent(
  'stations.offer.accepted.v1',
  slotOnly.extend({ offer: offerViewSchema, booking: bookingViewSchema, userId: z.string() }),
);
export const offerDeclined = offerEvent('stations.offer.declined.v1');
export const offerExpired = offerEvent('stations.offer.expired.v1');

export const StationEvents = { created: stationCreated.topic } as const;
export type StationEventTopic = (typeof StationEvents)[keyof typeof StationEvents];
export const SlotEvents = {
  created: slotCreated.topic,
  cancelled: slotCancelled.topic,
  bookingConfirmed: bookingConfirmed.topic,
  bookingRequested: bookingRequested.topic,
  bookingApproved: bookingApproved.topic,
  bookingRejected: bookingRejected.topic,
  bookingCancelled: bookingCancelled.topic,
  waitlisted: waitlistJoined.topic,
  offerMade: offerMade.topic,
  offerAccepted: offerAccepted.topic,
  offerDeclined: offerDeclined.topic,
  offerExpired: offerExpired.topic,
  bookingExpired: bookingExpired.topic,
  bookingRescheduled: bookingRescheduled.topic,
  reminder: bookingReminder.topic,
  checkedIn: bookingCheckedIn.topic,
  noShow: bookingNoShow.topic,
  waitlistLeft: waitlistLeft.topic,
} as const;
export type SlotEventTopic = (typeof SlotEvents)[keyof typeof SlotEvents];

/** Any slot event's payload: the slot, and the booking, offer, expert or line as the topic says. */
export interface SlotEventPayload {
  slot: SlotSummary;
  booking?: z.infer<typeof bookingViewSchema>;
  offer?: z.infer<typeof offerViewSchema>;
  userId?: string;
  waitlistPosition?: number;
  waitlist?: string[];
}
export type StationEventPayload = { station: z.infer<typeof stationViewSchema> };

export const stationsDomain = defineDomain({
  name: 'stations',
  commands: [
    createStation,
    getStation,
    listStations,
    createSlot,
    getSlot,
    listSlots,
    cancelSlot,
    searchSlots,
    book,
    cancelBooking,
    approveBooking,
    rejectBooking,
    acceptOffer,
    declineOffer,
    reschedule,
    checkIn,
    markNoShow,
    myBookings,
    leaveWaitlist,
    createTour,
    listTours,
  ],
  events: [
    stationCreated,
    slotCreated,
    slotCancelled,
    bookingConfirmed,
    bookingRequested,
    bookingApproved,
    bookingRejected,
    bookingCancelled,
    bookingExpired,
    bookingRescheduled,
    bookingReminder,
    bookingCheckedIn,
    bookingNoShow,
    waitlistJoined,
    waitlistLeft,
    offerMade,
    offerAccepted,
    offerDeclined,
    offerExpired,
  ],
  routes,
  rooms: [recordRoom('station', getStation, (id) => ({ id })), recordRoom('slot', getSlot, (id) => ({ id }))],
});
