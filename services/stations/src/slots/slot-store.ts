import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import { AppError, type SlotList } from '@qingshui/contracts';
import { VersionedStore, type Acting, type DecisionContext } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { StationJobs } from '../jobs/station-jobs';
import type { StationJob } from '../jobs/station-job.rules';
import type { HoldRecord } from '../calendar/calendar.schema';
import { isActive } from '../bookings/booking.rules';
import { SLOT_MODEL, type SlotDocument } from './slot.schema';
import { slotSummary } from './slot-views';
import type { NewSlot, SlotDecision } from './slot.decide';

/** What lists and summaries leave out: the pending events and the per-person arrays behind the counts. */
export const SUMMARY_PROJECTION = {
  outbox: 0,
  waitEntries: 0,
  seatHolders: 0,
  bookingIds: 0,
  bookedUserIds: 0,
} as const;

/**
 * The slots collection (tours and their bookings included): reading a slot, and writing what a
 * decision decided, in one update guarded by the version read, with its events in the outbox and
 * its jobs scheduled or removed after the write.
 */
@Injectable()
export class SlotStore {
  private readonly store: VersionedStore<SlotDocument, StationJob>;

  constructor(
    @InjectModel(SLOT_MODEL) slots: Model<SlotDocument>,
    private readonly jobs: StationJobs,
    relay: OutboxRelayService,
  ) {
    this.store = new VersionedStore(slots.collection as unknown as Collection<SlotDocument>, {
      noun: 'slot',
      publish: () => relay.kick(),
      jobs,
      // A burst on one slot makes many writers race for it (bookings are batched per instance only).
      maxAttempts: 100,
    });
  }

  get collection(): Collection<SlotDocument> {
    return this.store.collection;
  }

  // Decisions never need the pending events: they are only ever appended.
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

  /** Reads with `read`, decides, writes; again on a concurrent change (409 CONFLICT after 100 tries). */
  update<R>(
    read: () => Promise<SlotDocument>,
    decide: (slot: SlotDocument, at: DecisionContext) => SlotDecision<R>,
    acting: Acting,
  ): Promise<R> {
    return this.store.update(read, decide, acting);
  }

  /** Inserts a new slot or tour with its events, then schedules its jobs. */
  async insert(created: NewSlot, acting: Acting, now: Date): Promise<void> {
    await this.store.insert(created.doc, created.events, acting, now);
    await Promise.all(created.schedule.map(({ job, at }) => this.jobs.schedule(job, at)));
  }

  /** Is this calendar hold still backed by an active booking? (Used to drop holds left by a crash.) */
  readonly holdIsActive = async (hold: HoldRecord): Promise<boolean> => {
    const slot = await this.collection.findOne({ _id: hold.slotId });
    return !!slot?.bookings.some((b) => b.id === hold.bookingId && isActive(b.status));
  };

  async find(filter: Filter<SlotDocument>, limit = 500): Promise<SlotList> {
    const docs = await this.collection
      .find(filter, { projection: SUMMARY_PROJECTION })
      .sort({ start: 1, _id: 1 })
      .limit(limit)
      .toArray();
    return { items: docs.map((d) => slotSummary(d as SlotDocument)) };
  }
}
