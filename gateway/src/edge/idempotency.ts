import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import stringify from 'safe-stable-stringify';
import { AppError } from '@qingshui/contracts';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';

/** A response as it was first sent: what a replay sends again. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

type Entry =
  | { state: 'pending'; fingerprint: string; owner: string }
  | { state: 'done'; fingerprint: string; answer: Answer };

/** Replaces (or deletes, without a value) the entry only if it is still this owner's running mark. */
const IF_OWNER = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] == '' then return redis.call('del', KEYS[1]) end
redis.call('set', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/** Keys are kept this long per principal (IETF httpapi idempotency-key draft: at least a day). */
const KEEP_SECONDS = 24 * 3600;
const POLL_MS = 25;
const KEY = /^[\x21\x23-\x5b\x5d-\x7e]{1,255}$/;

/** `Idempotency-Key: "…"` (a structured-field string; a bare token is accepted too) → the key. */
export function idempotencyKeyOf(req: Request): string | undefined {
  const header = req.get('idempotency-key');
  if (header === undefined) return undefined;
  const value = header.trim().replace(/^"(.*)"$/, '$1');
  if (!KEY.test(value))
    throw AppError.validation([
      { field: 'Idempotency-Key', message: 'Give 1 to 255 visible ASCII characters, e.g. a UUID in quotes' },
    ]);
  return value;
}

/** What makes two requests the same request: method, path and query, If-Match, and the body's content. */
export function fingerprintOf(req: Request): string {
  return createHash('sha256')
    .update(`${req.method} ${req.originalUrl}\n${req.get('if-match') ?? ''}\n${stringify(req.body ?? null)}`)
    .digest('hex');
}

/**
 * Idempotent retries of state-changing requests (IETF httpapi idempotency-key draft). The first
 * request with a key runs and its answer is kept for 24 hours per principal; the same key with the
 * same request gets that answer again, marked `Idempotent-Replayed: true`; with another request it
 * is a 422; a duplicate that arrives while the first still runs waits for it. A first request that
 * failed on our side (5xx) keeps nothing, so a retry runs again. The running mark is a lease: if
 * the gateway running it dies, a retry takes over once the lease has run out.
 */
@Injectable()
export class Idempotency {
  private readonly leaseSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    // Longer than any answer takes: the command's timeout, with room.
    this.leaseSeconds = Math.ceil(config.kafka.requestTimeoutMs / 1000) * 2 + 5;
  }

  private redisKey(userId: string, key: string): string {
    const hashed = createHash('sha256').update(key).digest('hex');
    return `${this.config.redisPrefix}:idem:${userId}:${hashed}`;
  }

  async once(
    userId: string,
    key: string,
    fingerprint: string,
    run: () => Promise<Answer>,
  ): Promise<{ answer: Answer; replayed: boolean }> {
    const slot = this.redisKey(userId, key);
    const waitUntil = Date.now() + this.leaseSeconds * 1000;
    for (;;) {
      const mark = JSON.stringify({ state: 'pending', fingerprint, owner: randomUUID() } satisfies Entry);
      const taken = await this.redis.set(slot, mark, 'EX', this.leaseSeconds, 'NX');
      if (taken === 'OK')
        return { answer: await this.runOwned(slot, mark, fingerprint, run), replayed: false };
      const raw = await this.redis.get(slot);
      if (raw === null) continue; // the first one failed (or its lease ran out): take over
      const entry = JSON.parse(raw) as Entry;
      if (entry.fingerprint !== fingerprint)
        throw new AppError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'This Idempotency-Key was used for another request',
          [{ field: 'Idempotency-Key', message: 'Use a new key for a new request' }],
        );
      if (entry.state === 'done') return { answer: entry.answer, replayed: true };
      if (Date.now() > waitUntil)
        throw new AppError(
          409,
          'IDEMPOTENCY_KEY_IN_USE',
          'The first request with this Idempotency-Key is still being handled; retry shortly',
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async runOwned(
    slot: string,
    mark: string,
    fingerprint: string,
    run: () => Promise<Answer>,
  ): Promise<Answer> {
    let answer: Answer;
    try {
      answer = await run();
    } catch (error) {
      // Not decided (a dependency down, our fault): nothing to replay; the next retry runs again.
      await this.redis.eval(IF_OWNER, 1, slot, mark, '', '0').catch(() => undefined);
      throw error;
    }
    const done = JSON.stringify({ state: 'done', fingerprint, answer } satisfies Entry);
    await this.redis.eval(IF_OWNER, 1, slot, mark, done, String(KEEP_SECONDS));
    return answer;
  }
}
