import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  type InboxItem,
  type InboxPage,
  type ListInboxQuery,
  type Principal,
  type UnreadCount,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { absent, VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { EXCHANGE_CONFIG } from '../tokens';
import type { ExchangeConfig } from '../config';
import {
  INBOX_BOX_MODEL,
  INBOX_ITEM_MODEL,
  INBOX_READS_MODEL,
  type InboxBoxDocument,
  type InboxItemDocument,
  type InboxReadsDocument,
} from './inbox.schema';
import {
  boxesOf,
  countOf,
  decideFile,
  decideMarkAllRead,
  decideMarkRead,
  deliveredEvent,
  mergeBoxes,
  pageOf,
  planItems,
  type MergedEntry,
  type SourceEvent,
} from './inbox.decide';

const DUPLICATE_KEY = 11000;
const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const systemActing = (causationId: string): Acting => ({
  principal: { userId: 'system:exchange-inbox' },
  correlationId: randomUUID(),
  causationId,
});

/**
 * The inbox (issue #12, item 8): items filed from the exchange events by the inbox consumer (never
 * in the write that caused them), in boxes per addressee read by `_id`, with read state per user.
 */
@Injectable()
export class InboxService {
  /** The organisation addressed as the cooperation office. */
  private readonly officeOrgId: string;
  private readonly items: VersionedStore<InboxItemDocument>;
  private readonly boxes: VersionedStore<InboxBoxDocument>;
  private readonly reads: VersionedStore<InboxReadsDocument>;

  constructor(
    @Inject(EXCHANGE_CONFIG) config: ExchangeConfig,
    @InjectModel(INBOX_ITEM_MODEL) itemModel: Model<InboxItemDocument>,
    @InjectModel(INBOX_BOX_MODEL) boxModel: Model<InboxBoxDocument>,
    @InjectModel(INBOX_READS_MODEL) readsModel: Model<InboxReadsDocument>,
    relay: OutboxRelayService,
    @InjectPinoLogger('inbox') private readonly logger: PinoLogger,
  ) {
    this.officeOrgId = config.inboxOfficeOrgId;
    const publish = (hint: { collection: string; id: string }) => relay.kick(hint);
    this.items = new VersionedStore(itemModel.collection as unknown as Collection<InboxItemDocument>, {
      noun: 'inbox item',
      publish,
    });
    this.boxes = new VersionedStore(boxModel.collection as unknown as Collection<InboxBoxDocument>, {
      noun: 'inbox',
      publish,
      maxAttempts: 50,
    });
    this.reads = new VersionedStore(readsModel.collection as unknown as Collection<InboxReadsDocument>, {
      noun: 'read state',
      publish,
      maxAttempts: 20,
    });
  }

  /**
   * Files the items an event calls for: each addressee's box first (idempotent), then the item with
   * its delivery event (a redelivered event finds it there and adds nothing), so that a socket's
   * refetch after the delivery finds the item in the box.
   */
  async file(source: SourceEvent): Promise<number> {
    const plans = planItems(source, this.officeOrgId);
    for (const plan of plans) {
      const now = new Date();
      for (const addressee of plan.addressees)
        await this.boxes.update(
          async () =>
            ((await this.boxes.collection.findOne({ _id: addressee })) as InboxBoxDocument | null) ??
            absent<InboxBoxDocument>({ _id: addressee, entries: [], updatedAt: now }),
          decideFile({ id: plan.id, at: now }),
          systemActing(source.id),
        );
      const { id, ...rest } = plan;
      try {
        await this.items.insert(
          { _id: id, ...rest, version: 1, createdAt: now },
          [deliveredEvent(plan, now)],
          systemActing(source.id),
          now,
        );
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      }
    }
    if (plans.length) this.logger.debug({ eventId: source.id, items: plans.length }, 'inbox items filed');
    return plans.length;
  }

  private async entriesOf(principal: Principal): Promise<MergedEntry[]> {
    const keys = boxesOf(principal, this.officeOrgId);
    const boxes = (await this.boxes.collection
      .find({ _id: { $in: keys.map((k) => k.key) } })
      .toArray()) as InboxBoxDocument[];
    return mergeBoxes(keys, boxes);
  }

  private async readsOf(userId: string): Promise<InboxReadsDocument | undefined> {
    const doc = await this.reads.collection.findOne({ _id: userId }, { projection: OUTBOX_EXCLUDED });
    return (doc as InboxReadsDocument | null) ?? undefined;
  }

  private readsOrAbsent = async (userId: string): Promise<InboxReadsDocument> =>
    (await this.readsOf(userId)) ??
    absent<InboxReadsDocument>({ _id: userId, readIds: [], updatedAt: new Date() } as unknown as Omit<
      InboxReadsDocument,
      'version'
    >);

  async list(query: ListInboxQuery, principal: Principal): Promise<InboxPage> {
    const [entries, reads] = await Promise.all([this.entriesOf(principal), this.readsOf(principal.userId)]);
    const docs = entries.length
      ? ((await this.items.collection
          .find(
            { _id: { $in: entries.map((e) => e.id) } },
            { projection: { ...OUTBOX_EXCLUDED, addressees: 0 } },
          )
          .toArray()) as InboxItemDocument[])
      : [];
    const items: InboxItem[] = docs.map(({ _id, createdAt, ...rest }) => ({
      ...(rest as Omit<InboxItem, 'id' | 'createdAt'>),
      id: _id,
      createdAt: new Date(createdAt).toISOString(),
    }));
    return pageOf(entries, items, reads, query);
  }

  async unreadCount(principal: Principal): Promise<UnreadCount> {
    const [entries, reads] = await Promise.all([this.entriesOf(principal), this.readsOf(principal.userId)]);
    return countOf(entries, reads);
  }

  async markRead(id: string, ctx: CommandContext): Promise<UnreadCount> {
    const entries = await this.entriesOf(ctx.principal);
    // Hidden is missing: an item of someone else's inbox answers as one that does not exist.
    if (!entries.some((e) => e.id === id)) throw AppError.notFound(`No item ${id} in your inbox`);
    const userId = ctx.principal.userId;
    return this.reads.update(() => this.readsOrAbsent(userId), decideMarkRead(userId, id, entries), ctx);
  }

  async markAllRead(ctx: CommandContext): Promise<UnreadCount> {
    const entries = await this.entriesOf(ctx.principal);
    const userId = ctx.principal.userId;
    return this.reads.update(() => this.readsOrAbsent(userId), decideMarkAllRead(userId, entries), ctx);
  }
}
