import { Controller, Get, Inject, OnApplicationShutdown } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import type { Admin } from 'kafkajs';
import { Public } from '@qingshui/auth';
import { createKafka } from '@qingshui/messaging';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';

const CHECK_TIMEOUT_MS = 2000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref(),
    ),
  ]);
}

/** Liveness says the process answers; readiness says Kafka, Redis and Keycloak answer too. */
@ApiExcludeController()
@Public()
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  private admin: Admin | undefined;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('live')
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.probe('kafka', () => this.kafkaAdmin().then((admin) => admin.describeCluster())),
      () => this.probe('redis', () => this.redis.ping()),
      () =>
        this.probe('keycloak', async () => {
          const { url, realm } = this.config.keycloak;
          const response = await fetch(`${url}/realms/${realm}/.well-known/openid-configuration`);
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
        }),
    ]);
  }

  private async probe(key: string, check: () => Promise<unknown>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(check(), CHECK_TIMEOUT_MS);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : 'unreachable' });
    }
  }

  private async kafkaAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = createKafka({
        ...this.config.kafka,
        clientId: `${this.config.kafka.clientId}-health`,
      }).admin();
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.disconnect();
  }
}
