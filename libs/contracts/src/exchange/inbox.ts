import { z } from 'zod';
import { intFromQuery, isoDateTime, recordIdParam } from '../common';
import { defineCommand, defineEvent, to } from '../kit/contract';
import type { AnyCommand, AnyEvent, Delivery, RecordRoom } from '../kit/contract';
import { route, type Route } from '../kit/route';
import type { ExportRoute } from '../kit/export';

// The inbox (消息提醒): issue #12, item 8.
// Each step reaches the people who must act next, at once and in an inbox that survives a reload.
// A consumer of the exchange events files one item per step and addressee (never in the write that
// caused it). An item is addressed to a user (`user:<id>`), to a unit's staff (`unit:<orgId>`: its
// cadres, the `staff:<orgId>` room) or to the cooperation office (`office:<orgId>`: its members,
// the `org:<orgId>` room; admins read it over REST too). A user's inbox is what is addressed to
// them; read state is kept per user.

export const INBOX_ITEM_KINDS = [
  /** A nomination waits for the receiving unit's acceptance. */
  'nomination-to-accept',
  /** A nomination waits for the sending unit's release. */
  'nomination-to-release',
  /** Both sides agreed: the office confirms. */
  'placement-to-confirm',
  'placement-confirmed',
  'placement-refused',
  /** Tracking deadlines, for the receiving unit. */
  'review-due',
  'end-approaching',
  /** The cadre left the post (completion or early return): the sending unit takes them back. */
  'tenure-ended',
] as const;
export const inboxItemKindSchema = z.enum(INBOX_ITEM_KINDS);
export type InboxItemKind = z.infer<typeof inboxItemKindSchema>;

/** `user:<id>`, `unit:<orgId>`, `office:<orgId>`. */
export const inboxAddresseeSchema = z.string().regex(/^(user|unit|office):[A-Za-z0-9_-]{1,64}$/);
export type InboxAddressee = z.infer<typeof inboxAddresseeSchema>;

export const inboxItemSchema = z.object({
  /** Deterministic: the source event's id and the item's place in its plan. */
  id: z.string(),
  kind: inboxItemKindSchema,
  /** Chinese first: the console shows it as it is. */
  title: z.string(),
  body: z.string(),
  /** Where to act. */
  link: z.object({ kind: z.enum(['posting', 'placement', 'tenure']), id: z.string() }),
  pairId: z.string().optional(),
  /** The event that caused it. */
  sourceEventId: z.string(),
  createdAt: isoDateTime,
});
export type InboxItem = z.infer<typeof inboxItemSchema>;

export const inboxEntrySchema = inboxItemSchema.extend({
  read: z.boolean(),
  /** Why the caller has it: addressed to them, their unit, or the office. */
  as: z.enum(['user', 'unit', 'office']),
});
export type InboxEntry = z.infer<typeof inboxEntrySchema>;

export const listInboxQuerySchema = z.strictObject({
  page: intFromQuery(1, 10_000, 1),
  pageSize: intFromQuery(1, 100, 20),
  /** unread: unread first, each group newest first; newest: newest first. */
  order: z.enum(['unread', 'newest']).default('unread'),
});
export type ListInboxQuery = z.infer<typeof listInboxQuerySchema>;

export const inboxPageSchema = z.object({
  items: z.array(inboxEntrySchema),
  total: z.number().int(),
  unread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;
export const unreadCountSchema = z.object({ unread: z.number().int(), total: z.number().int() });
export type UnreadCount = z.infer<typeof unreadCountSchema>;

export const listInbox = defineCommand({
  name: 'exchange.inbox.list.v1',
  request: listInboxQuerySchema,
  reply: inboxPageSchema,
});
export const inboxUnreadCount = defineCommand({
  name: 'exchange.inbox.unread-count.v1',
  request: z.strictObject({}),
  reply: unreadCountSchema,
});
export const markInboxItemRead = defineCommand({
  name: 'exchange.inbox.mark-read.v1',
  request: z.strictObject({ id: z.string().min(1).max(100) }),
  reply: unreadCountSchema,
});
export const markInboxAllRead = defineCommand({
  name: 'exchange.inbox.mark-all-read.v1',
  request: z.strictObject({}),
  reply: unreadCountSchema,
});
export const InboxCommands = {
  list: listInbox.name,
  unreadCount: inboxUnreadCount.name,
  markRead: markInboxItemRead.name,
  markAllRead: markInboxAllRead.name,
} as const;

// --- routes (any signed-in user: everyone's inbox is their own) ---
const routes = [
  route(listInbox, {
    method: 'GET',
    path: '/exchange/inbox',
    tag: 'exchange-inbox',
    summary:
      'My inbox: what the exchange steps addressed to me, my unit or the office, unread first or newest first (paged)',
    query: listInboxQuerySchema,
    payload: ({ query }) => query,
    errors: [400],
  }),
  route(inboxUnreadCount, {
    method: 'GET',
    path: '/exchange/inbox/unread-count',
    tag: 'exchange-inbox',
    summary: 'How many items of my inbox are unread',
    payload: () => ({}),
    errors: [],
  }),
  route(markInboxItemRead, {
    method: 'POST',
    path: '/exchange/inbox/:id/read',
    tag: 'exchange-inbox',
    summary: 'Mark one item of my inbox read (for me only)',
    params: z.strictObject({ id: recordIdParam() }),
    payload: ({ params }) => params,
    errors: [400, 404],
  }),
  route(markInboxAllRead, {
    method: 'POST',
    path: '/exchange/inbox/read-all',
    tag: 'exchange-inbox',
    summary: 'Mark every item of my inbox read (for me only)',
    payload: () => ({}),
    errors: [],
  }),
] as Route[];

// --- events ---

/** The socket rooms of an item's addressees: exactly those whose members read it over REST. */
export function inboxDeliveries(addressees: readonly string[]): Delivery[] {
  return addressees.flatMap((a): Delivery[] => {
    const [kind, id] = a.split(':') as [string, string | undefined];
    if (!id) return [];
    if (kind === 'user') return [to.user(id)];
    if (kind === 'unit') return [to.staff(id)];
    if (kind === 'office') return [to.org(id)];
    return [];
  });
}

export const inboxDelivered = defineEvent({
  topic: 'exchange.inbox.delivered.v1',
  payload: z.object({ item: inboxItemSchema, addressees: z.array(inboxAddresseeSchema) }),
  // To each addressee's room; who else it went to is internal (steers delivery, reaches nobody).
  audience: ({ addressees }) => inboxDeliveries(addressees),
  publicView: {
    schema: z.strictObject({ itemId: z.string() }),
    project: ({ item }) => ({ itemId: item.id }),
  },
  internal: ['addressees'],
});

export const inboxRead = defineEvent({
  topic: 'exchange.inbox.read.v1',
  payload: z.object({
    userId: z.string(),
    /** The items marked read; empty with `all`. */
    itemIds: z.array(z.string()),
    all: z.boolean(),
    unread: z.number().int(),
  }),
  // Only the reader's own sockets (their other tabs follow).
  audience: ({ userId }) => [to.user(userId)],
  publicView: { schema: z.strictObject({}), project: () => ({}) },
});
export const InboxEvents = { delivered: inboxDelivered.topic, read: inboxRead.topic } as const;

export const inboxPart = {
  commands: [
    listInbox,
    inboxUnreadCount,
    markInboxItemRead,
    markInboxAllRead,
  ] as const satisfies readonly AnyCommand[],
  events: [inboxDelivered, inboxRead] as const satisfies readonly AnyEvent[],
  routes: routes as readonly Route[],
  rooms: [] as readonly RecordRoom[],
  exports: [] as readonly ExportRoute[],
  /** A sample payload of every event of this part (see exchangeDomain.samples). */
  samples: {
    'exchange.inbox.delivered.v1': {
      item: {
        id: '6f0c5d0e-2d0c-4a1a-9d55-0c8f1d2f0a11-0',
        kind: 'review-due',
        title: '中期考核到期：淅川县发展和改革委员会副主任（挂职）',
        body: '挂职干部的中期考核应于 2028-02-29 完成，请及时记录考核意见。',
        link: { kind: 'tenure', id: 'placement-1' },
        pairId: 'chaoyang-xichuan',
        sourceEventId: '6f0c5d0e-2d0c-4a1a-9d55-0c8f1d2f0a11',
        createdAt: '2026-12-01T08:00:00.000Z',
      },
      addressees: ['unit:gov-xichuan', 'user:u-creator'],
    },
    'exchange.inbox.read.v1': { userId: 'u-creator', itemIds: ['item-1'], all: false, unread: 3 },
  } satisfies {
    'exchange.inbox.delivered.v1': z.input<typeof inboxDelivered.payload>;
    'exchange.inbox.read.v1': z.input<typeof inboxRead.payload>;
  },
};
