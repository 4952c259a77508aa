import {
  event,
  hasRole,
  type InboxEntry,
  type InboxItem,
  type InboxPage,
  type ListInboxQuery,
  type NominationView,
  type PlacementSnapshot,
  type Principal,
  type TenureView,
  type UnreadCount,
} from '@qingshui/contracts';
import type { Decision, DecisionContext } from '@qingshui/persistence';
import type { BoxEntry, InboxBoxDocument, InboxReadsDocument } from './inbox.schema';

// The inbox as pure decisions: who must act next for each exchange event (the items it files and
// their addressees), which boxes a caller reads, what is unread, the page, and marking read.
// Unit-tested in inbox.decide.spec.ts.

/** An item to file: its content and its addressees (`user:`, `unit:`, `office:`). */
export interface ItemPlan extends Omit<InboxItem, 'createdAt'> {
  addressees: string[];
}

/** What the planner reads of an event (the envelope, already validated against its contract). */
export interface SourceEvent {
  id: string;
  type: string;
  payload: unknown;
}

/** Items a box keeps (the oldest leave first). */
export const MAX_BOX = 500;
/** Items read one by one that a user's read state keeps (older ones are covered by "read all" in practice). */
export const MAX_READ_IDS = 2000;

const unit = (id: string) => `unit:${id}`;
const user = (id: string) => `user:${id}`;
const office = (id: string) => `office:${id}`;

const DEADLINE_TITLES = {
  'review-due': '中期考核到期',
  'end-approaching': '挂职即将期满',
} as const;

/**
 * Who must act next, per event: a nomination goes to the receiving unit (to accept) and the
 * sending unit (to release); one side's approval to the other side while it has not; both sides'
 * agreement to the office (to confirm); a refusal to the nominee's two units and the cadre; a confirmed placement goes to the nominee's two units (and the
 * cadre's own account); a tracking deadline to the receiving unit; a tenure that ended (completion
 * or early return) to the sending unit, which takes its cadre back, and an early return also to
 * the office (a successor may be needed). Other events file nothing.
 */
export function planItems(source: SourceEvent, officeOrgId: string): ItemPlan[] {
  const plans: Omit<ItemPlan, 'id' | 'sourceEventId'>[] = [];
  switch (source.type) {
    case 'exchange.nomination.submitted.v1':
    case 'exchange.placement.step-recorded.v1':
    case 'exchange.placement.agreed.v1': {
      const { nomination: n } = source.payload as { nomination: NominationView };
      const who = `${n.cadre.name}（${n.cadre.unit.name}）`;
      const about = { link: { kind: 'posting' as const, id: n.postingId }, pairId: n.pairId };
      const toAccept = {
        kind: 'nomination-to-accept' as const,
        title: `待接收方同意：${n.postingTitle}`,
        body: `${who}被推荐到${n.receivingUnit.name}挂职，请审核并同意接收或说明理由。`,
        ...about,
        addressees: [unit(n.receivingUnit.id)],
      };
      const toRelease = {
        kind: 'nomination-to-release' as const,
        title: `待派出方同意：${n.postingTitle}`,
        body: `${who}被推荐到${n.receivingUnit.name}挂职，请同意派出或说明理由。`,
        ...about,
        addressees: [unit(n.cadre.unit.id)],
      };
      if (source.type === 'exchange.nomination.submitted.v1') plans.push(toAccept, toRelease);
      else if (source.type === 'exchange.placement.agreed.v1')
        plans.push({
          kind: 'placement-to-confirm',
          title: `双方已同意，待协作办确认：${n.postingTitle}`,
          body: `派出方与接收方均已同意${who}赴${n.receivingUnit.name}挂职，请确认。`,
          ...about,
          addressees: [office(officeOrgId)],
        });
      else if (n.status === 'released') plans.push(toAccept);
      else if (n.status === 'accepted') plans.push(toRelease);
      else if (n.status === 'refused')
        plans.push({
          kind: 'placement-refused',
          title: `挂职推荐未通过：${n.postingTitle}`,
          // The reason stays on the nomination (its readers are the pair's cadres), not in the item.
          body: `${who}赴${n.receivingUnit.name}挂职的推荐未通过，原因请在岗位页面查看。`,
          ...about,
          addressees: [
            unit(n.receivingUnit.id),
            unit(n.cadre.unit.id),
            ...(n.cadre.userId ? [user(n.cadre.userId)] : []),
          ],
        });
      break;
    }
    case 'exchange.placement.confirmed.v1': {
      const { placement: p } = source.payload as { placement: PlacementSnapshot };
      plans.push({
        kind: 'placement-confirmed',
        title: `挂职人选已确认：${p.postingTitle}`,
        body: `${p.cadre.name}（${p.sendingUnit.name}）赴${p.receivingUnit.name}挂职，${p.startDate} 至 ${p.endDate}。请做好派出与到岗安排。`,
        link: { kind: 'tenure', id: p.id },
        pairId: p.pairId,
        addressees: [
          unit(p.receivingUnit.id),
          unit(p.sendingUnit.id),
          ...(p.cadre.userId ? [user(p.cadre.userId)] : []),
        ],
      });
      break;
    }
    case 'exchange.tenure.deadline.v1': {
      const d = source.payload as {
        tenureId: string;
        kind: keyof typeof DEADLINE_TITLES;
        dueDate: string;
        endDate: string;
        postingTitle: string;
        pairId: string;
        receivingUnit: { id: string };
        cadreName: string;
      };
      plans.push({
        kind: d.kind,
        title: `${DEADLINE_TITLES[d.kind]}：${d.postingTitle}`,
        body:
          d.kind === 'review-due'
            ? `${d.cadreName}的中期考核应于 ${d.dueDate} 完成，请记录考核意见。`
            : `${d.cadreName}的挂职将于 ${d.endDate} 期满，请安排总结、返回与接续人选。`,
        link: { kind: 'tenure', id: d.tenureId },
        pairId: d.pairId,
        addressees: [unit(d.receivingUnit.id)],
      });
      break;
    }
    case 'exchange.tenure.changed.v1': {
      const { tenure: t, step } = source.payload as { tenure: Omit<TenureView, 'can'>; step: string };
      if (step !== 'completion' && step !== 'early-return') break;
      const early = step === 'early-return';
      plans.push({
        kind: 'tenure-ended',
        title: `${early ? '挂职干部提前返回' : '挂职期满返回'}：${t.postingTitle}`,
        body: `${t.cadre.name}已于 ${t.returnedOn ?? ''} 离开${t.receivingUnit.name}${early ? '（提前返回）' : ''}，请做好返回安排。`,
        link: { kind: 'tenure', id: t.id },
        pairId: t.pairId,
        addressees: [unit(t.sendingUnit.id), ...(early ? [office(officeOrgId)] : [])],
      });
      break;
    }
    default:
      break;
  }
  return plans.map((plan, i) => ({
    ...plan,
    id: `${source.id}-${i}`,
    sourceEventId: source.id,
    addressees: [...new Set(plan.addressees)],
  }));
}

/** The delivery event of a filed item (its addressees are internal to the event's contract). */
export function deliveredEvent(plan: ItemPlan, createdAt: Date) {
  const { addressees, ...item } = plan;
  return event('exchange.inbox.delivered.v1', {
    item: { ...item, createdAt: createdAt.toISOString() },
    addressees,
  });
}

export type As = InboxEntry['as'];

/**
 * The boxes a caller reads: their own; their unit's if they are its staff (the `staff:<org>`
 * room); the office's if they are its member (the `org:<office>` room) or an admin (admins of
 * another organisation read it over REST; their sockets are not in that room).
 */
export function boxesOf(p: Principal, officeOrgId: string): { key: string; as: As }[] {
  const keys: { key: string; as: As }[] = [{ key: user(p.userId), as: 'user' }];
  if (p.orgId && hasRole(p, 'cadre', 'enterprise') && p.orgId !== officeOrgId)
    keys.push({ key: unit(p.orgId), as: 'unit' });
  if (p.orgId === officeOrgId || hasRole(p, 'admin')) keys.push({ key: office(officeOrgId), as: 'office' });
  return keys;
}

export interface MergedEntry extends BoxEntry {
  as: As;
}

/** One entry per item across the caller's boxes (the first box that has it names why). */
export function mergeBoxes(
  keys: readonly { key: string; as: As }[],
  boxes: readonly Pick<InboxBoxDocument, '_id' | 'entries'>[],
): MergedEntry[] {
  const seen = new Map<string, MergedEntry>();
  for (const { key, as } of keys) {
    const box = boxes.find((b) => b._id === key);
    for (const entry of box?.entries ?? [])
      if (!seen.has(entry.id)) seen.set(entry.id, { id: entry.id, at: new Date(entry.at), as });
  }
  return [...seen.values()];
}

type Reads = Pick<InboxReadsDocument, 'readIds' | 'readAllAt'> | undefined;

export function isRead(entry: BoxEntry, reads: Reads): boolean {
  if (!reads) return false;
  if (reads.readAllAt && new Date(entry.at).getTime() <= new Date(reads.readAllAt).getTime()) return true;
  return reads.readIds.includes(entry.id);
}

export function countOf(entries: readonly BoxEntry[], reads: Reads): UnreadCount {
  return { unread: entries.filter((e) => !isRead(e, reads)).length, total: entries.length };
}

/** A page of the caller's inbox: unread first (each group newest first) or newest first. */
export function pageOf(
  entries: readonly MergedEntry[],
  items: readonly InboxItem[],
  reads: Reads,
  query: ListInboxQuery,
): InboxPage {
  const byId = new Map(items.map((item) => [item.id, item]));
  const rows = entries
    .filter((e) => byId.has(e.id))
    .map((e): InboxEntry => ({ ...byId.get(e.id)!, read: isRead(e, reads), as: e.as }));
  rows.sort(
    (a, b) =>
      (query.order === 'unread' ? Number(a.read) - Number(b.read) : 0) ||
      b.createdAt.localeCompare(a.createdAt) ||
      a.id.localeCompare(b.id),
  );
  const start = (query.page - 1) * query.pageSize;
  return {
    items: rows.slice(start, start + query.pageSize),
    total: rows.length,
    unread: rows.filter((r) => !r.read).length,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** Files an item in a box (idempotent: an entry already there stays as it was). */
export function decideFile(entry: BoxEntry) {
  return (box: InboxBoxDocument): Decision<InboxBoxDocument, undefined> => {
    if (box.entries.some((e) => e.id === entry.id)) return { unchanged: undefined };
    return { set: { entries: [...box.entries, entry].slice(-MAX_BOX) }, reply: undefined };
  };
}

/**
 * Marks one item read for this user (it must be in their boxes: the caller checks that); a repeat
 * changes nothing. The event tells the user's other sockets.
 */
export function decideMarkRead(userId: string, itemId: string, entries: readonly BoxEntry[]) {
  return (doc: InboxReadsDocument): Decision<InboxReadsDocument, UnreadCount> => {
    const entry = entries.find((e) => e.id === itemId)!;
    if (isRead(entry, doc)) return { unchanged: countOf(entries, doc) };
    const readIds = [...doc.readIds, itemId].slice(-MAX_READ_IDS);
    const count = countOf(entries, { ...doc, readIds });
    return {
      set: { readIds },
      events: [
        event('exchange.inbox.read.v1', { userId, itemIds: [itemId], all: false, unread: count.unread }),
      ],
      reply: count,
    };
  };
}

/** Marks everything filed until now read for this user (later items stay unread). */
export function decideMarkAllRead(userId: string, entries: readonly BoxEntry[]) {
  return (doc: InboxReadsDocument, { now }: DecisionContext): Decision<InboxReadsDocument, UnreadCount> => {
    const before = countOf(entries, doc);
    if (before.unread === 0) return { unchanged: before };
    const latest = Math.max(now.getTime(), ...entries.map((e) => new Date(e.at).getTime()));
    const readAllAt = new Date(latest);
    const count = countOf(entries, { readIds: [], readAllAt });
    return {
      set: { readAllAt, readIds: [] },
      events: [event('exchange.inbox.read.v1', { userId, itemIds: [], all: true, unread: count.unread })],
      reply: count,
    };
  };
}
