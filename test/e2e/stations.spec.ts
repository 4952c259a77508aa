import { BookingCommands, type BookResult, type CommandName, type Principal } from '@qingshui/contracts';
import { TopicWatcher, waitFor } from '@qingshui/testing';
import { api } from '../support/platform';
import { checkInvariants, inHours, StationsHarness, syntheticExpert } from '../support/stations';

describe('expert workstations: slots, bookings, waitlist and offers', () => {
  const h = new StationsHarness();
  const t = h.t;
  let url: string;
  const command = <T>(pattern: CommandName, principal: Principal, payload: unknown) =>
    h.command<T>(pattern, principal, payload);
  const newSlot = (body: Record<string, unknown>) => h.newSlot(body);
  const slotDoc = (id: string) => h.slotDoc(id);

  beforeAll(async () => {
    await h.start();
    url = h.url;
  }, 120_000);

  afterAll(() => h.stop());

  it('lets only a cadre of the county (or an admin) create a station, and only experts book', async () => {
    const other = await api(url, 'POST', '/api/v1/stations', {
      token: t.cadreBeijing,
      body: {
        name: '工作站',
        county: 'xichuan',
        hostOrgId: 'gov-x',
        fields: ['medicine'],
        address: '淅川县',
      },
    });
    expect(other.status).toBe(403);
    const slot = await newSlot({ capacity: 2 });
    expect(
      (await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.cadreCounty })).status,
    ).toBe(403);
    const listed = await api(url, 'GET', `/api/v1/stations/${h.stationId}/slots`, { token: t.expert });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).toContain(slot.id);
  });

  it('reports ready only with its database, Kafka producer and job queue answering', async () => {
    const ready = await fetch(`${h.platform.stations!.url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { details: unknown }).details).toEqual({
      mongodb: { status: 'up' },
      kafka: { status: 'up' },
      redis: { status: 'up' },
    });
    expect((await fetch(`${h.platform.stations!.url}/health/live`)).status).toBe(200);
  });

  it('40 simultaneous bookings by distinct experts for 10 seats: exactly 10 confirmed, 30 waitlisted in order', async () => {
    const slot = await newSlot({ capacity: 10 });
    const experts = Array.from({ length: 40 }, (_, i) => syntheticExpert(i));
    const results = await Promise.all(
      experts.map((p) => command<BookResult>(BookingCommands.book, p, { slotId: slot.id })),
    );
    expect(results.filter((r) => r.outcome === 'confirmed')).toHaveLength(10);
    expect(results.filter((r) => r.outcome === 'waitlisted')).toHaveLength(30);
    const positions = results.filter((r) => r.outcome === 'waitlisted').map((r) => r.waitlistPosition);
    expect(new Set(positions).size).toBe(30);
    const doc = await slotDoc(slot.id);
    expect(doc.seatsTaken).toBe(10);
    expect(doc.waitlist).toHaveLength(30);
    checkInvariants(doc);
  }, 120_000);

  it('caps per organisation hold under concurrency', async () => {
    const slot = await newSlot({ capacity: 10, maxPerOrg: 2 });
    const experts = Array.from({ length: 12 }, (_, i) =>
      syntheticExpert(i, i % 2 === 0 ? 'inst-a' : 'inst-b'),
    );
    const results = await Promise.allSettled(
      experts.map((p) => command<BookResult>(BookingCommands.book, p, { slotId: slot.id })),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    expect(ok).toHaveLength(4);
    const doc = await slotDoc(slot.id);
    expect(doc.orgCounts).toMatchObject({ 'inst-a': 2, 'inst-b': 2 });
    checkInvariants(doc, { maxPerOrg: 2 });
  }, 60_000);

  it('30 simultaneous registrations for a 10-seat tour with a cap of 4 per region', async () => {
    const created = await api(url, 'POST', '/api/v1/tours', {
      token: h.t.admin,
      body: {
        title: '库区行·并发报名测试团',
        organiserOrgId: 'bj-coop-office',
        stops: [
          { county: 'xichuan', place: '渠首', start: inHours(600), end: inHours(610) },
          { county: 'xixia', place: '双龙镇', start: inHours(620), end: inHours(630) },
        ],
        capacity: 10,
        maxPerRegion: 4,
      },
    });
    expect(created.status).toBe(201);
    const regions = ['haidian', 'dongcheng', 'chaoyang'];
    const experts = Array.from({ length: 30 }, (_, i) => syntheticExpert(i, `inst-${i}`, regions[i % 3]));
    const results = await Promise.allSettled(
      experts.map((p) => command<BookResult>(BookingCommands.book, p, { slotId: created.body.id })),
    );
    const outcomes = results.map((r) => (r.status === 'fulfilled' ? r.value.outcome : 'refused'));
    // 4 per region × 3 regions would be 12 > 10: the seats run out first, then the line forms.
    expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(10);
    const doc = await slotDoc(created.body.id);
    for (const region of regions) expect(doc.regionCounts[region] ?? 0).toBeLessThanOrEqual(4);
    checkInvariants(doc, { maxPerRegion: 4 });
    expect(doc.waitlist.length + outcomes.filter((o) => o === 'refused').length).toBe(20);
  }, 60_000);

  it('the host calls off a slot: every booking, offer and place in line ends, and nobody books it again', async () => {
    const watcher = await TopicWatcher.start(
      ['stations.slot.cancelled.v1', 'stations.booking.cancelled.v1'],
      h.platform.environment,
    );
    try {
      const slot = await newSlot({ capacity: 2 });
      const [a, b, c, d] = [1, 2, 3, 4].map((i) => syntheticExpert(700 + i));
      const booked = await command<BookResult>(BookingCommands.book, a!, { slotId: slot.id });
      const second = await command<BookResult>(BookingCommands.book, b!, { slotId: slot.id });
      await command(BookingCommands.book, c!, { slotId: slot.id });
      await command(BookingCommands.book, d!, { slotId: slot.id });
      await command(BookingCommands.cancel, b!, { bookingId: second.booking!.id, reason: '另有安排' });
      expect((await slotDoc(slot.id)).offers.map((o) => o.userId)).toEqual([c!.userId]);

      const path = `/api/v1/slots/${slot.id}/cancel`;
      expect((await api(url, 'POST', path, { token: t.expert, body: { reason: '汛期' } })).status).toBe(403);
      expect((await api(url, 'POST', path, { token: t.cadreCounty, body: {} })).status).toBe(400);
      const called = await api(url, 'POST', path, {
        token: t.cadreCounty,
        body: { reason: '汛期防汛任务，驻站顺延' },
      });
      expect(called.body).toMatchObject({
        status: 'cancelled',
        seatsTaken: 0,
        waitlistLength: 0,
        offersOpen: 0,
      });
      const doc = await slotDoc(slot.id);
      expect(doc.bookings.find((x) => x.id === booked.booking!.id)).toMatchObject({
        status: 'cancelled',
        reason: '汛期防汛任务，驻站顺延',
      });
      checkInvariants(doc);
      const calendar = await h.db
        .collection<{ _id: string; holds: unknown[] }>('calendars')
        .findOne({ _id: a!.userId });
      expect(calendar?.holds).toEqual([]);
      expect(
        await command(BookingCommands.book, syntheticExpert(705), { slotId: slot.id }).catch(
          (e: unknown) => e,
        ),
      ).toMatchObject({
        status: 409,
      });
      // Everyone concerned hears of it: the booked expert, the one offered the seat, the one waiting.
      const concerned = () =>
        watcher.seen
          .filter((m) => m.key === slot.id)
          .map((m) => (JSON.parse(m.value ?? '{}') as { payload: { userId?: string } }).payload.userId)
          .filter(Boolean);
      await waitFor(() => concerned().length >= 3, 'the cancellation events');
      expect(concerned().sort()).toEqual(expect.arrayContaining([a!.userId, c!.userId, d!.userId]));
      const schedule = await fetch(`${url}/api/v1/calendars/stations/${h.stationId}/schedule.ics`);
      expect(await schedule.text()).toMatch(
        new RegExp(`UID:slot-${slot.id}@qingshui(?:(?!END:VEVENT)[\\s\\S])*STATUS:CANCELLED`),
      );
    } finally {
      await watcher.stop();
    }
  }, 60_000);

  it('a booking whose caller stopped waiting (a 503) is not carried out', async () => {
    const slot = await newSlot({ capacity: 5 });
    const late = syntheticExpert(901);
    // The caller waits 1 ms: it answers 503 long before the service sees the command.
    const answer = await h
      .command(BookingCommands.book, late, { slotId: slot.id }, 1)
      .catch((error: unknown) => error);
    expect(answer).toMatchObject({ status: 503, code: 'DEPENDENCY_UNAVAILABLE' });
    const onTime = await command<BookResult>(BookingCommands.book, syntheticExpert(902), { slotId: slot.id });
    expect(onTime.outcome).toBe('confirmed');
    // Give the expired command time to arrive (it may sit on another partition): nothing of it stays.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const doc = await slotDoc(slot.id);
    expect(doc.bookings.filter((b) => b.userId === late.userId)).toEqual([]);
    expect(doc.waitlist).not.toContain(late.userId);
    expect(doc.seatsTaken).toBe(1);
  });

  it('one expert firing at many overlapping slots at once gets at most one', async () => {
    const slots = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        newSlot({ capacity: 5, start: inHours(100 + i), end: inHours(110 + i) }),
      ),
    );
    const me = syntheticExpert(999);
    const results = await Promise.allSettled(
      [...slots, ...slots].map((s) => command<BookResult>(BookingCommands.book, me, { slotId: s.id })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const calendar = await h.db
      .collection<{ _id: string; holds: unknown[] }>('calendars')
      .findOne({ _id: me.userId });
    expect(calendar?.holds).toHaveLength(1);
    const docs = await Promise.all(slots.map((s) => slotDoc(s.id)));
    expect(docs.flatMap((d) => d.bookings.filter((b) => b.userId === me.userId))).toHaveLength(1);
  }, 60_000);

  it('approval, rejection with a reason, cancellation and an offer to the first in line, accepted', async () => {
    const slot = await newSlot({ capacity: 1, approvalRequired: true });
    const first = await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.expert });
    expect(first.status).toBe(201);
    expect(first.body.outcome).toBe('pending');
    const second = await api(url, 'POST', `/api/v1/slots/${slot.id}/bookings`, { token: t.expert2 });
    expect(second.body).toMatchObject({ outcome: 'waitlisted', waitlistPosition: 1 });
    // The expert cannot approve; the county cadre rejects with a reason.
    expect(
      (await api(url, 'POST', `/api/v1/bookings/${first.body.booking.id}/approve`, { token: t.expert }))
        .status,
    ).toBe(403);
    const rejected = await api(url, 'POST', `/api/v1/bookings/${first.body.booking.id}/reject`, {
      token: t.cadreCounty,
      body: { reason: '本期名额优先本地急需专业' },
    });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '本期名额优先本地急需专业' });
    const mine = await api(url, 'GET', `/api/v1/slots/${slot.id}`, { token: t.expert2 });
    expect(mine.body.myOffer).toBeDefined();
    const accepted = await api(url, 'POST', `/api/v1/slots/${slot.id}/offer/accept`, { token: t.expert2 });
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('pending');
    const approved = await api(url, 'POST', `/api/v1/bookings/${accepted.body.id}/approve`, {
      token: t.cadreCounty,
    });
    expect(approved.body.status).toBe('confirmed');
    const cancelled = await api(url, 'POST', `/api/v1/bookings/${accepted.body.id}/cancel`, {
      token: t.expert2,
      body: { reason: '临时有手术安排' },
    });
    expect(cancelled.body.status).toBe('cancelled');
    const doc = await slotDoc(slot.id);
    expect(doc.seatsTaken).toBe(0);
    checkInvariants(doc);
  }, 60_000);

  it('an offer expires on the real queue and passes to the next in line', async () => {
    const slot = await newSlot({ capacity: 1, offerTtlSeconds: 2 });
    const [a, b, c] = [syntheticExpert(1), syntheticExpert(2), syntheticExpert(3)];
    const booked = await command<BookResult>(BookingCommands.book, a, { slotId: slot.id });
    await command(BookingCommands.book, b, { slotId: slot.id });
    await command(BookingCommands.book, c, { slotId: slot.id });
    await command(BookingCommands.cancel, a, { bookingId: booked.booking!.id, reason: '行程调整' });
    expect((await slotDoc(slot.id)).offers.map((o) => o.userId)).toEqual([b.userId]);
    const passed = await waitFor(
      async () => {
        const doc = await slotDoc(slot.id);
        return doc.offers[0]?.userId === c.userId ? doc : undefined;
      },
      'the offer passed to the next in line',
      20_000,
    );
    expect(passed.waitlist).toEqual([]);
    checkInvariants(passed);
    const late = await command(BookingCommands.acceptOffer, b, { slotId: slot.id }).catch((e: unknown) => e);
    expect(late).toMatchObject({ status: 404 });
  }, 60_000);
});
