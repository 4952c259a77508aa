import { Controller } from '@nestjs/common';
import { NeedCommands, type CreateNeedInput } from '@qingshui/contracts';
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
  get({ id }: { id: string }) {
    return this.needs.get(id);
  }
}
