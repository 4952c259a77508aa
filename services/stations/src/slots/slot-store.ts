import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Collection, Filter, UpdateFilter } from 'mongodb';
import {
  AppError,
  createEnvelope,
  SlotEvents,
  type BookingStatus,
  type SlotEventTopic,
  type SlotList,
} from '@qingshui/contracts';
import { outboxEntry, type CommandContext, type OutboxEntry } from '@qingshui/messaging';
import { OutboxRelayService } from '../outbox-relay.service';
import {
  SLOT_MODEL,
  type BookingRecord,
  type HoldRecord,
  type OfferRecord,
  type SlotDocument,
} from './slot.schema';
import { backoff } from './calendars.service';
import { StationJobs, type StationJob } from './station-jobs';
import { reminderTime, seatRefusal, type Offer } from './slot.rules';
import { bookingView, offerView, slotSummary } from './slot-views';

export const MAX_ATTEMPTS = 100;
export type Ctx = Pick<CommandContext, 'principal' | 'correlationId' | 'deadline'>;
/** What lists and summaries leave out: the pending events and the per-person arrays behind the counts. */
export const SUMMARY_PROJECTION = {
  outbox: 0,
  waitEntries: 0,
  seatHolders: 0,
  bookingIds: 0,
  bookedUserIds: 0,
} as const;
export const ACTIVE = new Set<BookingStatus>(['pending', 'confirmed']);

export function assertOpen(slot: SlotDocument): void {
  if (slot.status === 'cancelled')
    throw new AppError(409, 'CONFLICT', `This was cancelled by the host: ${slot.cancelReason ?? ''}`.trim());
}

/** What a guarded step writes, and what follows once it is written. */
export interface Write<T> {
  set: Partial<SlotDocument>;
  events: OutboxEntry[];
  /** Jobs to add and to remove after the write (deterministic ids; a lost one is repaired at start). */
  schedule?: { job: StationJob; at: Date }[];
  unschedule?: StationJob[];
  after?: () => Promise<void>;
  result: T;
}
export type Decision<T> = { write: Write<T> } | { noop: T };

export const reminderJob = (slot: SlotDocument, bookingId: string): StationJob => ({
  kind: 'reminder',
  slotId: slot._id,
  bookingId,
  startMs: slot.start.getTime(),
});
export const approvalJob = (slotId: string, bookingId: string): StationJob => ({
  kind: 'approval-expiry',
  slotId,
  bookingId,
});

/**
 * The slots collection and what every operation on a slot shares: reading it, the guarded
 * read-decide-write step with its outbox events, and the jobs that follow a write.
 */
@Injectable()
export class SlotStore {
  constructor(
    @InjectModel(SLOT_MODEL) private readonly slots: Model<SlotDocument>,
    readonly jobs: StationJobs,
    readonly relay: OutboxRelayService,
    @InjectPinoLogger('slots') readonly logger: PinoLogger,
  ) {}

  get collection(): Collection<SlotDocument> {
    return this.slots.collection as unknown as Collection<SlotDocument>;
  }

  event(
    topic: SlotEventTopic,
    doc: SlotDocument,
    extra: {
      booking?: BookingRecord;
      offer?: OfferRecord;
      userId?: string;
      waitlistPosition?: number;
      /** Set when the event moved the line: everyone waiting learns their new place. */
      lineMoved?: boolean;
    },
    ctx: Ctx,
    now: Date,
  ): OutboxEntry {
    return outboxEntry(
      topic,
      createEnvelope({
        type: topic,
        key: doc._id,
        actor: ctx.principal.userId,
        correlationId: ctx.correlationId,
        payload: {
          slot: slotSummary(doc),
          ...(extra.booking ? { booking: bookingView(extra.booking, doc) } : {}),
          ...(extra.offer ? { offer: offerView(extra.offer, doc._id) } : {}),
          ...(extra.userId ? { userId: extra.userId } : {}),
          ...(extra.waitlistPosition ? { waitlistPosition: extra.waitlistPosition } : {}),
          ...(extra.lineMoved && doc.waitlist.length > 0 ? { waitlist: doc.waitlist } : {}),
        },
        occurredAt: now,
      }),
    );
  }

  offerEvents(next: SlotDocument, made: Offer[], ctx: Ctx, now: Date): OutboxEntry[] {
    return made.map((offer, i) =>
      this.event(
        SlotEvents.offerMade,
        next,
        { offer, userId: offer.userId, lineMoved: i === made.length - 1 },
        ctx,
        now,
      ),
    );
  }

  offerJobs(slotId: string, made: Offer[]): { job: StationJob; at: Date }[] {
    return made.map((o) => ({ job: { kind: 'offer-expiry', slotId, offerId: o.id }, at: o.expiresAt }));
  }

  /** The reminder and, while pending, the approval deadline of a new booking. */
  bookingJobs(slot: SlotDocument, booking: BookingRecord, now: Date): { job: StationJob; at: Date }[] {
    const jobs: { job: StationJob; at: Date }[] = [];
    const remindAt = reminderTime(slot.start, slot.reminderLeadSeconds, now);
    if (remindAt) jobs.push({ job: reminderJob(slot, booking.id), at: remindAt });
    if (booking.status === 'pending' && booking.decideBy)
      jobs.push({ job: approvalJob(slot._id, booking.id), at: new Date(booking.decideBy) });
    return jobs;
  }

  async runJobs(schedule: { job: StationJob; at: Date }[] = [], unschedule: StationJob[] = []) {
    await Promise.all([
      ...schedule.map(({ job, at }) => this.jobs.scheduleQuietly(job, at)),
      ...unschedule.map((job) => this.jobs.remove(job)),
    ]);
  }

  // Decisions never need the pending events: they are only ever appended with $push.
  async load(id: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ _id: id }, { projection: { outbox: 0 } });
    if (!doc) throw AppError.notFound(`No slot or tour with id ${id}`);
    return doc as SlotDocument;
  }

  async loadByBooking(bookingId: string): Promise<SlotDocument> {
    const doc = await this.collection.findOne({ bookingIds: bookingId }, { projection: { outbox: 0 } });
    if (!doc) throw AppError.notFound(`No booking with id ${bookingId}`);
    return doc as SlotDocument;
  }

  /**
   * One guarded read-decide-write: `decide` computes the change and its events from what was
   * read; the write happens only if nobody changed the slot meanwhile (else read again).
   */
  async step<T>(read: () => Promise<SlotDocument>, decide: (slot: SlotDocument, now: Date) => Decision<T>) {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const slot = await read();
      const now = new Date();
      const decision = decide(slot, now);
      if ('noop' in decision) return decision.noop;
      const { set, events, schedule, unschedule, after, result } = decision.write;
      const written = await this.collection.updateOne({ _id: slot._id, version: slot.version }, {
        $set: { ...set, updatedAt: now, version: slot.version + 1, outboxPending: true },
        $push: { outbox: { $each: events } },
      } as unknown as UpdateFilter<SlotDocument>);
      if (written.modifiedCount === 1) {
        this.relay.kick();
        await this.runJobs(schedule, unschedule);
        try {
          await after?.();
        } catch (error) {
          this.logger.error({ err: error, slotId: slot._id }, 'follow-up after a slot write failed');
        }
        return result;
      }
      await backoff(attempt);
    }
    throw new AppError(409, 'CONFLICT', 'The slot is being changed by others right now; try again');
  }

  /** The write that replaces one booking of the slot with `updated`, and one event about it. */
  bookingChange<T>(
    slot: SlotDocument,
    updated: BookingRecord,
    topic: SlotEventTopic,
    ctx: Ctx,
    now: Date,
    result: (next: SlotDocument) => T,
    more: Pick<Write<T>, 'unschedule'> = {},
  ): Decision<T> {
    const next: SlotDocument = {
      ...slot,
      bookings: slot.bookings.map((b) => (b.id === updated.id ? updated : b)),
      version: slot.version + 1,
    };
    return {
      write: {
        set: { bookings: next.bookings },
        events: [this.event(topic, next, { booking: updated, userId: updated.userId }, ctx, now)],
        result: result(next),
        ...more,
      },
    };
  }

  queueSet(state: SlotDocument): Partial<SlotDocument> {
    return {
      seatsTaken: state.seatsTaken,
      orgCounts: state.orgCounts,
      regionCounts: state.regionCounts,
      seatHolders: state.seatHolders,
      waitlist: state.waitlist,
      waitEntries: state.waitEntries,
      offers: state.offers,
    };
  }

  /** Is this calendar hold still backed by an active booking? (Used to drop holds left by a crash.) */
  readonly holdIsActive = async (hold: HoldRecord): Promise<boolean> => {
    const slot = await this.collection.findOne({ _id: hold.slotId });
    return !!slot?.bookings.some((b) => b.id === hold.bookingId && ACTIVE.has(b.status));
  };

  /** The 409 for a cap, or undefined: a full slot means the waitlist instead. */
  capError(refusal: ReturnType<typeof seatRefusal>): AppError | undefined {
    if (refusal === 'org-cap')
      return new AppError(409, 'CAP_REACHED', 'Your organisation has taken every seat it may here');
    if (refusal === 'region-cap')
      return new AppError(409, 'CAP_REACHED', 'Your region has taken every seat it may here');
    return undefined;
  }

  async find(filter: Filter<SlotDocument>, limit = 500): Promise<SlotList> {
    const docs = await this.collection
      .find(filter, { projection: SUMMARY_PROJECTION })
      .sort({ start: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return { items: docs.map((d) => slotSummary(d as SlotDocument)) };
  }
}
