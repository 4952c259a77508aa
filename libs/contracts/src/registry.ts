import { z } from 'zod';
import { principalSchema } from './principal';
import { appErrorSchema } from './errors';
import { TalentCommands, TalentEvents, talentCommandSchemas, talentEventSchemas } from './talent';
import {
  ApplicationCommands,
  ApplicationEvents,
  ChallengeCommands,
  ChallengeEvents,
  challengeCommandSchemas,
  challengeEventSchemas,
} from './challenges';
import { MatchingCommands, matchingCommandSchemas } from './matching';
import {
  BookingCommands,
  SlotCommands,
  SlotEvents,
  StationCommands,
  StationEvents,
  TourCommands,
  stationCommandSchemas,
  stationEventSchemas,
} from './stations';

/** Every event topic of the platform; the gateway and consumers subscribe from this list. */
/**
 * Event topics whose latest message per key (the record id) is the record's whole public state:
 * compacted, so a consumer that starts later (a new service, a rebuilt projection) can still read
 * every record, whatever the retention of ordinary topics.
 */
export const COMPACTED_TOPICS: readonly string[] = [
  TalentEvents.expertRegistered,
  TalentEvents.expertUpdated,
];

export const EVENT_TOPICS = [
  ...Object.values(TalentEvents),
  ...Object.values(ChallengeEvents),
  ...Object.values(ApplicationEvents),
  ...Object.values(StationEvents),
  ...Object.values(SlotEvents),
] as const;
export type EventTopic = (typeof EVENT_TOPICS)[number];

/** Every request-reply pattern; each has a `<pattern>.reply` topic. */
export const COMMAND_PATTERNS = [
  ...Object.values(TalentCommands),
  ...Object.values(ChallengeCommands),
  ...Object.values(ApplicationCommands),
  ...Object.values(MatchingCommands),
  ...Object.values(StationCommands),
  ...Object.values(SlotCommands),
  ...Object.values(TourCommands),
  ...Object.values(BookingCommands),
] as const;
export type CommandPattern = (typeof COMMAND_PATTERNS)[number];

export const EVENT_SCHEMAS: Record<EventTopic, z.ZodType> = {
  ...talentEventSchemas,
  ...challengeEventSchemas,
  ...stationEventSchemas,
};
export const COMMAND_SCHEMAS: Record<CommandPattern, { request: z.ZodType; response: z.ZodType }> = {
  ...talentCommandSchemas,
  ...challengeCommandSchemas,
  ...matchingCommandSchemas,
  ...stationCommandSchemas,
};

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
