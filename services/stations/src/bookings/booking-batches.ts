import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, type BookResult, type SlotRef } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import type { Acting } from '@qingshui/persistence';
import type { SlotDocument } from '../slots/slot.schema';
import { SlotStore } from '../slots/slot-store';
import { assertOpen, assertWindowOpen, eligibilityRefusal, whoOf, type Who } from '../slots/slot.rules';
import { CalendarsService } from '../calendar/calendar.service';
import { ExpertsDirectory } from '../experts/experts-directory';
import { decideBatch, seatsAhead, type BookingOutcome, type BookingRequest } from './booking.decide';

/** One booking request waiting for its slot's next batch, and how to answer its caller. */
interface PendingBooking extends Omit<BookingRequest, 'hold'> {
  resolve: (outcome: BookingOutcome) => void;
}

type Hold = NonNullable<BookingRequest['hold']>;

/** Requests decided in one write at most (a write rewrites the whole slot document anyway). */
const MAX_BATCH = 500;
const CACHE_MS = 1000;
const CACHE_SLOTS = 2000;

/**
 * Booking requests for one slot, decided in batches: under a burst, a thousand requests become a
 * few version-guarded writes of the slot instead of a thousand (see `book`).
 */
@Injectable()
export class BookingBatches {
  /** Booking requests waiting for their slot's next batch, and the slots being drained. */
  private readonly pending = new Map<string, PendingBooking[]>();
  private readonly draining = new Set<string>();
  /** Slots as last read or written here, for the checks before a request joins a batch. */
  private readonly recent = new Map<string, { doc: SlotDocument; at: number }>();
  private readonly loading = new Map<string, Promise<SlotDocument>>();

  constructor(
    private readonly store: SlotStore,
    private readonly calendars: CalendarsService,
    private readonly experts: ExpertsDirectory,
  ) {}

  /** A slot as read at most CACHE_MS ago: for the checks before a booking joins its batch. */
  private async loadRecent(slotId: string): Promise<SlotDocument> {
    const cached = this.recent.get(slotId);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.doc;
    // One read for everyone asking at once (a burst would otherwise read the slot a thousand times).
    let loading = this.loading.get(slotId);
    if (!loading) {
      loading = this.store.load(slotId).finally(() => this.loading.delete(slotId));
      this.loading.set(slotId, loading);
    }
    const doc = await loading;
    this.remember(doc);
    return doc;
  }

  private remember(doc: SlotDocument): void {
    if (this.recent.size >= CACHE_SLOTS) this.recent.clear();
    this.recent.set(doc._id, { doc, at: Date.now() });
  }

  /**
   * Books a seat, or joins the waitlist when the slot is full. The request joins its slot's next
   * batch: the batch takes a calendar hold for each request that will get a seat (no overlap), then
   * decides every request in arrival order against the slot as it is and writes them all in one
   * version-guarded update (see `drain`). Under a burst a thousand requests are a few writes.
   */
  async book({ slotId }: SlotRef, ctx: CommandContext): Promise<BookResult> {
    const who = whoOf(ctx.principal);
    const slot = await this.loadRecent(slotId);
    assertOpen(slot);
    assertWindowOpen(slot, new Date());
    if (slot.eligibility) {
      const refusal = eligibilityRefusal(slot.eligibility, await this.experts.find(who.userId));
      if (refusal) throw new AppError(403, 'NOT_ELIGIBLE', refusal);
    }
    const outcome = await this.submit(slotId, { who, acting: ctx, deadline: ctx.deadline });
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.result;
  }

  /**
   * The new seat of a move to this slot, decided with the slot's other requests: the calendar
   * hold may overlap the booking it replaces; a full slot or a cap refuses it (no waitlist).
   */
  async move(
    slotId: string,
    who: Who,
    fromBookingId: string,
    ctx: Acting & { deadline?: number | undefined },
  ): Promise<BookResult> {
    const outcome = await this.submit(slotId, {
      who,
      acting: ctx,
      deadline: ctx.deadline,
      movedFrom: fromBookingId,
    });
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.result;
  }

  /** Queues a booking request for its slot's next batch; one drain loop per slot and instance. */
  private submit(slotId: string, request: Omit<PendingBooking, 'resolve'>): Promise<BookingOutcome> {
    return new Promise((resolve) => {
      const queue = this.pending.get(slotId) ?? [];
      queue.push({ ...request, resolve });
      this.pending.set(slotId, queue);
      if (!this.draining.has(slotId)) void this.drain(slotId);
    });
  }

  /**
   * One batch after another, until the slot's queue is empty: the holds for the seats ahead, then
   * ONE guarded write of every request's decision; the holds of requests that got no seat go.
   */
  private async drain(slotId: string): Promise<void> {
    this.draining.add(slotId);
    try {
      for (;;) {
        const queue = this.pending.get(slotId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, MAX_BATCH);
        const holds = new Map<PendingBooking, Hold>();
        let seated = new Set<PendingBooking>();
        try {
          await this.holdSeatsAhead(slotId, batch, holds);
          const requests = batch.map((request) => ({ ...request, hold: holds.get(request) }));
          const { outcomes, state } = await this.store.update(
            () => this.store.load(slotId),
            (slot, at) => decideBatch(slot, requests, at),
            batch[0]!.acting,
          );
          this.remember(state);
          seated = new Set(batch.filter((_, i) => outcomes[i]!.kind === 'done' && outcomes[i]!.seat));
          batch.forEach((request, i) => request.resolve(outcomes[i]!));
        } catch (error) {
          for (const request of batch) request.resolve({ kind: 'error', error });
        } finally {
          // Holds of requests that got no seat (waitlisted, refused, or the write failed) go.
          await this.calendars.releaseQuietly(
            [...holds].flatMap(([request, hold]) =>
              !seated.has(request) && 'taken' in hold
                ? [{ userId: request.who.userId, bookingId: hold.taken }]
                : [],
            ),
          );
        }
      }
    } finally {
      this.pending.delete(slotId);
      this.draining.delete(slotId);
    }
  }

  /**
   * The requests of the batch that will get a seat as the slot stands take their calendar hold
   * now (in parallel: one document per expert), so the seat write can follow at once. A request
   * whose hold is refused (an overlapping booking) is refused; its seat goes down the line.
   */
  private async holdSeatsAhead(
    slotId: string,
    batch: PendingBooking[],
    holds: Map<PendingBooking, Hold>,
  ): Promise<void> {
    const slot = await this.store.load(slotId);
    const at = new Date();
    await Promise.all(
      seatsAhead(slot, batch).map(async (request) => {
        const holdId = randomUUID();
        try {
          await this.calendars.reserve(
            request.who.userId,
            { bookingId: holdId, slotId, start: slot.start, end: slot.end, at },
            this.store.holdIsActive,
            request.movedFrom,
          );
          holds.set(request, { taken: holdId });
        } catch (error) {
          holds.set(request, { refused: error });
        }
      }),
    );
  }
}
