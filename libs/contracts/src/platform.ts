import { z } from 'zod';
import { principalSchema } from './principal';
import { appErrorSchema } from './errors';
import type { Envelope } from './envelope';
import type { AnyCommand, AnyEvent, RecordRoom } from './kit/contract';
import type { Route } from './kit/route';
import type { ExportRoute } from './kit/export';
import { talentDomain } from './talent';
import { stationsDomain } from './stations';
import { fairsDomain } from './fairs';
import { investmentDomain } from './investment';
import { exchangeDomain } from './exchange';

/**
 * Every domain of the platform. The registry below (commands, events, routes, rooms, and the
 * types keyed by name) is derived from this one list; a new domain is one more entry.
 */
export const DOMAINS = [talentDomain, stationsDomain, fairsDomain, investmentDomain, exchangeDomain] as const;

type Commands = (typeof DOMAINS)[number]['commands'][number];
type Events = (typeof DOMAINS)[number]['events'][number];

export type CommandName = Commands['name'];
export type CommandOf<N extends CommandName> = Extract<Commands, { name: N }>;
/** What a caller sends (fields with defaults may be left out). */
export type CommandInput<N extends CommandName> = z.input<CommandOf<N>['request']>;
/** What a handler receives, parsed. */
export type CommandRequest<N extends CommandName> = z.output<CommandOf<N>['request']>;
export type CommandReply<N extends CommandName> = z.output<CommandOf<N>['reply']>;

export type EventTopic = Events['topic'];
export type EventOf<T extends EventTopic> = Extract<Events, { topic: T }>;
export type EventPayload<T extends EventTopic> = z.output<EventOf<T>['payload']>;
/** The envelope of an event of topic T (of one of the topics, correlated with its payload, for a union). */
export type EnvelopeOf<T extends EventTopic> = T extends EventTopic ? Envelope<EventPayload<T>, T> : never;
/** An event to record, checked against its topic's payload. */
export type EventSpec = { [T in EventTopic]: { topic: T; payload: EventPayload<T> } }[EventTopic];

/** Builds an event to record; the payload must be the topic's. */
export function event<T extends EventTopic>(topic: T, payload: EventPayload<T>): EventSpec {
  return { topic, payload } as EventSpec;
}

export const COMMANDS: ReadonlyMap<string, AnyCommand> = new Map(
  DOMAINS.flatMap((d) => d.commands.map((c): [string, AnyCommand] => [c.name, c])),
);
export const EVENTS: ReadonlyMap<string, AnyEvent> = new Map(
  DOMAINS.flatMap((d) => d.events.map((e): [string, AnyEvent] => [e.topic, e as AnyEvent])),
);
/** Every request-reply pattern; each has a `<pattern>.reply` topic. */
export const COMMAND_NAMES = [...COMMANDS.keys()] as CommandName[];
/** Every event topic of the platform; the gateway and consumers subscribe from this list. */
export const EVENT_TOPICS = [...EVENTS.keys()] as EventTopic[];
/** Topics whose latest message per key is the record's whole public state: compacted. */
export const COMPACTED_TOPICS: readonly string[] = [...EVENTS.values()]
  .filter((e) => e.compacted)
  .map((e) => e.topic);
/** Every public route, from the domains' declarations. */
export const ROUTES: readonly Route[] = DOMAINS.flatMap((d) => d.routes);
/** Every declared CSV/XLSX download (a domain lists them as `exports`). */
export const EXPORTS: readonly ExportRoute[] = DOMAINS.flatMap(
  (d) => (d as { exports?: readonly ExportRoute[] }).exports ?? [],
);
/** Record rooms (`<kind>:<id>`) and the read that admits a socket to each. */
export const RECORD_ROOMS: ReadonlyMap<string, RecordRoom> = new Map(
  DOMAINS.flatMap((d) => d.rooms.map((r): [string, RecordRoom] => [r.kind, r])),
);

export function commandContract<N extends CommandName>(name: N): CommandOf<N> {
  const contract = COMMANDS.get(name);
  if (!contract) throw new Error(`No command ${name}`);
  return contract as CommandOf<N>;
}

export function eventContract(topic: string): AnyEvent | undefined {
  return EVENTS.get(topic);
}

export const dlqTopicOf = (topic: string): string => `${topic}.dlq`;
export const replyTopicOf = (pattern: string): string => `${pattern}.reply`;

/** A command as it travels over Kafka: who asks, under which correlation id, and the payload. */
export const commandMessageSchema = z.object({
  correlationId: z.string().min(1),
  principal: principalSchema,
  payload: z.unknown(),
  /** Epoch ms after which the caller no longer waits: the service then does not carry it out. */
  deadline: z.number().int().optional(),
});
export type CommandMessage<P = unknown> = {
  correlationId: string;
  principal: z.infer<typeof principalSchema>;
  payload: P;
  deadline?: number;
};

/** A reply: the data or an error the gateway turns into its HTTP status. */
export const replyMessageSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: appErrorSchema }),
]);
export type ReplyMessage<T = unknown> =
  { ok: true; data: T } | { ok: false; error: z.infer<typeof appErrorSchema> };
