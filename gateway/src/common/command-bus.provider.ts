import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ClientKafka } from '@nestjs/microservices';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  COMMAND_NAMES,
  type CommandInput,
  type CommandName,
  type CommandReply,
  type Principal,
} from '@qingshui/contracts';
import { CommandBus, kafkaTransportOptions } from '@qingshui/messaging';
import { GATEWAY_CONFIG } from '../tokens';
import type { GatewayConfig } from '../config';

/** The gateway's request-reply client: one Kafka client, replies consumed by all instances' group. */
@Injectable()
export class Commands implements OnModuleInit, OnApplicationShutdown {
  private readonly client: ClientKafka;
  private readonly bus: CommandBus;

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @InjectPinoLogger('commands') logger: PinoLogger,
  ) {
    const { options } = kafkaTransportOptions(
      {
        ...config.kafka,
        clientId: `${config.kafka.clientId}-rpc`,
        groupId: `${config.kafka.groupId}-replies`,
      },
      logger.logger,
    );
    this.client = new ClientKafka(options ?? {});
    CommandBus.subscribeReplies(this.client, config.kafka.environment, COMMAND_NAMES);
    this.bus = new CommandBus(this.client, config.kafka.environment, config.kafka.requestTimeoutMs);
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect();
    await this.bus.waitUntilReady(COMMAND_NAMES);
  }

  request<N extends CommandName>(
    name: N,
    principal: Principal,
    payload: CommandInput<N>,
    correlationId: string,
    effect: 'read' | 'write' = 'read',
  ): Promise<CommandReply<N>> {
    return this.bus.request(name, principal, payload, { correlationId, effect });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
