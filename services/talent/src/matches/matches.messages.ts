import { Controller } from '@nestjs/common';
import { MatchingCommands, type MatchRequest, type SearchExpertsQuery } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { MatchesService } from './matches.service';

@Controller()
export class MatchesMessages {
  constructor(private readonly matches: MatchesService) {}

  @Handles(MatchingCommands.searchExperts)
  search(query: SearchExpertsQuery, ctx: CommandContext) {
    return this.matches.search(query, ctx.principal);
  }

  @Handles(MatchingCommands.expertsForChallenge)
  expertsForChallenge(request: MatchRequest, ctx: CommandContext) {
    return this.matches.expertsForChallenge(request, ctx.principal);
  }

  @Handles(MatchingCommands.challengesForExpert)
  challengesForExpert(request: MatchRequest, ctx: CommandContext) {
    return this.matches.challengesForExpert(request, ctx.principal);
  }
}
