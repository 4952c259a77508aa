import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { io, type Socket } from 'socket.io-client';
import { infraEnv } from './infra';

/** What a check returns while the awaited state has not come yet. */
type NotYet = undefined | null | false | 0 | '';

/** Polls until the check returns a truthy value, or fails with the description after the timeout. */
export async function waitFor<T>(
  check: () => Promise<T> | T,
  description: string,
  timeoutMs = 10_000,
): Promise<Exclude<Awaited<T>, NotYet>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as Exclude<Awaited<T>, NotYet>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${description}${last ? `: ${String(last)}` : ''}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves with the first `event` on the socket that matches, or rejects after the timeout. */
export function waitForSocketEvent<T = unknown>(
  socket: Socket,
  event: string,
  matches: (data: T) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${event} on socket within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (data: T) => {
      if (!matches(data)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(data);
    };
    socket.on(event, listener);
  });
}

/** Collects what a socket receives under `event`, to assert later that something did NOT arrive. */
export function recordSocketEvents<T = unknown>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (data: T) => seen.push(data));
  return seen;
}

/** A connected Socket.IO client (websocket only); rejects with the server's refusal. */
export function connectSocket(baseUrl: string, token?: string, timeoutMs = 10_000): Promise<Socket> {
  const socket = io(baseUrl, {
    transports: ['websocket'],
    auth: token === undefined ? {} : { token },
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: unknown }) => {
      socket.close();
      reject(error);
    });
  });
}

/** Emits with an acknowledgement and resolves with the server's answer. */
export function emitWithAck<T = unknown>(
  socket: Socket,
  event: string,
  body: unknown,
  timeoutMs = 10_000,
): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, body) as Promise<T>;
}

export interface SeenMessage {
  topic: string;
  key: string | undefined;
  value: string | undefined;
  headers: Record<string, string>;
}

/**
 * Watches Kafka topics from their beginning with a throwaway consumer group, so a test can wait
 * for a message produced before or after it started watching. Given an environment, the topics
 * are that environment's (`<env>.<topic>`) and are reported by their logical names.
 */
export class TopicWatcher {
  readonly seen: SeenMessage[] = [];
  private waiters: { match: (m: SeenMessage) => boolean; resolve: (m: SeenMessage) => void }[] = [];

  private constructor(private readonly consumer: Consumer) {}

  static async start(topics: string[], environment?: string): Promise<TopicWatcher> {
    const prefix = environment ? `${environment}.` : '';
    const kafka = new Kafka({
      clientId: 'test-watcher',
      brokers: infraEnv().kafkaBrokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({
      groupId: `test-watcher-${randomUUID()}`,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
    });
    const watcher = new TopicWatcher(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: topics.map((t) => `${prefix}${t}`), fromBeginning: true });
    const joined = new Promise<void>((resolve) => {
      const off = consumer.on(consumer.events.GROUP_JOIN, () => {
        off();
        resolve();
      });
    });
    await consumer.run({
      eachMessage: async ({ topic, message }) => watcher.record(topic.slice(prefix.length), message),
    });
    await joined;
    return watcher;
  }

  private record(topic: string, message: KafkaMessage): void {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      const first = Array.isArray(value) ? value[0] : value;
      if (first !== undefined) headers[name] = first.toString();
    }
    const seen = { topic, key: message.key?.toString(), value: message.value?.toString(), headers };
    this.seen.push(seen);
    this.waiters = this.waiters.filter((waiter) => {
      if (!waiter.match(seen)) return true;
      waiter.resolve(seen);
      return false;
    });
  }

  waitFor(
    match: (message: SeenMessage) => boolean,
    description: string,
    timeoutMs = 15_000,
  ): Promise<SeenMessage> {
    const already = this.seen.find(match);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no Kafka message ${description} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      this.waiters.push({
        match,
        resolve: (message) => {
          clearTimeout(timer);
          resolve(message);
        },
      });
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}
