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

/** A slot or tour called off by the host takes no more bookings, offers or moves. */
export function assertOpen(slot: { status: 'open' | 'cancelled'; cancelReason?: string | undefined }): void {
  if (slot.status === 'cancelled')
    throw new AppError(409, 'CONFLICT', `This was cancelled by the host: ${slot.cancelReason ?? ''}`.trim());
}

export interface WindowFacts {
  opensAt: Date;
  closesAt: Date;
}

export function assertWindowOpen(slot: WindowFacts, now: Date): void {
  if (now.getTime() < slot.opensAt.getTime())
    throw new AppError(409, 'WINDOW_CLOSED', `Booking opens at ${slot.opensAt.toISOString()}`);
  if (now.getTime() >= slot.closesAt.getTime())
    throw new AppError(409, 'WINDOW_CLOSED', `Booking closed at ${slot.closesAt.toISOString()}`);
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
  newId: () => string,
): { state: S; made: Offer[] } {
  let next = state;
  const made: Offer[] = [];
  for (;;) {
    if (next.seatsTaken >= next.capacity) break;
    const entry = next.waitEntries.find((e) => seatRefusal(next, e) === undefined);
    if (!entry) break;
    const offer: Offer = {
      id: newId(),
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
  newId: () => string,
): { state: S; made: Offer[] } {
  const freed = countSeat(state, who, -1);
  return offerFreeSeats(
    { ...freed, seatHolders: freed.seatHolders.filter((u) => u !== who.userId) },
    now,
    ttlSeconds,
    newId,
  );
}

export interface HostFacts {
  county: string;
  /** Every county visited (a tour); a station's single county otherwise. */
  counties?: string[];
  hostOrgId: string;
  cadreUserIds: string[];
}

/**
 * The host side: its cadres, the cadres of the county (of every county a tour visits, who check
 * experts in at their stop), the host or organiser organisation (not its experts), admins.
 */
export function canManage(principal: Principal, host: HostFacts): boolean {
  if (hasRole(principal, 'admin')) return true;
  if (host.cadreUserIds.includes(principal.userId)) return true;
  const counties = host.counties?.length ? host.counties : [host.county];
  if (hasRole(principal, 'cadre') && principal.region && counties.includes(principal.region)) return true;
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

/** A tour is organised by an admin, a cadre of the organiser, or a cadre of a county it visits. */
export function assertMayCreateTour(principal: Principal, organiserOrgId: string, counties: string[]): void {
  if (hasRole(principal, 'admin')) return;
  if (hasRole(principal, 'cadre') && principal.orgId === organiserOrgId) return;
  if (hasRole(principal, 'cadre') && principal.region && counties.includes(principal.region)) return;
  throw AppError.forbidden(
    'Only an admin, a cadre of the organiser or of a county visited may create a tour',
  );
}

export interface EligibilityRule {
  verifiedOnly: boolean;
  fields: string[];
}
export interface ExpertEligibilityFacts {
  verified: boolean;
  fields: string[];
}

/** Why this expert may not register for the tour, or undefined when they may. */
export function eligibilityRefusal(
  rule: EligibilityRule | undefined,
  facts: ExpertEligibilityFacts | null | undefined,
): string | undefined {
  if (!rule || (!rule.verifiedOnly && rule.fields.length === 0)) return undefined;
  if (!facts) return 'This tour is for registered experts: create your expert profile first';
  if (rule.verifiedOnly && !facts.verified) return 'This tour is for verified experts only';
  if (rule.fields.length > 0 && !facts.fields.some((f) => rule.fields.includes(f)))
    return `This tour is for experts in: ${rule.fields.join(', ')}`;
  return undefined;
}

/** How early before a start (or a tour stop's start) the host may check experts in. */
export const CHECK_IN_OPENS_BEFORE_MS = 2 * 3600_000;

/** The interval in which check-in at this stop is open, or an error naming the stop. */
export function checkInWindow(
  slot: { kind: 'slot' | 'tour'; start: Date; end: Date; stops?: { start: string; end: string }[] },
  stop: number,
): Interval {
  if (slot.kind === 'slot') {
    if (stop !== 0) throw AppError.validation([{ field: 'stop', message: 'A slot has only stop 0' }]);
    return { start: new Date(slot.start.getTime() - CHECK_IN_OPENS_BEFORE_MS), end: slot.end };
  }
  const at = slot.stops?.[stop];
  if (!at) throw AppError.validation([{ field: 'stop', message: `This tour has no stop ${stop}` }]);
  return { start: new Date(Date.parse(at.start) - CHECK_IN_OPENS_BEFORE_MS), end: new Date(at.end) };
}

/** When to remind an expert of a start, or undefined when that moment has passed or is off. */
export function reminderTime(start: Date, leadSeconds: number, now: Date): Date | undefined {
  if (leadSeconds <= 0) return undefined;
  const at = new Date(start.getTime() - leadSeconds * 1000);
  return at.getTime() > now.getTime() ? at : undefined;
}

/** A pending booking's decision deadline: the approval time, but never past the start. */
export function decisionDeadline(now: Date, ttlSeconds: number, start: Date): Date {
  return new Date(Math.min(now.getTime() + ttlSeconds * 1000, start.getTime()));
}
