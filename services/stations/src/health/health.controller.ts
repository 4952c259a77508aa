import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { MongoHealthIndicator } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly mongo: MongoHealthIndicator,
    private readonly relay: OutboxRelayService,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.mongo.check(),
      () => {
        const kafka = this.indicators.check('kafka');
        return this.relay.connected ? kafka.up() : kafka.down({ message: 'producer not connected' });
      },
    ]);
  }
}
