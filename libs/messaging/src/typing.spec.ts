import { Controller } from '@nestjs/common';
import { z } from 'zod';
import {
  BookingCommands,
  commandContract,
  event,
  EVENTS,
  getExpert,
  route,
  TalentCommands,
  TalentEvents,
  type Delivery,
  type Principal,
} from '@qingshui/contracts';
import { CommandBus } from './rpc';
import { Handles } from './handles';
import { subscribeEvents } from './consumer';
import type { MessagingConfig } from './config';
import type { CommandContext } from './rpc';

// The contracts carry their types: a wrong payload or reply is a compile error. Each
// `@ts-expect-error` below is checked by `tsc --noEmit` (the type-check step of `npm test`): if
// the line it marks compiled, the type-check would fail. Jest checks that the values refused by
// the types are refused at run time too, by the same contracts.

const principal: Principal = { userId: 'u', username: 'u', roles: ['expert'] };

/** Never run: it exists to be type-checked. */
export async function compileTimeCases(bus: CommandBus, config: MessagingConfig) {
  const expert = await bus.request(TalentCommands.getExpert, principal, { id: 'e1' });
  const name: string = expert.name;
  // @ts-expect-error the reply of talent.experts.get.v1 is a profile: its name is a string
  const wrongReply: number = expert.name;
  // @ts-expect-error the request of talent.experts.get.v1 is { id: string }
  await bus.request(TalentCommands.getExpert, principal, { id: 3 });
  // @ts-expect-error command names are versioned: an unversioned name is no command
  await bus.request('talent.experts.get', principal, { id: 'e1' });
  const booked = await bus.request(BookingCommands.book, principal, { slotId: 's1' });
  // @ts-expect-error a booking's outcome is one of confirmed, pending, waitlisted
  const outcome: 'done' = booked.outcome;

  // @ts-expect-error a cancelled booking's event carries the booking and the expert
  event('stations.booking.cancelled.v1', { slot: {} as never });
  event(TalentEvents.expertUpdated, { expert: expert, changed: ['name'] });

  // @ts-expect-error a full event may go only to a room whose members are all entitled
  const leak: Delivery = { room: 'region:xichuan', view: 'full' };

  route(getExpert, {
    method: 'GET',
    path: '/experts/:id',
    tag: 'experts',
    summary: 'typed mapping',
    params: z.strictObject({ id: z.string() }),
    // @ts-expect-error the payload must be the command's request
    payload: ({ params }) => ({ expertId: params.id }),
    errors: [],
  });

  await subscribeEvents(config, {
    clientIdSuffix: 'typing',
    groupId: 'typing',
    topics: [TalentEvents.expertUpdated, 'stations.booking.cancelled.v1'],
    logger: undefined as never,
    handler: async (envelope) => {
      if (envelope.type === 'stations.booking.cancelled.v1') {
        const reason: string | undefined = envelope.payload.booking.reason;
        // @ts-expect-error a booking event has no expert profile
        void envelope.payload.expert;
        return void reason;
      }
      const changed: string[] = envelope.payload.changed;
      void changed;
    },
  });
  return { name, wrongReply, outcome, leak };
}

@Controller()
export class TypedHandlers {
  @Handles(TalentCommands.getExpert)
  async right({ id }: { id: string }, _ctx: CommandContext) {
    return (await Promise.resolve({ id })) as never;
  }

  // @ts-expect-error the handler's payload must be the command's request
  @Handles(TalentCommands.getExpert)
  async wrongPayload({ id }: { id: number }, _ctx: CommandContext) {
    return (await Promise.resolve({ id })) as never;
  }

  // @ts-expect-error the handler must answer the command's reply (a profile)
  @Handles(TalentCommands.getExpert)
  async wrongReply(_payload: { id: string }, _ctx: CommandContext) {
    return { nothing: true };
  }
}

describe('contracts that carry their types', () => {
  it('are type-checked (see the @ts-expect-error cases above, checked by tsc)', () => {
    expect(typeof compileTimeCases).toBe('function');
  });

  it('refuse at run time what the types refuse at compile time', () => {
    expect(commandContract(TalentCommands.getExpert).request.safeParse({ id: 3 }).success).toBe(false);
    expect(commandContract(TalentCommands.getExpert).request.safeParse({ id: 'e1' }).success).toBe(true);
    expect(
      EVENTS.get('stations.booking.cancelled.v1')!.payload.safeParse({ slot: {}, userId: 'u' }).success,
    ).toBe(false);
    expect(commandContract(BookingCommands.book).reply.safeParse({ outcome: 'done' }).success).toBe(false);
  });
});
