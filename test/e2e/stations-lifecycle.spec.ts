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
    watcher = await TopicWatcher.start(
      ['stations.booking.reminder.v1', 'stations.booking.no-show.v1'],
      h.platform.environment,
    );
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
    const elsewhere = await h.newSlot(
      { capacity: 5, start: inHours(240), end: inHours(250) },
      (await h.newStation('西峡县院士专家工作站')).id,
    );
    const me = syntheticExpert(10);
    await book(syntheticExpert(11), full.id);
    const booked = await book(me, from.id);
    const before = await h.slotDoc(from.id);

    const tooFull = await refusal(
      h.command(BookingCommands.reschedule, me, { bookingId: booked.booking!.id, slotId: full.id }),
    );
    expect(tooFull).toMatchObject({ status: 409, code: 'SLOT_FULL' });
    const foreign = await refusal(
      h.command(BookingCommands.reschedule, me, { bookingId: booked.booking!.id, slotId: elsewhere.id }),
    );
    expect(foreign).toMatchObject({ status: 400, fields: [{ field: 'slotId' }] });
    expect((await h.slotDoc(from.id)).bookings).toEqual(before.bookings);
    expect(bookingOf(await h.slotDoc(full.id), me.userId)).toEqual([]);

    const moved = await h.command<BookingView>(BookingCommands.reschedule, me, {
      bookingId: booked.booking!.id,
      slotId: to.id,
    });
    expect(moved).toMatchObject({ status: 'confirmed', slotId: to.id, movedFrom: booked.booking!.id });
    const [fromDoc, toDoc] = [await h.slotDoc(from.id), await h.slotDoc(to.id)];
    expect(bookingOf(fromDoc, me.userId)).toMatchObject([{ status: 'rescheduled', movedTo: moved.id }]);
    expect(active(toDoc, me.userId)).toHaveLength(1);
    checkInvariants(fromDoc);
    checkInvariants(toDoc);
    const calendar = await h.db
      .collection<{ _id: string; holds: { bookingId: string }[] }>('calendars')
      .findOne({ _id: me.userId });
    expect(calendar?.holds.map((hold) => hold.bookingId)).toEqual([moved.id]);
    // Through the API, someone else's booking does not exist.
    const other = await api(h.url, 'POST', `/api/v1/bookings/${moved.id}/reschedule`, {
      token: t.expert,
      body: { slotId: from.id },
    });
    expect(other.status).toBe(404);
  }, 60_000);

  it('a reschedule racing a cancellation: one of them wins, and nothing is left half done', async () => {
    const from = await h.newSlot({ capacity: 10, start: inHours(300), end: inHours(310) });
    const to = await h.newSlot({ capacity: 10, start: inHours(320), end: inHours(330) });
    for (let round = 0; round < 6; round += 1) {
      const me = syntheticExpert(100 + round);
      const booked = await book(me, from.id);
      const [moved, cancelled] = await Promise.allSettled([
        h.command<BookingView>(BookingCommands.reschedule, me, {
          bookingId: booked.booking!.id,
          slotId: to.id,
        }),
        h.command<BookingView>(BookingCommands.cancel, me, {
          bookingId: booked.booking!.id,
          reason: '计划有变',
        }),
      ]);
      const [fromDoc, toDoc] = [await h.slotDoc(from.id), await h.slotDoc(to.id)];
      const stillActive = [...active(fromDoc, me.userId), ...active(toDoc, me.userId)];
      expect(stillActive).toHaveLength(moved.status === 'fulfilled' ? 1 : 0);
      expect([moved.status, cancelled.status]).toContain('fulfilled');
      expect(active(fromDoc, me.userId)).toHaveLength(0);
      checkInvariants(fromDoc);
      checkInvariants(toDoc);
      const calendar = await h.db
        .collection<{ _id: string; holds: unknown[] }>('calendars')
        .findOne({ _id: me.userId });
      expect(calendar?.holds ?? []).toHaveLength(stillActive.length);
    }
  }, 120_000);

  it('reminds confirmed bookings before the start on the real queue, never a cancelled or moved one', async () => {
    const first = await h.newSlot({
      capacity: 5,
      start: inSeconds(20),
      end: inHours(1),
      reminderLeadSeconds: 12,
    });
    const later = await h.newSlot({
      capacity: 5,
      start: inSeconds(24),
      end: inHours(2),
      reminderLeadSeconds: 12,
    });
    const [kept, cancelled, moved] = [syntheticExpert(20), syntheticExpert(21), syntheticExpert(22)];
    const keptBooking = await book(kept, first.id);
    const cancelledBooking = await book(cancelled, first.id);
    const movedBooking = await book(moved, first.id);
    await h.command(BookingCommands.cancel, cancelled, {
      bookingId: cancelledBooking.booking!.id,
      reason: '临时出差',
    });
    const movedTo = await h.command<BookingView>(BookingCommands.reschedule, moved, {
      bookingId: movedBooking.booking!.id,
      slotId: later.id,
    });
    // The demo expert, over Socket.IO, in their own room.
    const socket = await connectSocket(h.url, t.expert);
    sockets.push(socket);
    const realBooking = await api(h.url, 'POST', `/api/v1/slots/${first.id}/bookings`, { token: t.expert });
    expect(realBooking.status).toBe(201);
    const pushed = await waitForSocketEvent<SlotEvent>(
      socket,
      'stations.booking.reminder.v1',
      (e) => e.payload.booking?.id === realBooking.body.booking.id,
      20_000,
    );
    expect(pushed.payload.slot.id).toBe(first.id);

    const remindedIds = () =>
      watcher.seen
        .filter((m) => m.key === first.id || m.key === later.id)
        .map((m) => (JSON.parse(m.value ?? '{}') as SlotEvent).payload.booking?.id);
    await waitFor(
      () => remindedIds().includes(movedTo.id) && remindedIds().includes(keptBooking.booking!.id),
      'reminders for the kept and the moved booking',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(remindedIds().sort()).toEqual(
      [keptBooking.booking!.id, movedTo.id, realBooking.body.booking.id].sort(),
    );
    const doc = await h.slotDoc(first.id);
    expect(bookingOf(doc, kept.userId)[0]?.remindedAt).toBeDefined();
    expect(bookingOf(doc, cancelled.userId)[0]?.remindedAt).toBeUndefined();
  }, 60_000);

  it('checks experts in at the station and marks the others no-shows after the grace', async () => {
    const slot = await h.newSlot({
      capacity: 5,
      start: inSeconds(8),
      end: inHours(1),
      noShowGraceSeconds: 1,
    });
    const [present, absent] = [syntheticExpert(30), syntheticExpert(31)];
    const presentBooking = (await book(present, slot.id)).booking!;
    const absentBooking = (await book(absent, slot.id)).booking!;
    const path = `/api/v1/bookings/${presentBooking.id}`;
    expect((await api(h.url, 'POST', `${path}/check-in`, { token: t.expert, body: {} })).status).toBe(403);
    expect(
      await api(h.url, 'POST', `${path}/check-in`, { token: t.cadreCounty, body: { stop: 1 } }),
    ).toMatchObject({
      status: 400,
      body: { fields: [{ field: 'stop' }] },
    });
    const checked = await api(h.url, 'POST', `${path}/check-in`, { token: t.cadreCounty, body: {} });
    expect(checked.body).toMatchObject({ attendance: 'present', checkIns: [{ stop: 0 }] });
    // Too early for a manual no-show; the job marks it after the start and its grace.
    const early = await api(h.url, 'POST', `/api/v1/bookings/${absentBooking.id}/no-show`, {
      token: t.cadreCounty,
    });
    expect(early.status).toBe(409);
    const marked = await waitFor(
      async () => {
        const doc = await h.slotDoc(slot.id);
        return bookingOf(doc, absent.userId)[0]?.attendance === 'no-show' ? doc : undefined;
      },
      'the no-show sweep',
      20_000,
    );
    expect(bookingOf(marked, present.userId)[0]?.attendance).toBe('present');
    expect((await api(h.url, 'POST', `${path}/no-show`, { token: t.cadreCounty })).status).toBe(409);
    await waitFor(
      () =>
        watcher.seen.some(
          (m) => m.topic === 'stations.booking.no-show.v1' && m.value?.includes(absentBooking.id),
        ),
      'the no-show event',
    );
    // A slot two days away cannot be checked into yet.
    const future = await h.newSlot({ capacity: 1 });
    const futureBooking = (await book(syntheticExpert(32), future.id)).booking!;
    const tooEarly = await api(h.url, 'POST', `/api/v1/bookings/${futureBooking.id}/check-in`, {
      token: t.cadreCounty,
      body: {},
    });
    expect(tooEarly).toMatchObject({ status: 409, body: { code: 'WINDOW_CLOSED' } });
  }, 60_000);

  it('a tour through two counties: eligibility from the talent profile, no overlap, check-in at each stop', async () => {
    const tour = {
      title: '2026年院士专家库区行·水源涵养专场',
      description: '走进淅川、郧阳，考察水源涵养林与石漠化治理。',
      organiserOrgId: 'bj-coop-office',
      stops: [
        { county: 'xichuan', place: '淅川县九重镇水源涵养林基地', start: inSeconds(60), end: inHours(1) },
        { county: 'yunyang', place: '郧阳区石漠化治理示范区', start: inHours(1), end: inHours(2) },
      ],
      capacity: 10,
      eligibility: { verifiedOnly: true, fields: ['ecology-water'] },
    };
    expect((await api(h.url, 'POST', '/api/v1/tours', { token: t.enterprise, body: tour })).status).toBe(403);
    const backwards = await api(h.url, 'POST', '/api/v1/tours', {
      token: t.admin,
      body: { ...tour, stops: [...tour.stops].reverse() },
    });
    expect(backwards).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    const created = await api(h.url, 'POST', '/api/v1/tours', { token: t.admin, body: tour });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'tour', counties: ['xichuan', 'yunyang'] });
    expect(created.body.pairedDistricts.sort()).toEqual(['chaoyang', 'dongcheng']);
    const listed = await api(h.url, 'GET', '/api/v1/tours?county=yunyang', { token: t.expert });
    expect(listed.body.items.map((s: SlotSummary) => s.id)).toContain(created.body.id);
    const tourId: string = created.body.id;

    const scholar = syntheticExpert(40, 'inst-bjfu', 'haidian');
    expect(await refusal(book(scholar, tourId))).toMatchObject({ status: 403, code: 'NOT_ELIGIBLE' });
    const profile = await h.command<ExpertProfile>(TalentCommands.createExpert, scholar, {
      name: '王水源',
      institution: '北京林业大学',
      title: '研究员',
      fields: ['ecology-water'],
      skills: ['水源涵养', '石漠化治理'],
      bio: '研究丹江口库区水源涵养林结构与功能二十余年。',
      region: 'haidian',
    });
    await waitFor(
      async () =>
        ((await refusal(book(scholar, tourId))) as Error | undefined)?.message?.includes('verified'),
      'the profile to reach the stations service (unverified)',
      20_000,
    );
    const admin: Principal = { userId: `admin-${randomUUID()}`, username: 'admin', roles: ['admin'] };
    await h.command(TalentCommands.verifyExpert, admin, { id: profile.id, verified: true });
    const registered = await waitFor(
      () => book(scholar, tourId).catch(() => undefined),
      'the verification to reach the stations service',
      20_000,
    );
    expect(registered).toMatchObject({ outcome: 'confirmed', booking: { slotId: tourId } });
    expect(registered.booking!.stationId).toBeUndefined();

    // A slot during the tour overlaps it.
    const during = await h.newSlot({ capacity: 3, start: inHours(1.5), end: inHours(3) });
    expect(await refusal(book(scholar, during.id))).toMatchObject({
      status: 409,
      code: 'OVERLAPPING_BOOKING',
    });

    // A medic, verified, is outside the tour's fields.
    const medic = syntheticExpert(41, 'inst-pumch', 'dongcheng');
    const medicProfile = await h.command<ExpertProfile>(TalentCommands.createExpert, medic, {
      name: '赵仁心',
      institution: '北京协和医院',
      title: '主任医师',
      fields: ['medicine'],
      skills: ['全科'],
      bio: '长期参与库区基层医疗帮扶。',
      region: 'dongcheng',
    });
    await h.command(TalentCommands.verifyExpert, admin, { id: medicProfile.id, verified: true });
    await waitFor(
      async () =>
        ((await refusal(book(medic, tourId))) as Error | undefined)?.message?.includes('ecology-water'),
      'the field rule to refuse the medic',
      20_000,
    );

    // Check-in at each stop by the host side (both stop windows open two hours ahead).
    const bookingPath = `/api/v1/bookings/${registered.booking!.id}/check-in`;
    for (const stop of [0, 1]) {
      const checked = await api(h.url, 'POST', bookingPath, { token: t.cadreCounty, body: { stop } });
      expect(checked.status).toBe(200);
    }
    const again = await api(h.url, 'POST', bookingPath, { token: t.cadreCounty, body: { stop: 1 } });
    expect(again.body.checkIns.map((c: { stop: number }) => c.stop)).toEqual([0, 1]);
    expect((await api(h.url, 'POST', bookingPath, { token: t.cadreCounty, body: { stop: 2 } })).status).toBe(
      400,
    );

    // The talent service counts the tour once in the expert's track record, whatever the stops.
    const credited = await waitFor(
      async () => {
        const current = await h.command<ExpertProfile>(TalentCommands.getExpert, admin, { id: profile.id });
        return current.engagements.visits > 0 ? current : undefined;
      },
      'the visit to be credited',
      20_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await h.command<ExpertProfile>(TalentCommands.getExpert, admin, { id: profile.id });
    expect([credited.engagements.visits, after.engagements.visits]).toEqual([1, 1]);
  }, 90_000);

  it('finds open slots across stations by county, field, dates and free seats', async () => {
    const full = await h.newSlot({ capacity: 1, start: inHours(30), end: inHours(31) });
    const open = await h.newSlot({ capacity: 3, start: inHours(40), end: inHours(41) });
    const school = await api(h.url, 'POST', '/api/v1/stations', {
      token: t.admin,
      body: {
        name: '郧阳区教育专家工作站',
        county: 'yunyang',
        hostOrgId: 'edu-yunyang',
        fields: ['education'],
        address: '湖北省十堰市郧阳区教育局',
      },
    });
    const slotBody = { start: inHours(35), end: inHours(36), capacity: 2 };
    // The county cadre of 淅川 cannot add slots in 郧阳: the admin does.
    const foreign = await api(h.url, 'POST', `/api/v1/stations/${school.body.id}/slots`, {
      token: t.cadreCounty,
      body: slotBody,
    });
    expect(foreign.status).toBe(403);
    const made = await api(h.url, 'POST', `/api/v1/stations/${school.body.id}/slots`, {
      token: t.admin,
      body: slotBody,
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
