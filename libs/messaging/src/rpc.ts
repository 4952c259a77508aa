import { randomUUID } from 'node:crypto';
import type { ClientKafka } from '@nestjs/microservices';
import type { Logger } from 'pino';
import {
  AppError,
  commandContract,
  commandMessageSchema,
  fieldErrorsOf,
  HEADERS,
  replyMessageSchema,
  type CommandInput,
  type CommandMessage,
  type CommandName,
  type CommandReply,
  type CommandRequest,
  type Principal,
  type ReplyMessage,
} from '@qingshui/contracts';
import { scoped } from './topics';

export interface CommandContext {
  principal: Principal;
  correlationId: string;
  logger: Logger;
  /** Epoch ms after which the caller no longer waits (work queued inside a service checks it). */
  deadline?: number;
}

/** A command handler, typed by the command's name: its parsed request in, its reply out. */
export type CommandHandler<N extends CommandName> = (
  payload: CommandRequest<N>,
  context: CommandContext,
) => Promise<CommandReply<N>>;

/**
 * Service side of request-reply: validates the message and its payload against the contract,
 * skips it if the caller's deadline has passed, runs the handler, and always replies (data or a
 * typed error) so the caller never waits for a reply that will not come. Unexpected errors are
 * logged with the correlation id, not leaked.
 */
export async function handleCommand<N extends CommandName>(
  name: N,
  raw: unknown,
  logger: Logger,
  handler: CommandHandler<N>,
): Promise<ReplyMessage<CommandReply<N>>> {
  const message = commandMessageSchema.safeParse(raw);
  if (!message.success) {
    logger.warn({ pattern: name, issues: message.error.issues }, 'malformed command message');
    return {
      ok: false,
      error: AppError.validation(fieldErrorsOf(message.error), 'Malformed command').toBody(),
    };
  }
  const { correlationId, principal, deadline } = message.data;
  const log = logger.child({ correlationId, pattern: name, actor: principal.userId });
  // The caller gave up (it answered 503): doing it now would be a change nobody was told about.
  if (deadline !== undefined && Date.now() > deadline) {
    log.warn({ lateByMs: Date.now() - deadline }, 'command expired before it was handled; not carried out');
    return {
      ok: false,
      error: {
        status: 503,
        code: 'DEPENDENCY_UNAVAILABLE',
        message: 'The request expired before it was handled',
      },
    };
  }
  const payload = commandContract(name).request.safeParse(message.data.payload);
  if (!payload.success) {
    return { ok: false, error: AppError.validation(fieldErrorsOf(payload.error)).toBody() };
  }
  try {
    const data = await handler(payload.data as CommandRequest<N>, {
      principal,
      correlationId,
      logger: log,
      ...(deadline !== undefined ? { deadline } : {}),
    });
    return { ok: true, data };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, error: error.toBody() };
    log.error({ err: error }, 'command failed');
    return {
      ok: false,
      error: { status: 500, code: 'INTERNAL', message: 'Something went wrong on our side' },
    };
  }
}

/**
 * Caller side of request-reply over the Nest Kafka client, in one environment. A reply that does
 * not come within the timeout becomes a 503 DEPENDENCY_UNAVAILABLE, so the HTTP caller gets an
 * answer and a Retry-After. Payload and reply are typed by the command's name.
 */
export class CommandBus {
  constructor(
    private readonly client: ClientKafka,
    private readonly environment: string,
    private readonly timeoutMs: number,
  ) {}

  /** Must run before `connect()`: the client subscribes to each command's reply topic. */
  static subscribeReplies(client: ClientKafka, environment: string, names: readonly string[]): void {
    for (const name of names) client.subscribeToResponseOf(scoped(environment, name));
  }

  /**
   * Resolves once the reply consumer holds a partition of every reply topic: before that, Nest's
   * client cannot say where the reply should go and refuses to send.
   */
  async waitUntilReady(names: readonly string[], timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const missing = () => {
      const assigned = this.client.getConsumerAssignments();
      return names.filter((n) => assigned[`${scoped(this.environment, n)}.reply`] === undefined);
    };
    while (missing().length > 0) {
      if (Date.now() > deadline) throw new Error(`no reply partition assigned for: ${missing().join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * Sends a command and waits for its reply. A read that gets no answer in time is a 503 (retry:
   * nothing happened). A write that gets none is a 504 `OUTCOME_UNKNOWN` (`OutcomeUnknown`): the
   * service may have started it just before its deadline, so "not done" would be a lie; the
   * error's `late` is the reply, should it still come within `lateMs` (default: the timeout plus `LATE_GRACE_MS`; the Idempotency-Key
   * store keeps it, so that a retry with the same key learns the outcome instead of redoing it).
   */
  async request<N extends CommandName>(
    name: N,
    principal: Principal,
    payload: CommandInput<N>,
    options: { correlationId?: string; timeoutMs?: number; effect?: 'read' | 'write'; lateMs?: number } = {},
  ): Promise<CommandReply<N>> {
    const correlationId = options.correlationId ?? randomUUID();
    const waitMs = options.timeoutMs ?? this.timeoutMs;
    const message: CommandMessage = { correlationId, principal, payload, deadline: Date.now() + waitMs };
    let unsubscribe = () => {};
    const reply = new Promise<unknown>((resolve, reject) => {
      const subscription = this.client
        .send(scoped(this.environment, name), {
          key: correlationId,
          value: message,
          headers: { [HEADERS.correlationId]: correlationId },
        })
        .subscribe({
          next: resolve,
          error: reject,
          complete: () => reject(new Error('the reply stream completed without a reply')),
        });
      unsubscribe = () => subscription.unsubscribe();
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), waitMs);
    });
    let raw: unknown;
    try {
      raw = await Promise.race([reply, timedOut]);
    } catch {
      // Not sent (Kafka unreachable) or refused by the client before it left: nothing happened.
      unsubscribe();
      throw new AppError(
        503,
        'DEPENDENCY_UNAVAILABLE',
        'The service could not be reached; try again shortly',
      );
    } finally {
      clearTimeout(timer);
    }
    if (raw !== TIMED_OUT) {
      unsubscribe();
      return decodeReply<N>(raw);
    }
    if (options.effect !== 'write') {
      unsubscribe();
      throw new AppError(
        503,
        'DEPENDENCY_UNAVAILABLE',
        'The service did not answer in time; try again shortly',
      );
    }
    // A late reply is still routed to this instance while subscribed: listen a while longer.
    const lateMs = options.lateMs ?? waitMs + LATE_GRACE_MS;
    let lateTimer: NodeJS.Timeout | undefined;
    const late = Promise.race([
      reply,
      new Promise<never>((_, reject) => {
        lateTimer = setTimeout(() => reject(new Error('no late reply')), lateMs);
      }),
    ])
      .finally(() => {
        clearTimeout(lateTimer);
        unsubscribe();
      })
      .then((value) => decodeReply<N>(value));
    late.catch(() => undefined);
    throw new OutcomeUnknown(late);
  }
}

const TIMED_OUT = Symbol('timed out');
/**
 * How much longer than its timeout a write's late reply is awaited: a command started just before
 * its deadline has this long to finish for its outcome to be known (and kept for its key).
 */
export const LATE_GRACE_MS = 5000;

/** A reply message as the service sent it → its data, or the AppError it carries. */
function decodeReply<N extends CommandName>(raw: unknown): CommandReply<N> {
  const reply = replyMessageSchema.safeParse(raw);
  if (!reply.success)
    throw new AppError(502 as number, 'INTERNAL', 'The service sent a reply we cannot read');
  if (!reply.data.ok) {
    const { status, code, message: text, fields } = reply.data.error;
    throw new AppError(status, code, text, fields);
  }
  return reply.data.data as CommandReply<N>;
}

/**
 * A write whose reply did not come in time: it may or may not have been carried out (504).
 * `late` settles with the reply if it comes after all (data, or the AppError it carries), or
 * rejects once the bus stops listening.
 */
export class OutcomeUnknown extends AppError {
  constructor(readonly late: Promise<unknown>) {
    super(
      504,
      'OUTCOME_UNKNOWN',
      'The service did not answer in time: the change may or may not have been made. Retry with the same Idempotency-Key to learn the outcome, or read the record',
    );
  }
}
