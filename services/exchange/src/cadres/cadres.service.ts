import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  hasRole,
  type CadrePage,
  type CadreView,
  type CreateCadreInput,
  type ListCadresQuery,
  type NominateCommand,
  type NominationList,
  type NominationView,
  type Principal,
  type UpdateCadreCommand,
} from '@qingshui/contracts';
import { counterpartOf } from '@qingshui/regions';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { PostingsService } from '../postings/postings.service';
import { canReadPosting } from '../postings/posting.decide';
import { staleWithWho } from '../postings/stale';
import { CADRE_MODEL, type CadreDocument, type HoldRecord } from './cadre.schema';
import { NOMINATION_MODEL, type NominationDocument } from './nomination.schema';
import {
  cadreView,
  canReadCadre,
  canReadNomination,
  decideCreateCadre,
  decideHold,
  decideNominate,
  decideRelease,
  decideUpdateCadre,
  nominationView,
} from './cadre.decide';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/** Cadre profiles and nominations: one document each, written through versioned stores. */
@Injectable()
export class CadresService {
  readonly profiles: VersionedStore<CadreDocument>;
  readonly nominations: VersionedStore<NominationDocument>;

  constructor(
    @InjectModel(CADRE_MODEL) cadres: Model<CadreDocument>,
    @InjectModel(NOMINATION_MODEL) nominations: Model<NominationDocument>,
    relay: OutboxRelayService,
    private readonly postings: PostingsService,
  ) {
    const publish = (hint: { collection: string; id: string }) => relay.kick(hint);
    this.profiles = new VersionedStore(cadres.collection as unknown as Collection<CadreDocument>, {
      noun: 'cadre profile',
      publish,
      // Two agreements of one cadre race only rarely; give them room to settle.
      maxAttempts: 10,
    });
    this.nominations = new VersionedStore(
      nominations.collection as unknown as Collection<NominationDocument>,
      { noun: 'nomination', publish },
    );
  }

  async create(input: CreateCadreInput, ctx: CommandContext): Promise<CadreView> {
    const now = new Date();
    const { doc, events, reply } = decideCreateCadre(input, ctx.principal, { now, newId: randomUUID });
    await this.profiles.insert(doc, events, ctx, now);
    return reply;
  }

  async loadProfile(id: string): Promise<CadreDocument> {
    const doc = await this.profiles.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No cadre profile with id ${id}`);
    return doc as CadreDocument;
  }

  async get(id: string, principal: Principal): Promise<CadreView> {
    const doc = await this.loadProfile(id);
    if (!canReadCadre(principal, doc)) throw AppError.notFound(`No cadre profile with id ${id}`);
    return cadreView(doc);
  }

  /** A cadre's list: their region's and the paired region's profiles (two regions, one filter). */
  async list(query: ListCadresQuery, principal: Principal): Promise<CadrePage> {
    const empty = { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const regions = hasRole(principal, 'admin')
      ? undefined
      : [principal.region, counterpartOf(principal.region ?? '')?.id].filter((r): r is string => !!r);
    if (regions && (regions.length === 0 || (query.region && !regions.includes(query.region)))) return empty;
    const filter: Record<string, unknown> = {};
    if (query.region) filter['unit.region'] = query.region;
    else if (regions) filter['unit.region'] = { $in: regions };
    if (query.unitId) filter['unit.id'] = query.unitId;
    const docs = (await this.profiles.collection
      .find(filter as Filter<CadreDocument>, { projection: OUTBOX_EXCLUDED })
      .sort({ name: 1, _id: 1 })
      .toArray()) as CadreDocument[];
    const readable = docs.filter((doc) => canReadCadre(principal, doc));
    const start = (query.page - 1) * query.pageSize;
    return {
      items: readable.slice(start, start + query.pageSize).map(cadreView),
      total: readable.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  update({ id, patch, expectedVersion }: UpdateCadreCommand, ctx: CommandContext): Promise<CadreView> {
    return staleWithWho(
      () =>
        this.profiles.update(() => this.loadProfile(id), decideUpdateCadre(patch, ctx.principal), ctx, {
          expectedVersion,
        }),
      () => this.loadProfile(id),
      'cadre profile',
    );
  }

  /** Takes the placement's time in the cadre's calendar (409 OVERLAPPING_BOOKING if taken). */
  hold(profileId: string, hold: HoldRecord, acting: Acting): Promise<true> {
    return this.profiles.update(() => this.loadProfile(profileId), decideHold(hold), acting);
  }
  release(profileId: string, nominationId: string, acting: Acting): Promise<true> {
    return this.profiles.update(() => this.loadProfile(profileId), decideRelease(nominationId), acting);
  }

  async nominate({ postingId, ...input }: NominateCommand, ctx: CommandContext): Promise<NominationView> {
    const posting = await this.postings.load(postingId);
    if (!canReadPosting(ctx.principal, posting)) throw AppError.notFound(`No posting with id ${postingId}`);
    const profile = await this.profiles.collection.findOne(
      { _id: input.profileId },
      { projection: OUTBOX_EXCLUDED },
    );
    if (!profile)
      throw AppError.validation([
        { field: 'profileId', message: `No cadre profile with id ${input.profileId}` },
      ]);
    const now = new Date();
    const { doc, events, reply } = decideNominate(posting, profile as CadreDocument, input, ctx.principal, {
      now,
      newId: randomUUID,
    });
    try {
      await this.nominations.insert(doc, events, ctx, now);
    } catch (error) {
      if (isDuplicateKey(error)) throw AppError.duplicate('This cadre is already nominated for this posting');
      throw error;
    }
    return reply;
  }

  async loadNomination(id: string): Promise<NominationDocument> {
    const doc = await this.nominations.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No nomination with id ${id}`);
    return doc as NominationDocument;
  }

  async getNomination(id: string, principal: Principal): Promise<NominationView> {
    const doc = await this.loadNomination(id);
    if (!canReadNomination(principal, doc)) throw AppError.notFound(`No nomination with id ${id}`);
    return nominationView(doc);
  }

  /** A posting's nominations by rank (a posting has a handful: one filter on postingId). */
  async listNominations(postingId: string, principal: Principal): Promise<NominationList> {
    const posting = await this.postings.load(postingId);
    if (!canReadPosting(principal, posting)) throw AppError.notFound(`No posting with id ${postingId}`);
    const docs = (await this.nominations.collection
      .find({ postingId } as Filter<NominationDocument>, { projection: OUTBOX_EXCLUDED })
      .sort({ rank: 1, createdAt: 1 })
      .toArray()) as NominationDocument[];
    const items = docs.filter((doc) => canReadNomination(principal, doc)).map(nominationView);
    return { items, total: items.length };
  }

  /** The nominations of a year (the quota board's pending figures): a filter on year. */
  async ofYear(
    year: number,
  ): Promise<Pick<NominationDocument, 'direction' | 'kind' | 'pairId' | 'status'>[]> {
    return (await this.nominations.collection
      .find({ year } as Filter<NominationDocument>, {
        projection: { direction: 1, kind: 1, pairId: 1, status: 1 },
      })
      .toArray()) as NominationDocument[];
  }
}
