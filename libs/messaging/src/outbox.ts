import { Schema, type Model } from 'mongoose';
import type { Producer, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { createEnvelope, HEADERS, type Envelope, type EventSpec, type EventTopic } from '@qingshui/contracts';
import { scoped } from './topics';

/** One pending event, stored inside the aggregate document it came from. */
export interface OutboxEntry {
  id: string;
  topic: string;
  key: string;
  envelope: Envelope;
}

export interface OutboxFields {
  outbox: OutboxEntry[];
  /** Indexed flag so the relay finds pending documents without scanning arrays. */
  outboxPending: boolean;
}

/**
 * Adds the outbox to an aggregate's schema. Without multi-document transactions (FerretDB), the
 * only way to commit a write and its events atomically is to keep them in the same document.
 */
export function outboxPlugin(schema: Schema): void {
  schema.add({
    outbox: {
      type: [
        new Schema({ id: String, topic: String, key: String, envelope: Schema.Types.Mixed }, { _id: false }),
      ],
      default: [],
    },
    outboxPending: { type: Boolean, default: false, index: true },
  });
}

export function outboxEntry(topic: EventTopic, envelope: Envelope): OutboxEntry {
  return { id: envelope.id, topic, key: envelope.key, envelope };
}

/** Who caused an event and when: what its envelope says besides the payload. */
export interface EventMeta {
  /** The aggregate's id: the Kafka key, so one aggregate's events stay in order. */
  key: string;
  actor: string;
  correlationId: string;
  causationId?: string;
  occurredAt: Date;
}

/** An outbox entry for an event (its payload checked against its topic by `event(...)`). */
export function eventEntry(spec: EventSpec, meta: EventMeta): OutboxEntry {
  return outboxEntry(
    spec.topic,
    createEnvelope({
      type: spec.topic,
      key: meta.key,
      actor: meta.actor,
      correlationId: meta.correlationId,
      ...(meta.causationId ? { causationId: meta.causationId } : {}),
      payload: spec.payload,
      occurredAt: meta.occurredAt,
    }),
  );
}

/** The update fragment that records an event together with the write it belongs to. */
export function recordEvent(entry: OutboxEntry): {
  $push: { outbox: OutboxEntry };
  $set: { outboxPending: true };
} {
  return { $push: { outbox: entry }, $set: { outboxPending: true } };
}

export function toKafkaMessage(entry: OutboxEntry): Message {
  return {
    key: entry.key,
    value: JSON.stringify(entry.envelope),
    headers: {
      [HEADERS.eventId]: entry.envelope.id,
      [HEADERS.eventType]: entry.envelope.type,
      [HEADERS.correlationId]: entry.envelope.correlationId,
    },
  };
}

/** Which document just got events: the relay reads it by `_id` instead of polling its collection. */
export interface OutboxHint {
  collection: string;
  id: string;
}

export interface OutboxRelayOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  models: Model<any>[];
  /** The environment whose topics the events go to. */
  environment: string;
  producer: Producer;
  logger: Logger;
  /** Safety-net poll for documents whose writer died before kicking the relay. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** Fault injection for tests: called after publishing a document's events, before marking them sent. */
  beforeMark?: (documentId: unknown) => void | Promise<void>;
}

/**
 * Publishes pending events, then removes them from their documents. Publishing happens before
 * marking, so a relay that dies in between publishes again after restart: delivery is
 * at-least-once and consumers deduplicate on the envelope id.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  /** Documents named by kicks since the last drain, by collection. */
  private hints = new Map<string, Set<string>>();
  /** A kick without a hint (or the safety-net poll) asked for a drain of every collection. */
  private full = false;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 200;
  }

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
  }

  /**
   * Ask for a drain now (after a write); coalesces with a drain already running. With a hint only
   * that document is read (by `_id`): on FerretDB any other filter reads the whole collection, so a
   * burst of writes would otherwise scan it once per write. Without one (and on every poll) every
   * pending document of every collection is published.
   */
  kick(hint?: OutboxHint): void {
    if (this.stopped) return;
    if (hint) {
      const ids = this.hints.get(hint.collection) ?? new Set<string>();
      ids.add(hint.id);
      this.hints.set(hint.collection, ids);
    } else this.full = true;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drainLoop().finally(() => {
      this.draining = undefined;
    });
  }

  private async drainLoop(): Promise<void> {
    do {
      this.again = false;
      const full = this.full;
      const hints = this.hints;
      this.full = false;
      this.hints = new Map();
      try {
        if (!full) await this.drainHinted(hints);
        else
          while (!this.stopped && (await this.drainOnce()) >= this.batchSize) {
            /* a full batch: there may be more */
          }
      } catch (error) {
        this.options.logger.error({ err: error }, 'outbox relay: drain failed, will retry');
        return;
      }
    } while (this.again && !this.stopped);
  }

  /** Publishes the events of the documents named by hints, each read by `_id`. */
  private async drainHinted(hints: Map<string, Set<string>>): Promise<void> {
    for (const model of this.options.models) {
      const ids = hints.get(model.collection.collectionName);
      if (!ids) continue;
      const found = await Promise.all(
        [...ids].map((id) =>
          model.collection.findOne({ _id: id, outboxPending: true } as never, { projection: { outbox: 1 } }),
        ),
      );
      const pending = found.filter((doc) => doc !== null) as unknown as PendingDocument[];
      if (pending.length > 0) await this.publishAndMark(model, pending);
    }
  }

  /** Publishes one batch of pending documents; returns how many documents it handled. */
  async drainOnce(): Promise<number> {
    let handled = 0;
    for (const model of this.options.models) {
      const pending = (await model.collection
        .find({ outboxPending: true }, { projection: { outbox: 1 }, limit: this.batchSize })
        .toArray()) as unknown as PendingDocument[];
      handled += await this.publishAndMark(model, pending);
    }
    return handled;
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any document type
  private async publishAndMark(model: Model<any>, pending: PendingDocument[]): Promise<number> {
    let handled = 0;
    {
      const withEvents = pending.filter((doc) => doc.outbox.length > 0);
      if (withEvents.length > 0) {
        // One batch for all documents: order is kept per key, which is what consumers rely on.
        const topicMessages = new Map<string, Message[]>();
        for (const doc of withEvents) {
          for (const entry of doc.outbox) {
            const topic = scoped(this.options.environment, entry.topic);
            const list = topicMessages.get(topic) ?? [];
            list.push(toKafkaMessage(entry));
            topicMessages.set(topic, list);
          }
        }
        await this.options.producer.sendBatch({
          topicMessages: [...topicMessages].map(([topic, messages]) => ({ topic, messages })),
        });
      }
      for (const doc of pending) {
        await this.options.beforeMark?.(doc._id);
        // FerretDB ignores $pull with a condition ({ id: { $in } }) without an error, so remove the
        // entries by exact value, as read; the raw driver keeps them byte-identical (no casting).
        if (doc.outbox.length > 0) {
          await model.collection.updateOne(
            { _id: doc._id } as never,
            { $pullAll: { outbox: doc.outbox } } as never,
          );
        }
        // Clear the flag only if no event arrived meanwhile: the filter states that precondition.
        await model.collection.updateOne(
          { _id: doc._id, outbox: { $size: 0 } } as never,
          { $set: { outboxPending: false } } as never,
        );
        handled += 1;
      }
    }
    return handled;
  }
}

interface PendingDocument {
  _id: unknown;
  outbox: OutboxEntry[];
}
