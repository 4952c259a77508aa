import { Controller } from '@nestjs/common';
import {
  SlotCommands,
  type CancelSlotCommand,
  type CommandRequest,
  type CreateSlotCommand,
  type SearchSlotsQuery,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { SlotsService } from './slots.service';

/** Request-reply handlers of residency slots. */
@Controller()
export class SlotsMessages {
  constructor(private readonly slots: SlotsService) {}

  @Handles(SlotCommands.create)
  createSlot(p: CreateSlotCommand, ctx: CommandContext) {
    return this.slots.create(p, ctx);
  }

  @Handles(SlotCommands.get)
  getSlot(p: CommandRequest<typeof SlotCommands.get>, ctx: CommandContext) {
    return this.slots.get(p, ctx);
  }

  @Handles(SlotCommands.list)
  listSlots(p: CommandRequest<typeof SlotCommands.list>) {
    return this.slots.list(p);
  }

  @Handles(SlotCommands.search)
  searchSlots(p: SearchSlotsQuery) {
    return this.slots.search(p);
  }

  @Handles(SlotCommands.cancel)
  cancelSlot(p: CancelSlotCommand, ctx: CommandContext) {
    return this.slots.cancel(p, ctx);
  }
}
