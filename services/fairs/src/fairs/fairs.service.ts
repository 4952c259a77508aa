import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  hasRole,
  type CreateFairInput,
  type FairPage,
  type FairView,
  type ListFairsQuery,
  type MoveFairCommand,
  type Principal,
  type UpdateFairCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { FAIR_MODEL, type FairDocument } from './fair.schema';
import { decideCreate, decideMove, decideUpdate, fairView } from './fair.decide';
import { canReadFair } from './fair.rules';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;

/** Fairs: one document each, written through the versioned store with their events. */
@Injectable()
export class FairsService {
  private readonly store: VersionedStore<FairDocument>;

  constructor(@InjectModel(FAIR_MODEL) model: Model<FairDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(model.collection as unknown as Collection<FairDocument>, {
      noun: 'fair',
      publish: (hint) => relay.kick(hint),
    });
  }

  async create(input: CreateFairInput, ctx: CommandContext): Promise<FairView> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  /** By `_id`: the one lookup FerretDB answers without reading the whole collection. A fair one may not read does not exist for them. */
  private async loadReadable(id: string, principal: Principal): Promise<FairDocument> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc || !canReadFair(principal, doc)) throw AppError.notFound(`No fair with id ${id}`);
    return doc as FairDocument;
  }

  async get(id: string, { principal }: Pick<CommandContext, 'principal'>): Promise<FairView> {
    return fairView(await this.loadReadable(id, principal), principal);
  }

  /** Soonest first; fairs never opened only for their managers and the cadres of their regions (canReadFair). */
  async list(query: ListFairsQuery, { principal }: CommandContext): Promise<FairPage> {
    const filter: Record<string, unknown> = {};
    if (query.status) filter['status'] = query.status;
    if (query.pairId) filter['pairIds'] = query.pairId;
    if (query.region) filter['regions'] = query.region;
    if (!hasRole(principal, 'admin')) {
      const visible: Record<string, unknown>[] = [{ publishedAt: { $exists: true } }];
      if (hasRole(principal, 'cadre')) {
        if (principal.orgId) visible.push({ 'organiser.orgId': principal.orgId });
        if (principal.region) visible.push({ regions: principal.region });
      }
      filter['$or'] = visible;
    }
    const [docs, total] = await Promise.all([
      this.store.collection
        .find(filter as Filter<FairDocument>, { projection: OUTBOX_EXCLUDED })
        .sort({ firstDay: 1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.store.collection.countDocuments(filter as Filter<FairDocument>),
    ]);
    return {
      items: docs.map((doc) => fairView(doc as FairDocument, principal)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  update({ id, patch, expectedVersion }: UpdateFairCommand, ctx: CommandContext): Promise<FairView> {
    return this.store.update(
      () => this.loadReadable(id, ctx.principal),
      decideUpdate(patch, ctx.principal),
      ctx,
      {
        expectedVersion,
      },
    );
  }

  move({ id, step, reason, expectedVersion }: MoveFairCommand, ctx: CommandContext): Promise<FairView> {
    return this.store.update(
      () => this.loadReadable(id, ctx.principal),
      decideMove({ step, ...(reason ? { reason } : {}) }, ctx.principal),
      ctx,
      { expectedVersion },
    );
  }
}
