import { z } from 'zod';
import { idParams, intFromQuery, isoDateTime, recordIdParam, trimmed, uniqueList } from '../common';
import {
  defineCommand,
  defineEvent,
  to,
  type AnyCommand,
  type AnyEvent,
  type RecordRoom,
} from '../kit/contract';
import { route, type Route } from '../kit/route';
import { defineExport, type ExportRoute } from '../kit/export';
import { fairTicketKeySchema } from './ticket-token';
import { revocationsSchema } from './registrations';

// Door check-in (check-in lists, scans online and offline, exact counts, the live wall) and booth
// lead scans (exhibitors and their scan-only devices). Tickets are the registrations part's: a
// scan reads the ticket by `_id` after its signature holds under the fair's key.

const slug = z.string().regex(/^[a-z0-9-]{1,32}$/, 'Lower-case letters, digits and -, at most 32');
const calendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2027-05-18');
/** The time zone of every fair (China keeps one offset all year): days and hours are counted in it. */
export const FAIR_UTC_OFFSET_MINUTES = 8 * 60;

// --- check-in lists ---
export const checkinListSchema = z.strictObject({
  id: slug,
  name: trimmed(1, 50),
  /** The ticket types it admits (none listed: every type). */
  typeIds: uniqueList(slug, 20).default([]),
  /** The days it is used on (none listed: every day of the fair). */
  days: uniqueList(calendarDay, 30).default([]),
  /** Exits are scanned too, so that the list knows who is inside. */
  exits: z.boolean().default(false),
  /** A ticket that went out may come in again (with `exits`); without it one entry per ticket, ever. */
  reentry: z.boolean().default(false),
});
export type CheckinList = z.output<typeof checkinListSchema>;
/** What a fair has before its organiser sets lists: one list for every ticket, entry only. */
export const DEFAULT_CHECKIN_LIST: CheckinList = {
  id: 'main',
  name: '全部门票',
  typeIds: [],
  days: [],
  exits: false,
  reentry: false,
};
export const checkinListsSchema = z.object({
  fairId: z.string(),
  lists: z.array(checkinListSchema),
  version: z.number().int(),
});
export type CheckinLists = z.infer<typeof checkinListsSchema>;
export const setCheckinListsBodySchema = z.strictObject({
  lists: z
    .array(checkinListSchema)
    .min(1)
    .max(20)
    .refine((lists) => new Set(lists.map((l) => l.id)).size === lists.length, {
      message: 'Each list id once',
    }),
});

// --- scans ---
export const SCAN_REASONS = [
  'already_checked_in',
  'not_inside',
  'revoked',
  'wrong_day',
  'wrong_list',
  'unknown',
  'invalid_signature',
] as const;
export type ScanReason = (typeof SCAN_REASONS)[number];
export const SCAN_RESULTS = ['ok', ...SCAN_REASONS] as const;
export const scanResultKindSchema = z.enum(SCAN_RESULTS);
export type ScanResultKind = z.infer<typeof scanResultKindSchema>;
export const SCAN_DIRECTIONS = ['entry', 'exit'] as const;
export const scanDirectionSchema = z.enum(SCAN_DIRECTIONS);
export type ScanDirection = z.infer<typeof scanDirectionSchema>;

const ticketToken = z.string().trim().min(1).max(2048);
const nonce = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _');
const gate = trimmed(1, 40);
/** A scan-only device's code (see devices below). */
export const deviceCodeSchema = z.string().trim().min(8).max(64);

export const scanInputSchema = z.strictObject({
  token: ticketToken,
  /** Chosen by the scanner, once per physical scan: a retry with the same nonce is the same scan. */
  nonce,
  direction: scanDirectionSchema.default('entry'),
  /** When it was scanned (offline scanners upload later); default: when it arrives. */
  scannedAt: isoDateTime.optional(),
});
export const scanBodySchema = scanInputSchema.extend({ listId: slug.default('main'), gate });
export const scanCommandSchema = scanBodySchema.extend({
  fairId: z.string(),
  /** A door device's code, for a scan without a signed-in user. */
  deviceCode: deviceCodeSchema.optional(),
});
export type ScanCommand = z.input<typeof scanCommandSchema>;
export const batchBodySchema = z.strictObject({
  listId: slug.default('main'),
  gate,
  scans: z.array(scanInputSchema).min(1).max(500),
});
export const batchCommandSchema = batchBodySchema.extend({
  fairId: z.string(),
  deviceCode: deviceCodeSchema.optional(),
});
export type BatchScanCommand = z.input<typeof batchCommandSchema>;

const scanRef = z.object({
  nonce: z.string(),
  gate: z.string(),
  at: z.string(),
  direction: scanDirectionSchema,
});
export type ScanRef = z.infer<typeof scanRef>;
export const scanResultSchema = z.object({
  nonce: z.string(),
  result: scanResultKindSchema,
  direction: scanDirectionSchema,
  listId: z.string(),
  gate: z.string(),
  scannedAt: z.string(),
  /** The ticket, when its signature held and it exists: what the door checks against the person. */
  ticket: z
    .object({
      id: z.string(),
      typeId: z.string(),
      days: z.array(z.string()),
      holderName: z.string(),
      organisation: z.string().optional(),
    })
    .optional(),
  /** For `already_checked_in`: the entry that counts (when, at which gate). */
  previous: scanRef.optional(),
  /** Why, in words, when the reason alone does not say it. */
  detail: z.string().optional(),
  /** The nonce was seen before: this is the first answer again, nothing changed. */
  replayed: z.boolean(),
});
export type ScanResult = z.infer<typeof scanResultSchema>;
/** Two entries of one ticket (at two gates, or twice at one): both scans, and which one counts. */
export const scanConflictSchema = z.object({
  ticketId: z.string(),
  listId: z.string(),
  kind: z.enum(['double_entry', 'double_exit']),
  counted: scanRef,
  refused: scanRef,
  /** The refused scan happened before the counted one (it reached the server after it). */
  refusedWasEarlier: z.boolean(),
});
export type ScanConflict = z.infer<typeof scanConflictSchema>;
export const batchResultSchema = z.object({
  results: z.array(scanResultSchema),
  conflicts: z.array(scanConflictSchema),
});
export type BatchScanResult = z.infer<typeof batchResultSchema>;

// --- counts ---
const countMap = z.record(z.string(), z.number().int());
export const checkinCountsSchema = z.object({
  fairId: z.string(),
  listId: z.string(),
  /** Tickets that came in at least once. */
  checkedIn: z.number().int(),
  /** Tickets inside now (lists with exits; otherwise everyone checked in). */
  inside: z.number().int(),
  entries: z.number().int(),
  exits: z.number().int(),
  /** Tickets checked in, by ticket type. */
  byType: countMap,
  /** Tickets that came in on each day (YYYY-MM-DD, the fair's time). */
  byDay: countMap,
  /** Arrivals (a ticket's first entry of a day) by hour: `2027-05-18T09`. */
  byHour: countMap,
  /** Arrivals by 10 minutes: `2027-05-18T09:10` (the wall's chart). */
  by10Minutes: countMap,
  /** Grows with every change: the higher of two readings is the newer. */
  version: z.number().int(),
  updatedAt: z.string().optional(),
});
export type CheckinCounts = z.infer<typeof checkinCountsSchema>;
export const fairCountsSchema = z.object({
  fairId: z.string(),
  lists: z.array(checkinCountsSchema),
});
export type FairCounts = z.infer<typeof fairCountsSchema>;

// --- check-in records (the export) ---
export const admissionScanSchema = scanRef.extend({
  result: scanResultKindSchema,
  decidedAt: z.string(),
  by: z.string(),
});
export const admissionViewSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  listId: z.string(),
  ticketId: z.string(),
  typeId: z.string(),
  holderName: z.string(),
  organisation: z.string().optional(),
  inside: z.boolean(),
  firstEntry: scanRef.optional(),
  entries: z.number().int(),
  exits: z.number().int(),
  scans: z.array(admissionScanSchema),
});
export type AdmissionView = z.infer<typeof admissionViewSchema>;
export const listAdmissionsQuerySchema = z.strictObject({
  listId: slug.optional(),
  page: intFromQuery(1, 100_000, 1),
  pageSize: intFromQuery(1, 500, 50),
});
export const admissionPageSchema = z.object({
  items: z.array(admissionViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});

// --- leads ---
export const leadBodySchema = z.strictObject({
  /** The visitor's ticket token (the badge's QR code). */
  token: ticketToken,
  rating: z.number().int().min(0).max(5).default(0),
  notes: z.string().trim().max(2000).default(''),
  tags: uniqueList(trimmed(1, 30), 20).default([]),
  productsOfInterest: uniqueList(trimmed(1, 100), 20).default([]),
});
export const deviceLeadBodySchema = leadBodySchema.extend({ deviceCode: deviceCodeSchema });
export const captureLeadCommandSchema = leadBodySchema.extend({
  fairId: z.string(),
  deviceCode: deviceCodeSchema.optional(),
});
export type CaptureLeadCommand = z.input<typeof captureLeadCommandSchema>;
export const leadViewSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  enterpriseOrgId: z.string(),
  ticketId: z.string(),
  visitor: z.object({ userId: z.string(), name: z.string(), organisation: z.string().optional() }),
  rating: z.number().int(),
  notes: z.string(),
  tags: z.array(z.string()),
  productsOfInterest: z.array(z.string()),
  /** Who scanned: a user id or `device:<id>`, with the device's label. */
  scannedBy: z.object({ id: z.string(), label: z.string().optional() }),
  firstScannedAt: z.string(),
  lastScannedAt: z.string(),
  scans: z.number().int(),
  version: z.number().int(),
});
export type LeadView = z.infer<typeof leadViewSchema>;
export const captureLeadReplySchema = z.object({
  lead: leadViewSchema,
  /** A rescan of a visitor already a lead: updated, not counted again. */
  rescan: z.boolean(),
  /** The booth's leads so far. */
  leadCount: z.number().int(),
});
export const listMyLeadsQuerySchema = z.strictObject({
  page: intFromQuery(1, 100_000, 1),
  pageSize: intFromQuery(1, 200, 50),
});
export const leadPageSchema = z.object({
  items: z.array(leadViewSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type LeadPage = z.infer<typeof leadPageSchema>;

// --- devices ---
export const DEVICE_KINDS = ['lead', 'door'] as const;
export const deviceKindSchema = z.enum(DEVICE_KINDS);
export type DeviceKind = z.infer<typeof deviceKindSchema>;
export const createDeviceBodySchema = z.strictObject({
  /** `lead`: an exhibitor's booth scanner; `door`: an organiser's door scanner for volunteers. */
  kind: deviceKindSchema.default('lead'),
  label: trimmed(1, 50),
});
export const deviceViewSchema = z.object({
  id: z.string(),
  fairId: z.string(),
  kind: deviceKindSchema,
  orgId: z.string(),
  label: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().optional(),
});
export type DeviceView = z.infer<typeof deviceViewSchema>;
/** The code is shown once, when made: only its hash is kept. */
export const createdDeviceSchema = deviceViewSchema.extend({ code: z.string() });
export const deviceSessionSchema = z.object({
  device: deviceViewSchema,
  fair: z.object({ id: z.string(), title: z.string(), days: z.array(z.string()) }),
  /** The exhibitor a lead device scans for. */
  exhibitorName: z.string().optional(),
  /** The check-in lists a door device scans on. */
  lists: z.array(checkinListSchema).optional(),
  /** For a door device: the fair's public key and revocation list, so it can scan offline. */
  ticketKey: fairTicketKeySchema.optional(),
  revocations: revocationsSchema.optional(),
});
export type DeviceSession = z.infer<typeof deviceSessionSchema>;

// --- commands ---
const fairIdOnly = z.strictObject({ fairId: z.string() });
export const getCheckinLists = defineCommand({
  name: 'fairs.checkin-lists.get.v1',
  request: fairIdOnly,
  reply: checkinListsSchema,
});
export const setCheckinLists = defineCommand({
  name: 'fairs.checkin-lists.set.v1',
  request: setCheckinListsBodySchema.extend({
    fairId: z.string(),
    expectedVersion: z.number().int().optional(),
  }),
  reply: checkinListsSchema,
});
export const scanTicket = defineCommand({
  name: 'fairs.scans.scan.v1',
  request: scanCommandSchema,
  reply: scanResultSchema,
});
export const uploadScans = defineCommand({
  name: 'fairs.scans.batch.v1',
  request: batchCommandSchema,
  reply: batchResultSchema,
});
export const getFairCounts = defineCommand({
  name: 'fairs.counts.get.v1',
  request: fairIdOnly,
  reply: fairCountsSchema,
});
export const listAdmissions = defineCommand({
  name: 'fairs.admissions.list.v1',
  request: listAdmissionsQuerySchema.extend({ fairId: z.string() }),
  reply: admissionPageSchema,
});
export const captureLead = defineCommand({
  name: 'fairs.leads.capture.v1',
  request: captureLeadCommandSchema,
  reply: captureLeadReplySchema,
});
export const listMyLeads = defineCommand({
  name: 'fairs.leads.mine.v1',
  request: listMyLeadsQuerySchema.extend({ fairId: z.string() }),
  reply: leadPageSchema,
});
export const createDevice = defineCommand({
  name: 'fairs.devices.create.v1',
  request: createDeviceBodySchema.extend({ fairId: z.string() }),
  reply: createdDeviceSchema,
});
export const listDevices = defineCommand({
  name: 'fairs.devices.list.v1',
  request: fairIdOnly,
  reply: z.object({ items: z.array(deviceViewSchema) }),
});
export const revokeDevice = defineCommand({
  name: 'fairs.devices.revoke.v1',
  request: z.strictObject({ fairId: z.string(), deviceId: z.string() }),
  reply: deviceViewSchema,
});
export const openDeviceSession = defineCommand({
  name: 'fairs.devices.session.v1',
  request: z.strictObject({ fairId: z.string(), deviceCode: deviceCodeSchema }),
  reply: deviceSessionSchema,
});
export const CheckinCommands = {
  getLists: getCheckinLists.name,
  setLists: setCheckinLists.name,
  scan: scanTicket.name,
  batch: uploadScans.name,
  counts: getFairCounts.name,
  admissions: listAdmissions.name,
  captureLead: captureLead.name,
  myLeads: listMyLeads.name,
  createDevice: createDevice.name,
  listDevices: listDevices.name,
  revokeDevice: revokeDevice.name,
  deviceSession: openDeviceSession.name,
} as const;

// --- routes ---
const fairParams = idParams;
const deviceParams = z.strictObject({ id: recordIdParam(), deviceId: recordIdParam('deviceId') });
const routes = [
  route(getCheckinLists, {
    method: 'GET',
    path: '/fairs/:id/checkin-lists',
    tag: 'fairs-checkin',
    summary: 'The fair’s check-in lists (the organiser’s staff)',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    etag: (lists) => lists.version,
    errors: [400, 403, 404],
  }),
  route(setCheckinLists, {
    method: 'PUT',
    path: '/fairs/:id/checkin-lists',
    tag: 'fairs-checkin',
    summary:
      'Set the fair’s check-in lists: which types and days each admits, exits and re-entry (the organiser’s staff)',
    params: fairParams,
    body: setCheckinListsBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      fairId: params.id,
      lists: body.lists,
      expectedVersion: ifMatch,
    }),
    etag: (lists) => lists.version,
    errors: [400, 403, 404, 409],
  }),
  route(scanTicket, {
    method: 'POST',
    path: '/fairs/:id/scans',
    tag: 'fairs-checkin',
    summary:
      'Scan a ticket at a door: ok, or the reason it is refused; a retry with the same nonce is the same scan (the organiser’s staff)',
    params: fairParams,
    body: scanBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(uploadScans, {
    method: 'POST',
    path: '/fairs/:id/scans/batch',
    tag: 'fairs-checkin',
    summary:
      'Upload the scans of a scanner that was offline: each decided once, by scan time, with every conflict reported',
    params: fairParams,
    body: batchBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(scanTicket, {
    method: 'POST',
    path: '/fairs/:id/device/scans',
    tag: 'fairs-checkin',
    summary: 'A door device scans a ticket (no sign-in: the device code in the body)',
    public: true,
    params: fairParams,
    body: scanBodySchema.extend({ deviceCode: deviceCodeSchema }),
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(uploadScans, {
    method: 'POST',
    path: '/fairs/:id/device/scans/batch',
    tag: 'fairs-checkin',
    summary: 'A door device uploads its offline scans (no sign-in: the device code in the body)',
    public: true,
    params: fairParams,
    body: batchBodySchema.extend({ deviceCode: deviceCodeSchema }),
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(getFairCounts, {
    method: 'GET',
    path: '/fairs/:id/counts',
    tag: 'fairs-checkin',
    summary:
      'Check-in counts per list: checked in, inside, by type, day, hour and 10 minutes (the organiser’s staff, the cadres of the fair’s regions)',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: [400, 404],
  }),
  route(listAdmissions, {
    method: 'GET',
    path: '/fairs/:id/admissions',
    tag: 'fairs-checkin',
    summary: 'Every ticket scanned at the fair’s doors, with its scans (the organiser’s staff)',
    params: fairParams,
    query: listAdmissionsQuerySchema,
    payload: ({ params, query }) => ({ ...query, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(captureLead, {
    method: 'POST',
    path: '/fairs/:id/leads',
    tag: 'fairs-leads',
    summary:
      'Scan a visitor’s badge at one’s booth (an accepted exhibitor’s staff): a rating, notes, tags and products; a rescan updates the lead',
    roles: ['enterprise'],
    params: fairParams,
    body: leadBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(captureLead, {
    method: 'POST',
    path: '/fairs/:id/device/leads',
    tag: 'fairs-leads',
    summary: 'A scan-only device scans a visitor’s badge for its exhibitor (no sign-in: the device code)',
    public: true,
    params: fairParams,
    body: deviceLeadBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(listMyLeads, {
    method: 'GET',
    path: '/fairs/:id/leads/mine',
    tag: 'fairs-leads',
    summary: 'My organisation’s leads at this fair, newest first (nobody else’s)',
    roles: ['enterprise'],
    params: fairParams,
    query: listMyLeadsQuerySchema,
    payload: ({ params, query }) => ({ ...query, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(createDevice, {
    method: 'POST',
    path: '/fairs/:id/devices',
    tag: 'fairs-leads',
    summary:
      'Make a scan-only device code: `lead` for an accepted exhibitor’s booth, `door` for the organiser’s volunteers (the code is shown once)',
    roles: ['enterprise', 'cadre', 'admin'],
    status: 201,
    params: fairParams,
    body: createDeviceBodySchema,
    payload: ({ params, body }) => ({ ...body, fairId: params.id }),
    errors: [400, 403, 404],
  }),
  route(listDevices, {
    method: 'GET',
    path: '/fairs/:id/devices',
    tag: 'fairs-leads',
    summary: 'My organisation’s device codes at this fair (without the codes)',
    params: fairParams,
    payload: ({ params }) => ({ fairId: params.id }),
    errors: [400, 404],
  }),
  route(revokeDevice, {
    method: 'DELETE',
    path: '/fairs/:id/devices/:deviceId',
    tag: 'fairs-leads',
    summary: 'Revoke a device code: its next scan is refused',
    params: deviceParams,
    payload: ({ params }) => ({ fairId: params.id, deviceId: params.deviceId }),
    errors: [400, 403, 404],
  }),
  route(openDeviceSession, {
    method: 'POST',
    path: '/fairs/:id/device/session',
    tag: 'fairs-leads',
    summary: 'A device checks its code and learns what it scans for (no sign-in)',
    public: true,
    params: fairParams,
    body: z.strictObject({ deviceCode: deviceCodeSchema }),
    payload: ({ params, body }) => ({ fairId: params.id, deviceCode: body.deviceCode }),
    errors: [400, 403, 404],
  }),
];

// --- events ---
const countsPayload = z.object({
  counts: checkinCountsSchema,
  /** Who hears it (not sent to sockets). */
  organiserOrgId: z.string(),
  regions: z.array(z.string()),
});
/**
 * The counts of one check-in list: at most one every ~500 ms per fair and service instance,
 * carrying the totals (not the scans), to the organiser's staff and the cadres of the fair's regions.
 */
export const countsChanged = defineEvent({
  topic: 'fairs.checkin.counts-changed.v1',
  payload: countsPayload,
  internal: ['organiserOrgId', 'regions'],
  audience: ({ organiserOrgId, regions }) => [
    to.staff(organiserOrgId),
    ...regions.map((region) => to.cadres(region)),
  ],
  publicView: {
    schema: z.strictObject({ fairId: z.string(), listId: z.string() }),
    project: ({ counts }) => ({ fairId: counts.fairId, listId: counts.listId }),
  },
});
const leadCapturedPayload = z.object({
  lead: z.object({
    id: z.string(),
    fairId: z.string(),
    enterpriseOrgId: z.string(),
    enterpriseName: z.string(),
    ticketId: z.string(),
    /** The visitor's organisation (what the investment service turns into a lead). */
    visitorOrganisation: z.string().optional(),
    /** The visitor: for the exhibitor's own staff. */
    visitor: z.object({ userId: z.string(), name: z.string() }),
    productsOfInterest: z.array(z.string()),
    rating: z.number().int(),
    tags: z.array(z.string()),
    notes: z.string(),
    scannedAt: z.string(),
  }),
  rescan: z.boolean(),
  /** The booth's leads so far (live on the exhibitor's page). */
  leadCount: z.number().int(),
});
/** A lead scanned at a booth: to the exhibitor's own staff only (the visitor's name and contact are theirs). */
export const leadCaptured = defineEvent({
  topic: 'fairs.lead.captured.v1',
  payload: leadCapturedPayload,
  audience: ({ lead }) => [to.staff(lead.enterpriseOrgId)],
  publicView: {
    schema: z.strictObject({ fairId: z.string(), enterpriseOrgId: z.string(), leadCount: z.number().int() }),
    project: ({ lead, leadCount }) => ({
      fairId: lead.fairId,
      enterpriseOrgId: lead.enterpriseOrgId,
      leadCount,
    }),
  },
});
export const CheckinEvents = {
  countsChanged: countsChanged.topic,
  leadCaptured: leadCaptured.topic,
} as const;

// --- exports ---
const RESULT_NAMES: Record<ScanResultKind, string> = {
  ok: '通过',
  already_checked_in: '已入场',
  not_inside: '未在场内',
  revoked: '已作废',
  wrong_day: '非当日票',
  wrong_list: '不属于此核验单',
  unknown: '票不存在',
  invalid_signature: '签名无效',
};
export const scanResultNameZh = (result: ScanResultKind): string => RESULT_NAMES[result];
const exportsOfPart: ExportRoute[] = [
  defineExport(listAdmissions, {
    path: '/fairs/:id/admissions/export',
    summary: 'The fair’s check-ins as CSV or XLSX: one row per ticket and list (the organiser’s staff)',
    tag: 'fairs-checkin',
    params: fairParams,
    query: z.strictObject({ listId: slug.optional() }),
    payload: ({ params, query }, page, pageSize) => ({ ...query, fairId: params.id, page, pageSize }),
    filename: ({ id }) => `入场记录-${id}`,
    sheet: '入场记录',
    columns: [
      { header: '核验单', value: (a) => a.listId },
      { header: '票号', value: (a) => a.ticketId },
      { header: '票种', value: (a) => a.typeId },
      { header: '持票人', value: (a) => a.holderName },
      { header: '单位', value: (a) => a.organisation },
      { header: '首次入场时间', value: (a) => a.firstEntry?.at },
      { header: '首次入场门', value: (a) => a.firstEntry?.gate },
      { header: '入场次数', value: (a) => a.entries },
      { header: '出场次数', value: (a) => a.exits },
      { header: '当前在场', value: (a) => (a.inside ? '是' : '否') },
      {
        header: '扫码记录',
        value: (a) =>
          a.scans
            .map(
              (s) => `${s.at} ${s.gate} ${s.direction === 'entry' ? '入' : '出'} ${RESULT_NAMES[s.result]}`,
            )
            .join('；'),
      },
    ],
  }),
  defineExport(listMyLeads, {
    path: '/fairs/:id/leads/mine/export',
    summary: 'My organisation’s leads at this fair as CSV or XLSX (nobody else’s)',
    tag: 'fairs-leads',
    roles: ['enterprise'],
    params: fairParams,
    query: z.strictObject({}),
    payload: ({ params }, page, pageSize) => ({ fairId: params.id, page, pageSize }),
    filename: ({ id }) => `展位线索-${id}`,
    sheet: '展位线索',
    columns: [
      { header: '访客', value: (l) => l.visitor.name },
      { header: '单位', value: (l) => l.visitor.organisation },
      { header: '评分', value: (l) => l.rating },
      { header: '感兴趣的产品', value: (l) => l.productsOfInterest.join('、') },
      { header: '标签', value: (l) => l.tags.join('、') },
      { header: '备注', value: (l) => l.notes },
      { header: '首次扫码', value: (l) => l.firstScannedAt },
      { header: '最近扫码', value: (l) => l.lastScannedAt },
      { header: '扫码次数', value: (l) => l.scans },
      { header: '扫码人', value: (l) => l.scannedBy.label ?? l.scannedBy.id },
    ],
  }),
];

const sampleCounts: CheckinCounts = {
  fairId: 'fair-1',
  listId: 'main',
  checkedIn: 120,
  inside: 96,
  entries: 130,
  exits: 34,
  byType: { visitor: 100, buyer: 20 },
  byDay: { '2027-05-18': 120 },
  byHour: { '2027-05-18T09': 80, '2027-05-18T10': 40 },
  by10Minutes: { '2027-05-18T09:00': 30, '2027-05-18T09:10': 50, '2027-05-18T10:00': 40 },
  version: 164,
  updatedAt: '2027-05-18T02:10:00.000Z',
};

export const checkinPart = {
  commands: [
    getCheckinLists,
    setCheckinLists,
    scanTicket,
    uploadScans,
    getFairCounts,
    listAdmissions,
    captureLead,
    listMyLeads,
    createDevice,
    listDevices,
    revokeDevice,
    openDeviceSession,
  ] as const satisfies readonly AnyCommand[],
  events: [countsChanged, leadCaptured] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  /** CSV/XLSX downloads of this part's lists (see kit/export.ts). */
  exports: exportsOfPart as readonly ExportRoute[],
  /** A sample payload of every event of this part (see fairsDomain.samples). */
  samples: {
    'fairs.checkin.counts-changed.v1': {
      counts: sampleCounts,
      organiserOrgId: 'gov-chaoyang',
      regions: ['chaoyang', 'xichuan'],
    },
    'fairs.lead.captured.v1': {
      lead: {
        id: 'fair-1:ent-qushou-agri:t-1',
        fairId: 'fair-1',
        enterpriseOrgId: 'ent-qushou-agri',
        enterpriseName: '淅川县渠首农业有限公司',
        ticketId: 't-1',
        visitorOrganisation: '北京新发地农产品批发市场',
        visitor: { userId: 'u-applicant', name: '私人原因：家中有事' },
        productsOfInterest: ['淅川香菇'],
        rating: 4,
        tags: ['采购意向'],
        notes: '私人原因：家中有事',
        scannedAt: '2027-05-18T02:10:00.000Z',
      },
      rescan: false,
      leadCount: 12,
    },
  },
};
