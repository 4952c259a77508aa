import {
  dueMember,
  entriesOf,
  parseEntry,
  presenceChanged,
  presentPeople,
  type PresenceEntry,
} from './presence.decide';

const NOW = Date.parse('2026-12-02T08:00:00Z');
const entry = (over: Partial<PresenceEntry> = {}): PresenceEntry => ({
  userId: 'u-li',
  name: '李森',
  unit: 'gov-xichuan',
  editing: false,
  sinceMs: NOW - 60_000,
  expiresAtMs: NOW + 20_000,
  ...over,
});

describe('who is present on a record', () => {
  it('lists live entries only: one that expired is gone, whatever instance wrote it', () => {
    const people = presentPeople(
      [entry(), entry({ userId: 'u-wang', name: '王芳', expiresAtMs: NOW }), entry({ userId: 'u-zhao' })],
      NOW,
    );
    expect(people.map((p) => p.userId)).toEqual(['u-li', 'u-zhao']);
  });

  it('counts several tabs of one user as one person, editing if any tab edits, since the first', () => {
    const people = presentPeople(
      [
        entry({ sinceMs: NOW - 5_000 }),
        entry({ sinceMs: NOW - 90_000, editing: true }),
        entry({ sinceMs: NOW - 1_000, expiresAtMs: NOW - 1 }),
      ],
      NOW,
    );
    expect(people).toEqual([
      {
        userId: 'u-li',
        name: '李森',
        unit: 'gov-xichuan',
        editing: true,
        since: new Date(NOW - 90_000).toISOString(),
      },
    ]);
  });

  it('shows the name and unit of the latest tab', () => {
    const [person] = presentPeople(
      [
        entry({ name: 'old', sinceMs: NOW - 9_000 }),
        entry({ name: '李森', unit: null, sinceMs: NOW - 1_000 }),
      ],
      NOW,
    );
    expect(person).toMatchObject({ name: '李森', unit: null, since: new Date(NOW - 9_000).toISOString() });
  });

  it('orders by arrival, then user id, and carries nothing but userId, name, unit, editing, since', () => {
    const people = presentPeople(
      [
        entry({ userId: 'u-b', sinceMs: NOW - 10 }),
        entry({ userId: 'u-a', sinceMs: NOW - 10 }),
        entry({ userId: 'u-c', sinceMs: NOW - 20 }),
      ],
      NOW,
    );
    expect(people.map((p) => p.userId)).toEqual(['u-c', 'u-a', 'u-b']);
    for (const person of people)
      expect(Object.keys(person).sort()).toEqual(['editing', 'name', 'since', 'unit', 'userId']);
  });
});

describe('what changed', () => {
  const before = presentPeople([entry(), entry({ userId: 'u-wang', name: '王芳' })], NOW);

  it('tells the room of an arrival, a departure and an editing mark', () => {
    expect(presenceChanged(before, presentPeople([entry()], NOW))).toBe(true);
    expect(
      presenceChanged(
        before,
        presentPeople([entry(), entry({ userId: 'u-wang', name: '王芳', editing: true })], NOW),
      ),
    ).toBe(true);
    expect(presenceChanged([], before)).toBe(true);
  });

  it('stays quiet when nothing anyone sees changed: a second tab, a refresh', () => {
    const again = presentPeople(
      [
        entry({ expiresAtMs: NOW + 25_000 }),
        entry({ sinceMs: NOW }),
        entry({ userId: 'u-wang', name: '王芳', expiresAtMs: NOW + 25_000 }),
      ],
      NOW,
    );
    expect(presenceChanged(before, again)).toBe(false);
  });
});

describe('stored entries', () => {
  it('reads back what was written and skips what is not an entry', () => {
    const stored = entry({ unit: null });
    expect(parseEntry(JSON.stringify(stored))).toEqual(stored);
    expect(parseEntry('not json')).toBeUndefined();
    expect(parseEntry(JSON.stringify({ ...stored, editing: 'yes' }))).toBeUndefined();
    expect(entriesOf({ a: JSON.stringify(stored), b: '{}' })).toEqual([stored]);
    expect(entriesOf(null)).toEqual([]);
  });

  it('keys the sweeper index by room and socket', () => {
    expect(dueMember('challenge:abc', 'sock-1')).toBe('challenge:abc sock-1');
  });
});
