import {
  DynamicModule,
  Inject,
  RequestMethod,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationShutdown,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Redis } from 'ioredis';
import { AuthGuard, RevokedSessions, TokenVerifier } from '@qingshui/auth';
import type { GatewayConfig } from './config';
import { GATEWAY_CONFIG, METRICS_REGISTRY, REDIS } from './tokens';
import { ErrorFilter } from './common/error.filter';
import { RouteTable } from './common/route-table';
import { correlationIdOf } from './common/correlation';
import { Commands } from './common/command-bus.provider';
import { RateLimitMiddleware } from './common/rate-limit.middleware';
import { EXPORTS, ROUTES } from '@qingshui/contracts';
import { declaredRoutesController, RouteHandler } from './edge/declared-routes';
import { Idempotency } from './edge/idempotency';
import { declaredExportsController, ExportHandler } from './edge/declared-exports';
import { CalendarFeedsController, MyCalendarController } from './stations/calendars.controller';
import { ReferenceController } from './reference/reference.controller';
import { TicketFilesController } from './fairs/ticket-files.controller';
import { ConsoleController } from './console/console.controller';
import { HealthController } from './health/health.controller';
import { createMetricsRegistry, HttpMetricsMiddleware, MetricsController } from './metrics/metrics';
import { RealtimeGateway } from './realtime/realtime.gateway';
import { EventFanoutService } from './realtime/event-fanout.service';
import { PresenceService } from './presence/presence.service';
import { BackchannelLogoutController } from './auth/backchannel-logout.controller';
import { SessionRevocationService } from './auth/session-revocation.service';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

@Module({})
export class AppModule implements NestModule {
  static forRoot(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          // nestjs-pino's default route is the legacy '*', which Nest 11 warns about at start.
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            name: 'gateway',
            level: config.logLevel,
            genReqId: (req, res) => correlationIdOf(req, res),
            customProps: (req) => ({ correlationId: (req as { correlationId?: string }).correlationId }),
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/metrics' || (req.url ?? '').startsWith('/health') },
          },
        }),
        TerminusModule,
      ],
      controllers: [
        // Every public command's route, from its declaration in @qingshui/contracts.
        // Every declared CSV/XLSX download of a list (before the routes: /fairs/export is not /fairs/:id).
        declaredExportsController(EXPORTS),
        declaredRoutesController(ROUTES),
        // What declarations cannot say: iCalendar feeds, reference data, health and metrics.
        MyCalendarController,
        CalendarFeedsController,
        // Tickets as PNG and PDF (QR code, Chinese text).
        TicketFilesController,
        ReferenceController,
        ConsoleController,
        HealthController,
        MetricsController,
        BackchannelLogoutController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        {
          provide: REDIS,
          useFactory: async () => {
            // No offline queue: when Redis is down, callers fail fast (the rate limiter falls back).
            const redis = new Redis(config.redisUrl, {
              lazyConnect: true,
              enableOfflineQueue: false,
              maxRetriesPerRequest: 1,
            });
            await redis.connect();
            return redis;
          },
        },
        { provide: METRICS_REGISTRY, useFactory: createMetricsRegistry },
        // Logged-out Keycloak sessions: the verifier refuses their tokens (shared through Redis).
        { provide: RevokedSessions, useFactory: () => new RevokedSessions() },
        SessionRevocationService,
        {
          provide: TokenVerifier,
          useFactory: (revocations: RevokedSessions) => new TokenVerifier(config.keycloak, { revocations }),
          inject: [RevokedSessions],
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: ErrorFilter },
        RouteTable,
        RedisLifecycle,
        Commands,
        RouteHandler,
        ExportHandler,
        Idempotency,
        RealtimeGateway,
        EventFanoutService,
        PresenceService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
    consumer.apply(RateLimitMiddleware).exclude('health/*path', 'metrics').forRoutes('*path');
  }
}
