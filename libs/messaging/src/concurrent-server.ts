import { ServerKafka, type KafkaOptions, type MessageHandler } from '@nestjs/microservices';
import type { EachMessagePayload } from '@nestjs/microservices/external/kafka.interface';
import { scoped } from './topics';

/**
 * The services' Kafka command server, in one environment: each handler is subscribed under its
 * environment's topic (`<env>.<command>`), so environments sharing a broker never answer each
 * other's commands.
 *
 * Nest's Kafka server works on one message of a partition at a time: it waits for the handler's
 * answer before taking the next. A service then handles at most `partitions` commands at once,
 * and a burst for one record queues in Kafka instead of reaching the code that would decide it
 * in batches. This server starts each command and takes the next message at once, up to `limit`
 * commands in flight; beyond that it waits (backpressure).
 *
 * Offsets then move on before a command is done, so a crash loses the commands in flight. They
 * are request-reply: the caller answers 503 at its timeout, and the command's deadline keeps a
 * redelivery from carrying it out late.
 */
export class ConcurrentKafkaServer extends ServerKafka {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly limit: number,
    private readonly environment: string,
  ) {
    super(options);
  }

  override addHandler(
    pattern: unknown,
    callback: MessageHandler,
    isEventHandler?: boolean,
    extras?: Record<string, unknown>,
  ): void {
    super.addHandler(scoped(this.environment, String(pattern)), callback, isEventHandler, extras);
  }

  override async handleMessage(payload: EachMessagePayload): Promise<void> {
    while (this.inFlight >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight += 1;
    void super
      .handleMessage(payload)
      .catch((error: unknown) => this.logger.error(`command not handled: ${String(error)}`))
      .finally(() => {
        this.inFlight -= 1;
        this.waiting.shift()?.();
      });
  }
}
