import { randomUUID } from 'node:crypto';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import { AppError, type EventSpec, type Principal } from '@qingshui/contracts';
import { eventEntry, type OutboxEntry } from '@qingshui/messaging';

/** What a decision is given besides the state it reads: the time, and ids for what it creates. */
export interface DecisionContext {
  now: Date;
  newId(): string;
}

/**
 * What a pure decision returns: the changes to one document (written in one update guarded by
 * the version it read, plus `where`), the events that go with them (into its outbox, in the same
 * update), the jobs to schedule or remove once written, and the reply.
 */
export interface Change<D, R, J = never> {
  set?: Partial<D>;
  /** One element onto each named array (`$push` without modifiers, which FerretDB supports). */
  push?: Partial<Record<keyof D & string, unknown>>;
  unset?: readonly (keyof D & string)[];
  /** Preconditions besides the version, stated in the update's filter. */
  where?: Filter<D>;
  events?: readonly (EventSpec | AttributedEvent)[];
  schedule?: readonly { job: J; at: Date }[];
  unschedule?: readonly J[];
  reply: R;
}
/**
 * An event caused by someone else than the write's actor: a batch decides several callers' requests
 * in one write, and each event names its own caller and correlation.
 */
export interface AttributedEvent {
  event: EventSpec;
  acting: Acting;
}

/** Nothing to write: the state already is what was asked (an idempotent repeat), or nothing applies. */
export interface Unchanged<R> {
  unchanged: R;
}
export type Decision<D, R, J = never> = Change<D, R, J> | Unchanged<R>;

export const unchanged = <R>(reply: R): Unchanged<R> => ({ unchanged: reply });

/** Where a store's jobs go (BullMQ delayed jobs with deterministic ids). */
export interface JobPort<J> {
  /** Must not throw: the write it follows has happened; a lost job is repaired at start. */
  schedule(job: J, at: Date): Promise<void>;
  remove(job: J): Promise<void>;
}

/** Who acts: the envelope's actor and correlation for the events written. */
export interface Acting {
  principal: Pick<Principal, 'userId'>;
  correlationId: string;
  causationId?: string;
}

export interface VersionedStoreOptions<J> {
  /**
   * Publish now: called after each write that added events (the outbox relay's kick), naming the
   * document, so that the relay reads just it.
   */
  publish: (hint: { collection: string; id: string }) => void;
  jobs?: JobPort<J>;
  /** Read-decide-write attempts before a 409 CONFLICT. */
  maxAttempts?: number;
  /** Wait between attempts (attempt 1, 2, …). */
  backoff?: (attempt: number) => Promise<void>;
  /** What the aggregate is called in the 409s ("the slot"). */
  noun: string;
  /** Sets `updatedAt` to the decision's time on every write (default true). */
  timestamps?: boolean;
}

type Versioned = { _id: string; version: number };

/** The version of a document not written yet: its first write inserts it. */
const ABSENT_VERSION = 0;
const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === 11000;

/**
 * What `read` answers for a document that does not exist yet, when its first decision may create
 * it (an expert's calendar on their first hold): `fields` for the decision to read, at version 0.
 * The write inserts the document with its id, version 1 and what the decision sets or pushes.
 */
export function absent<D extends Versioned>(fields: Omit<D, 'version'>): D {
  return { ...fields, version: ABSENT_VERSION } as D;
}

/** Short random backoff, growing with the attempt, so that losers of a race spread out. */
export function jitter(attempt: number): Promise<void> {
  const ms = Math.random() * Math.min(200, 5 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The one read-decide-write of the platform's aggregates: read the document, let a pure decision
 * compute the change, write it in one update guarded by the version read (with the events in the
 * document's outbox), and on a concurrent change read again and decide again. With an expected
 * version (If-Match), a document at another version is a 409 STALE_VERSION instead.
 */
export class VersionedStore<D extends Versioned, J = never> {
  private readonly maxAttempts: number;
  private readonly backoff: (attempt: number) => Promise<void>;

  constructor(
    readonly collection: Collection<D>,
    private readonly options: VersionedStoreOptions<J>,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoff = options.backoff ?? jitter;
  }

  /** The outbox entries of a decision's events, keyed by the aggregate. */
  entries(
    id: string,
    events: readonly (EventSpec | AttributedEvent)[],
    acting: Acting,
    now: Date,
  ): OutboxEntry[] {
    return events.map((item) => {
      const [spec, by] = 'event' in item ? [item.event, item.acting] : [item, acting];
      return eventEntry(spec, {
        key: id,
        actor: by.principal.userId,
        correlationId: by.correlationId,
        ...(by.causationId ? { causationId: by.causationId } : {}),
        occurredAt: now,
      });
    });
  }

  /** Inserts a new document (version 1) with its events in its outbox. */
  async insert(
    doc: Omit<D, 'outbox' | 'outboxPending'>,
    events: readonly EventSpec[],
    acting: Acting,
    now: Date,
  ) {
    const outbox = this.entries(doc._id, events, acting, now);
    await this.collection.insertOne({ ...doc, outbox, outboxPending: outbox.length > 0 } as never);
    if (outbox.length > 0) this.options.publish(this.hintOf(doc._id));
  }

  private hintOf(id: string) {
    return { collection: this.collection.collectionName, id };
  }

  /**
   * Reads with `read`, decides with `decide`, writes; repeats on a concurrent change. Jobs are
   * scheduled and removed after the write.
   */
  async update<R>(
    read: () => Promise<D>,
    decide: (doc: D, context: DecisionContext) => Decision<D, R, J>,
    acting: Acting,
    options: { expectedVersion?: number | undefined } = {},
  ): Promise<R> {
    const { expectedVersion } = options;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      const doc = await read();
      if (expectedVersion !== undefined && expectedVersion !== doc.version)
        throw AppError.stale(
          `The ${this.options.noun} changed since version ${expectedVersion}; it is at version ${doc.version}`,
        );
      const now = new Date();
      const decision = decide(doc, { now, newId: randomUUID });
      if ('unchanged' in decision) return decision.unchanged;
      if (await this.write(doc, decision, acting, now)) {
        await this.runJobs(decision);
        return decision.reply;
      }
      if (expectedVersion !== undefined)
        throw AppError.stale(`The ${this.options.noun} changed meanwhile; read it again`);
      await this.backoff(attempt);
    }
    throw new AppError(
      409,
      'CONFLICT',
      `The ${this.options.noun} is being changed by others right now; try again`,
    );
  }

  /**
   * One guarded update; false when the version (or a precondition) no longer holds. A document
   * read at version 0 does not exist yet (see `absent`): the write inserts it, and a concurrent
   * insert of the same id counts as a concurrent change.
   */
  private async write(doc: D, change: Change<D, unknown, J>, acting: Acting, now: Date): Promise<boolean> {
    const outbox = this.entries(doc._id, change.events ?? [], acting, now);
    const set: Record<string, unknown> = { ...change.set, version: doc.version + 1 };
    if (this.options.timestamps ?? true) set['updatedAt'] = now;
    const push: Record<string, unknown> = { ...change.push };
    if (outbox.length > 0) {
      set['outboxPending'] = true;
      push['outbox'] = { $each: outbox };
    }
    const update: Record<string, unknown> = { $set: set };
    if (Object.keys(push).length > 0) update['$push'] = push;
    if (change.unset?.length) update['$unset'] = Object.fromEntries(change.unset.map((k) => [k, '']));
    const insert = doc.version === ABSENT_VERSION;
    let written: number;
    try {
      const result = await this.collection.updateOne(
        { ...change.where, _id: doc._id, version: doc.version } as Filter<D>,
        update as UpdateFilter<D>,
        { upsert: insert },
      );
      written = result.modifiedCount + result.upsertedCount;
    } catch (error) {
      if (insert && isDuplicateKey(error)) return false;
      throw error;
    }
    if (written !== 1) return false;
    if (outbox.length > 0) this.options.publish(this.hintOf(doc._id));
    return true;
  }

  private async runJobs(change: Change<D, unknown, J>): Promise<void> {
    const jobs = this.options.jobs;
    if (!jobs) return;
    await Promise.all([
      ...(change.schedule ?? []).map(({ job, at }) => jobs.schedule(job, at)),
      ...(change.unschedule ?? []).map((job) => jobs.remove(job)),
    ]);
  }
}
