import { randomUUID } from 'node:crypto';
import { AppError, hasRole, type Principal } from '@qingshui/contracts';

// Pure booking rules: seat allocation, caps, overlap, waitlist and offers. No I/O here.

export interface Interval {
  start: Date;
  end: Date;
}

/** Half-open intervals: one stay may end exactly when the next one starts. */
export function overlaps(a: Interval, b: Interval): boolean {
  return a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();
}

export interface Who {
  userId: string;
  orgId?: string | undefined;
  region?: string | undefined;
}

export interface SeatState {
  capacity: number;
  seatsTaken: number;
  maxPerOrg?: number | undefined;
  maxPerRegion?: number | undefined;
  orgCounts: Record<string, number>;
  regionCounts: Record<string, number>;
}

/** Why a seat cannot go to this expert now, or undefined when it can. */
export function seatRefusal(state: SeatState, who: Who): 'full' | 'org-cap' | 'region-cap' | undefined {
  if (state.seatsTaken >= state.capacity) return 'full';
  if (state.maxPerOrg !== undefined && who.orgId && (state.orgCounts[who.orgId] ?? 0) >= state.maxPerOrg)
    return 'org-cap';
  if (
    state.maxPerRegion !== undefined &&
    who.region &&
    (state.regionCounts[who.region] ?? 0) >= state.maxPerRegion
  )
    return 'region-cap';
  return undefined;
}

/** The counters after taking (+1) or freeing (-1) one seat for `who`. */
export function countSeat<S extends SeatState>(state: S, who: Who, delta: 1 | -1): S {
  const orgCounts = { ...state.orgCounts };
  const regionCounts = { ...state.regionCounts };
  if (who.orgId) orgCounts[who.orgId] = Math.max(0, (orgCounts[who.orgId] ?? 0) + delta);
  if (who.region) regionCounts[who.region] = Math.max(0, (regionCounts[who.region] ?? 0) + delta);
  return { ...state, seatsTaken: Math.max(0, state.seatsTaken + delta), orgCounts, regionCounts };
}

export interface WindowFacts {
  opensAt: Date;
  closesAt: Date;
}

export function assertWindowOpen(slot: WindowFacts, now: Date): void {
  if (now.getTime() < slot.opensAt.getTime())
    throw new AppError(409, 'CONFLICT', 'Booking for this slot has not opened yet');
  if (now.getTime() >= slot.closesAt.getTime())
    throw new AppError(409, 'CONFLICT', 'Booking for this slot has closed');
}

export interface Offer extends Who {
  id: string;
  expiresAt: Date;
  createdAt: Date;
}

export interface QueueState extends SeatState {
  waitlist: string[];
  waitEntries: (Who & { at: Date })[];
  offers: Offer[];
  seatHolders: string[];
}

/**
 * Gives every free seat to the first expert in line whose organisation and region caps still
 * allow it, as an offer that holds the seat until `now + ttl`. Experts skipped for a cap keep
 * their place. Returns the new state and the offers made.
 */
export function offerFreeSeats<S extends QueueState>(
  state: S,
  now: Date,
  ttlSeconds: number,
): { state: S; made: Offer[] } {
  let next = state;
  const made: Offer[] = [];
  for (;;) {
    if (next.seatsTaken >= next.capacity) break;
    const entry = next.waitEntries.find((e) => seatRefusal(next, e) === undefined);
    if (!entry) break;
    const offer: Offer = {
      id: randomUUID(),
      userId: entry.userId,
      ...(entry.orgId ? { orgId: entry.orgId } : {}),
      ...(entry.region ? { region: entry.region } : {}),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000),
      createdAt: now,
    };
    next = countSeat(next, entry, 1);
    next = {
      ...next,
      waitlist: next.waitlist.filter((u) => u !== entry.userId),
      waitEntries: next.waitEntries.filter((e) => e.userId !== entry.userId),
      offers: [...next.offers, offer],
      seatHolders: [...next.seatHolders, entry.userId],
    };
    made.push(offer);
  }
  return { state: next, made };
}

/** Frees the seat `who` held (a booking or an offer), then offers free seats down the line. */
export function freeSeat<S extends QueueState>(
  state: S,
  who: Who,
  now: Date,
  ttlSeconds: number,
): { state: S; made: Offer[] } {
  const freed = countSeat(state, who, -1);
  return offerFreeSeats(
    { ...freed, seatHolders: freed.seatHolders.filter((u) => u !== who.userId) },
    now,
    ttlSeconds,
  );
}

export interface HostFacts {
  county: string;
  hostOrgId: string;
  cadreUserIds: string[];
}

/** The host side: its cadres, the county's cadres, the host organisation (not its experts), admins. */
export function canManage(principal: Principal, host: HostFacts): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (host.cadreUserIds.includes(principal.userId)) return true;
  if (hasRole(principal, 'cadre') && principal.region === host.county) return true;
  return !!principal.orgId && principal.orgId === host.hostOrgId && hasRole(principal, 'cadre', 'enterprise');
}

/** A station is created by a cadre of its county, or an admin. */
export function assertMayCreateStation(principal: Principal, county: string): void {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'cadre') && principal.region === county) return;
  throw AppError.forbidden('Only a cadre of the county, or an admin, may create a station there');
}

/** Who a booking is for: the expert from the token (its organisation and region count for caps). */
export function whoOf(principal: Principal): Who {
  if (!hasRole(principal, 'expert')) throw AppError.forbidden('Only experts book slots');
  return {
    userId: principal.userId,
    ...(principal.orgId ? { orgId: principal.orgId } : {}),
    ...(principal.region ? { region: principal.region } : {}),
  };
}
