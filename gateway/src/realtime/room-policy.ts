import {
  hasRole,
  RECORD_ROOMS,
  type AnyEvent,
  type Envelope,
  type Notice,
  type Principal,
  type PublicEnvelope,
} from '@qingshui/contracts';
import { arePaired, isRegionId, pairOf } from '@qingshui/regions';

export type RoomDecision =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN' | 'ROOM_UNKNOWN'; message: string }
  /** Allowed if the record exists and the caller may read it: the caller checks with its service. */
  | { ok: 'check-record'; kind: string; id: string };

const ROOM = /^([a-z]+):([A-Za-z0-9_-]{1,64})$/;

const isStaff = (principal: Principal) => hasRole(principal, 'enterprise', 'cadre');

/**
 * Rooms a socket joins on connection, from its token: its user, its organisation (and, for its
 * enterprise and cadre accounts, the organisation's staff room), its region (and, for a cadre,
 * the region's cadres room).
 */
export function personalRooms(principal: Principal): string[] {
  const rooms = [`user:${principal.userId}`];
  if (principal.orgId) {
    rooms.push(`org:${principal.orgId}`);
    if (isStaff(principal)) rooms.push(`staff:${principal.orgId}`);
  }
  if (principal.region) {
    rooms.push(`region:${principal.region}`);
    if (hasRole(principal, 'cadre')) rooms.push(`cadres:${principal.region}`);
  }
  return rooms;
}

/**
 * May this principal watch this room? Personal and role-scoped rooms only for those they are
 * for (and admins); a region's room for its own people and the paired region's cadres; a pair's
 * room for its cadres; a record's room for whoever may read the record (its service decides).
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
    case 'staff':
      return (id === principal.orgId && isStaff(principal)) || admin
        ? { ok: true }
        : forbidden('Only your own organisation’s staff');
    case 'cadres':
      return (id === principal.region && hasRole(principal, 'cadre')) || admin
        ? { ok: true }
        : forbidden('Only the cadres of your own region');
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
    default:
      return RECORD_ROOMS.has(kind)
        ? { ok: 'check-record', kind, id }
        : { ok: false, code: 'ROOM_UNKNOWN', message: `Unknown room kind ${kind}` };
  }
}

function forbidden(message: string): RoomDecision {
  return { ok: false, code: 'FORBIDDEN', message };
}

/** What one event sends where: the full event to scoped rooms, the public view to the others. */
export interface Deliveries {
  full: { rooms: string[]; envelope: Envelope };
  public: { rooms: string[]; envelope: PublicEnvelope };
  notices: readonly Notice[];
}

/**
 * The deliveries of an event, from its contract: a room that gets the full event does not also
 * get the public view; the public view carries neither actor nor correlation ids; fields the
 * contract keeps internal (they only steer delivery) reach no room.
 */
export function deliveriesOf(contract: AnyEvent, envelope: Envelope): Deliveries {
  const full = new Set<string>();
  const open = new Set<string>();
  for (const { room, view } of contract.audience(envelope.payload)) (view === 'full' ? full : open).add(room);
  for (const room of full) open.delete(room);
  const payload = { ...(envelope.payload as Record<string, unknown>) };
  for (const field of contract.internal) delete payload[field];
  return {
    full: { rooms: [...full], envelope: { ...envelope, payload } },
    public: {
      rooms: [...open],
      envelope: {
        id: envelope.id,
        type: envelope.type,
        occurredAt: envelope.occurredAt,
        key: envelope.key,
        payload: contract.publicView.project(envelope.payload),
      },
    },
    notices: contract.notices?.(envelope.payload) ?? [],
  };
}
