import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import { correlationIdOf } from './correlation';

/**
 * Fixed-window limits per client address, counted in Redis so that every gateway instance shares
 * them. If Redis is down, an in-memory limiter per instance takes over rather than failing open.
 */
@Injectable()
export class RateLimitMiddleware implements NestMiddleware {
  private readonly limiter: RateLimiterRedis;

  constructor(@Inject(GATEWAY_CONFIG) config: GatewayConfig, @Inject(REDIS) redis: Redis) {
    const { points, durationSeconds, keyPrefix } = config.rateLimit;
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration: durationSeconds,
      insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds }),
    });
  }

  async use(req: Request, res: Response, next: NextFunction): Promise<void> {
    try {
      const result = await this.limiter.consume(req.ip ?? 'unknown');
      res.setHeader('RateLimit-Remaining', String(result.remainingPoints));
      next();
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
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
