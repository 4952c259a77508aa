import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  type CloseNeedCommand,
  type CreateNeedInput,
  type ListNeedsQuery,
  type MyNeedsQuery,
  type NeedPage,
  type NeedView,
  type Principal,
  type UpdateNeedCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { NEED_MODEL, type NeedDocument } from './need.schema';
import { decideClose, decideCreate, decideUpdate, needView } from './need.decide';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;

/** Needs: one document each, written through the versioned store with their events. */
@Injectable()
export class NeedsService {
  private readonly store: VersionedStore<NeedDocument>;

  constructor(@InjectModel(NEED_MODEL) model: Model<NeedDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(model.collection as unknown as Collection<NeedDocument>, {
      noun: 'need',
      publish: (hint) => relay.kick(hint),
    });
  }

  async create(input: CreateNeedInput, ctx: CommandContext): Promise<NeedView> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  /** By `_id`: the one lookup FerretDB answers without reading the whole collection. */
  async load(id: string): Promise<NeedDocument> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No need with id ${id}`);
    return doc as NeedDocument;
  }

  async get(id: string, principal: Principal): Promise<NeedView> {
    return needView(await this.load(id), principal);
  }

  /** Every signed-in user lists needs; each item shows what its reader may see of it. */
  list(query: ListNeedsQuery, principal: Principal): Promise<NeedPage> {
    const filter: Record<string, unknown> = {};
    if (query.status) filter['status'] = query.status;
    if (query.field) filter['fields'] = query.field;
    if (query.county) filter['$or'] = [{ counties: query.county }, { anyCounty: true }];
    return this.page(filter, query, principal);
  }

  /** The caller's organisation's needs (none for an account without one). */
  mine(query: MyNeedsQuery, principal: Principal): Promise<NeedPage> {
    if (!principal.orgId)
      return Promise.resolve({ items: [], total: 0, page: query.page, pageSize: query.pageSize });
    const filter: Record<string, unknown> = { orgId: principal.orgId };
    if (query.status) filter['status'] = query.status;
    return this.page(filter, query, principal);
  }

  /** The open needs, for matching (a scan: see the README's scale note). */
  async open(): Promise<NeedDocument[]> {
    const docs = await this.store.collection
      .find({ status: 'open' } as Filter<NeedDocument>, { projection: OUTBOX_EXCLUDED })
      .toArray();
    return docs as NeedDocument[];
  }

  private async page(
    filter: Record<string, unknown>,
    { page, pageSize }: { page: number; pageSize: number },
    principal: Principal,
  ): Promise<NeedPage> {
    const [docs, total] = await Promise.all([
      this.store.collection
        .find(filter as Filter<NeedDocument>, { projection: OUTBOX_EXCLUDED })
        .sort({ updatedAt: -1, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .toArray(),
      this.store.collection.countDocuments(filter as Filter<NeedDocument>),
    ]);
    return { items: docs.map((doc) => needView(doc as NeedDocument, principal)), total, page, pageSize };
  }

  update({ id, patch, expectedVersion }: UpdateNeedCommand, ctx: CommandContext): Promise<NeedView> {
    return this.store.update(() => this.load(id), decideUpdate(patch, ctx.principal), ctx, {
      expectedVersion,
    });
  }

  close({ id, reason, note, expectedVersion }: CloseNeedCommand, ctx: CommandContext): Promise<NeedView> {
    return this.store.update(
      () => this.load(id),
      decideClose({ reason, ...(note ? { note } : {}) }, ctx.principal),
      ctx,
      { expectedVersion },
    );
  }
}
