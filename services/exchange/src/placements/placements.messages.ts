import { Controller } from '@nestjs/common';
import {
  PlacementCommands,
  type PlacementStepCommand,
  type QuotaUsageQuery,
  type SetQuotaCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { PlacementsService } from './placements.service';

/** The request-reply handlers of approvals and quotas: one per command. */
@Controller()
export class PlacementsMessages {
  constructor(private readonly placements: PlacementsService) {}

  @Handles(PlacementCommands.step)
  step(command: PlacementStepCommand, ctx: CommandContext) {
    return this.placements.step(command, ctx);
  }

  @Handles(PlacementCommands.board)
  board({ year }: { year: number }) {
    return this.placements.board(year);
  }

  @Handles(PlacementCommands.setQuota)
  setQuota(command: SetQuotaCommand, ctx: CommandContext) {
    return this.placements.setQuota(command, ctx);
  }

  @Handles(PlacementCommands.usage)
  usage(query: QuotaUsageQuery) {
    return this.placements.usage(query);
  }
}
