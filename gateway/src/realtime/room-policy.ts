import {
  hasRole,
  TalentEvents,
  type Envelope,
  type ExpertProfile,
  type Principal,
} from '@qingshui/contracts';
import { arePaired, isRegionId, pairOf } from '@qingshui/regions';

export type RoomDecision =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'ROOM_UNKNOWN'; message: string }
  /** Allowed if the record exists and the caller may read it: the caller checks with its service. */
  | { ok: 'check-record'; kind: 'expert'; id: string };

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
    default:
      return { ok: false, code: 'ROOM_UNKNOWN', message: `Unknown room kind ${kind}` };
  }
}

function forbidden(message: string): RoomDecision {
  return { ok: false, code: 'FORBIDDEN', message };
}

/** Where an event goes: the record's room and the people and places it concerns. */
export function roomsForEvent(topic: string, envelope: Envelope): string[] {
  switch (topic) {
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
