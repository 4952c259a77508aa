import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Redis } from 'ioredis';
import { AppError } from '@qingshui/contracts';
import { RevokedSessions, type LogoutClaims, type Revocation } from '@qingshui/auth';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';

/**
 * How long a revocation is kept: at least the longest access-token lifetime of the realm (900 s
 * today; a client may set its own), since a logged-out session's tokens stay unexpired that long.
 */
export const REVOCATION_TTL_SECONDS = 24 * 60 * 60;
const PURGE_INTERVAL_MS = 60_000;

/** What goes over pub/sub: the revocation, and how long it stays (each instance counts on its own clock). */
interface RevocationMessage {
  sid?: string;
  sub?: string;
  at: number;
  ttlSeconds: number;
}

export type RevocationListener = (revocation: Revocation) => void;

/**
 * The logged-out Keycloak sessions, shared by every gateway instance of every environment that
 * uses the realm: Redis holds one key per revoked session (`qs:kc:<realm>:revoked:sid:<sid>`) or
 * user (`...:sub:<sub>`) with a TTL, and a pub/sub channel (`qs:kc:<realm>:revoked`) tells each
 * instance at once. An instance subscribes, then loads the current set before it serves (and loads
 * it again after a lost connection, for what it missed); the verifier asks the in-memory copy.
 */
@Injectable()
export class SessionRevocationService implements OnModuleInit, OnApplicationShutdown {
  private subscriber: Redis | undefined;
  private readonly listeners: RevocationListener[] = [];
  private purgeTimer: NodeJS.Timeout | undefined;
  private readonly prefix: string;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly revoked: RevokedSessions,
    @InjectPinoLogger('revocations') private readonly logger: PinoLogger,
  ) {
    // The realm's, not the environment's: two environments on one realm both refuse a logged-out session.
    this.prefix = `qs:kc:${config.keycloak.realm}:revoked`;
  }

  get channel(): string {
    return this.prefix;
  }

  async onModuleInit(): Promise<void> {
    const subscriber = this.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
    this.subscriber = subscriber;
    subscriber.on('message', (_channel: string, message: string) => this.heard(message));
    subscriber.on('error', (error: Error) => this.logger.warn({ err: error }, 'revocation channel'));
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    await this.load();
    // After a lost connection ioredis subscribes again; what was published meanwhile is in the keys.
    subscriber.on('ready', () => {
      this.load().catch((error: unknown) => this.logger.warn({ err: error }, 'reloading revocations'));
    });
    this.purgeTimer = setInterval(() => this.revoked.purge(), PURGE_INTERVAL_MS).unref();
  }

  onApplicationShutdown(): void {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    this.subscriber?.disconnect();
  }

  /** Called for every revocation this instance learns (its own and the other instances'). */
  onRevoked(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  /**
   * Records a back-channel logout: the session (by `sid`), or every session of the user issued until
   * the logout (by `sub`) when it names no session. Shared first, so that an answer of 200 means
   * every instance refuses the session; 503 when Redis does not answer.
   */
  async revoke(claims: LogoutClaims): Promise<Revocation> {
    const message: RevocationMessage = claims.sid
      ? {
          sid: claims.sid,
          ...(claims.sub ? { sub: claims.sub } : {}),
          at: claims.iat,
          ttlSeconds: REVOCATION_TTL_SECONDS,
        }
      : { sub: claims.sub!, at: claims.iat, ttlSeconds: REVOCATION_TTL_SECONDS };
    const key = message.sid ? `${this.prefix}:sid:${message.sid}` : `${this.prefix}:sub:${message.sub}`;
    const json = JSON.stringify(message);
    try {
      const results = await this.redis
        .multi()
        .set(key, json, 'EX', REVOCATION_TTL_SECONDS)
        .publish(this.channel, json)
        .exec();
      const failed = results?.find(([error]) => error);
      if (!results || failed) throw failed?.[0] ?? new Error('transaction discarded');
    } catch (error) {
      this.logger.error({ err: error, sid: message.sid, sub: message.sub }, 'cannot record a logout');
      throw new AppError(
        503,
        'DEPENDENCY_UNAVAILABLE',
        'Cannot record the logout now: Redis does not answer',
      );
    }
    return this.apply(message);
  }

  private heard(raw: string): void {
    try {
      const message = JSON.parse(raw) as RevocationMessage;
      if (typeof message.at !== 'number' || typeof message.ttlSeconds !== 'number') return;
      if (typeof message.sid !== 'string' && typeof message.sub !== 'string') return;
      this.apply(message);
    } catch (error) {
      this.logger.warn({ err: error }, 'unreadable revocation message');
    }
  }

  private apply(message: RevocationMessage): Revocation {
    const revocation = revocationOf(message, message.ttlSeconds * 1000);
    this.revoked.add(revocation);
    for (const listener of this.listeners) {
      try {
        listener(revocation);
      } catch (error) {
        this.logger.warn({ err: error }, 'revocation listener failed');
      }
    }
    return revocation;
  }

  /** Reads every revocation the realm has in Redis into the in-memory set. */
  private async load(): Promise<void> {
    let cursor = '0';
    let count = 0;
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.get(key).pttl(key);
      const results = (await pipeline.exec()) ?? [];
      for (let i = 0; i < keys.length; i += 1) {
        const [, value] = results[2 * i] ?? [];
        const [, ttl] = results[2 * i + 1] ?? [];
        if (typeof value !== 'string' || typeof ttl !== 'number' || ttl <= 0) continue;
        try {
          this.revoked.add(revocationOf(JSON.parse(value) as RevocationMessage, ttl));
          count += 1;
        } catch {
          /* not one of ours */
        }
      }
    } while (cursor !== '0');
    this.logger.debug({ count }, 'revocations loaded');
  }
}

function revocationOf(message: RevocationMessage, ttlMs: number): Revocation {
  return {
    ...(message.sid ? { sid: message.sid } : {}),
    ...(message.sub ? { sub: message.sub } : {}),
    at: message.at,
    expiresAtMs: Date.now() + ttlMs,
  };
}
