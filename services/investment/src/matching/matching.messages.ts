import { Controller } from '@nestjs/common';
import { InvestmentMatchingCommands, type MatchesRequest } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { MatchingService } from './matching.service';

/** The request-reply handlers of matching: one per direction. */
@Controller()
export class MatchingMessages {
  constructor(private readonly matching: MatchingService) {}

  @Handles(InvestmentMatchingCommands.forNeed)
  forNeed(request: MatchesRequest, ctx: CommandContext) {
    return this.matching.forNeed(request, ctx.principal);
  }

  @Handles(InvestmentMatchingCommands.forProject)
  forProject(request: MatchesRequest, ctx: CommandContext) {
    return this.matching.forProject(request, ctx.principal);
  }
}
