import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { bearerTokenOf, TokenVerifier } from '@qingshui/auth';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import { correlationIdOf } from './correlation';

/**
 * Fixed-window limits, counted in Redis so that every gateway instance shares them: per user for
 * signed-in calls (a whole office behind one address is not one client), per address for the
 * others (and for tokens that do not verify). If Redis is down, an in-memory limiter per instance
 * takes over rather than failing open. Every answer says where the caller stands
 * (`RateLimit-Limit`, `-Remaining`, `-Reset`, `RateLimit-Policy`, IETF httpapi draft).
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly limiter: RateLimiterRedis;
  private readonly points: number;
  private readonly policy: string;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(REDIS) redis: Redis,
    private readonly verifier: TokenVerifier,
  ) {
    const { points, durationSeconds, keyPrefix } = config.rateLimit;
    this.points = points;
    this.policy = `${points};w=${durationSeconds}`;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration: durationSeconds,
      insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds }),
    });
  }

  /** Whose budget a request spends: its verified user, else its address. */
  private async clientOf(req: Request): Promise<string> {
    const token = bearerTokenOf(req.headers['authorization']);
    if (token) {
      try {
        return `user:${(await this.verifier.verify(token)).userId}`;
      } catch {
        // Refused later by the guard, with its reason; the attempt counts for the address.
      }
    }
    return `addr:${req.ip ?? 'unknown'}`;
  }

  private headers(res: Response, state: RateLimiterRes): void {
    res.setHeader('RateLimit-Limit', String(this.points));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, state.remainingPoints)));
    res.setHeader('RateLimit-Reset', String(Math.max(0, Math.ceil(state.msBeforeNext / 1000))));
    res.setHeader('RateLimit-Policy', this.policy);
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      this.headers(res, await this.limiter.consume(await this.clientOf(req)));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      this.headers(res, rejection);
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.setHeader('Retry-After', String(retryAfter));
      res.status(429).json({
        status: 429,
        code: 'RATE_LIMITED',
        message: `Too many requests; try again in ${retryAfter} s`,
        correlationId: correlationIdOf(req, res),
      });
    }
  }
}
