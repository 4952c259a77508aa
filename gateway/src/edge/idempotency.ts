import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import stringify from 'safe-stable-stringify';
import { AppError } from '@qingshui/contracts';
import { LATE_GRACE_MS } from '@qingshui/messaging';
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

/**
 * Thrown by a request's run when its outcome is not known yet (the service answered too late):
 * `cause` goes to the client now; `answer` is the outcome, should the late reply come, which the
 * key then keeps (rejects if it never comes: the key is freed and a retry runs again).
 */
export class PendingOutcome extends Error {
  constructor(
    override readonly cause: unknown,
    readonly answer: Promise<Answer>,
  ) {
    super('outcome pending');
  }
}

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
 * failed on our side (5xx) keeps nothing, so a retry runs again. One whose outcome is unknown
 * (504: the service answered too late) keeps its mark until the late reply comes, and that reply
 * becomes the key's answer; a retry meanwhile waits for it. The running mark is a lease: if
 * the gateway running it dies, a retry takes over once the lease has run out.
 */
@Injectable()
export class Idempotency {
  private readonly leaseSeconds: number;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    // Longer than any answer takes: the command's timeout, then a late reply's wait, with room.
    this.leaseSeconds = Math.ceil((2 * config.kafka.requestTimeoutMs + LATE_GRACE_MS) / 1000) + 5;
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
      if (error instanceof PendingOutcome) {
        // Undecided for now: the mark stays (a retry waits) until the late answer settles it.
        void error.answer.then(
          (late) => this.settle(slot, mark, fingerprint, late),
          () => this.redis.eval(IF_OWNER, 1, slot, mark, '', '0').catch(() => undefined),
        );
        throw error.cause;
      }
      // Not decided (a dependency down, our fault): nothing to replay; the next retry runs again.
      await this.redis.eval(IF_OWNER, 1, slot, mark, '', '0').catch(() => undefined);
      throw error;
    }
    await this.settle(slot, mark, fingerprint, answer);
    return answer;
  }

  private async settle(slot: string, mark: string, fingerprint: string, answer: Answer): Promise<void> {
    const done = JSON.stringify({ state: 'done', fingerprint, answer } satisfies Entry);
    await this.redis.eval(IF_OWNER, 1, slot, mark, done, String(KEEP_SECONDS)).catch(() => undefined);
  }
}
