import {
  Inject,
  Injectable,
  type InjectionToken,
  type OnApplicationShutdown,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { InjectPinoLogger, type PinoLogger } from 'nestjs-pino';
import type { Model } from 'mongoose';
import type { MessagingConfig } from './config';
import { OutboxPublisher } from './outbox-publisher';
import type { OutboxHint } from './outbox';

export interface OutboxRelayHost extends OnModuleInit, OnApplicationShutdown {
  /** Publish now: called after each write that added events (with the document, when known). */
  kick(hint?: OutboxHint): void;
  /** For readiness checks (`ReadinessProbe` of @qingshui/persistence). */
  readonly probeName: string;
  probe(): boolean;
}

/**
 * The Nest provider that runs a service's outbox relay over the models that carry outboxes:
 * `class OutboxRelayService extends outboxRelayService(CONFIG, [MODEL_A, MODEL_B]) {}`.
 */
export function outboxRelayService(configToken: InjectionToken, modelNames: string[]): Type<OutboxRelayHost> {
  @Injectable()
  class OutboxRelay implements OutboxRelayHost {
    readonly probeName = 'kafka';
    private readonly publisher: OutboxPublisher;

    constructor(
      config: { kafka: MessagingConfig; outboxPollMs: number },
      logger: PinoLogger,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- models of any document type
      ...models: Model<any>[]
    ) {
      this.publisher = new OutboxPublisher({
        kafka: config.kafka,
        models,
        logger: logger.logger,
        pollIntervalMs: config.outboxPollMs,
      });
    }

    onModuleInit(): Promise<void> {
      return this.publisher.start();
    }

    kick(hint?: OutboxHint): void {
      this.publisher.kick(hint);
    }

    probe(): boolean {
      return this.publisher.connected;
    }

    onApplicationShutdown(): Promise<void> {
      return this.publisher.stop();
    }
  }
  // Constructor dependencies: the config, the logger, then one model per name.
  const models = modelNames.map((name) => getModelToken(name));
  Reflect.defineMetadata('design:paramtypes', [Object, Object, ...models.map(() => Object)], OutboxRelay);
  Inject(configToken)(OutboxRelay, undefined, 0);
  // Through the decorator, so that nestjs-pino registers a logger for this context.
  InjectPinoLogger('outbox')(OutboxRelay, undefined, 1);
  models.forEach((token, i) => Inject(token)(OutboxRelay, undefined, i + 2));
  return OutboxRelay;
}
