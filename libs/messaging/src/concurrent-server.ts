import {
  ServerKafka,
  type KafkaContext,
  type KafkaOptions,
  type MessageHandler,
  type OutgoingResponse,
} from '@nestjs/microservices';
import type { RecordMetadata } from '@nestjs/microservices/external/kafka.interface';
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

  /**
   * A reply the broker refuses must not end the service (Nest lets the rejection go unhandled).
   * One too large for a message becomes a 500 saying so, which the caller gets at once; any
   * other failure is logged, and the caller answers 503 at its timeout.
   */
  override async sendMessage(
    message: OutgoingResponse,
    replyTopic: string,
    replyPartition: string | undefined | null,
    correlationId: string,
    context: KafkaContext,
  ): Promise<RecordMetadata[]> {
    try {
      return await super.sendMessage(message, replyTopic, replyPartition, correlationId, context);
    } catch (error) {
      this.logger.error(`reply to ${replyTopic} not sent: ${String(error)}`);
      if ((error as { type?: string }).type !== 'MESSAGE_TOO_LARGE') return [];
      const tooLarge: OutgoingResponse = {
        ...message,
        response: {
          ok: false,
          error: {
            status: 500,
            code: 'INTERNAL',
            message: 'The answer is too large to send in one message; ask for a smaller page',
          },
        },
      };
      return super.sendMessage(tooLarge, replyTopic, replyPartition, correlationId, context).catch(() => []);
    }
  }
}
