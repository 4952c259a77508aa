import { z } from 'zod';
import { entityId, intFromQuery, recordIdParam, regionIdSchema, trimmed, uniqueList } from '../common';
import { defineCommand, defineEvent, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';
import { investmentFieldSchema, leadStageSchema, yuanSchema } from './vocabulary';

// Owners and assignment: rosters and rules per county and pair, capacity, round robin; follow-up reminders.
//
// A pair's two rosters (the county's and its Beijing district's) are kept in one document, so that
// taking a unit of a cadre's capacity is one guarded update wherever the cadre sits. The county's
// rules pick among the county's members (no rule: all of them); the district's rules say which of
// the district's members join the rotation for which of the county's leads (no rule: none).

/** Open leads a cadre takes unless their roster says otherwise. */
export const DEFAULT_CAPACITY = 30;
export const MAX_ROSTER_MEMBERS = 100;
export const MAX_ASSIGNMENT_RULES = 50;

export const rosterMemberInputSchema = z.strictObject({
  userId: entityId,
  name: trimmed(1, 60),
  /** Open leads (not closed, not landed) the cadre holds at most. */
  capacity: z.number().int().min(0).max(500).default(DEFAULT_CAPACITY),
  /** Skipped by the rotation while away (leave, training). */
  away: z.boolean().default(false),
  /** The district's investment coordinator: moves leads to signed, receives escalations. District rosters only. */
  coordinator: z.boolean().default(false),
});
export type RosterMemberInput = z.input<typeof rosterMemberInputSchema>;

export const assignmentRuleInputSchema = z
  .strictObject({
    /** Kept across edits; given by the service when left out. */
    id: recordIdParam('rule id').optional(),
    name: trimmed(1, 60),
    /** The lead's field is one of these (empty: any field). */
    fields: uniqueList(investmentFieldSchema, 30).default([]),
    /** The lead's estimated amount lies in [minYuan, maxYuan] (either bound may be left out). */
    minYuan: yuanSchema.optional(),
    maxYuan: yuanSchema.optional(),
    /** Who takes the leads the rule matches: members of this roster (empty: all of them). */
    memberIds: uniqueList(entityId, MAX_ROSTER_MEMBERS).default([]),
  })
  .refine(
    (rule) => rule.minYuan === undefined || rule.maxYuan === undefined || rule.minYuan <= rule.maxYuan,
    {
      message: 'The lower bound is at most the upper bound',
      path: ['maxYuan'],
    },
  );
export type AssignmentRuleInput = z.input<typeof assignmentRuleInputSchema>;

export const putRosterBodySchema = z.strictObject({
  members: z
    .array(rosterMemberInputSchema)
    .max(MAX_ROSTER_MEMBERS)
    .superRefine((members, ctx) => {
      const seen = new Set<string>();
      members.forEach((member, i) => {
        if (seen.has(member.userId))
          ctx.addIssue({ code: 'custom', message: 'This cadre is on the roster twice', path: [i, 'userId'] });
        seen.add(member.userId);
      });
    }),
  /** In order: the first rule that matches a lead decides. */
  rules: z.array(assignmentRuleInputSchema).max(MAX_ASSIGNMENT_RULES).default([]),
});
export type PutRosterBody = z.input<typeof putRosterBodySchema>;

export const rosterMemberViewSchema = z.object({
  userId: z.string(),
  name: z.string(),
  capacity: z.number().int(),
  away: z.boolean(),
  coordinator: z.boolean(),
  /** Open leads held now (what counts against the capacity). */
  openLeads: z.number().int(),
});
export type RosterMemberView = z.infer<typeof rosterMemberViewSchema>;

export const assignmentRuleViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  fields: z.array(investmentFieldSchema),
  minYuan: z.number().optional(),
  maxYuan: z.number().optional(),
  memberIds: z.array(z.string()),
});
export type AssignmentRuleView = z.infer<typeof assignmentRuleViewSchema>;

export const rosterViewSchema = z.object({
  region: z.string(),
  kind: z.enum(['county', 'district']),
  /** The pair (pairs.json id), its county and its district. */
  pairId: z.string(),
  county: z.string(),
  district: z.string(),
  members: z.array(rosterMemberViewSchema),
  rules: z.array(assignmentRuleViewSchema),
  /** The other side of the pair: who of them may take the county's leads, and the coordinators. */
  counterpart: z.object({ region: z.string(), members: z.array(rosterMemberViewSchema) }),
  /** The pair's roster document's version (both sides): If-Match of a PUT. 0: nothing kept yet. */
  version: z.number().int(),
  /** Whether the caller may change it (the region's cadres, admins). */
  canEdit: z.boolean(),
});
export type RosterView = z.infer<typeof rosterViewSchema>;

const regionParams = z.strictObject({ region: regionIdSchema });

export const getRoster = defineCommand({
  name: 'investment.assignment.get-roster.v1',
  request: z.strictObject({ region: regionIdSchema }),
  reply: rosterViewSchema,
});
export const putRoster = defineCommand({
  name: 'investment.assignment.put-roster.v1',
  request: z.strictObject({
    region: regionIdSchema,
    roster: putRosterBodySchema,
    expectedVersion: z.number().int().min(0).optional(),
  }),
  reply: rosterViewSchema,
});
export type PutRosterCommand = z.infer<typeof putRoster.request>;
export const setMemberAway = defineCommand({
  name: 'investment.assignment.set-away.v1',
  request: z.strictObject({ region: regionIdSchema, userId: entityId, away: z.boolean() }),
  reply: rosterViewSchema,
});
export type SetMemberAwayCommand = z.infer<typeof setMemberAway.request>;

// --- follow-up reminders ---

/** What a reminder is about: no activity for the stage's days, the expected signing date near, a task overdue. */
export const REMINDER_KINDS = ['idle', 'signing', 'task'] as const;
export const reminderKindSchema = z.enum(REMINDER_KINDS);
export type ReminderKind = z.infer<typeof reminderKindSchema>;

/** Days without activity before a reminder, per stage (landed and closed leads get none). */
export const IDLE_DAYS_BY_STAGE = { prospect: 7, assigned: 14, active: 21, signed: 30 } as const;
/** Days before the expected signing date that its reminder is due. */
export const SIGNING_NOTICE_DAYS = 7;
/** Days a fired reminder may stay untouched before it escalates to the pair's coordinators. */
export const ESCALATION_DAYS = 3;

export const reminderViewSchema = z.object({
  /** Stable for the same reason (kind, stage, the date it counts from): `<kind>-<hash>`. */
  id: z.string(),
  leadId: z.string(),
  kind: reminderKindSchema,
  stage: leadStageSchema,
  /** The task's title (kind task). */
  taskTitle: z.string().optional(),
  /** Days it counts (idle: days without activity; signing: days before the date). */
  days: z.number().int().optional(),
  dueAt: z.string(),
  /** upcoming: scheduled; fired: sent to the owner; escalated: sent on to the coordinators; resolved: the lead moved on since. */
  state: z.enum(['upcoming', 'fired', 'escalated', 'resolved']),
  firedAt: z.string().optional(),
  /** Who got it when it fired (the owner; the coordinators when the lead had no owner). */
  sentTo: z.array(z.string()),
  /** When it escalates if still untouched (fired, not yet escalated). */
  escalatesAt: z.string().optional(),
  escalatedAt: z.string().optional(),
  escalatedTo: z.array(z.string()),
});
export type ReminderView = z.infer<typeof reminderViewSchema>;

export const leadFollowUpsSchema = z.object({
  leadId: z.string(),
  /** The lead's version the reminders were planned from. */
  leadVersion: z.number().int(),
  county: z.string(),
  ownerId: z.string().optional(),
  upcoming: z.array(reminderViewSchema),
  /** Fired reminders, newest first (the latest 50). */
  history: z.array(reminderViewSchema),
});
export type LeadFollowUps = z.infer<typeof leadFollowUpsSchema>;

export const getLeadFollowUps = defineCommand({
  name: 'investment.assignment.lead-follow-ups.v1',
  request: z.strictObject({ leadId: entityId }),
  reply: leadFollowUpsSchema,
});

export const myReminderSchema = reminderViewSchema.extend({
  county: z.string(),
  enterpriseName: z.string(),
  /** Why the caller has it: as the lead's owner, or as a coordinator it escalated to. */
  as: z.enum(['owner', 'coordinator']),
});
export type MyReminder = z.infer<typeof myReminderSchema>;
export const listMyRemindersQuerySchema = z.strictObject({
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
});
export const listMyReminders = defineCommand({
  name: 'investment.assignment.my-reminders.v1',
  request: listMyRemindersQuerySchema,
  reply: z.object({
    items: z.array(myReminderSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  }),
});
export type MyRemindersPage = z.infer<typeof listMyReminders.reply>;

export const AssignmentCommands = {
  getRoster: getRoster.name,
  putRoster: putRoster.name,
  setAway: setMemberAway.name,
  leadFollowUps: getLeadFollowUps.name,
  myReminders: listMyReminders.name,
} as const;

// --- routes ---
const routes = [
  route(getRoster, {
    method: 'GET',
    path: '/investment/rosters/:region',
    tag: 'investment-assignment',
    summary:
      'A county’s or district’s roster of cadres who take leads (capacity, load, away, coordinator) and its assignment rules (the cadres of the pair, admins)',
    roles: ['cadre', 'admin'],
    params: regionParams,
    payload: ({ params }) => params,
    etag: (roster) => roster.version,
    errors: [400, 403],
  }),
  route(putRoster, {
    method: 'PUT',
    path: '/investment/rosters/:region',
    tag: 'investment-assignment',
    summary:
      'Set a region’s roster and its rules, in order (the region’s cadres, admins); a cadre removed keeps the leads they hold',
    roles: ['cadre', 'admin'],
    params: regionParams,
    body: putRosterBodySchema,
    ifMatch: true,
    payload: ({ params, body, ifMatch }) => ({
      region: params.region,
      roster: body,
      ...(ifMatch === undefined ? {} : { expectedVersion: ifMatch }),
    }),
    etag: (roster) => roster.version,
    errors: [400, 403, 409],
  }),
  route(setMemberAway, {
    method: 'PUT',
    path: '/investment/rosters/:region/members/:userId/away',
    tag: 'investment-assignment',
    summary:
      'Mark a cadre of the roster away (skipped by the rotation) or back (the region’s cadres, admins)',
    roles: ['cadre', 'admin'],
    params: z.strictObject({ region: regionIdSchema, userId: recordIdParam('userId') }),
    body: z.strictObject({ away: z.boolean() }),
    payload: ({ params, body }) => ({ region: params.region, userId: params.userId, away: body.away }),
    etag: (roster) => roster.version,
    errors: [400, 403, 404],
  }),
  route(getLeadFollowUps, {
    method: 'GET',
    path: '/investment/leads/:id/follow-ups',
    tag: 'investment-assignment',
    summary:
      'A lead’s follow-up reminders: upcoming, fired and escalated (the owner, the cadres of the county and its pair, the enterprise, admins)',
    params: z.strictObject({ id: recordIdParam() }),
    payload: ({ params }) => ({ leadId: params.id }),
    errors: [400, 404],
  }),
  route(listMyReminders, {
    method: 'GET',
    path: '/investment/reminders/mine',
    tag: 'investment-assignment',
    summary:
      'My due reminders: of the leads I own, and escalations of the pair I coordinate, newest first (paged)',
    roles: ['cadre', 'admin'],
    query: listMyRemindersQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
];

// --- events ---
export const reminderEventSchema = z.object({
  reminder: reminderViewSchema,
  county: z.string(),
  pairId: z.string(),
  enterpriseName: z.string(),
  ownerId: z.string().optional(),
  /** The pair's coordinators it escalated to (empty until it escalates). */
  coordinatorIds: z.array(z.string()),
});
export const leadReminded = defineEvent({
  topic: 'investment.lead.reminder.v1',
  payload: reminderEventSchema,
  // Only people who may read the lead's follow-ups: its owner and, once escalated (or when the
  // lead has no owner), the pair's coordinators.
  audience: ({ ownerId, reminder, coordinatorIds }) => {
    const users = new Set([...(ownerId ? [ownerId] : []), ...reminder.sentTo, ...coordinatorIds]);
    return [...users].map((userId) => to.user(userId));
  },
  publicView: {
    schema: z.strictObject({ leadId: z.string(), kind: reminderKindSchema }),
    project: ({ reminder }) => ({ leadId: reminder.leadId, kind: reminder.kind }),
  },
});
export const AssignmentEvents = { reminder: leadReminded.topic } as const;

export const assignmentPart = {
  commands: [
    getRoster,
    putRoster,
    setMemberAway,
    getLeadFollowUps,
    listMyReminders,
  ] as const satisfies readonly AnyCommand[],
  events: [leadReminded] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see investmentDomain.samples). */
  samples: {
    'investment.lead.reminder.v1': {
      reminder: {
        id: 'idle-3f2a9c01b2d4',
        leadId: 'lead-1',
        kind: 'idle',
        stage: 'assigned',
        days: 14,
        dueAt: '2026-12-15T08:00:00.000Z',
        state: 'escalated',
        firedAt: '2026-12-15T08:00:01.000Z',
        sentTo: ['u-creator'],
        escalatedAt: '2026-12-18T08:00:01.000Z',
        escalatedTo: ['u-terms'],
      },
      county: 'xichuan',
      pairId: 'chaoyang-xichuan',
      enterpriseName: '北京清源环保科技有限公司',
      ownerId: 'u-creator',
      coordinatorIds: ['u-terms'],
    },
  } satisfies { [T in typeof leadReminded.topic]: z.input<typeof leadReminded.payload> },
};
