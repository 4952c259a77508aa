import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** The envelope every event carries; `id` is the deduplication key for consumers. */
export function envelopeSchema<P extends z.ZodType>(payload: P, type?: string) {
  return z.object({
    id: z.uuid(),
    type: type === undefined ? z.string().min(1) : z.literal(type),
    occurredAt: z.iso.datetime(),
    correlationId: z.string().min(1),
    causationId: z.string().min(1).optional(),
    actor: z.string().min(1),
    /** Kafka key: the aggregate id, so that one aggregate's events stay in order. */
    key: z.string().min(1),
    payload,
  });
}

export interface Envelope<P = unknown, T extends string = string> {
  id: string;
  type: T;
  occurredAt: string;
  correlationId: string;
  causationId?: string;
  actor: string;
  key: string;
  payload: P;
}

export function createEnvelope<P>(input: {
  type: string;
  key: string;
  payload: P;
  actor: string;
  correlationId?: string;
  causationId?: string;
  occurredAt?: Date;
}): Envelope<P> {
  return {
    id: randomUUID(),
    type: input.type,
    occurredAt: (input.occurredAt ?? new Date()).toISOString(),
    correlationId: input.correlationId ?? randomUUID(),
    ...(input.causationId ? { causationId: input.causationId } : {}),
    actor: input.actor,
    key: input.key,
    payload: input.payload,
  };
}

/**
 * What a room that may not see who acted receives: the event without its actor and correlation
 * ids, with the event's declared public view as payload.
 */
export type PublicEnvelope<P = unknown, T extends string = string> = Omit<
  Envelope<P, T>,
  'actor' | 'correlationId' | 'causationId'
>;

/** Kafka header names, shared by producers and consumers. */
export const HEADERS = {
  correlationId: 'x-correlation-id',
  eventId: 'x-event-id',
  eventType: 'x-event-type',
  error: 'x-error',
  errorAttempts: 'x-error-attempts',
  originalTopic: 'x-original-topic',
} as const;
