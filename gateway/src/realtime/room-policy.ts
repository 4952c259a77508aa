import {
  ApplicationEvents,
  ChallengeEvents,
  hasRole,
  TalentEvents,
  SlotEvents,
  StationEvents,
  type ApplicationEventPayload,
  type SlotEventPayload,
  type WaitlistPosition,
  type StationEventPayload,
  type ChallengeEventPayload,
  type Envelope,
  type ExpertProfile,
  type Principal,
} from '@qingshui/contracts';
import { arePaired, isRegionId, pairOf } from '@qingshui/regions';

export type RoomDecision =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'ROOM_UNKNOWN'; message: string }
  /** Allowed if the record exists and the caller may read it: the caller checks with its service. */
  | { ok: 'check-record'; kind: 'expert' | 'challenge' | 'station' | 'slot'; id: string };

const ROOM = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;

/** Rooms a socket joins on connection, from its token. */
export function personalRooms(principal: Principal): string[] {
  const rooms = [`user:${principal.userId}`];
  if (principal.orgId) rooms.push(`org:${principal.orgId}`);
  if (principal.region) rooms.push(`region:${principal.region}`);
  return rooms;
}

/**
 * May this principal watch this room? Personal rooms are private; a region's room is open to its
 * own people and to the cadres of the paired region; records open to whoever may read them.
 */
export function decideRoom(principal: Principal, room: unknown): RoomDecision {
  const match = typeof room === 'string' ? ROOM.exec(room) : null;
  if (!match) return { ok: false, code: 'ROOM_UNKNOWN', message: 'A room looks like `expert:<id>`' };
  const [, kind, id] = match as unknown as [string, string, string];
  const admin = hasRole(principal, 'admin');
  switch (kind) {
    case 'user':
      return id === principal.userId || admin ? { ok: true } : forbidden('Only your own user room');
    case 'org':
      return id === principal.orgId || admin ? { ok: true } : forbidden('Only your own organisation’s room');
    case 'region': {
      if (!isRegionId(id)) return { ok: false, code: 'ROOM_UNKNOWN', message: `No region ${id}` };
      if (admin || id === principal.region) return { ok: true };
      const pairedCadre =
        hasRole(principal, 'cadre') && !!principal.region && arePaired(principal.region, id);
      return pairedCadre ? { ok: true } : forbidden('Only your region, or the paired region for its cadres');
    }
    case 'pair': {
      const pair = pairOf(principal.region ?? '');
      if (admin || (hasRole(principal, 'cadre') && pair?.id === id)) return { ok: true };
      return forbidden('Only cadres of the pair');
    }
    case 'expert':
      return { ok: 'check-record', kind: 'expert', id };
    // Published: any authenticated user; never published: poster side, county and paired cadres, admin.
    case 'challenge':
      return { ok: 'check-record', kind: 'challenge', id };
    // Stations and their slots are open to any authenticated user; the room exists if the record does.
    case 'station':
      return { ok: 'check-record', kind: 'station', id };
    case 'slot':
      return { ok: 'check-record', kind: 'slot', id };
    default:
      return { ok: false, code: 'ROOM_UNKNOWN', message: `Unknown room kind ${kind}` };
  }
}

function forbidden(message: string): RoomDecision {
  return { ok: false, code: 'FORBIDDEN', message };
}

const CHALLENGE_TOPICS = new Set<string>(Object.values(ChallengeEvents));
const APPLICATION_TOPICS = new Set<string>(Object.values(ApplicationEvents));
const SLOT_TOPICS = new Set<string>(Object.values(SlotEvents));

/**
 * A challenge's rooms: its own and the poster organisation's; once it was published, also the
 * county's and the paired district's (a draft is not news for a whole region).
 */
function challengeRooms(challenge: ChallengeEventPayload['challenge']): string[] {
  const rooms = [`challenge:${challenge.id}`, `org:${challenge.poster.orgId}`];
  if (challenge.publishedAt) rooms.push(`region:${challenge.county}`, `region:${challenge.pairedDistrict}`);
  return rooms;
}

/** Where an event goes: the record's room and the people and places it concerns. */
/**
 * What anyone watching a slot, tour or station may see of a slot event: the seat counts and the
 * length of the line, never who booked or why. Sent to the record rooms, except to sockets that
 * already get the full event.
 */
export function publicDeliveryForEvent(
  topic: string,
  envelope: Envelope,
): { rooms: string[]; envelope: Envelope } | undefined {
  if (!SLOT_TOPICS.has(topic)) return undefined;
  const { slot } = envelope.payload as SlotEventPayload;
  const rooms = [`slot:${slot.id}`];
  if (slot.stationId) rooms.push(`station:${slot.stationId}`);
  return { rooms, envelope: { ...envelope, payload: { slot } } };
}

/** When a slot event moved the line: each waiting expert's new place, for their own room only. */
export function waitlistPositionsForEvent(
  topic: string,
  envelope: Envelope,
): { room: string; position: WaitlistPosition }[] {
  if (!SLOT_TOPICS.has(topic)) return [];
  const { slot, waitlist } = envelope.payload as SlotEventPayload;
  return (waitlist ?? []).map((userId, i) => ({
    room: `user:${userId}`,
    position: { slotId: slot.id, position: i + 1 },
  }));
}

/** The event as rooms get it: the line of user ids stays in the gateway. */
export function forRooms(topic: string, envelope: Envelope): Envelope {
  if (!SLOT_TOPICS.has(topic) || !(envelope.payload as SlotEventPayload).waitlist) return envelope;
  const { waitlist: _line, ...payload } = envelope.payload as SlotEventPayload;
  return { ...envelope, payload };
}

export function roomsForEvent(topic: string, envelope: Envelope): string[] {
  if (CHALLENGE_TOPICS.has(topic)) {
    const payload = envelope.payload as ChallengeEventPayload;
    const rooms = challengeRooms(payload.challenge);
    if (payload.userId) rooms.push(`user:${payload.userId}`);
    return rooms;
  }
  if (APPLICATION_TOPICS.has(topic)) {
    const { challenge, application } = envelope.payload as ApplicationEventPayload;
    return [...challengeRooms(challenge), ...application.userIds.map((id) => `user:${id}`)];
  }
  if (SLOT_TOPICS.has(topic)) {
    // The full event (bookings, reasons, offers): the expert concerned, the host organisation and
    // the cadres' regions (every county visited and its paired district).
    const { slot, userId } = envelope.payload as SlotEventPayload;
    const rooms = [
      `org:${slot.hostOrgId}`,
      ...slot.counties.map((c) => `region:${c}`),
      ...slot.pairedDistricts.map((d) => `region:${d}`),
    ];
    if (userId) rooms.push(`user:${userId}`);
    return [...new Set(rooms)];
  }
  switch (topic) {
    case StationEvents.created: {
      const { station } = envelope.payload as StationEventPayload;
      return [
        `station:${station.id}`,
        `org:${station.hostOrgId}`,
        `region:${station.county}`,
        `region:${station.pairedDistrict}`,
      ];
    }
    case TalentEvents.expertRegistered:
    case TalentEvents.expertUpdated: {
      const expert = (envelope.payload as { expert: ExpertProfile }).expert;
      const rooms = [`expert:${expert.id}`, `user:${expert.userId}`, `region:${expert.region}`];
      if (expert.orgId) rooms.push(`org:${expert.orgId}`);
      const pair = pairOf(expert.region);
      if (pair) rooms.push(`pair:${pair.id}`);
      return rooms;
    }
    default:
      return [];
  }
}
