import { z } from 'zod';
import {
  COMMANDS,
  COMPACTED_TOPICS,
  DOMAINS,
  EVENTS,
  RECORD_ROOMS,
  ROUTES,
  VERSIONED_NAME,
  createEnvelope,
  defineCommand,
  defineDomain,
  defineEvent,
  route,
  to,
} from './index';

describe('the platform registry, derived from the domains', () => {
  it('names every command and event <service>.<aggregate>.<verb>.v<major>, inside its domain', () => {
    for (const domain of DOMAINS) {
      for (const command of domain.commands) {
        expect(command.name).toMatch(VERSIONED_NAME);
        expect(command.name.startsWith(`${domain.name}.`)).toBe(true);
        expect(COMMANDS.get(command.name)).toBe(command);
      }
      for (const event of domain.events) {
        expect(event.topic).toMatch(VERSIONED_NAME);
        expect(event.topic.startsWith(`${domain.name}.`)).toBe(true);
        expect(EVENTS.get(event.topic)).toBe(event);
      }
    }
    expect(COMMANDS.size).toBe(DOMAINS.reduce((n, d) => n + d.commands.length, 0));
    expect(EVENTS.size).toBe(DOMAINS.reduce((n, d) => n + d.events.length, 0));
  });

  it('gives every event topic a payload schema of its own, not a shared bag of optional fields', () => {
    const schemas = new Map<string, string[]>();
    for (const event of EVENTS.values()) {
      // Shared building blocks are fine; a required field that one topic has and a sibling lacks
      // shows the schemas are per topic.
      const shape = (event.payload as z.ZodObject).shape as Record<string, z.ZodType>;
      const required = Object.entries(shape)
        .filter(([, s]) => !s.safeParse(undefined).success)
        .map(([k]) => k);
      schemas.set(event.topic, required);
    }
    expect(schemas.get('stations.booking.cancelled.v1')).toEqual(['slot', 'booking', 'userId']);
    expect(schemas.get('stations.offer.made.v1')).toEqual(['slot', 'offer', 'userId']);
    expect(schemas.get('stations.slot.created.v1')).toEqual(['slot']);
    expect(schemas.get('talent.challenge.terms-accepted.v1')).toEqual(['challenge', 'userId']);
    expect(schemas.get('talent.challenge.closed.v1')).toEqual(['challenge', 'transition']);
  });

  it('validates an envelope against its topic: the right type, the right payload', () => {
    const event = EVENTS.get('stations.booking.cancelled.v1')!;
    const slot = { id: 's' };
    const envelope = createEnvelope({
      type: 'stations.booking.cancelled.v1',
      key: 's',
      actor: 'u',
      payload: { slot, userId: 'u' },
    });
    // The booking is required for this topic.
    expect(event.envelope.safeParse(envelope).success).toBe(false);
    const wrongType = { ...envelope, type: 'stations.booking.confirmed.v1' };
    expect(event.envelope.safeParse(wrongType).success).toBe(false);
  });

  it('keeps the record-state topics compacted', () => {
    expect(COMPACTED_TOPICS).toEqual(['talent.expert.registered.v1', 'talent.expert.updated.v1']);
  });

  it('routes only commands of the registry, each path and method once', () => {
    const seen = new Set<string>();
    for (const r of ROUTES) {
      expect(COMMANDS.get(r.command.name)).toBe(r.command);
      const key = `${r.method} ${r.path.replace(/:[A-Za-z]+/g, ':')}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(ROUTES.length).toBeGreaterThan(40);
    // Each room kind is declared once (a new domain brings its own).
    expect([...RECORD_ROOMS.keys()].sort()).toEqual(
      DOMAINS.flatMap((d) => d.rooms.map((r) => r.kind)).sort(),
    );
    expect([...RECORD_ROOMS.keys()]).toEqual(
      expect.arrayContaining(['challenge', 'expert', 'slot', 'station']),
    );
  });

  it('refuses declarations that break the rules', () => {
    const request = z.object({ id: z.string() });
    expect(() => defineCommand({ name: 'talent.experts.get', request, reply: request })).toThrow(/v<major>/);
    const ok = defineCommand({ name: 'demo.things.get.v1', request, reply: request });
    expect(() =>
      route(ok, {
        method: 'GET',
        path: '/things/:id',
        tag: 't',
        summary: 's',
        payload: () => ({ id: 'x' }),
        errors: [],
      }),
    ).toThrow(/params schema and path disagree/);
    expect(() => defineDomain({ name: 'other', commands: [ok], events: [], routes: [], rooms: [] })).toThrow(
      /not in domain other/,
    );
    const payload = z.object({ id: z.string() });
    const defined = defineEvent({
      topic: 'demo.thing.made.v1',
      payload,
      audience: ({ id }) => [to.user(id)],
      publicView: { schema: z.strictObject({}), project: () => ({}) },
    });
    expect(defined.envelope.safeParse({}).success).toBe(false);
  });
});
