import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Redis } from 'ioredis';
import { EVENT_TOPICS, WAITLIST_POSITION_EVENT } from '@qingshui/contracts';
import { RedisInbox, subscribeEvents, type ConsumerSubscription } from '@qingshui/messaging';
import { GATEWAY_CONFIG, REDIS } from '../tokens';
import type { GatewayConfig } from '../config';
import { RealtimeGateway } from './realtime.gateway';
import { forRooms, publicDeliveryForEvent, roomsForEvent, waitlistPositionsForEvent } from './room-policy';

/**
 * Consumes every platform event and pushes it to the rooms it concerns. All gateway instances
 * share one consumer group, so each event is consumed once and the Redis adapter carries the
 * emit to the sockets held by the other instances.
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
      topics: [...EVENT_TOPICS],
      logger: this.logger.logger,
      inbox: new RedisInbox(this.redis, 'gateway-realtime'),
      concurrency: this.config.kafka.concurrency,
      handler: async (envelope, { topic }) => {
        const rooms = roomsForEvent(topic, envelope);
        if (rooms.length > 0) this.realtime.server.to(rooms).emit(topic, forRooms(topic, envelope));
        const open = publicDeliveryForEvent(topic, envelope);
        if (open) this.realtime.server.to(open.rooms).except(rooms).emit(topic, open.envelope);
        for (const { room, position } of waitlistPositionsForEvent(topic, envelope))
          this.realtime.server.to(room).emit(WAITLIST_POSITION_EVENT, position);
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
