import { forwardRef, Inject } from '@nestjs/common';
import { OutboxRelayService } from '../outbox-relay.service';

/**
 * The outbox relay, injected lazily: the relay's module lists this part's models, so a plain
 * import of its class at this part's load would be a cycle (read before it is defined).
 */
export interface OutboxKick {
  /** With the document that got events, so the relay reads just it (see OutboxHint). */
  kick(hint?: { collection: string; id: string }): void;
}
export const InjectRelay = (): ParameterDecorator => Inject(forwardRef(() => OutboxRelayService));
