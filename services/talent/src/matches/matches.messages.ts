import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { MatchingCommands, type MatchRequest, type SearchExpertsQuery } from '@qingshui/contracts';
import { handleCommand } from '@qingshui/messaging';
import { MatchesService } from './matches.service';

@Controller()
export class MatchesMessages {
  constructor(
    private readonly matches: MatchesService,
    @InjectPinoLogger('matches') private readonly logger: PinoLogger,
  ) {}

  @MessagePattern(MatchingCommands.searchExperts)
  search(@Payload() message: unknown) {
    return handleCommand(
      MatchingCommands.searchExperts,
      message,
      this.logger.logger,
      (q: SearchExpertsQuery, ctx) => this.matches.search(q, ctx.principal),
    );
  }

  @MessagePattern(MatchingCommands.expertsForChallenge)
  expertsForChallenge(@Payload() message: unknown) {
    return handleCommand(
      MatchingCommands.expertsForChallenge,
      message,
      this.logger.logger,
      (r: MatchRequest, ctx) => this.matches.expertsForChallenge(r, ctx.principal),
    );
  }

  @MessagePattern(MatchingCommands.challengesForExpert)
  challengesForExpert(@Payload() message: unknown) {
    return handleCommand(
      MatchingCommands.challengesForExpert,
      message,
      this.logger.logger,
      (r: MatchRequest, ctx) => this.matches.challengesForExpert(r, ctx.principal),
    );
  }
}
