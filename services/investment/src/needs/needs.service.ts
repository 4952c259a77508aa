import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { AppError, type CreateNeedInput, type NeedView } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { NEED_MODEL, type NeedDocument } from './need.schema';
import { needView, decideCreate } from './need.decide';

/** Needs: one document each, written through the versioned store with their events. */
@Injectable()
export class NeedsService {
  private readonly store: VersionedStore<NeedDocument>;

  constructor(@InjectModel(NEED_MODEL) model: Model<NeedDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(model.collection as unknown as Collection<NeedDocument>, {
      noun: 'need',
      publish: () => relay.kick(),
    });
  }

  async create(input: CreateNeedInput, ctx: CommandContext): Promise<NeedView> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  /** By `_id`: the one lookup FerretDB answers without reading the whole collection. */
  async get(id: string): Promise<NeedView> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: { outbox: 0 } });
    if (!doc) throw AppError.notFound(`No need with id ${id}`);
    return needView(doc);
  }
}
