import { MessagePattern, Payload } from '@nestjs/microservices';
import pino, { type Logger } from 'pino';
import type { CommandName } from '@qingshui/contracts';
import { handleCommand, type CommandHandler } from './rpc';

let commandLogger: Logger | undefined;

/** The logger command handlers log through (set by `startService`). */
export function setCommandLogger(logger: Logger): void {
  commandLogger = logger;
}

function logger(): Logger {
  commandLogger ??= pino({ name: 'commands', level: process.env['LOG_LEVEL'] ?? 'info' });
  return commandLogger;
}

/**
 * Marks a controller method as the handler of a command. The method's types are checked against
 * the command's contract (a wrong payload or reply type does not compile); at run time the
 * message is validated, its deadline honoured and every outcome answered (see `handleCommand`).
 * The service's Kafka server subscribes it in its environment's topic.
 */
export function Handles<N extends CommandName>(name: N) {
  return <M extends CommandHandler<N>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const handler = descriptor.value;
    if (!handler) throw new Error(`@Handles(${name}) must decorate a method`);
    descriptor.value = function (this: unknown, raw: unknown) {
      return handleCommand(name, raw, logger(), (payload, context) => handler.call(this, payload, context));
    } as unknown as M;
    MessagePattern(name)(target, key, descriptor);
    Payload()(target, key, 0);
  };
}
