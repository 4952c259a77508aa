import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { PAIRS } from '@qingshui/regions';
import {
  AppError,
  hasRole,
  type PlacementSnapshot,
  type Principal,
  type RotationPlan,
  type RotationQuery,
  type TenureStep,
  type TenureStepCommand,
  type TenureView,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { absent, unchanged, VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import {
  PAIR_TENURES_MODEL,
  TENURE_MODEL,
  type PairTenuresDocument,
  type TenureDocument,
} from './tenure.schema';
import {
  canReadTenure,
  chinaToday,
  decideDeadline,
  decideSnapshot,
  decideStep,
  rowOf,
  tenureView,
  type DeadlineOutcome,
  type TenureJob,
} from './tenure.decide';
import { rotationPlan } from './rotation.decide';
import { TenureJobs } from './tenure-jobs';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
const systemActing = (causationId?: string): Acting => ({
  principal: { userId: 'system:exchange-tracking' },
  correlationId: randomUUID(),
  ...(causationId ? { causationId } : {}),
});

/**
 * Tenures (issue #12, item 5): one document per confirmed placement, opened and kept current from
 * the placements part's snapshots, stepped by the receiving unit; its deadlines are delayed jobs
 * that follow its dates. Each write also files the tenure's row in its pair's read model, which the
 * rotation plan reads by `_id`.
 */
@Injectable()
export class TrackingService {
  private readonly store: VersionedStore<TenureDocument, TenureJob>;
  private readonly pairs: VersionedStore<PairTenuresDocument>;

  constructor(
    @InjectModel(TENURE_MODEL) model: Model<TenureDocument>,
    @InjectModel(PAIR_TENURES_MODEL) pairModel: Model<PairTenuresDocument>,
    relay: OutboxRelayService,
    private readonly jobs: TenureJobs,
    @InjectPinoLogger('tracking') private readonly logger: PinoLogger,
  ) {
    this.store = new VersionedStore(model.collection as unknown as Collection<TenureDocument>, {
      noun: 'tenure',
      publish: (hint) => relay.kick(hint),
      jobs,
      maxAttempts: 20,
    });
    this.pairs = new VersionedStore(pairModel.collection as unknown as Collection<PairTenuresDocument>, {
      noun: 'rotation plan',
      publish: () => undefined,
      maxAttempts: 50,
    });
  }

  get settings() {
    return this.jobs.settings;
  }

  private async read(id: string): Promise<TenureDocument | undefined> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    return (doc as TenureDocument | null) ?? undefined;
  }

  private async readOrAbsent(id: string): Promise<TenureDocument> {
    return (
      (await this.read(id)) ??
      absent<TenureDocument>({
        _id: id,
        placement: undefined as never,
        placementVersion: 0,
        state: 'awaiting-arrival',
        endDate: '',
        endDateMoved: false,
        steps: [],
        planned: [],
        fired: [],
        clockOrigin: new Date(),
        createdAt: new Date(),
        updatedAt: new Date(),
      } as unknown as Omit<TenureDocument, 'version'>)
    );
  }

  /** A placement snapshot from the placements part's events: opens or updates the tenure (idempotent by version). */
  async onSnapshot(snapshot: PlacementSnapshot, by: TenureStep['by'], eventId?: string): Promise<void> {
    const view = await this.store.update(
      () => this.readOrAbsent(snapshot.id),
      decideSnapshot(snapshot, by, this.settings),
      systemActing(eventId),
    );
    if (view) await this.file(view);
  }

  async step(cmd: TenureStepCommand, ctx: CommandContext): Promise<TenureView> {
    const { principal } = ctx;
    const view = await this.store.update(
      () => this.readOrAbsent(cmd.id),
      decideStep(cmd, principal, principal.name ?? principal.username, this.settings),
      ctx,
      { expectedVersion: cmd.expectedVersion },
    );
    await this.file(view);
    return view;
  }

  async get(id: string, principal: Principal): Promise<TenureView> {
    const doc = await this.read(id);
    if (!doc || !canReadTenure(principal, doc.placement)) throw AppError.notFound(`No tenure with id ${id}`);
    return tenureView(doc, principal);
  }

  /** A deadline's job runs: recorded and announced only if the tenure still expects it. */
  async runJob(job: TenureJob): Promise<DeadlineOutcome> {
    const outcome = await this.store.update(
      () => this.readOrAbsent(job.tenureId),
      decideDeadline(job),
      systemActing(),
    );
    this.logger.debug({ job, outcome }, 'tenure deadline');
    return outcome;
  }

  /** Re-adds the jobs every tenure still expects (a crash between a write and its jobs); idempotent. */
  async repair(batch = 500): Promise<number> {
    let after = '';
    let scheduled = 0;
    for (;;) {
      // By `_id` ranges: the one filter FerretDB answers without reading the whole collection.
      const docs = (await this.store.collection
        .find({ _id: { $gt: after } }, { projection: { _id: 1, planned: 1 } })
        .sort({ _id: 1 })
        .limit(batch)
        .toArray()) as Pick<TenureDocument, '_id' | 'planned'>[];
      if (docs.length === 0) return scheduled;
      for (const doc of docs)
        for (const d of doc.planned ?? []) {
          await this.jobs.schedule(
            { tenureId: doc._id, kind: d.kind, dueDate: d.dueDate },
            new Date(d.runAt),
          );
          scheduled += 1;
        }
      after = docs[docs.length - 1]!._id;
    }
  }

  /** Files the tenure's row in its pair's read model (a newer version replaces an older one). */
  private async file(view: TenureView): Promise<void> {
    const row = rowOf(view);
    try {
      await this.pairs.update(
        async () =>
          ((await this.pairs.collection.findOne({ _id: view.pairId })) as PairTenuresDocument | null) ??
          absent<PairTenuresDocument>({ _id: view.pairId, rows: [], updatedAt: new Date() }),
        (doc) => {
          const known = doc.rows.find((r) => r.tenureId === row.tenureId);
          if (known && known.version >= row.version) return unchanged(undefined);
          return { set: { rows: [...doc.rows.filter((r) => r !== known), row] }, reply: undefined };
        },
        systemActing(),
      );
    } catch (error) {
      // The tenure is the truth; the row catches up with the tenure's next write.
      this.logger.warn({ err: error, tenureId: view.id }, 'rotation row not filed');
    }
  }

  /** The pair's rotation plan: its cadres and admins. */
  async rotation(query: RotationQuery, principal: Principal): Promise<RotationPlan> {
    const pair = PAIRS.find((p) => p.id === query.pairId);
    if (!pair)
      throw AppError.validation(
        [{ field: 'pairId', message: `No pair ${query.pairId}` }],
        `No pair ${query.pairId}`,
      );
    const ofPair = !!principal.region && [pair.beijing.id, pair.county.id].includes(principal.region);
    if (!hasRole(principal, 'admin') && !(hasRole(principal, 'cadre') && ofPair))
      throw AppError.forbidden('Only the cadres of the pair and admins read its rotation plan');
    const doc = (await this.pairs.collection.findOne({ _id: pair.id })) as PairTenuresDocument | null;
    const from = query.from ?? chinaToday(new Date()).slice(0, 7);
    return rotationPlan(pair.id, pair.county.id, doc?.rows ?? [], from, query.months);
  }
}
