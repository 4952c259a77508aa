import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import {
  BookingCommands,
  TalentCommands,
  type BookingView,
  type BookResult,
  type ExpertProfile,
  type Principal,
  type SlotSummary,
  type WaitlistPosition,
  WAITLIST_POSITION_EVENT,
} from '@qingshui/contracts';
import {
  connectSocket,
  decodeJwt,
  emitWithAck,
  recordSocketEvents,
  TopicWatcher,
  waitFor,
  waitForSocketEvent,
} from '@qingshui/testing';
import { api } from '../support/platform';
import {
  checkInvariants,
  inHours,
  inSeconds,
  StationsHarness,
  syntheticExpert,
  type SlotDoc,
} from '../support/stations';

interface SlotEvent {
  id: string;
  payload: { slot: SlotSummary; booking?: BookingView; userId?: string };
}

const bookingOf = (doc: SlotDoc, userId: string) => doc.bookings.filter((b) => b.userId === userId);
const active = (doc: SlotDoc, userId: string) =>
  bookingOf(doc, userId).filter((b) => b.status === 'pending' || b.status === 'confirmed');

describe('stations: approvals, rescheduling, reminders, attendance, tours, feeds and realtime', () => {
  const h = new StationsHarness();
  const t = h.t;
  const sockets: Socket[] = [];
  let watcher: TopicWatcher;
  const book = (principal: Principal, slotId: string) =>
    h.command<BookResult>(BookingCommands.book, principal, { slotId });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  beforeAll(async () => {
    await h.start({ withTalent: true });
    watcher = await TopicWatcher.start(['stations.booking.reminder.v1', 'stations.booking.no-show.v1']);
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await watcher?.stop();
    await h.stop();
  });

  it('a pending booking holds its seat until the approval deadline, then expires and the seat is offered on', async () => {
    const slot = await h.newSlot({ capacity: 1, approvalRequired: true, approvalTtlSeconds: 4 });
    const [a, b] = [syntheticExpert(1), syntheticExpert(2)];
    const pending = await book(a, slot.id);
    expect(pending.outcome).toBe('pending');
    expect(Date.parse(pending.booking!.decideBy!) - Date.now()).toBeLessThanOrEqual(4000);
    expect((await book(b, slot.id)).outcome).toBe('waitlisted');
    const expired = await waitFor(
      async () => {
        const doc = await h.slotDoc(slot.id);
        return bookingOf(doc, a.userId)[0]?.status === 'expired' ? doc : undefined;
      },
      'the pending booking to expire',
      20_000,
    );
    expect(expired.offers.map((o) => o.userId)).toEqual([b.userId]);
    checkInvariants(expired);
    // A decision after the deadline finds nothing to approve.
    const late = await api(h.url, 'POST', `/api/v1/bookings/${pending.booking!.id}/approve`, {
      token: t.cadreCounty,
    });
    expect(late).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
  }, 60_000);

  it('reschedules within the station in one step; a full slot or another station changes nothing', async () => {
    const from = await h.newSlot({ capacity: 2, start: inHours(200), end: inHours(210) });
    // Overlaps `from` in time: allowed, since the booking it replaces is the one it overlaps.
    const to = await h.newSlot({ capacity: 1, start: inHours(205), end: inHours(215) });
    const full = await h.newSlot({ capacity: 1, start: inHours(220), end: inHours(230) });
    // The county cadre of 淅川 cannot add slots in 郧阳: the admin does.
    const foreign = await api(h.url, 'POST', `/api/v1/stations/${school.body.id}/slots`, {
      token: t.cadreCounty,
      body: { start: inHours(35), end: inHours(36), capacity: 2 },
    });
    expect(foreign.status).toBe(403);
    const made = await api(h.url, 'POST', `/api/v1/stations/${school.body.id}/slots`, {
      token: t.admin,
      body: { start: inHours(35), end: inHours(36), capacity: 2 },
    });
    expect(made.status).toBe(201);
    await book(syntheticExpert(60), full.id);
    const window = `from=${encodeURIComponent(inHours(29))}&to=${encodeURIComponent(inHours(41))}`;
    const ids = async (query: string) => {
      const found = await api(h.url, 'GET', `/api/v1/slots?${window}&${query}`, { token: t.expert });
      expect(found.status).toBe(200);
      return found.body.items.map((x: SlotSummary) => x.id);
    };
    expect(await ids('county=yunyang')).toEqual([made.body.id]);
    const medicine = await ids('field=medicine');
    expect(medicine).toEqual(expect.arrayContaining([full.id, open.id]));
    expect(medicine).not.toContain(made.body.id);
    // Soonest first; a full slot is left out when only free seats are asked for.
    expect(medicine.indexOf(full.id)).toBeLessThan(medicine.indexOf(open.id));
    const free = await ids('field=medicine&available=true');
    expect(free).toContain(open.id);
    expect(free).not.toContain(full.id);
    expect((await api(h.url, 'GET', '/api/v1/slots?field=fishing', { token: t.expert })).body).toMatchObject({
      status: 400,
      fields: [{ field: 'field' }],
    });
    expect((await api(h.url, 'GET', '/api/v1/slots?limit=many', { token: t.expert })).status).toBe(400);
  }, 60_000);

  it('feeds an expert’s confirmed bookings and a station’s schedule as iCalendar', async () => {
    const slot = await h.newSlot({ capacity: 3, start: inHours(400), end: inHours(420) });
    const dropped = await h.newSlot({ capacity: 3, start: inHours(430), end: inHours(440) });
    const booked = await api(h.url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.expert });
    const other = await api(h.url, 'POST', `/api/v1/slots/${dropped.id}/bookings`, { token: t.expert });
    await api(h.url, 'POST', `/api/v1/bookings/${other.body.booking.id}/cancel`, {
      token: t.expert,
      body: { reason: '时间冲突' },
    });
    const mine = await api(h.url, 'GET', '/api/v1/me/bookings?status=confirmed', { token: t.expert });
    expect(mine.body.items.map((b: BookingView) => b.id)).toContain(booked.body.booking.id);
    expect(mine.body.items.map((b: BookingView) => b.id)).not.toContain(other.body.booking.id);
    expect(mine.body.items.every((b: BookingView) => b.status === 'confirmed')).toBe(true);
    expect((await api(h.url, 'GET', '/api/v1/me/bookings?status=lost', { token: t.expert })).status).toBe(
      400,
    );

    const ics = await fetch(`${h.url}/api/v1/me/calendar.ics`, {
      headers: { authorization: `Bearer ${t.expert}` },
    });
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await ics.text();
    expect(text).toContain(`UID:booking-${booked.body.booking.id}@qingshui`);
    expect(text).not.toContain(other.body.booking.id);
    expect(text).toContain('淅川县院士专家工作站');

    const feed = await api(h.url, 'GET', '/api/v1/me/calendar-feed', { token: t.expert });
    const url = new URL(feed.body.url);
    const subscribed = await fetch(`${h.url}${url.pathname}${url.search}`);
    expect(subscribed.status).toBe(200);
    expect(await subscribed.text()).toContain(`UID:booking-${booked.body.booking.id}@qingshui`);
    const forged = await fetch(`${h.url}${url.pathname}?token=${'A'.repeat(43)}`);
    expect(forged.status).toBe(404);

    const schedule = await fetch(`${h.url}/api/v1/calendars/stations/${h.stationId}/schedule.ics`);
    expect(schedule.status).toBe(200);
    expect(await schedule.text()).toContain(`UID:slot-${slot.id}@qingshui`);
    expect((await fetch(`${h.url}/api/v1/calendars/stations/nope/schedule.ics`)).status).toBe(404);
  }, 60_000);

  it('watchers of a slot see seat counts only; the expert sees their booking; leaving the line moves it up', async () => {
    const slot = await h.newSlot({ capacity: 1, start: inHours(500), end: inHours(510) });
    const onlooker = await connectSocket(h.url, t.expert2);
    const booker = await connectSocket(h.url, t.expert);
    sockets.push(onlooker, booker);
    expect(await emitWithAck(onlooker, 'subscribe', { room: `slot:${slot.id}` })).toEqual({ ok: true });
    const seen = recordSocketEvents<SlotEvent>(onlooker, 'stations.booking.confirmed.v1');
    const own = waitForSocketEvent<SlotEvent>(
      booker,
      'stations.booking.confirmed.v1',
      (e) => e.payload.slot.id === slot.id,
    );
    const booked = await api(h.url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.expert });
    expect((await own).payload.booking?.id).toBe(booked.body.booking.id);
    await waitFor(() => seen.find((e) => e.payload.slot.id === slot.id), 'the seat count for the onlooker');
    const forOnlooker = seen.find((e) => e.payload.slot.id === slot.id)!;
    expect(forOnlooker.payload).toEqual({ slot: expect.objectContaining({ seatsTaken: 1, capacity: 1 }) });

    // The onlooker joins the line behind a synthetic expert; when that one leaves, the onlooker is
    // told their new place, then gets the offer when the seat frees.
    const ahead = syntheticExpert(50);
    await book(ahead, slot.id);
    const queued = await api(h.url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.expert2 });
    expect(queued.body).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 2 });
    const movedUp = waitForSocketEvent<WaitlistPosition>(
      onlooker,
      WAITLIST_POSITION_EVENT,
      (p) => p.slotId === slot.id,
    );
    const offered = waitForSocketEvent<SlotEvent>(
      onlooker,
      'stations.offer.made.v1',
      (e) => e.payload.slot.id === slot.id,
    );
    await h.command(BookingCommands.leaveWaitlist, ahead, { slotId: slot.id });
    expect(await movedUp).toEqual({ slotId: slot.id, position: 1 });
    const mine = await api(h.url, 'GET', `/api/v1/slots/${slot.id}`, { token: t.expert2 });
    expect(mine.body).toMatchObject({ myWaitlistPosition: 1, canManage: false });
    expect(mine.body.waitlist).toBeUndefined();
    await api(h.url, 'POST', `/api/v1/bookings/${booked.body.booking.id}/cancel`, {
      token: t.expert,
      body: { reason: '单位临时任务' },
    });
    const offer = await offered;
    expect(offer.payload.userId).toBe(decodeJwt(t.expert2)['sub']);
    expect(offer.payload).not.toHaveProperty('waitlist');
    const doc = await h.slotDoc(slot.id);
    expect(doc.offers.map((o) => o.userId)).toEqual([offer.payload.userId]);
    checkInvariants(doc);
  }, 60_000);
});
