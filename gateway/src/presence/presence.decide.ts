/**
 * Who is present on a record, decided from what Redis holds and the time: no I/O here, so the
 * rules (expiry by time, one person per user however many tabs, editing if any tab edits) are
 * unit-tested directly (presence.decide.spec.ts).
 */

/** One socket in one record room, as stored (Redis hash field per socket, JSON). */
export interface PresenceEntry {
  userId: string;
  name: string;
  /** The person's unit as the token says it (the organisation id), or null. */
  unit: string | null;
  editing: boolean;
  /** When this socket joined the room (epoch ms). */
  sinceMs: number;
  /** Until when the entry counts without a refresh (epoch ms). */
  expiresAtMs: number;
}

/** One person as a room's members see them: nothing else leaves the gateway. */
export interface PresentPerson {
  userId: string;
  name: string;
  unit: string | null;
  editing: boolean;
  /** ISO time since when the person is on the record (their earliest tab). */
  since: string;
}

/** The message a record room's sockets receive under `presence`. */
export interface PresenceMessage {
  room: string;
  people: PresentPerson[];
  /** Redis' clock at the change (µs): a client keeps the newest message of each room. */
  version: number;
}

/**
 * The people present at `nowMs`: entries not yet expired, one person per user (several tabs or
 * instances are one person), editing if any of their sockets edits, since their earliest join;
 * ordered by arrival, then user id, so that equal states compare equal.
 */
export function presentPeople(entries: Iterable<PresenceEntry>, nowMs: number): PresentPerson[] {
  const byUser = new Map<string, PresenceEntry & { latestMs: number }>();
  for (const entry of entries) {
    if (entry.expiresAtMs <= nowMs) continue;
    const seen = byUser.get(entry.userId);
    if (!seen) {
      byUser.set(entry.userId, { ...entry, latestMs: entry.sinceMs });
      continue;
    }
    seen.editing ||= entry.editing;
    // The name and unit of the latest tab: a token refreshed with a new name shows it.
    if (entry.sinceMs >= seen.latestMs) {
      seen.name = entry.name;
      seen.unit = entry.unit;
      seen.latestMs = entry.sinceMs;
    }
    seen.sinceMs = Math.min(seen.sinceMs, entry.sinceMs);
  }
  return [...byUser.values()]
    .sort((a, b) => a.sinceMs - b.sinceMs || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0))
    .map((p) => ({
      userId: p.userId,
      name: p.name,
      unit: p.unit,
      editing: p.editing,
      since: new Date(p.sinceMs).toISOString(),
    }));
}

/** Whether the room must be told: anyone came, left, started or stopped editing. */
export function presenceChanged(before: readonly PresentPerson[], after: readonly PresentPerson[]): boolean {
  if (before.length !== after.length) return true;
  return before.some((person, i) => {
    const other = after[i]!;
    return (
      person.userId !== other.userId ||
      person.editing !== other.editing ||
      person.name !== other.name ||
      person.unit !== other.unit ||
      person.since !== other.since
    );
  });
}

/** An entry read back from Redis, or undefined for anything that is not one of ours. */
export function parseEntry(raw: string): PresenceEntry | undefined {
  try {
    const value = JSON.parse(raw) as Partial<PresenceEntry>;
    if (
      typeof value.userId !== 'string' ||
      typeof value.name !== 'string' ||
      (value.unit !== null && typeof value.unit !== 'string') ||
      typeof value.editing !== 'boolean' ||
      typeof value.sinceMs !== 'number' ||
      typeof value.expiresAtMs !== 'number'
    )
      return undefined;
    return {
      userId: value.userId,
      name: value.name,
      unit: value.unit,
      editing: value.editing,
      sinceMs: value.sinceMs,
      expiresAtMs: value.expiresAtMs,
    };
  } catch {
    return undefined;
  }
}

/** The entries of a room's hash (HGETALL), the unreadable ones left out. */
export function entriesOf(hash: Record<string, string> | null | undefined): PresenceEntry[] {
  return Object.values(hash ?? {}).flatMap((raw) => parseEntry(raw) ?? []);
}

/** The sweeper's index member of one socket in one room (record rooms hold no space). */
export const dueMember = (room: string, socketId: string): string => `${room} ${socketId}`;
