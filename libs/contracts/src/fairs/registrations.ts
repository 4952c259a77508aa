import { z } from 'zod';
import { idParams, intFromQuery, reasonBodySchema, reasonSchema, recordIdParam, trimmed } from '../common';
import { defineCommand, defineEvent, to, type Delivery, type Notice, type RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';
import { fairTicketKeySchema } from './ticket-token';

// Trade fairs, ticket types, registrations, the waiting list and its offers, tickets and their
// revocation. One registration per person per fair (`${fairId}:${userId}`); a group (a buyer
// delegation) is one registration of N places by its leader, all or none. The places of every
// ticket type, day and time window are counted in one ledger per fair, so they are never oversold.

export const TICKET_KINDS = ['public', 'trade', 'press'] as const;
export const ticketKindSchema = z.enum(TICKET_KINDS);
export type TicketKind = z.infer<typeof ticketKindSchema>;
/** Trade buyers are approved by the organiser; they and the press give their organisation. */
export const kindNeedsApproval = (kind: TicketKind): boolean => kind === 'trade';
export const kindNeedsCompany = (kind: TicketKind): boolean => kind !== 'public';

const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2027-05-18');
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time of day like 09:30');
const slug = z.string().regex(/^[a-z0-9-]{1,32}$/, 'Lower-case letters, digits and -, at most 32');
const uniqueBy = <T>(items: readonly T[], key: (item: T) => string) =>
  new Set(items.map(key)).size === items.length;

export const ticketWindowSchema = z
  .strictObject({
    id: slug,
    name: trimmed(1, 30),
    startsAt: clockTime,
    endsAt: clockTime,
    /** Places of this window on each day. */
    quota: z.number().int().min(0).max(1_000_000),
  })
  .refine((w) => w.startsAt < w.endsAt, { message: 'It ends after it starts', path: ['endsAt'] });
export type TicketWindow = z.infer<typeof ticketWindowSchema>;

export const ticketTypeSchema = z.strictObject({
  id: slug,
  name: trimmed(1, 50),
  kind: ticketKindSchema,
  description: z.string().trim().max(500).default(''),
  /** The fair's days it admits on (all of them when absent). */
  days: z.array(dateOnly).min(1).max(30).optional(),
  /** Places on each day. */
  quotaPerDay: z.number().int().min(0).max(1_000_000),
  /** Time windows of each day, each with its own places (a registration then picks one). */
  windows: z
    .array(ticketWindowSchema)
    .max(12)
    .refine((ws) => uniqueBy(ws, (w) => w.id), { message: 'Window ids must be unique' })
    .default([]),
  /** Places one organisation may hold of this type (over all its people and days). */
  orgCap: z.number().int().min(1).max(1_000_000).optional(),
  /** Places one registration may take: the largest group. */
  perPersonLimit: z.number().int().min(1).max(50).default(1),
  /** Ask for consent to badge scans at the booths (lead scans). */
  askLeadConsent: z.boolean().default(false),
});
export type TicketType = z.infer<typeof ticketTypeSchema>;
export type TicketTypeInput = z.input<typeof ticketTypeSchema>;

export const ticketTypesSchema = z
  .array(ticketTypeSchema)
  .max(20)
  .refine((types) => uniqueBy(types, (t) => t.id), { message: 'Ticket type ids must be unique' });

/** Places left of one type on one day (and in each of its windows): public counts. */
export const dayPlacesSchema = z.object({
  date: z.string(),
  quota: z.number().int(),
  left: z.number().int(),
  waiting: z.number().int(),
  windows: z.array(z.object({ id: z.string(), quota: z.number().int(), left: z.number().int() })),
});
export const typePlacesSchema = z.object({ typeId: z.string(), days: z.array(dayPlacesSchema) });
export type TypePlaces = z.infer<typeof typePlacesSchema>;

export const ticketTypesViewSchema = z.object({
  fairId: z.string(),
  types: z.array(ticketTypeSchema.extend({ places: z.array(dayPlacesSchema) })),
  /** The ticket types' version (If-Match of PUT). */
  version: z.number().int(),
  canManage: z.boolean(),
});
export type TicketTypesView = z.infer<typeof ticketTypesViewSchema>;

export const setTicketTypesSchema = z.strictObject({
  fairId: z.string(),
  types: ticketTypesSchema,
  expectedVersion: z.number().int().optional(),
});
export type SetTicketTypesCommand = z.infer<typeof setTicketTypesSchema>;

// --- registrations ---
export const REGISTRATION_STATUSES = [
  /** Being written (a registration stuck here is finished or failed at the next start). */
  'pending',
  'awaiting-approval',
  'confirmed',
  'waiting',
  'offered',
  'cancelled',
  'rejected',
  'declined',
  'expired',
  'failed',
] as const;
export const registrationStatusSchema = z.enum(REGISTRATION_STATUSES);
export type RegistrationStatus = z.infer<typeof registrationStatusSchema>;
/** The statuses that hold places. */
export const HOLDING_STATUSES: readonly RegistrationStatus[] = ['awaiting-approval', 'confirmed', 'offered'];
/** Statuses after which one may register again. */
export const ENDED_STATUSES: readonly RegistrationStatus[] = [
  'cancelled',
  'rejected',
  'declined',
  'expired',
  'failed',
];

export const companySchema = z.strictObject({
  name: trimmed(2, 100),
  title: trimmed(1, 50),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9+\-\s]{6,20}$/, 'A phone number like 010-6512 3456 or 13800138000'),
});
export type Company = z.infer<typeof companySchema>;
export const memberSchema = z.strictObject({
  name: trimmed(1, 50),
  organisation: trimmed(1, 100).optional(),
});

export const registerBodySchema = z.strictObject({
  typeId: slug,
  days: z
    .array(dateOnly)
    .min(1)
    .max(30)
    .refine((days) => new Set(days).size === days.length, { message: 'Items must be unique' }),
  windowId: slug.optional(),
  /** Places: 1 for oneself, N for a group (all or none). */
  size: z.number().int().min(1).max(50).default(1),
  /** The name printed on the leader's ticket (the account's name when absent). */
  name: trimmed(1, 50).optional(),
  /** The names of the group's other members (optional; tickets name them when given). */
  members: z.array(memberSchema).max(49).default([]),
  company: companySchema.optional(),
  leadConsent: z.boolean().default(false),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;
export const registerSchema = registerBodySchema.extend({ fairId: z.string() });
export type RegisterCommand = z.infer<typeof registerSchema>;

export const registrationEntrySchema = z.object({
  status: registrationStatusSchema,
  at: z.string(),
  by: z.string().optional(),
  reason: z.string().optional(),
});
export const registrationViewSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  userId: z.string(),
  typeId: z.string(),
  kind: ticketKindSchema,
  days: z.array(z.string()),
  windowId: z.string().optional(),
  size: z.number().int(),
  name: z.string(),
  members: z.array(memberSchema),
  company: companySchema.optional(),
  orgId: z.string().optional(),
  leadConsent: z.boolean(),
  status: registrationStatusSchema,
  /** Place in the line (1 is next), while waiting. */
  position: z.number().int().optional(),
  waitSeq: z.number().int().optional(),
  offer: z.object({ id: z.string(), expiresAt: z.string(), madeAt: z.string() }).optional(),
  ticketIds: z.array(z.string()),
  reason: z.string().optional(),
  history: z.array(registrationEntrySchema),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;

export const fairRefSchema = z.strictObject({ fairId: z.string() });
export const registrationRefSchema = z.strictObject({
  fairId: z.string(),
  /** Whose registration (the caller's own when absent). */
  userId: z.string().optional(),
});
export const cancelRegistrationSchema = registrationRefSchema.extend({ reason: reasonSchema.optional() });
export const rejectRegistrationSchema = z.strictObject({
  fairId: z.string(),
  userId: z.string(),
  reason: reasonSchema,
});
export const updateMembersBodySchema = z.strictObject({
  name: trimmed(1, 50).optional(),
  members: z.array(memberSchema).max(49),
});
export const updateMembersSchema = updateMembersBodySchema.extend({ fairId: z.string() });

export const listRegistrationsFilterSchema = z.strictObject({
  typeId: slug.optional(),
  status: registrationStatusSchema.optional(),
  day: dateOnly.optional(),
  /** Part of a name, a member's name or an organisation. */
  q: z.string().trim().max(50).optional(),
});
export const listRegistrationsQuerySchema = listRegistrationsFilterSchema.extend({
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 200, 50),
});
export const listRegistrationsSchema = listRegistrationsQuerySchema.extend({ fairId: z.string() });
export type ListRegistrationsCommand = z.infer<typeof listRegistrationsSchema>;
export const registrationPageSchema = z.object({
  items: z.array(registrationViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Places taken of each type and day (and who waits). */
  places: z.array(typePlacesSchema),
});
export type RegistrationPage = z.infer<typeof registrationPageSchema>;
/** The waiting line in order, a page at a time (a line of thousands would not fit one message). */
export const waitlistSchema = z.object({
  fairId: z.string(),
  items: z.array(registrationViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export const waitlistQuerySchema = z.strictObject({
  page: intFromQuery(1, 100_000, 1),
  pageSize: intFromQuery(1, 200, 50),
});
export type Waitlist = z.infer<typeof waitlistSchema>;

/** My registrations over all fairs, with each fair's title. */
export const myRegistrationsSchema = z.object({
  items: z.array(registrationViewSchema.extend({ fairTitle: z.string() })),
});
export type MyRegistrations = z.infer<typeof myRegistrationsSchema>;

// --- tickets ---
export const ticketViewSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  fairTitle: z.string(),
  venue: z.object({ name: z.string(), address: z.string() }),
  registrationId: z.string(),
  typeId: z.string(),
  typeName: z.string(),
  kind: ticketKindSchema,
  days: z.array(z.string()),
  /** The window's times, when the type has windows. */
  window: z.object({ id: z.string(), name: z.string(), startsAt: z.string(), endsAt: z.string() }).optional(),
  holder: z.object({ userId: z.string(), name: z.string(), organisation: z.string().optional() }),
  leadConsent: z.boolean(),
  status: z.enum(['valid', 'revoked']),
  version: z.number().int(),
  revokedReason: z.string().optional(),
  revokedAt: z.string().optional(),
  issuedAt: z.string(),
  /** The signed QR token (QS1.<payload>.<signature>); only while valid. */
  token: z.string().optional(),
});
export type TicketView = z.infer<typeof ticketViewSchema>;
export const ticketListSchema = z.object({ items: z.array(ticketViewSchema) });
export type TicketList = z.infer<typeof ticketListSchema>;

export const revocationEntrySchema = z.object({
  ticketId: z.string(),
  /** Tokens of a lower version are refused; with `revoked`, every version is. */
  version: z.number().int(),
  revoked: z.boolean(),
  at: z.string(),
  /** The list's sequence number when this entry was written (for `since`). */
  seq: z.number().int(),
});
export const revocationsQuerySchema = z.strictObject({ since: intFromQuery(0, 1_000_000_000, 0) });
export const revocationsSchema = z.object({
  fairId: z.string(),
  /** The list's latest sequence number: ask `since` it next time. */
  seq: z.number().int(),
  /** The fair was cancelled: every ticket of it is revoked. */
  fairCancelled: z.boolean(),
  entries: z.array(revocationEntrySchema),
});
export type Revocations = z.infer<typeof revocationsSchema>;

// --- commands ---
export const getTicketTypes = defineCommand({
  name: 'fairs.ticket-types.get.v1',
  request: fairRefSchema,
  reply: ticketTypesViewSchema,
});
export const setTicketTypes = defineCommand({
  name: 'fairs.ticket-types.set.v1',
  request: setTicketTypesSchema,
  reply: ticketTypesViewSchema,
});
export const registerForFair = defineCommand({
  name: 'fairs.registrations.register.v1',
  request: registerSchema,
  reply: registrationViewSchema,
});
export const getRegistration = defineCommand({
  name: 'fairs.registrations.get.v1',
  request: registrationRefSchema,
  reply: registrationViewSchema,
});
export const myRegistrations = defineCommand({
  name: 'fairs.registrations.mine.v1',
  request: z.strictObject({}),
  reply: myRegistrationsSchema,
});
export const cancelRegistration = defineCommand({
  name: 'fairs.registrations.cancel.v1',
  request: cancelRegistrationSchema,
  reply: registrationViewSchema,
});
export const acceptFairOffer = defineCommand({
  name: 'fairs.registrations.accept-offer.v1',
  request: fairRefSchema,
  reply: registrationViewSchema,
});
export const declineFairOffer = defineCommand({
  name: 'fairs.registrations.decline-offer.v1',
  request: fairRefSchema,
  reply: registrationViewSchema,
});
export const approveRegistration = defineCommand({
  name: 'fairs.registrations.approve.v1',
  request: z.strictObject({ fairId: z.string(), userId: z.string() }),
  reply: registrationViewSchema,
});
export const rejectRegistration = defineCommand({
  name: 'fairs.registrations.reject.v1',
  request: rejectRegistrationSchema,
  reply: registrationViewSchema,
});
export const updateMembers = defineCommand({
  name: 'fairs.registrations.update-members.v1',
  request: updateMembersSchema,
  reply: registrationViewSchema,
});
export const listRegistrations = defineCommand({
  name: 'fairs.registrations.list.v1',
  request: listRegistrationsSchema,
  reply: registrationPageSchema,
});
export const getWaitlist = defineCommand({
  name: 'fairs.registrations.waitlist.v1',
  request: waitlistQuerySchema.extend({ fairId: z.string() }),
  reply: waitlistSchema,
});
export const myTickets = defineCommand({
  name: 'fairs.tickets.mine.v1',
  request: z.strictObject({ fairId: z.string().optional() }),
  reply: ticketListSchema,
});
export const getTicket = defineCommand({
  name: 'fairs.tickets.get.v1',
  request: z.strictObject({ id: z.string() }),
  reply: ticketViewSchema,
});
export const getTicketKey = defineCommand({
  name: 'fairs.tickets.key.v1',
  request: fairRefSchema,
  reply: fairTicketKeySchema,
});
export const getRevocations = defineCommand({
  name: 'fairs.tickets.revocations.v1',
  request: fairRefSchema.extend({ since: intFromQuery(0, 1_000_000_000, 0) }),
  reply: revocationsSchema,
});
export const RegistrationCommands = {
  getTypes: getTicketTypes.name,
  setTypes: setTicketTypes.name,
  register: registerForFair.name,
  get: getRegistration.name,
  mine: myRegistrations.name,
  cancel: cancelRegistration.name,
  acceptOffer: acceptFairOffer.name,
  declineOffer: declineFairOffer.name,
  approve: approveRegistration.name,
  reject: rejectRegistration.name,
  updateMembers: updateMembers.name,
  list: listRegistrations.name,
  waitlist: getWaitlist.name,
} as const;
export const TicketCommands = {
  mine: myTickets.name,
  get: getTicket.name,
  key: getTicketKey.name,
  revocations: getRevocations.name,
} as const;

// --- routes ---
const fairParams = idParams;
const personParams = z.strictObject({ id: recordIdParam(), userId: recordIdParam('userId') });
const version = (reply: { version: number }) => reply.version;
const STAFF_STEP = [400, 403, 404, 409] as const;

const routes: Route[] = [
  route(getTicketTypes, {
    method: 'GET',
    path: '/fairs/:id/ticket-types',
    tag: 'fairs',
    summary: 'The ticket types of a fair with the places left of each day and window (public counts)',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    etag: version,
    errors: [400, 404],
  }),
  route(setTicketTypes, {
    method: 'PUT',
    path: '/fairs/:id/ticket-types',
    tag: 'fairs',
    summary:
      'Set the ticket types (the organiser’s staff or an admin); once places are taken a type stays, keeps its kind and its quotas never go below what is taken',
    params: fairParams,
    body: z.strictObject({ types: ticketTypesSchema }),
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      fairId: params.id,
      types: body.types,
      expectedVersion: ifMatch,
    }),
    etag: version,
    errors: STAFF_STEP,
  }),
  route(registerForFair, {
    method: 'POST',
    path: '/fairs/:id/registrations',
    tag: 'fairs',
    summary:
      'Register (oneself or a group of N, all places or none): confirmed with tickets, awaiting approval (trade buyers) or waiting in line',
    status: 201,
    params: fairParams,
    body: registerBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: STAFF_STEP,
  }),
  route(getRegistration, {
    method: 'GET',
    path: '/fairs/:id/registrations/me',
    tag: 'fairs',
    summary: 'My registration at this fair (with my place in line while waiting)',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: [400, 404],
  }),
  route(updateMembers, {
    method: 'PATCH',
    path: '/fairs/:id/registrations/me',
    tag: 'fairs',
    summary:
      'Change the names on my group’s tickets: the changed tickets are re-signed and their old QR codes revoked',
    params: fairParams,
    body: updateMembersBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: STAFF_STEP,
  }),
  route(cancelRegistration, {
    method: 'POST',
    path: '/fairs/:id/registrations/me/cancel',
    tag: 'fairs',
    summary: 'Cancel my registration (or leave the line): my tickets are revoked, my places go down the line',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: STAFF_STEP,
  }),
  route(acceptFairOffer, {
    method: 'POST',
    path: '/fairs/:id/registrations/me/accept-offer',
    tag: 'fairs',
    summary: 'Accept the places offered to me from the waiting list, before the offer expires',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: STAFF_STEP,
  }),
  route(declineFairOffer, {
    method: 'POST',
    path: '/fairs/:id/registrations/me/decline-offer',
    tag: 'fairs',
    summary: 'Decline the places offered to me: they go to the next in line',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: STAFF_STEP,
  }),
  route(myRegistrations, {
    method: 'GET',
    path: '/me/fair-registrations',
    tag: 'fairs',
    summary: 'My registrations at every fair (offers to answer among them)',
    payload: () => ({}),
    errors: [],
  }),
  route(listRegistrations, {
    method: 'GET',
    path: '/fairs/:id/registrations',
    tag: 'fairs',
    summary:
      'The registrations of a fair (the organiser’s staff or an admin), filtered by type, status, day, name or organisation',
    params: fairParams,
    query: listRegistrationsQuerySchema,
    payload: ({ params, query }) => ({ ...query, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(getWaitlist, {
    method: 'GET',
    path: '/fairs/:id/waitlist',
    tag: 'fairs',
    summary:
      'The waiting list in order, offers out included, a page at a time (the organiser’s staff or an admin)',
    params: fairParams,
    query: waitlistQuerySchema,
    payload: ({ params, query }) => ({ fairId: params.id, ...query }),
    errors: [400, 403, 404],
  }),
  route(approveRegistration, {
    method: 'POST',
    path: '/fairs/:id/registrations/:userId/approve',
    tag: 'fairs',
    summary: 'Approve a trade buyer’s registration: its tickets are issued',
    params: personParams,
    payload: ({ params }) => ({ fairId: params.id, userId: params.userId }),
    errors: STAFF_STEP,
  }),
  route(rejectRegistration, {
    method: 'POST',
    path: '/fairs/:id/registrations/:userId/reject',
    tag: 'fairs',
    summary: 'Reject a trade buyer’s registration with a reason: its places go down the line',
    params: personParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ fairId: params.id, userId: params.userId, reason: body.reason }),
    errors: STAFF_STEP,
  }),
  route(cancelRegistration, {
    method: 'POST',
    path: '/fairs/:id/registrations/:userId/cancel',
    tag: 'fairs',
    summary: 'Cancel someone’s registration with a reason (the organiser’s staff or an admin)',
    params: personParams,
    body: reasonBodySchema,
    payload: ({ params, body }) => ({ fairId: params.id, userId: params.userId, reason: body.reason }),
    errors: STAFF_STEP,
  }),
  route(myTickets, {
    method: 'GET',
    path: '/me/tickets',
    tag: 'fairs',
    summary: 'My tickets, with their signed QR tokens',
    query: z.strictObject({ fairId: recordIdParam('fairId').optional() }),
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(getTicket, {
    method: 'GET',
    path: '/tickets/:id',
    tag: 'fairs',
    summary: 'One ticket (its holder, or the organiser’s staff)',
    params: z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not a valid id') }),
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(getTicketKey, {
    method: 'GET',
    path: '/fairs/:id/ticket-key',
    tag: 'fairs',
    summary: 'The fair’s public key (Ed25519) that verifies its tickets offline',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: [400, 404],
  }),
  route(getRevocations, {
    method: 'GET',
    path: '/fairs/:id/revocations',
    tag: 'fairs',
    summary:
      'Revoked and changed tickets of the fair (the organiser’s staff and door devices), since a sequence number',
    params: fairParams,
    query: revocationsQuerySchema,
    payload: ({ params, query }) => ({ fairId: params.id, since: query.since }),
    errors: [400, 403, 404],
  }),
];

// --- events ---
const fairSummarySchema = z.object({ id: z.string(), title: z.string(), organiserOrgId: z.string() });
export type FairSummary = z.infer<typeof fairSummarySchema>;

/** The notice a person gets on a socket of their own when an offer is made or runs out, or the fair is off. */
export const REGISTRATION_NOTICE_EVENT = 'fairs.registration.notice';
export const registrationNoticeSchema = z.object({
  kind: z.enum(['offered', 'offer-expired', 'cancelled', 'confirmed']),
  fairId: z.string(),
  fairTitle: z.string(),
  expiresAt: z.string().optional(),
});
export type RegistrationNotice = z.infer<typeof registrationNoticeSchema>;

const registrationPayload = z.object({
  registration: registrationViewSchema,
  fair: fairSummarySchema,
  /** Places left of the registration's type after the change (public counts). */
  places: typePlacesSchema,
});
type RegistrationPayload = z.infer<typeof registrationPayload>;
const placesOnly = z.strictObject({ fairId: z.string(), places: typePlacesSchema });
/** In full to the person and the organiser's staff; the fair's room hears the places left only. */
const registrationAudience = ({ registration, fair }: RegistrationPayload): Delivery[] => [
  to.user(registration.userId),
  to.staff(fair.organiserOrgId),
  to.open(`fair:${fair.id}`),
];
const noticeOf =
  (kind: RegistrationNotice['kind']) =>
  ({ registration, fair }: RegistrationPayload): Notice[] => [
    {
      room: `user:${registration.userId}`,
      event: REGISTRATION_NOTICE_EVENT,
      data: {
        kind,
        fairId: fair.id,
        fairTitle: fair.title,
        ...(registration.offer && kind === 'offered' ? { expiresAt: registration.offer.expiresAt } : {}),
      } satisfies RegistrationNotice,
    },
  ];
const registrationEvent = <const T extends string>(topic: T, notice?: RegistrationNotice['kind']) =>
  defineEvent({
    topic,
    payload: registrationPayload,
    audience: registrationAudience,
    publicView: {
      schema: placesOnly,
      project: ({ fair, places }: RegistrationPayload) => ({ fairId: fair.id, places }),
    },
    ...(notice ? { notices: noticeOf(notice) } : {}),
  });

export const registrationRequested = registrationEvent('fairs.registration.requested.v1');
export const registrationConfirmed = registrationEvent('fairs.registration.confirmed.v1', 'confirmed');
export const registrationWaitlisted = registrationEvent('fairs.registration.waitlisted.v1');
export const registrationOffered = registrationEvent('fairs.registration.offered.v1', 'offered');
export const registrationOfferDeclined = registrationEvent('fairs.registration.offer-declined.v1');
export const registrationOfferExpired = registrationEvent(
  'fairs.registration.offer-expired.v1',
  'offer-expired',
);
export const registrationRejected = registrationEvent('fairs.registration.rejected.v1');
export const registrationCancelled = registrationEvent('fairs.registration.cancelled.v1', 'cancelled');
export const registrationChanged = registrationEvent('fairs.registration.changed.v1');

const ticketTypesPayload = z.object({
  fairId: z.string(),
  organiserOrgId: z.string(),
  types: z.array(ticketTypeSchema),
  places: z.array(typePlacesSchema),
  version: z.number().int(),
});
export const ticketTypesUpdated = defineEvent({
  topic: 'fairs.ticket-types.updated.v1',
  payload: ticketTypesPayload,
  audience: ({ fairId, organiserOrgId }) => [to.staff(organiserOrgId), to.open(`fair:${fairId}`)],
  publicView: {
    schema: z.strictObject({
      fairId: z.string(),
      types: z.array(ticketTypeSchema),
      places: z.array(typePlacesSchema),
      version: z.number().int(),
    }),
    project: ({ organiserOrgId: _org, ...rest }) => rest,
  },
});

const ticketEventPayload = z.object({
  ticket: z.object({
    id: z.string(),
    fairId: z.string(),
    registrationId: z.string(),
    typeId: z.string(),
    days: z.array(z.string()),
    holder: z.object({ userId: z.string(), name: z.string(), organisation: z.string().optional() }),
    status: z.enum(['valid', 'revoked']),
    version: z.number().int(),
    revokedReason: z.string().optional(),
  }),
  organiserOrgId: z.string(),
});
/** Door scanners of the organiser's staff listen; the holder hears of their own ticket. No open room. */
const ticketEvent = <const T extends string>(topic: T) =>
  defineEvent({
    topic,
    payload: ticketEventPayload,
    audience: ({ ticket, organiserOrgId }) => [to.user(ticket.holder.userId), to.staff(organiserOrgId)],
    publicView: {
      schema: z.strictObject({ fairId: z.string() }),
      project: ({ ticket }) => ({ fairId: ticket.fairId }),
    },
  });
export const ticketRevoked = ticketEvent('fairs.ticket.revoked.v1');
export const ticketReissued = ticketEvent('fairs.ticket.reissued.v1');

export const RegistrationEvents = {
  requested: registrationRequested.topic,
  confirmed: registrationConfirmed.topic,
  waitlisted: registrationWaitlisted.topic,
  offered: registrationOffered.topic,
  offerDeclined: registrationOfferDeclined.topic,
  offerExpired: registrationOfferExpired.topic,
  rejected: registrationRejected.topic,
  cancelled: registrationCancelled.topic,
  changed: registrationChanged.topic,
  typesUpdated: ticketTypesUpdated.topic,
  ticketRevoked: ticketRevoked.topic,
  ticketReissued: ticketReissued.topic,
} as const;

// --- export ---
const STATUS_ZH: Record<RegistrationStatus, string> = {
  pending: '处理中',
  'awaiting-approval': '待审核',
  confirmed: '已确认',
  waiting: '候补中',
  offered: '候补名额待确认',
  cancelled: '已取消',
  rejected: '未通过',
  declined: '已放弃',
  expired: '已过期',
  failed: '未完成',
};
const KIND_ZH: Record<TicketKind, string> = { public: '普通观众', trade: '专业采购商', press: '媒体' };
export const registrationStatusZh = (status: RegistrationStatus): string => STATUS_ZH[status];
export const ticketKindZh = (kind: TicketKind): string => KIND_ZH[kind];

const registrationsExport = defineExport(listRegistrations, {
  path: '/fairs/:id/registrations/export',
  summary: 'The registrations of a fair as CSV or XLSX, filtered as the list (the organiser’s staff)',
  tag: 'fairs',
  params: fairParams,
  query: listRegistrationsFilterSchema,
  payload: ({ params, query }, page, pageSize) => ({ ...query, fairId: params.id, page, pageSize }),
  filename: (params) => `报名-${params.id}`,
  sheet: '报名名单',
  columns: [
    { header: '姓名', value: (r) => r.name },
    { header: '票种', value: (r) => r.typeId },
    { header: '类别', value: (r) => KIND_ZH[r.kind] },
    { header: '状态', value: (r) => STATUS_ZH[r.status] },
    { header: '日期', value: (r) => r.days.join('、') },
    { header: '时段', value: (r) => r.windowId },
    { header: '人数', value: (r) => r.size },
    { header: '同行人员', value: (r) => r.members.map((m) => m.name).join('、') },
    { header: '单位', value: (r) => r.company?.name },
    { header: '职务', value: (r) => r.company?.title },
    { header: '电话', value: (r) => r.company?.phone },
    { header: '同意展商扫码', value: (r) => (r.leadConsent ? '是' : '否') },
    { header: '候补顺序', value: (r) => r.position },
    { header: '门票数', value: (r) => r.ticketIds.length },
    { header: '原因', value: (r) => r.reason },
    { header: '报名时间', value: (r) => r.createdAt },
  ],
});

// --- samples (personal data planted, see PERSONAL_MARKERS) ---
const at = '2026-12-01T08:00:00.000Z';
const samplePlaces: TypePlaces = {
  typeId: 'trade',
  days: [
    {
      date: '2027-05-18',
      quota: 200,
      left: 12,
      waiting: 3,
      windows: [{ id: 'am', quota: 100, left: 2 }],
    },
  ],
};
const sampleRegistration: RegistrationView = {
  id: 'fair-1:u-booker',
  fairId: 'fair-1',
  userId: 'u-booker',
  typeId: 'trade',
  kind: 'trade',
  days: ['2027-05-18'],
  windowId: 'am',
  size: 3,
  name: 'u-booker 王经理',
  members: [{ name: 'u-waiting-1 李采购', organisation: 'org-booker 北京新发地' }],
  company: { name: 'org-booker 北京新发地农产品批发市场', title: '采购经理', phone: '13800138000' },
  orgId: 'org-booker',
  leadConsent: true,
  status: 'cancelled',
  position: 2,
  waitSeq: 7,
  offer: { id: 'offer-1', expiresAt: at, madeAt: at },
  ticketIds: ['t-1', 't-2'],
  reason: '私人原因：家中有事',
  history: [
    { status: 'pending', at, by: 'u-booker' },
    { status: 'cancelled', at, by: 'u-creator', reason: '私人原因：家中有事' },
  ],
  version: 3,
  createdAt: at,
  updatedAt: at,
};
const sampleFair: FairSummary = {
  id: 'fair-1',
  title: '2027 淅川农产品北京推介会',
  organiserOrgId: 'gov-xichuan',
};
const registrationSample = { registration: sampleRegistration, fair: sampleFair, places: samplePlaces };
const sampleTicket = {
  ticket: {
    id: 't-1',
    fairId: 'fair-1',
    registrationId: 'fair-1:u-booker',
    typeId: 'trade',
    days: ['2027-05-18'],
    holder: { userId: 'u-booker', name: 'u-waiting-2 张三', organisation: 'org-booker 北京新发地' },
    status: 'revoked' as const,
    version: 2,
    revokedReason: '私人原因：家中有事',
  },
  organiserOrgId: 'gov-xichuan',
};

export const registrationsPart = {
  commands: [
    getTicketTypes,
    setTicketTypes,
    registerForFair,
    getRegistration,
    myRegistrations,
    cancelRegistration,
    acceptFairOffer,
    declineFairOffer,
    approveRegistration,
    rejectRegistration,
    updateMembers,
    listRegistrations,
    getWaitlist,
    myTickets,
    getTicket,
    getTicketKey,
    getRevocations,
  ] as const,
  events: [
    registrationRequested,
    registrationConfirmed,
    registrationWaitlisted,
    registrationOffered,
    registrationOfferDeclined,
    registrationOfferExpired,
    registrationRejected,
    registrationCancelled,
    registrationChanged,
    ticketTypesUpdated,
    ticketRevoked,
    ticketReissued,
  ] as const,
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  /** CSV/XLSX downloads of this part's lists (see kit/export.ts). */
  exports: [registrationsExport] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see fairsDomain.samples). */
  samples: {
    'fairs.registration.requested.v1': registrationSample,
    'fairs.registration.confirmed.v1': registrationSample,
    'fairs.registration.waitlisted.v1': registrationSample,
    'fairs.registration.offered.v1': registrationSample,
    'fairs.registration.offer-declined.v1': registrationSample,
    'fairs.registration.offer-expired.v1': registrationSample,
    'fairs.registration.rejected.v1': registrationSample,
    'fairs.registration.cancelled.v1': registrationSample,
    'fairs.registration.changed.v1': registrationSample,
    'fairs.ticket-types.updated.v1': {
      fairId: 'fair-1',
      organiserOrgId: 'gov-xichuan',
      types: [],
      places: [samplePlaces],
      version: 2,
    },
    'fairs.ticket.revoked.v1': sampleTicket,
    'fairs.ticket.reissued.v1': sampleTicket,
  },
};
