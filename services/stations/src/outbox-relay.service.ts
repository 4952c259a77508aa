import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Producer } from 'kafkajs';
import { createKafka, OutboxRelay } from '@qingshui/messaging';
import { STATION_MODEL, type StationDocument } from './stations/station.schema';
import { SLOT_MODEL, type SlotDocument } from './slots/slot.schema';
import { STATIONS_CONFIG } from './tokens';
import type { StationsConfig } from './config';
import { Inject } from '@nestjs/common';

/** Runs the outbox relay for the service's aggregates, publishing with an idempotent producer. */
@Injectable()
export class OutboxRelayService implements OnModuleInit, OnApplicationShutdown {
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(STATIONS_CONFIG) private readonly config: StationsConfig,
    @InjectModel(STATION_MODEL) private readonly stations: Model<StationDocument>,
    @InjectModel(SLOT_MODEL) private readonly slots: Model<SlotDocument>,
    @InjectPinoLogger('outbox') private readonly logger: PinoLogger,
  ) {}

  async onModuleInit(): Promise<void> {
    const kafka = createKafka(
      { ...this.config.kafka, clientId: `${this.config.kafka.clientId}-outbox` },
      this.logger.logger,
    );
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await this.producer.connect();
    this.relay = new OutboxRelay({
      models: [this.stations, this.slots],
      producer: this.producer,
      logger: this.logger.logger,
      pollIntervalMs: this.config.outboxPollMs,
    });
    this.relay.start();
  }

  kick(): void {
    this.relay?.kick();
  }

  get connected(): boolean {
    return this.producer !== undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.producer?.disconnect();
  }
}
