import { Controller } from '@nestjs/common';
import {
  NeedCommands,
  type CloseNeedCommand,
  type CreateNeedInput,
  type ListNeedsQuery,
  type MyNeedsQuery,
  type UpdateNeedCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { NeedsService } from './needs.service';

/** The request-reply handlers of needs: one per command, typed by its contract. */
@Controller()
export class NeedsMessages {
  constructor(private readonly needs: NeedsService) {}

  @Handles(NeedCommands.create)
  create(input: CreateNeedInput, ctx: CommandContext) {
    return this.needs.create(input, ctx);
  }

  @Handles(NeedCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.needs.get(id, ctx.principal);
  }

  @Handles(NeedCommands.list)
  list(query: ListNeedsQuery, ctx: CommandContext) {
    return this.needs.list(query, ctx.principal);
  }

  @Handles(NeedCommands.mine)
  mine(query: MyNeedsQuery, ctx: CommandContext) {
    return this.needs.mine(query, ctx.principal);
  }

  @Handles(NeedCommands.update)
  update(command: UpdateNeedCommand, ctx: CommandContext) {
    return this.needs.update(command, ctx);
  }

  @Handles(NeedCommands.close)
  close(command: CloseNeedCommand, ctx: CommandContext) {
    return this.needs.close(command, ctx);
  }
}
