import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { Producer } from 'kafkajs';
import { createKafka, OutboxRelay } from '@qingshui/messaging';
import { EXPERT_MODEL, type ExpertDocument } from './experts/expert.schema';
import { CHALLENGE_MODEL, type ChallengeDocument } from './challenges/challenge.schema';
import { TALENT_CONFIG } from './tokens';
import type { TalentConfig } from './config';
import { Inject } from '@nestjs/common';

/** Runs the outbox relay for the service's aggregates, publishing with an idempotent producer. */
@Injectable()
export class OutboxRelayService implements OnModuleInit, OnApplicationShutdown {
  private producer: Producer | undefined;
  private relay: OutboxRelay | undefined;

  constructor(
    @Inject(TALENT_CONFIG) private readonly config: TalentConfig,
    @InjectModel(EXPERT_MODEL) private readonly experts: Model<ExpertDocument>,
    @InjectModel(CHALLENGE_MODEL) private readonly challenges: Model<ChallengeDocument>,
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
      models: [this.experts, this.challenges],
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
