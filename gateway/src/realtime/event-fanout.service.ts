import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Redis } from 'ioredis';
import { EVENT_TOPICS, eventContract } from '@qingshui/contracts';
import { RedisInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import { RealtimeGateway } from './realtime.gateway';
import { deliveriesOf } from './room-policy';

/**
 * Consumes every platform event and pushes it to the rooms its contract names. All gateway
 * instances share one consumer group, so each event is consumed once and the Redis adapter
 * carries the emit to the sockets held by the other instances.
 */
@Injectable()
export class EventFanoutService implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription: ConsumerSubscription | undefined;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly realtime: RealtimeGateway,
    @InjectPinoLogger('fanout') private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await subscribeEvents(this.config.kafka, {
      clientIdSuffix: 'fanout',
      groupId: `${this.config.kafka.groupId}-realtime`,
      topics: EVENT_TOPICS,
      logger: this.logger.logger,
      inbox: new RedisInbox(this.redis, `${this.config.redisPrefix}:inbox:gateway-realtime`),
      concurrency: this.config.kafka.concurrency,
      handler: async (envelope, { topic }) => {
        const contract = eventContract(topic);
        if (!contract) return;
        const { full, public: open, notices } = deliveriesOf(contract, envelope);
        const io = this.realtime.server;
        if (full.rooms.length > 0) io.to(full.rooms).emit(topic, full.envelope);
        if (open.rooms.length > 0) io.to(open.rooms).except(full.rooms).emit(topic, open.envelope);
        for (const { room, event, data } of notices) io.to(room).emit(event, data);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
