import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  hasRole,
  type CreatePostingInput,
  type ListPostingsQuery,
  type MovePostingCommand,
  type PostingPage,
  type PostingView,
  type Principal,
  type UpdatePostingCommand,
} from '@qingshui/contracts';
import { pairOf } from '@qingshui/regions';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { POSTING_MODEL, type PostingDocument } from './posting.schema';
import {
  canReadPosting,
  decideCreate,
  decideFilled,
  decideMove,
  decideUpdate,
  postingView,
} from './posting.decide';
import { staleWithWho } from './stale';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;

/** Postings: one document each, written through the versioned store with their events. */
@Injectable()
export class PostingsService {
  readonly store: VersionedStore<PostingDocument>;

  constructor(@InjectModel(POSTING_MODEL) model: Model<PostingDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(model.collection as unknown as Collection<PostingDocument>, {
      noun: 'posting',
      publish: (hint) => relay.kick(hint),
    });
  }

  async create(input: CreatePostingInput, ctx: CommandContext): Promise<PostingView> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  /** By `_id`: the one lookup FerretDB answers without reading the whole collection. */
  async load(id: string): Promise<PostingDocument> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No posting with id ${id}`);
    return doc as PostingDocument;
  }

  /** Hidden is missing: a posting the caller may not read is a 404. */
  async get(id: string, principal: Principal): Promise<PostingView> {
    const doc = await this.load(id);
    if (!canReadPosting(principal, doc)) throw AppError.notFound(`No posting with id ${id}`);
    return postingView(doc);
  }

  /**
   * A cadre's list is their pair's postings (filtered by pair: one pair per region), an admin's
   * every posting; soonest start first. See the README for the scale of this filter.
   */
  async list(query: ListPostingsQuery, principal: Principal): Promise<PostingPage> {
    const filter: Record<string, unknown> = {};
    const admin = hasRole(principal, 'admin');
    const own = pairOf(principal.region ?? '')?.id;
    if (!admin) {
      if (!own || (query.pairId && query.pairId !== own))
        return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
      filter['pairId'] = own;
    } else if (query.pairId) filter['pairId'] = query.pairId;
    if (query.status) filter['status'] = query.status;
    if (query.direction) filter['direction'] = query.direction;
    if (query.kind) filter['kind'] = query.kind;
    if (query.year !== undefined) filter['year'] = query.year;
    const docs = (await this.store.collection
      .find(filter as Filter<PostingDocument>, { projection: OUTBOX_EXCLUDED })
      .sort({ startDate: -1, _id: 1 })
      .toArray()) as PostingDocument[];
    const readable = docs.filter((doc) => canReadPosting(principal, doc));
    const start = (query.page - 1) * query.pageSize;
    return {
      items: readable.slice(start, start + query.pageSize).map(postingView),
      total: readable.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  update({ id, patch, expectedVersion }: UpdatePostingCommand, ctx: CommandContext): Promise<PostingView> {
    return staleWithWho(
      () =>
        this.store.update(() => this.load(id), decideUpdate(patch, ctx.principal), ctx, { expectedVersion }),
      () => this.load(id),
      'posting',
    );
  }

  move({ id, expectedVersion, ...command }: MovePostingCommand, ctx: CommandContext): Promise<PostingView> {
    return staleWithWho(
      () =>
        this.store.update(() => this.load(id), decideMove(command, ctx.principal), ctx, { expectedVersion }),
      () => this.load(id),
      'posting',
    );
  }

  /**
   * Takes one of an open posting's places for a nomination: one guarded update whose filter
   * states the places as read and that fewer are taken, so two agreements never share the last
   * place. Idempotent by the nomination's id. False when the posting has no place left.
   */
  async claimPlace(postingId: string, nominationId: string): Promise<boolean> {
    const doc = await this.load(postingId);
    if (doc.placedIds.includes(nominationId)) return true;
    const result = await this.store.collection.updateOne(
      {
        _id: postingId,
        status: 'open',
        places: doc.places,
        placed: { $lt: doc.places },
        placedIds: { $ne: nominationId },
      } as Filter<PostingDocument>,
      {
        $inc: { placed: 1, version: 1 },
        $push: { placedIds: nominationId },
        $set: { updatedAt: new Date() },
      } as never,
    );
    return result.modifiedCount === 1;
  }

  /** Gives a nomination's place back (a refusal after agreement, a lost race); idempotent. */
  async releasePlace(postingId: string, nominationId: string): Promise<void> {
    await this.store.collection.updateOne(
      { _id: postingId, placedIds: nominationId } as Filter<PostingDocument>,
      {
        $inc: { placed: -1, version: 1 },
        $pullAll: { placedIds: [nominationId] },
        $set: { updatedAt: new Date() },
      } as never,
    );
  }

  /** Filled when its places are all taken, open again when one is given back. */
  settleFilled(postingId: string, acting: Acting & { principal: Principal }): Promise<PostingView> {
    return this.store.update(() => this.load(postingId), decideFilled(acting.principal), acting);
  }
}
