import { Controller, Get, type Type } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MongoHealthIndicator } from './module';

/** What readiness asks of a service's parts besides its database. */
export interface ReadinessProbe {
  /** The indicator's name in the health report (kafka, redis). */
  readonly probeName: string;
  /** Resolves when the part answers; rejects or resolves false when it does not. */
  probe(): Promise<boolean> | boolean;
}

/**
 * A service's health controller: `live` answers while the process runs; `ready` checks MongoDB
 * and each probe (the outbox producer, the job queue's Redis, …), given as injectable classes.
 */
export function healthControllerFor(...probes: Type<ReadinessProbe>[]): Type<unknown> {
  @Controller('health')
  class HealthController {
    private readonly parts: ReadinessProbe[];

    constructor(
      private readonly health: HealthCheckService,
      private readonly indicators: HealthIndicatorService,
      private readonly mongo: MongoHealthIndicator,
      ...parts: ReadinessProbe[]
    ) {
      this.parts = parts;
    }

    @Get('live')
    live() {
      return { status: 'ok' };
    }

    @Get('ready')
    @HealthCheck()
    ready() {
      return this.health.check([
        () => this.mongo.check(),
        ...this.parts.map((part) => async () => {
          const indicator = this.indicators.check(part.probeName);
          try {
            return (await part.probe()) ? indicator.up() : indicator.down({ message: 'not connected' });
          } catch (error) {
            return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
          }
        }),
      ]);
    }
  }
  // The probes are constructor dependencies after the three fixed ones.
  Reflect.defineMetadata(
    'design:paramtypes',
    [HealthCheckService, HealthIndicatorService, MongoHealthIndicator, ...probes],
    HealthController,
  );
  return HealthController;
}
