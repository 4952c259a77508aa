import type { Consumer, Kafka, KafkaMessage, Producer, IHeaders } from 'kafkajs';
import type { Logger } from 'pino';
import { dlqTopicOf, eventContract, HEADERS, type EnvelopeOf, type EventTopic } from '@qingshui/contracts';
import type { Inbox } from './inbox';
import type { MessagingConfig } from './config';
import { createKafka } from './kafka';
import { scoped, unscoped } from './topics';

export interface EventContext {
  /** The event's topic as contracts name it (without the environment). */
  topic: EventTopic;
  partition: number;
  offset: string;
  logger: Logger;
}

/** Handles the events of the topics subscribed; `envelope.type` tells them apart (and narrows the payload). */
export type EventHandler<T extends EventTopic = EventTopic> = (
  envelope: EnvelopeOf<T>,
  context: EventContext,
) => Promise<void>;

export interface EventConsumerOptions<T extends EventTopic = EventTopic> {
  kafka: Kafka;
  /** Used for dead-lettering; shared with the app's other producers. */
  producer: Producer;
  /** The environment whose topics and consumer groups these are. */
  environment: string;
  groupId: string;
  topics: readonly T[];
  handler: EventHandler<T>;
  logger: Logger;
  inbox?: Inbox;
  /** Attempts per message before it goes to `<topic>.dlq`. */
  maxAttempts?: number;
  retryBackoffMs?: number;
  concurrency?: number;
  fromBeginning?: boolean;
}

export type DeliveryOutcome = 'handled' | 'duplicate' | 'dead-lettered';

/**
 * A Kafka consumer with the guarantees the platform needs: every payload validated against its
 * contract, duplicates skipped through the inbox, bounded retries with backoff, and then the
 * message parked on `<topic>.dlq` with the error, so one bad message never blocks a partition.
 */
export class EventConsumer<T extends EventTopic = EventTopic> {
  private consumer: Consumer | undefined;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly groupId: string;
  private readonly topics: string[];

  constructor(private readonly options: EventConsumerOptions<T>) {
    this.groupId = scoped(options.environment, options.groupId);
    this.topics = options.topics.map((topic) => scoped(options.environment, topic));
    this.maxAttempts = options.maxAttempts ?? 5;
    this.backoffMs = options.retryBackoffMs ?? 200;
  }

  async start(): Promise<void> {
    const { kafka, concurrency, fromBeginning } = this.options;
    const { groupId, topics } = this;
    let startOffsets = new Map<string, Map<number, string>>();
    if (!fromBeginning) {
      try {
        startOffsets = await this.uncommittedEndOffsets();
      } catch (error) {
        // Without the snapshot a new group starts at "latest" on its first fetch: still correct
        // for every message produced after that, so a slow broker must not stop the consumer.
        this.options.logger.warn({ err: error, groupId }, 'no start offsets; starting at latest');
      }
    }
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      rebalanceTimeout: 10_000,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics, fromBeginning: fromBeginning ?? false });
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
        off();
        for (const [topic, partitions] of Object.entries(payload.memberAssignment)) {
          for (const partition of partitions) {
            const offset = startOffsets.get(topic)?.get(partition);
            if (offset !== undefined) consumer.seek({ topic, partition, offset });
          }
        }
        resolve();
      });
    });
    await consumer.run({
      partitionsConsumedConcurrently: concurrency ?? 3,
      eachMessage: async ({ topic, partition, message }) => {
        await this.deliver(topic, partition, message);
      },
    });
    await joined;
  }

  /**
   * A new group resolves "latest" only at its first fetch, so a message produced between start()
   * and that fetch could be skipped. The end offsets of the partitions the group has never
   * committed are taken before subscribing; on the first join the consumer seeks to them, so
   * everything produced after start() began is consumed. Committed positions are left alone.
   */
  private async uncommittedEndOffsets(): Promise<Map<string, Map<number, string>>> {
    const { kafka } = this.options;
    const { groupId, topics } = this;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const snapshot = new Map<string, Map<number, string>>();
      for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
        const uncommitted = new Set(partitions.filter((p) => p.offset === '-1').map((p) => p.partition));
        if (uncommitted.size === 0) continue;
        const ends = await withRetries(async () => {
          // Right after a topic is created its leader may not be known to this client yet.
          await admin.fetchTopicMetadata({ topics: [topic] });
          return admin.fetchTopicOffsets(topic);
        });
        snapshot.set(
          topic,
          new Map(ends.filter((e) => uncommitted.has(e.partition)).map((e) => [e.partition, e.offset])),
        );
      }
      return snapshot;
    } finally {
      await admin.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  /**
   * Handles one message of a (scoped) topic; exposed so the retry and dead-letter rules can be
   * tested directly.
   */
  async deliver(topic: string, partition: number, message: KafkaMessage): Promise<DeliveryOutcome> {
    const correlationId = headerString(message.headers, HEADERS.correlationId);
    const logger = this.options.logger.child({ topic, partition, offset: message.offset, correlationId });
    const name = unscoped(this.options.environment, topic) as T;

    let envelope: EnvelopeOf<T>;
    try {
      const contract = eventContract(name);
      if (!contract) throw new Error(`no contract for topic ${topic}`);
      envelope = contract.envelope.parse(JSON.parse(message.value?.toString() ?? 'null')) as EnvelopeOf<T>;
    } catch (error) {
      // A message that does not match its contract will never succeed: no retries.
      await this.deadLetter(topic, message, error, 1, logger);
      return 'dead-lettered';
    }

    const inbox = this.options.inbox;
    if (inbox && (await inbox.has(envelope.id))) {
      logger.debug({ eventId: envelope.id }, 'duplicate event skipped');
      return 'duplicate';
    }

    let lastError: unknown;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      try {
        await this.options.handler(envelope, { topic: name, partition, offset: message.offset, logger });
        await inbox?.markDone(envelope.id);
        return 'handled';
      } catch (error) {
        lastError = error;
        logger.warn({ err: error, attempt, eventId: envelope.id }, 'event handler failed');
        if (attempt < this.maxAttempts) await sleep(Math.min(this.backoffMs * 2 ** (attempt - 1), 5000));
      }
    }
    await this.deadLetter(topic, message, lastError, this.maxAttempts, logger);
    return 'dead-lettered';
  }

  private async deadLetter(
    topic: string,
    message: KafkaMessage,
    error: unknown,
    attempts: number,
    logger: Logger,
  ): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error);
    logger.error({ reason, attempts }, 'message parked on dead-letter topic');
    await this.options.producer.send({
      topic: dlqTopicOf(topic),
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...message.headers,
            [HEADERS.error]: reason.slice(0, 1000),
            [HEADERS.errorAttempts]: String(attempts),
            [HEADERS.originalTopic]: topic,
          },
        },
      ],
    });
  }
}

export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined ? undefined : first.toString();
}

async function withRetries<T>(attempt: () => Promise<T>, tries = 10): Promise<T> {
  for (let i = 1; ; i += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= tries) throw error;
      await sleep(200 * i);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface ConsumerSubscription {
  stop(): Promise<void>;
}

/**
 * Starts an EventConsumer with its own Kafka client and the producer it dead-letters through,
 * and gives back one handle that stops both: what every consuming component needs.
 */
export async function subscribeEvents<T extends EventTopic>(
  config: MessagingConfig,
  options: Omit<EventConsumerOptions<T>, 'kafka' | 'producer' | 'environment'> & { clientIdSuffix: string },
): Promise<ConsumerSubscription> {
  const { clientIdSuffix, ...consumerOptions } = options;
  const kafka = createKafka({ ...config, clientId: `${config.clientId}-${clientIdSuffix}` }, options.logger);
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  const consumer = new EventConsumer<T>({
    ...consumerOptions,
    environment: config.environment,
    kafka,
    producer,
  });
  try {
    await consumer.start();
  } catch (error) {
    await producer.disconnect();
    throw error;
  }
  return {
    stop: async () => {
      await consumer.stop();
      await producer.disconnect();
    },
  };
}
