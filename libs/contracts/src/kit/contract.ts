import { z } from 'zod';
import { envelopeSchema } from '../envelope';

/**
 * Names of commands and events: `<service>.<aggregate>.<verb>.v<major>`, e.g.
 * `talent.experts.get.v1` (a command) or `talent.expert.registered.v1` (an event).
 */
export const VERSIONED_NAME = /^[a-z]+\.[a-z-]+\.[a-z-]+\.v\d+$/;

function assertVersioned(name: string, what: string): void {
  if (!VERSIONED_NAME.test(name))
    throw new Error(`${what} ${name} is not named <service>.<aggregate>.<verb>.v<major>`);
}

/** A request-reply command: its versioned name and the schemas of its request and reply. */
export interface CommandContract<
  N extends string = string,
  Req extends z.ZodType = z.ZodType,
  Rep extends z.ZodType = z.ZodType,
> {
  readonly kind: 'command';
  readonly name: N;
  readonly request: Req;
  readonly reply: Rep;
}
export type AnyCommand = CommandContract<string, z.ZodType, z.ZodType>;

/** Declares a command; the literal name and the schemas' types travel with it everywhere. */
export function defineCommand<const N extends string, Req extends z.ZodType, Rep extends z.ZodType>(spec: {
  name: N;
  request: Req;
  reply: Rep;
}): CommandContract<N, Req, Rep> {
  assertVersioned(spec.name, 'Command');
  return { kind: 'command', name: spec.name, request: spec.request, reply: spec.reply };
}

/**
 * Rooms whose members are all entitled to what they are sent full events about: one user, the
 * members of an organisation, its staff (enterprise and cadre accounts, not affiliated experts),
 * the cadres of a region. Everything else (a region's or a pair's room, a record's room) holds
 * people who may not read the record's private parts, and gets the public view only.
 */
export type ScopedRoom = `user:${string}` | `org:${string}` | `staff:${string}` | `cadres:${string}`;

export type Delivery = { room: ScopedRoom; view: 'full' } | { room: string; view: 'public' };

/** Builders that keep audience declarations short and their room kinds right. */
export const to = {
  user: (id: string): Delivery => ({ room: `user:${id}`, view: 'full' }),
  org: (id: string): Delivery => ({ room: `org:${id}`, view: 'full' }),
  staff: (orgId: string): Delivery => ({ room: `staff:${orgId}`, view: 'full' }),
  cadres: (region: string): Delivery => ({ room: `cadres:${region}`, view: 'full' }),
  /** Any room, public view only. */
  open: (room: string): Delivery => ({ room, view: 'public' }),
};

/** A message only for one user, derived from an event (e.g. a new place in a line). */
export interface Notice {
  room: `user:${string}`;
  event: string;
  data: unknown;
}

/**
 * An event: its topic, its payload schema, and who receives it over Socket.IO. Scoped rooms get
 * the payload (less `internal` fields) with the envelope; open rooms get the declared public view
 * with no actor and no correlation ids.
 */
export interface EventContract<
  T extends string = string,
  P extends z.ZodType = z.ZodType,
  V extends z.ZodType = z.ZodType,
> {
  readonly kind: 'event';
  readonly topic: T;
  readonly payload: P;
  /** The whole message on Kafka: the envelope with `type` fixed to the topic. */
  readonly envelope: z.ZodType;
  readonly audience: (payload: z.output<P>) => readonly Delivery[];
  readonly publicView: { readonly schema: V; readonly project: (payload: z.output<P>) => z.output<V> };
  /** Payload fields that steer delivery but reach no socket. */
  readonly internal: readonly string[];
  readonly notices?: (payload: z.output<P>) => readonly Notice[];
  /** The latest event per key is the record's whole state: the topic is compacted. */
  readonly compacted: boolean;
}
/** Any event, whatever its payload (the registry's element type). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload-typed functions, any payload
export type AnyEvent = EventContract<string, z.ZodType<any>, z.ZodType<any>>;

export function defineEvent<const T extends string, P extends z.ZodType, V extends z.ZodType>(spec: {
  topic: T;
  payload: P;
  audience: (payload: z.output<P>) => readonly Delivery[];
  publicView: { schema: V; project: (payload: z.output<P>) => z.output<V> };
  internal?: readonly (keyof z.output<P> & string)[];
  notices?: (payload: z.output<P>) => readonly Notice[];
  compacted?: boolean;
}): EventContract<T, P, V> {
  assertVersioned(spec.topic, 'Event topic');
  return {
    kind: 'event',
    topic: spec.topic,
    payload: spec.payload,
    envelope: envelopeSchema(spec.payload, spec.topic),
    audience: spec.audience,
    publicView: spec.publicView,
    internal: spec.internal ?? [],
    ...(spec.notices ? { notices: spec.notices } : {}),
    compacted: spec.compacted ?? false,
  };
}

/** A record room (`<kind>:<id>`): watched by whoever the owning service lets read the record. */
export interface RecordRoom {
  readonly kind: string;
  /** The read command whose success (as the caller) admits a socket to the room. */
  readonly read: AnyCommand;
  readonly payload: (id: string) => unknown;
}

export function recordRoom<C extends AnyCommand>(
  kind: string,
  read: C,
  payload: (id: string) => z.input<C['request']>,
): RecordRoom {
  if (!/^[a-z]+$/.test(kind)) throw new Error(`Record room kind ${kind} must be lowercase letters`);
  return { kind, read, payload };
}
