import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';

/** Remembers which events a consumer has handled, so redelivered events have no second effect. */
export interface Inbox {
  has(eventId: string): Promise<boolean>;
  markDone(eventId: string): Promise<void>;
}

const DUPLICATE_KEY = 11000;

/** Inbox in the consumer's own database: one document per handled event, keyed by consumer and id. */
export class MongoInbox implements Inbox {
  constructor(
    private readonly connection: Connection,
    private readonly consumer: string,
    private readonly collectionName = 'inbox',
  ) {}

  private get collection() {
    return this.connection.collection<{ _id: string; at: Date }>(this.collectionName);
  }

  async has(eventId: string): Promise<boolean> {
    return (await this.collection.countDocuments({ _id: `${this.consumer}:${eventId}` }, { limit: 1 })) > 0;
  }

  async markDone(eventId: string): Promise<void> {
    try {
      await this.collection.insertOne({ _id: `${this.consumer}:${eventId}`, at: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
  }
}

/** Inbox in Redis for stateless consumers (the gateway); entries expire after `ttlSeconds`. */
export class RedisInbox implements Inbox {
  constructor(
    private readonly redis: Redis,
    /** Unique per environment and consumer (`qs:<env>:inbox:<consumer>`); keys are `<prefix>:<event id>`. */
    private readonly keyPrefix: string,
    private readonly ttlSeconds = 24 * 3600,
  ) {}

  async has(eventId: string): Promise<boolean> {
    return (await this.redis.exists(this.key(eventId))) === 1;
  }

  async markDone(eventId: string): Promise<void> {
    await this.redis.set(this.key(eventId), '1', 'EX', this.ttlSeconds);
  }

  private key(eventId: string): string {
    return `${this.keyPrefix}:${eventId}`;
  }
}
