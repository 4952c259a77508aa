import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  EXCHANGE_DIRECTIONS,
  event,
  type ExchangeDirection,
  type NominationView,
  type PlacementStepCommand,
  type QuotaBoard,
  type QuotaFigures,
  type QuotaUsagePage,
  type QuotaUsageQuery,
  type SetQuotaCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, jitter, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import type { ExchangeConfig } from '../config';
import { EXCHANGE_CONFIG } from '../tokens';
import { CadresService } from '../cadres/cadres.service';
import type { NominationDocument } from '../cadres/nomination.schema';
import { PostingsService } from '../postings/postings.service';
import { QUOTA_MODEL, type QuotaDocument } from './quota.schema';
import {
  HOLDS_PLACE,
  decideSetQuota,
  decideStep,
  freshLedger,
  ledgerId,
  quotaFigures,
  usageRows,
  type NewNomination,
  type StepOutcome,
} from './placement.decide';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;
const MAX_ATTEMPTS = 8;
/** A place taken for a nomination that is still not agreed after this long was left by a crash. */
const ORPHAN_AFTER_MS = 60_000;
/** How old an untold ledger change must be for the repair to tell it (its own announce may be on its way). */
const ANNOUNCE_GRACE_MS = 5_000;

/**
 * The two-sided approval and the yearly quotas. The agreement (the second side's consent) takes
 * three things, in this order, each one guarded update of one document by `_id`: the year's
 * quota place (the ledger), the posting's place, the cadre's time (their profile); then the
 * nomination is written, guarded by the version read. A claim that fails gives back the ones
 * before it, so a refused agreement changes nothing; a crash between them leaves a claim that
 * the start-up reconciliation gives back.
 */
@Injectable()
export class PlacementsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PlacementsService.name);
  private repairTimer?: NodeJS.Timeout;
  readonly quotas: VersionedStore<QuotaDocument>;

  constructor(
    @InjectModel(QUOTA_MODEL) model: Model<QuotaDocument>,
    private readonly relay: OutboxRelayService,
    private readonly cadres: CadresService,
    private readonly postings: PostingsService,
    @Inject(EXCHANGE_CONFIG) private readonly config: ExchangeConfig,
  ) {
    this.quotas = new VersionedStore(model.collection as unknown as Collection<QuotaDocument>, {
      noun: 'quota',
      publish: (hint) => relay.kick(hint),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reconcile().catch((error: unknown) =>
      this.logger.warn(`quota reconciliation: ${String(error)}`),
    );
    const repair = (olderThanMs?: number) =>
      this.repairAnnouncements(olderThanMs).catch((error: unknown) =>
        this.logger.warn(`quota announcements not repaired: ${String(error)}`),
      );
    // At start every untold change is a crash's: none of this process's announces is on its way.
    await repair(0);
    this.repairTimer = setInterval(() => void repair(), this.config.quotaRepairMs);
    this.repairTimer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.repairTimer);
  }

  private get nominations(): Collection<NominationDocument> {
    return this.cadres.nominations.collection;
  }

  // --- steps ---
  async step(command: PlacementStepCommand, ctx: CommandContext): Promise<NominationView> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const n = await this.cadres.loadNomination(command.id);
      if (command.expectedVersion !== undefined && command.expectedVersion !== n.version)
        throw AppError.stale(
          `The nomination changed since version ${command.expectedVersion}; it is at version ${n.version}`,
        );
      const now = new Date();
      const outcome = decideStep(n, command, ctx.principal, { now });
      if ('unchanged' in outcome) return outcome.unchanged;
      if (outcome.effect === 'take') await this.take(n, ctx);
      if (await this.write(n, outcome, ctx, now)) {
        if (outcome.effect === 'give-back') await this.giveBack(n, ctx);
        if (outcome.effect !== 'none')
          await this.postings.settleFilled(n.postingId, ctx).catch(() => undefined);
        return outcome.reply;
      }
      // Changed meanwhile: a place taken for an agreement that did not happen goes back, unless
      // the nomination holds it now (a repeat of the same step won the race).
      if (outcome.effect === 'take') {
        const fresh = await this.cadres.loadNomination(command.id);
        if (!HOLDS_PLACE.includes(fresh.status)) await this.giveBack(n, ctx);
      }
      if (command.expectedVersion !== undefined)
        throw AppError.stale('The nomination changed meanwhile; read it again');
      await jitter(attempt);
    }
    throw new AppError(409, 'CONFLICT', 'The nomination is being changed by others right now; try again');
  }

  /** The nomination's write, guarded by the version read, with its step and events. */
  private async write(
    n: NominationDocument,
    outcome: StepOutcome,
    acting: Acting,
    now: Date,
  ): Promise<boolean> {
    const outbox = this.cadres.nominations.entries(n._id, outcome.events, acting, now);
    const result = await this.nominations.updateOne(
      { _id: n._id, version: n.version } as Filter<NominationDocument>,
      {
        $set: { ...outcome.set, version: n.version + 1, updatedAt: now, outboxPending: true },
        $push: { steps: outcome.step, outbox: { $each: outbox } },
      } as never,
    );
    if (result.modifiedCount !== 1) return false;
    this.relay.kick({ collection: this.nominations.collectionName, id: n._id });
    return true;
  }

  /** Takes the quota place, the posting's place and the cadre's time; all or none. */
  private async take(n: NewNomination, acting: Acting): Promise<void> {
    await this.claimQuota(n);
    try {
      if (!(await this.postings.claimPlace(n.postingId, n._id)))
        throw new AppError(
          409,
          'SLOT_FULL',
          `The posting “${n.postingTitle}” has no place left, or is not open`,
        );
      try {
        await this.cadres.hold(
          n.profileId,
          { nominationId: n._id, postingId: n.postingId, startDate: n.startDate, endDate: n.endDate },
          acting,
        );
      } catch (error) {
        await this.postings.releasePlace(n.postingId, n._id);
        throw error;
      }
    } catch (error) {
      await this.releaseQuota(n);
      throw error;
    }
  }

  private async giveBack(n: NewNomination, acting: Acting): Promise<void> {
    await this.cadres.release(n.profileId, n._id, acting);
    await this.postings.releasePlace(n.postingId, n._id);
    await this.releaseQuota(n);
  }

  // --- the ledger ---
  private async ledger(year: number, direction: ExchangeDirection): Promise<QuotaDocument> {
    const id = ledgerId(year, direction);
    const found = await this.quotas.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (found) return found as QuotaDocument;
    try {
      await this.quotas.collection.insertOne({
        ...freshLedger(year, direction, new Date()),
        outbox: [],
        outboxPending: false,
      } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return (await this.quotas.collection.findOne(
      { _id: id },
      { projection: OUTBOX_EXCLUDED },
    )) as QuotaDocument;
  }

  /**
   * One guarded `$inc` of the ledger: the quota as read, fewer used than it, the pair's share as
   * read and under it, and not yet taken by this nomination. Nothing else: concurrent claims do
   * not make each other retry; they either fit or the quota is used up (409 QUOTA_FULL).
   */
  private async claimQuota(n: NewNomination): Promise<void> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const ledger = await this.ledger(n.year, n.direction);
      const short = n.kind === 'short';
      if ((short ? ledger.shortIds : ledger.placementIds).includes(n._id)) return;
      const limit = ledger.perPair[n.pairId];
      const filter: Record<string, unknown> = short
        ? { _id: ledger._id, shortIds: { $ne: n._id } }
        : {
            _id: ledger._id,
            total: ledger.total,
            used: { $lt: ledger.total },
            placementIds: { $ne: n._id },
            ...(limit !== undefined
              ? { [`perPair.${n.pairId}`]: limit, [`usedByPair.${n.pairId}`]: { $lt: limit } }
              : { [`perPair.${n.pairId}`]: { $exists: false } }),
          };
      const update = short
        ? { $inc: { shortUsed: 1, [`shortByPair.${n.pairId}`]: 1, version: 1 }, $push: { shortIds: n._id } }
        : { $inc: { used: 1, [`usedByPair.${n.pairId}`]: 1, version: 1 }, $push: { placementIds: n._id } };
      const result = await this.quotas.collection.updateOne(
        filter as Filter<QuotaDocument>,
        {
          ...update,
          $set: { updatedAt: new Date() },
        } as never,
      );
      if (result.modifiedCount === 1) {
        await this.announceOrLeave(n.year, n.direction);
        return;
      }
      const now = await this.ledger(n.year, n.direction);
      if ((short ? now.shortIds : now.placementIds).includes(n._id)) return;
      // The quota or its split changed between the read and the claim: read again.
      if (now.total !== ledger.total || now.perPair[n.pairId] !== limit) continue;
      const byPair = limit !== undefined && (now.usedByPair[n.pairId] ?? 0) >= limit;
      throw new AppError(
        409,
        'QUOTA_FULL',
        byPair
          ? `The ${n.year} share of ${n.pairId} (${limit}) is used up`
          : `The ${n.year} quota of ${n.direction} (${now.total}) is used up: ${now.used} placed`,
      );
    }
    throw new AppError(409, 'CONFLICT', 'The quota is being changed right now; try again');
  }

  private async releaseQuota(n: NewNomination): Promise<void> {
    const id = ledgerId(n.year, n.direction);
    const short = n.kind === 'short';
    const result = await this.quotas.collection.updateOne(
      (short ? { _id: id, shortIds: n._id } : { _id: id, placementIds: n._id }) as Filter<QuotaDocument>,
      (short
        ? {
            $inc: { shortUsed: -1, [`shortByPair.${n.pairId}`]: -1, version: 1 },
            $pullAll: { shortIds: [n._id] },
          }
        : {
            $inc: { used: -1, [`usedByPair.${n.pairId}`]: -1, version: 1 },
            $pullAll: { placementIds: [n._id] },
          }) as never,
    );
    if (result.modifiedCount === 1) await this.announceOrLeave(n.year, n.direction);
  }

  /** A claim or give-back that happened stands even if its announcement fails: the repair tells it. */
  private async announceOrLeave(year: number, direction: ExchangeDirection): Promise<void> {
    await this.announce(year, direction).catch((error: unknown) =>
      this.logger.warn(
        `quota ${year}-${direction}: figures not announced yet (${String(error)}); repaired later`,
      ),
    );
  }

  /**
   * Tells of the ledger's new figures (its own outbox, read after the claim: the figures carry
   * the ledger's version, so a client keeps the newest of two that cross). The claim's `$inc`
   * cannot carry its event (concurrent claims do not know the count they make), so the ledger
   * keeps `announcedVersion`: below `version`, a change is still untold, and the repair (at start
   * and every `quotaRepairMs`) tells it, so a crash between the claim and this write loses
   * no figures.
   */
  private async announce(year: number, direction: ExchangeDirection): Promise<void> {
    const figures = await this.figures(year, direction);
    const now = new Date();
    const outbox = this.quotas.entries(
      figures.id,
      [event('exchange.quota.changed.v1', { quota: figures })],
      { principal: { userId: 'exchange' }, correlationId: `quota-${figures.id}-${figures.version}` },
      now,
    );
    await this.quotas.collection.updateOne(
      { _id: figures.id } as Filter<QuotaDocument>,
      {
        $push: { outbox: { $each: outbox } },
        $set: { outboxPending: true },
      } as never,
    );
    // Told up to this version, if the ledger is still at it (a newer change announces itself).
    await this.quotas.collection.updateOne(
      { _id: figures.id, version: figures.version } as Filter<QuotaDocument>,
      { $set: { announcedVersion: figures.version } } as never,
    );
    this.relay.kick({ collection: this.quotas.collection.collectionName, id: figures.id });
  }

  /** Announces the ledgers whose last change went untold (a crash, a failed write); a few documents. */
  async repairAnnouncements(olderThanMs = ANNOUNCE_GRACE_MS): Promise<number> {
    const ledgers = (await this.quotas.collection
      .find({}, { projection: { year: 1, direction: 1, version: 1, announcedVersion: 1, updatedAt: 1 } })
      .toArray()) as Pick<
      QuotaDocument,
      'year' | 'direction' | 'version' | 'announcedVersion' | 'updatedAt'
    >[];
    let told = 0;
    for (const l of ledgers) {
      if ((l.announcedVersion ?? 0) >= l.version) continue;
      if (Date.now() - new Date(l.updatedAt).getTime() < olderThanMs) continue;
      await this.announce(l.year, l.direction);
      told += 1;
    }
    return told;
  }

  // --- the board ---
  async figures(year: number, direction: ExchangeDirection): Promise<QuotaFigures> {
    const [ledger, nominations] = await Promise.all([this.ledger(year, direction), this.cadres.ofYear(year)]);
    return quotaFigures(ledger, nominations);
  }

  async board(year: number): Promise<QuotaBoard> {
    const [nominations, ...ledgers] = await Promise.all([
      this.cadres.ofYear(year),
      ...EXCHANGE_DIRECTIONS.map((d) => this.ledger(year, d)),
    ]);
    return { year, directions: ledgers.map((l) => quotaFigures(l as QuotaDocument, nominations as never)) };
  }

  async setQuota({ year, direction, total, perPair, expectedVersion }: SetQuotaCommand, ctx: CommandContext) {
    await this.ledger(year, direction);
    const pending = await this.cadres.ofYear(year);
    return this.quotas.update(
      async () =>
        (await this.quotas.collection.findOne(
          { _id: ledgerId(year, direction) },
          { projection: OUTBOX_EXCLUDED },
        )) as QuotaDocument,
      decideSetQuota({ total, ...(perPair ? { perPair } : {}) }, ctx.principal, pending),
      ctx,
      { expectedVersion },
    );
  }

  /** The usage rows of the export: a year's (or every ledger's year), per direction and pair. */
  async usage(query: QuotaUsageQuery): Promise<QuotaUsagePage> {
    const years = query.year
      ? [query.year]
      : [
          ...new Set(
            (await this.quotas.collection.find({}, { projection: { year: 1 } }).toArray()).map((l) => l.year),
          ),
        ].sort();
    const rows = [];
    for (const year of years)
      for (const direction of EXCHANGE_DIRECTIONS) {
        if (query.direction && query.direction !== direction) continue;
        rows.push(...usageRows(await this.figures(year, direction)));
      }
    const filtered = query.pairId ? rows.filter((r) => r.pairId === query.pairId) : rows;
    const start = (query.page - 1) * query.pageSize;
    return {
      items: filtered.slice(start, start + query.pageSize),
      total: filtered.length,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /**
   * Gives back the places a crash left taken for nominations that never reached the agreement
   * (a claim is made before the nomination's write; see the class comment).
   */
  async reconcile(): Promise<number> {
    let given = 0;
    const ledgers = (await this.quotas.collection
      .find({}, { projection: OUTBOX_EXCLUDED })
      .toArray()) as QuotaDocument[];
    const acting = { principal: { userId: 'exchange' }, correlationId: 'quota-reconcile' };
    for (const ledger of ledgers)
      for (const id of [...ledger.placementIds, ...ledger.shortIds]) {
        const n = (await this.nominations.findOne(
          { _id: id },
          { projection: OUTBOX_EXCLUDED },
        )) as NominationDocument | null;
        if (!n || HOLDS_PLACE.includes(n.status)) continue;
        if (Date.now() - new Date(n.updatedAt).getTime() < ORPHAN_AFTER_MS) continue;
        await this.giveBack(n, acting);
        given += 1;
      }
    return given;
  }
}
