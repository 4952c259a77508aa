import { createEnvelope, EVENTS, EVENT_TOPICS, type AnyEvent, type Principal } from '@qingshui/contracts';
import { EVENT_SAMPLES, PERSONAL_MARKERS } from '@qingshui/testing';
import { decideRoom, deliveriesOf, personalRooms } from './room-policy';

const cadre = (region: string): Principal => ({
  userId: 'c1',
  username: 'c1',
  roles: ['cadre'],
  orgId: `gov-${region}`,
  region,
});
const expert: Principal = {
  userId: 'x1',
  username: 'x1',
  roles: ['expert'],
  orgId: 'inst-bjfu',
  region: 'haidian',
};
const enterprise: Principal = {
  userId: 'e1',
  username: 'e1',
  roles: ['enterprise'],
  orgId: 'ent-x',
  region: 'xichuan',
};
const admin: Principal = { userId: 'a1', username: 'a1', roles: ['admin'] };

/** Rooms whose every member may read what a record's full event says about it. */
const SCOPED = /^(user|org|staff|cadres):/;

const envelopeOf = (topic: string) =>
  createEnvelope({
    type: topic,
    key: 'k',
    actor: 'u-actor',
    correlationId: 'corr-secret',
    causationId: 'cause-secret',
    payload: EVENT_SAMPLES[topic as keyof typeof EVENT_SAMPLES],
  });

describe('room policy', () => {
  it('joins the personal and role-scoped rooms from the token', () => {
    expect(personalRooms(expert)).toEqual(['user:x1', 'org:inst-bjfu', 'region:haidian']);
    expect(personalRooms(enterprise)).toEqual(['user:e1', 'org:ent-x', 'staff:ent-x', 'region:xichuan']);
    expect(personalRooms(cadre('xichuan'))).toEqual([
      'user:c1',
      'org:gov-xichuan',
      'staff:gov-xichuan',
      'region:xichuan',
      'cadres:xichuan',
    ]);
    expect(personalRooms(admin)).toEqual(['user:a1']);
  });

  it('keeps personal and role-scoped rooms for those they are for', () => {
    expect(decideRoom(expert, 'user:x1')).toEqual({ ok: true });
    expect(decideRoom(expert, 'user:someone')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(expert, 'org:gov-xichuan')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(admin, 'org:gov-xichuan')).toEqual({ ok: true });
    // An organisation's experts are members, not its staff.
    expect(decideRoom(expert, 'staff:inst-bjfu')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(enterprise, 'staff:ent-x')).toEqual({ ok: true });
    // The paired district's cadres may watch the county's region room, not its cadres' room.
    expect(decideRoom(cadre('chaoyang'), 'cadres:xichuan')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(cadre('xichuan'), 'cadres:xichuan')).toEqual({ ok: true });
    expect(decideRoom(enterprise, 'cadres:xichuan')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  it('opens a county room to the paired district’s cadres only', () => {
    expect(decideRoom(cadre('chaoyang'), 'region:xichuan')).toEqual({ ok: true });
    expect(decideRoom(cadre('haidian'), 'region:xichuan')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(expert, 'region:danjiangkou')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(cadre('xichuan'), 'pair:chaoyang-xichuan')).toEqual({ ok: true });
    expect(decideRoom(cadre('xixia'), 'pair:chaoyang-xichuan')).toMatchObject({ ok: false });
    expect(decideRoom(cadre('chaoyang'), 'region:atlantis')).toMatchObject({
      ok: false,
      code: 'ROOM_UNKNOWN',
    });
  });

  it('defers the declared record rooms to a read check and refuses the rest', () => {
    for (const kind of ['expert', 'challenge', 'station', 'slot'])
      expect(decideRoom(expert, `${kind}:abc-123`)).toEqual({ ok: 'check-record', kind, id: 'abc-123' });
    expect(decideRoom(expert, 'expert:../../x')).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
    expect(decideRoom(expert, { room: 'x' })).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
    expect(decideRoom(expert, 'galaxy:1')).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
  });
});

// Derived from the declarations: every event type of the registry, with a sample in which
// personal data is planted, goes through the delivery rules the gateway applies.
describe.each(EVENT_TOPICS.map((topic) => [topic, EVENTS.get(topic)!] as const))(
  'deliveries of %s',
  (topic, contract: AnyEvent) => {
    const envelope = envelopeOf(topic);
    const deliveries = deliveriesOf(contract, envelope);

    it('has a valid sample, and reaches at least one room', () => {
      expect(contract.payload.safeParse(envelope.payload).success).toBe(true);
      expect(deliveries.full.rooms.length + deliveries.public.rooms.length).toBeGreaterThan(0);
    });

    it('sends the full event only to rooms whose members are all entitled (user, org, staff, cadres)', () => {
      for (const room of deliveries.full.rooms) expect(room).toMatch(SCOPED);
      for (const field of contract.internal)
        expect(deliveries.full.envelope.payload).not.toHaveProperty(field);
      expect(deliveries.full.envelope.actor).toBe('u-actor');
    });

    it('sends every other room the declared public view: no actor, no correlation, no personal data', () => {
      const { envelope: open, rooms } = deliveries.public;
      for (const room of rooms) expect(deliveries.full.rooms).not.toContain(room);
      expect(Object.keys(open).sort()).toEqual(['id', 'key', 'occurredAt', 'payload', 'type']);
      expect(contract.publicView.schema.safeParse(open.payload).success).toBe(true);
      const text = JSON.stringify(open);
      for (const marker of [...PERSONAL_MARKERS, 'u-actor', 'corr-secret', 'cause-secret'])
        expect(text).not.toContain(marker);
    });

    it('tells single users only in their own rooms', () => {
      for (const notice of deliveries.notices) expect(notice.room).toMatch(/^user:/);
    });
  },
);

describe('the deliveries the issue found leaking', () => {
  it('a county’s region room hears a booking was cancelled, not who booked nor why', () => {
    const { full, public: open } = deliveriesOf(
      EVENTS.get('stations.booking.cancelled.v1')!,
      envelopeOf('stations.booking.cancelled.v1'),
    );
    expect(full.rooms).not.toContain('region:xichuan');
    expect(open.rooms).toEqual(
      expect.arrayContaining(['region:xichuan', 'slot:slot-1', 'station:station-1']),
    );
    expect(open.envelope.payload).toEqual({ slot: expect.objectContaining({ seatsTaken: 3 }) });
    expect(full.rooms).toEqual(
      expect.arrayContaining(['user:u-booker', 'staff:gov-xichuan', 'cadres:xichuan']),
    );
  });

  it('a challenge’s watchers and regions hear an application came, not from whom', () => {
    const { full, public: open } = deliveriesOf(
      EVENTS.get('talent.application.submitted.v1')!,
      envelopeOf('talent.application.submitted.v1'),
    );
    expect(open.rooms).toEqual(
      expect.arrayContaining([
        'challenge:challenge-1',
        'region:xichuan',
        'region:chaoyang',
        'cadres:chaoyang',
      ]),
    );
    expect(full.rooms.sort()).toEqual(['staff:ent-qushou-agri', 'user:u-applicant']);
    expect(open.envelope.payload).toEqual({ challenge: expect.objectContaining({ applicationCount: 1 }) });
  });

  it('a draft reaches those concerned only: never the regions’ rooms', () => {
    const { full, public: open } = deliveriesOf(
      EVENTS.get('talent.challenge.created.v1')!,
      envelopeOf('talent.challenge.created.v1'),
    );
    expect([...full.rooms, ...open.rooms].filter((r) => r.startsWith('region:'))).toEqual([]);
    expect(open.rooms).toEqual(['challenge:challenge-1']);
  });

  it('tells each waiting expert their place when the line moved, and keeps the line out of rooms', () => {
    const { full, notices } = deliveriesOf(
      EVENTS.get('stations.waitlist.left.v1')!,
      envelopeOf('stations.waitlist.left.v1'),
    );
    expect(notices).toEqual([
      {
        room: 'user:u-waiting-1',
        event: 'stations.waitlist.position',
        data: { slotId: 'slot-1', position: 1 },
      },
      {
        room: 'user:u-waiting-2',
        event: 'stations.waitlist.position',
        data: { slotId: 'slot-1', position: 2 },
      },
    ]);
    expect(full.envelope.payload).not.toHaveProperty('waitlist');
  });
});
