import { Controller } from '@nestjs/common';
import { InboxCommands, type ListInboxQuery } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { InboxService } from './inbox.service';

/** The request-reply handlers of the inbox: one per command, typed by its contract. */
@Controller()
export class InboxMessages {
  constructor(private readonly inbox: InboxService) {}

  @Handles(InboxCommands.list)
  list(query: ListInboxQuery, ctx: CommandContext) {
    return this.inbox.list(query, ctx.principal);
  }

  @Handles(InboxCommands.unreadCount)
  unreadCount(_input: Record<string, never>, ctx: CommandContext) {
    return this.inbox.unreadCount(ctx.principal);
  }

  @Handles(InboxCommands.markRead)
  markRead({ id }: { id: string }, ctx: CommandContext) {
    return this.inbox.markRead(id, ctx);
  }

  @Handles(InboxCommands.markAllRead)
  markAllRead(_input: Record<string, never>, ctx: CommandContext) {
    return this.inbox.markAllRead(ctx);
  }
}
