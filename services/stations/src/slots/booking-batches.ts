import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppError, SlotEvents, type BookResult, type SlotRef } from '@qingshui/contracts';
import type { CommandContext, OutboxEntry } from '@qingshui/messaging';
import type { SlotDocument } from './slot.schema';
import { CalendarsService } from './calendars.service';
import type { StationJob } from './station-jobs';
import { ExpertsDirectory } from '../experts/experts-directory';
import {
  assertWindowOpen,
  countSeat,
  eligibilityRefusal,
  offerFreeSeats,
  seatRefusal,
  whoOf,
  type SeatState,
  type Who,
} from './slot.rules';
import { bookingView, newBooking, slotSummary } from './slot-views';
import { SlotStore, assertOpen, type Ctx, type Decision } from './slot-store';

/** One booking request waiting for its slot's next batch. */
interface PendingBooking {
  who: Who;
  ctx: Ctx;
  /** A move (rescheduling) of this booking: a seat or nothing, never the waitlist. */
  movedFrom?: string;
  resolve: (outcome: BatchOutcome) => void;
}
type BatchOutcome = { kind: 'done'; seat: boolean; result: BookResult } | { kind: 'error'; error: unknown };

/** Requests decided in one write at most (a write rewrites the whole slot document anyway). */
const MAX_BATCH = 500;
/** A decision this close to the caller's deadline would reach it too late: it is not made. */
const REPLY_MARGIN_MS = 250;
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
    const outcome = await this.submit(slotId, { who, ctx });
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.result;
  }

  /**
   * The new seat of a move to this slot, decided with the slot's other requests: the calendar
   * hold may overlap the booking it replaces; a full slot or a cap refuses it (no waitlist).
   */
  async move(slotId: string, who: Who, fromBookingId: string, ctx: Ctx): Promise<BookResult> {
    const outcome = await this.submit(slotId, { who, ctx, movedFrom: fromBookingId });
    if (outcome.kind === 'error') throw outcome.error;
    return outcome.result;
  }

  /** Queues a booking request for its slot's next batch; one drain loop per slot and instance. */
  private submit(slotId: string, request: Omit<PendingBooking, 'resolve'>): Promise<BatchOutcome> {
    return new Promise((resolve) => {
      const queue = this.pending.get(slotId) ?? [];
      queue.push({ ...request, resolve });
      this.pending.set(slotId, queue);
      if (!this.draining.has(slotId)) void this.drain(slotId);
    });
  }

  private async drain(slotId: string): Promise<void> {
    this.draining.add(slotId);
    try {
      for (;;) {
        const queue = this.pending.get(slotId) ?? [];
        if (queue.length === 0) break;
        const batch = queue.splice(0, MAX_BATCH);
        const holds = new Map<PendingBooking, string>();
        const refused = new Map<PendingBooking, unknown>();
        let seated = new Set<PendingBooking>();
        try {
          await this.holdSeatsAhead(slotId, batch, holds, refused);
          const { outcomes, state } = await this.store.step(
            () => this.store.load(slotId),
            (slot, now) => this.decideBatch(slot, batch, holds, refused, now),
          );
          this.remember(state);
          seated = new Set(batch.filter((_, i) => outcomes[i]!.kind === 'done' && outcomes[i]!.seat));
          batch.forEach((request, i) => request.resolve(outcomes[i]!));
        } catch (error) {
          for (const request of batch) request.resolve({ kind: 'error', error });
        } finally {
          // Holds of requests that got no seat (waitlisted, refused, or the write failed) go.
          await Promise.all(
            [...holds]
              .filter(([request]) => !seated.has(request))
              .map(([request, holdId]) => this.calendars.release(request.who.userId, holdId)),
          );
        }
      }
    } finally {
      this.pending.delete(slotId);
      this.draining.delete(slotId);
    }
  }

  /**
   * Which requests of the batch will get a seat, as the slot stands: each of them takes its calendar
   * hold now (in parallel: one document per expert), so the seat write can follow at once. A
   * request whose hold is refused (an overlapping booking) is refused; its seat goes down the line.
   */
  private async holdSeatsAhead(
    slotId: string,
    batch: PendingBooking[],
    holds: Map<PendingBooking, string>,
    refused: Map<PendingBooking, unknown>,
  ): Promise<void> {
    const slot = await this.store.load(slotId);
    let seats: SeatState = slot;
    const taking: PendingBooking[] = [];
    for (const request of batch) {
      if (slot.seatHolders.includes(request.who.userId) || slot.waitlist.includes(request.who.userId))
        continue;
      if (seatRefusal(seats, request.who) !== undefined) continue;
      seats = countSeat(seats, request.who, 1);
      taking.push(request);
    }
    const at = new Date();
    await Promise.all(
      taking.map(async (request) => {
        const holdId = randomUUID();
        try {
          await this.calendars.reserve(
            request.who.userId,
            { bookingId: holdId, slotId, start: slot.start, end: slot.end, at },
            this.store.holdIsActive,
            request.movedFrom,
          );
          holds.set(request, holdId);
        } catch (error) {
          refused.set(request, error);
        }
      }),
    );
  }

  /**
   * Decides a batch in arrival order, each request against the slot as the ones before it left it:
   * a seat (with the calendar hold taken for it), the waitlist, or a refusal (expired, closed,
   * duplicate, cap, overlap). Seats left free (a hold refused, or the slot changed meanwhile) are
   * offered down the line. One write for all, with one event each carrying the counts of its moment.
   */
  private decideBatch(
    slot: SlotDocument,
    batch: PendingBooking[],
    holds: Map<PendingBooking, string>,
    refused: Map<PendingBooking, unknown>,
    now: Date,
  ): Decision<{ outcomes: BatchOutcome[]; state: SlotDocument }> {
    let state: SlotDocument = {
      ...slot,
      orgCounts: { ...slot.orgCounts },
      regionCounts: { ...slot.regionCounts },
      seatHolders: [...slot.seatHolders],
      bookingIds: [...slot.bookingIds],
      bookedUserIds: [...slot.bookedUserIds],
      bookings: [...slot.bookings],
      waitlist: [...slot.waitlist],
      waitEntries: [...slot.waitEntries],
      version: slot.version + 1,
    };
    const outcomes: BatchOutcome[] = [];
    const events: OutboxEntry[] = [];
    const schedule: { job: StationJob; at: Date }[] = [];
    for (const request of batch) {
      const { who, ctx } = request;
      try {
        // The caller stopped waiting (and was told 503): deciding now would be a change nobody hears of.
        if (ctx.deadline !== undefined && now.getTime() > ctx.deadline - REPLY_MARGIN_MS)
          throw new AppError(503, 'DEPENDENCY_UNAVAILABLE', 'The request expired before it was handled');
        assertOpen(state);
        assertWindowOpen(state, now);
        if (state.seatHolders.includes(who.userId))
          throw AppError.duplicate('You already hold a seat or an offer here');
        if (state.waitlist.includes(who.userId)) throw AppError.duplicate('You are already on the waitlist');
        const refusal = seatRefusal(state, who);
        const capError = this.store.capError(refusal);
        if (capError) throw capError;
        if (refused.has(request)) throw refused.get(request);
        const holdId = holds.get(request);
        if (request.movedFrom && (refusal === 'full' || !holdId))
          throw new AppError(409, 'SLOT_FULL', 'The new slot has no free seat');
        if (refusal === 'full' || !holdId) {
          state.waitlist.push(who.userId);
          state.waitEntries.push({ ...who, at: now });
          const position = state.waitlist.length;
          events.push(
            this.store.event(
              SlotEvents.waitlisted,
              state,
              { userId: who.userId, waitlistPosition: position },
              ctx,
              now,
            ),
          );
          outcomes.push({
            kind: 'done',
            seat: false,
            result: { outcome: 'waitlisted', waitlistPosition: position, slot: slotSummary(state) },
          });
          continue;
        }
        const booking = newBooking(state, who, holdId, now, request.movedFrom);
        Object.assign(state, countSeat(state, who, 1));
        state.seatHolders.push(who.userId);
        state.bookingIds.push(booking.id);
        state.bookedUserIds.push(who.userId);
        state.bookings.push(booking);
        const pending = booking.status === 'pending';
        events.push(
          this.store.event(
            pending ? SlotEvents.bookingRequested : SlotEvents.bookingConfirmed,
            state,
            { booking, userId: who.userId },
            ctx,
            now,
          ),
        );
        schedule.push(...this.store.bookingJobs(state, booking, now));
        outcomes.push({
          kind: 'done',
          seat: true,
          result: {
            outcome: pending ? 'pending' : 'confirmed',
            booking: bookingView(booking, state),
            slot: slotSummary(state),
          },
        });
      } catch (error) {
        outcomes.push({ kind: 'error', error });
      }
    }
    if (events.length === 0) return { noop: { outcomes, state: slot } };
    // A seat nobody in the batch could take (a hold refused) goes to the first in line it fits.
    const { state: offered, made } = offerFreeSeats(state, now, state.offerTtlSeconds, randomUUID);
    state = offered;
    const first = batch[0]!.ctx;
    events.push(...this.store.offerEvents(state, made, first, now));
    schedule.push(...this.store.offerJobs(state._id, made));
    return {
      write: {
        set: {
          ...this.store.queueSet(state),
          bookingIds: state.bookingIds,
          bookedUserIds: state.bookedUserIds,
          bookings: state.bookings,
        },
        events,
        schedule,
        result: { outcomes, state },
      },
    };
  }
}
