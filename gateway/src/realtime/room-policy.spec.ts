import { createEnvelope, EVENT_TOPICS, type Principal } from '@qingshui/contracts';
import {
  decideRoom,
  forRooms,
  personalRooms,
  publicDeliveryForEvent,
  roomsForEvent,
  waitlistPositionsForEvent,
} from './room-policy';

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
const admin: Principal = { userId: 'a1', username: 'a1', roles: ['admin'] };

describe('room policy', () => {
  it('joins the personal rooms from the token', () => {
    expect(personalRooms(expert)).toEqual(['user:x1', 'org:inst-bjfu', 'region:haidian']);
    expect(personalRooms(admin)).toEqual(['user:a1']);
  });

  it('keeps personal rooms private', () => {
    expect(decideRoom(expert, 'user:x1')).toEqual({ ok: true });
    expect(decideRoom(expert, 'user:someone')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(expert, 'org:gov-xichuan')).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(decideRoom(admin, 'org:gov-xichuan')).toEqual({ ok: true });
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

  it('defers record rooms to a read check and refuses malformed names', () => {
    expect(decideRoom(expert, 'expert:abc-123')).toEqual({
      ok: 'check-record',
      kind: 'expert',
      id: 'abc-123',
    });
    expect(decideRoom(expert, 'expert:../../x')).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
    expect(decideRoom(expert, { room: 'x' })).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
    expect(decideRoom(expert, 'galaxy:1')).toMatchObject({ ok: false, code: 'ROOM_UNKNOWN' });
  });

  it('routes every event topic to at least one room', () => {
    const profile = {
      id: 'e1',
      userId: 'x1',
      orgId: 'inst-bjfu',
      name: '李',
      institution: '北林',
      title: '教授',
      fields: ['ecology-water'],
      skills: [],
      bio: '',
      region: 'haidian',
      version: 1,
      createdAt: '',
      updatedAt: '',
    };
    for (const topic of EVENT_TOPICS.filter((t) => t.startsWith('talent.expert.'))) {
      const envelope = createEnvelope({
        type: topic,
        key: 'e1',
        actor: 'x1',
        payload: { expert: profile, changed: [] },
      });
      expect(roomsForEvent(topic, envelope).length).toBeGreaterThan(0);
    }
    const registered = 'talent.expert.registered.v1';
    const rooms = roomsForEvent(
      registered,
      createEnvelope({ type: registered, key: 'e1', actor: 'x1', payload: { expert: profile } }),
    );
    expect(rooms).toEqual([
      'expert:e1',
      'user:x1',
      'region:haidian',
      'org:inst-bjfu',
      'pair:haidian-danjiangkou',
    ]);
  });

  const challenge = {
    id: 'c1',
    poster: { kind: 'enterprise', orgId: 'ent-qushou-agri', userId: 'u-ent' },
    county: 'xichuan',
    pairedDistrict: 'chaoyang',
  };
  const application = { id: 'a1', userIds: ['x1', 'x2'] };

  it('routes every slot event in full to the host, the regions and the expert; seats only to watchers', () => {
    const slot = {
      id: 's1',
      stationId: 'st1',
      hostOrgId: 'hosp-xichuan',
      county: 'xichuan',
      pairedDistrict: 'chaoyang',
      counties: ['xichuan'],
      pairedDistricts: ['chaoyang'],
      seatsTaken: 3,
    };
    const booking = { id: 'b1', userId: 'x1', reason: 'private' };
    for (const topic of EVENT_TOPICS.filter(
      (t) => t.startsWith('stations.') && t !== 'stations.station.created.v1',
    )) {
      const envelope = createEnvelope({
        type: topic,
        key: 's1',
        actor: 'u',
        payload: { slot, booking, userId: 'x1' },
      });
      expect(roomsForEvent(topic, envelope).sort()).toEqual(
        ['org:hosp-xichuan', 'region:xichuan', 'region:chaoyang', 'user:x1'].sort(),
      );
      const open = publicDeliveryForEvent(topic, envelope);
      expect(open?.rooms).toEqual(['slot:s1', 'station:st1']);
      expect(open?.envelope.payload).toEqual({ slot });
      expect(open?.envelope.id).toBe(envelope.id);
    }
    const tour = {
      ...slot,
      id: 't1',
      stationId: undefined,
      counties: ['xichuan', 'yunyang'],
      pairedDistricts: ['chaoyang', 'dongcheng'],
    };
    const topic = 'stations.booking.confirmed.v1';
    const envelope = createEnvelope({ type: topic, key: 't1', actor: 'u', payload: { slot: tour } });
    expect(roomsForEvent(topic, envelope).sort()).toEqual(
      ['org:hosp-xichuan', 'region:xichuan', 'region:yunyang', 'region:chaoyang', 'region:dongcheng'].sort(),
    );
    expect(publicDeliveryForEvent(topic, envelope)?.rooms).toEqual(['slot:t1']);
    expect(publicDeliveryForEvent('talent.expert.updated.v1', envelope)).toBeUndefined();
    const station = { id: 'st1', hostOrgId: 'hosp-xichuan', county: 'xichuan', pairedDistrict: 'chaoyang' };
    const created = 'stations.station.created.v1';
    expect(
      roomsForEvent(created, createEnvelope({ type: created, key: 'st1', actor: 'u', payload: { station } })),
    ).toEqual(['station:st1', 'org:hosp-xichuan', 'region:xichuan', 'region:chaoyang']);
  });

  it('tells each waiting expert their place when the line moved, and keeps the line out of rooms', () => {
    const topic = 'stations.waitlist.left.v1';
    const slot = { id: 's1', counties: ['xichuan'], pairedDistricts: ['chaoyang'], hostOrgId: 'h' };
    const moved = createEnvelope({
      type: topic,
      key: 's1',
      actor: 'u',
      payload: { slot, waitlist: ['a', 'b'] },
    });
    expect(waitlistPositionsForEvent(topic, moved)).toEqual([
      { room: 'user:a', position: { slotId: 's1', position: 1 } },
      { room: 'user:b', position: { slotId: 's1', position: 2 } },
    ]);
    expect(forRooms(topic, moved).payload).toEqual({ slot });
    const still = createEnvelope({ type: topic, key: 's1', actor: 'u', payload: { slot } });
    expect(waitlistPositionsForEvent(topic, still)).toEqual([]);
    expect(forRooms(topic, still)).toBe(still);
  });

  it('routes every challenge and application topic, drafts only to the challenge and poster rooms', () => {
    for (const topic of EVENT_TOPICS.filter(
      (t) => t.startsWith('talent.') && !t.startsWith('talent.expert.'),
    )) {
      const published = createEnvelope({
        type: topic,
        key: 'c1',
        actor: 'u-ent',
        payload: { challenge: { ...challenge, publishedAt: '2026-01-01T00:00:00Z' }, application },
      });
      expect(roomsForEvent(topic, published)).toEqual(
        expect.arrayContaining(['challenge:c1', 'org:ent-qushou-agri', 'region:xichuan', 'region:chaoyang']),
      );
    }
    const created = 'talent.challenge.created.v1';
    expect(
      roomsForEvent(
        created,
        createEnvelope({ type: created, key: 'c1', actor: 'u', payload: { challenge } }),
      ),
    ).toEqual(['challenge:c1', 'org:ent-qushou-agri']);
    const submitted = 'talent.application.submitted.v1';
    expect(
      roomsForEvent(
        submitted,
        createEnvelope({
          type: submitted,
          key: 'c1',
          actor: 'x1',
          payload: { challenge: { ...challenge, publishedAt: '2026-01-01T00:00:00Z' }, application },
        }),
      ),
    ).toEqual([
      'challenge:c1',
      'org:ent-qushou-agri',
      'region:xichuan',
      'region:chaoyang',
      'user:x1',
      'user:x2',
    ]);
  });

  it('defers challenge rooms to the talent service’s read check', () => {
    expect(decideRoom(expert, 'challenge:c-1')).toEqual({ ok: 'check-record', kind: 'challenge', id: 'c-1' });
    expect(decideRoom(expert, 'slot:s-1')).toEqual({ ok: 'check-record', kind: 'slot', id: 's-1' });
    expect(decideRoom(expert, 'station:st-1')).toEqual({ ok: 'check-record', kind: 'station', id: 'st-1' });
  });
});
