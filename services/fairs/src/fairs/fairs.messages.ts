import { Controller } from '@nestjs/common';
import {
  FairCommands,
  type CreateFairInput,
  type ListFairsQuery,
  type MoveFairCommand,
  type UpdateFairCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { FairsService } from './fairs.service';
import { FairReports } from './fair-report';

/** The request-reply handlers of fairs: one per command, typed by its contract. */
@Controller()
export class FairsMessages {
  constructor(
    private readonly fairs: FairsService,
    private readonly reports: FairReports,
  ) {}

  @Handles(FairCommands.create)
  create(input: CreateFairInput, ctx: CommandContext) {
    return this.fairs.create(input, ctx);
  }

  @Handles(FairCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.fairs.get(id, ctx);
  }

  @Handles(FairCommands.list)
  list(query: ListFairsQuery, ctx: CommandContext) {
    return this.fairs.list(query, ctx);
  }

  @Handles(FairCommands.update)
  update(command: UpdateFairCommand, ctx: CommandContext) {
    return this.fairs.update(command, ctx);
  }

  @Handles(FairCommands.report)
  report({ id }: { id: string }, ctx: CommandContext) {
    return this.reports.report(id, ctx.principal);
  }

  @Handles(FairCommands.move)
  move(command: MoveFairCommand, ctx: CommandContext) {
    return this.fairs.move(command, ctx);
  }
}
