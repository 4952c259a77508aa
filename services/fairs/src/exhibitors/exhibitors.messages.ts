import { Controller } from '@nestjs/common';
import {
  ExhibitorCommands,
  type ExhibitorApplicationInput,
  type ExhibitorDecision,
  type ListExhibitorsQuery,
  type SetBoothRulesBody,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { ExhibitorsService } from './exhibitors.service';

type Target = { fairId: string; orgId: string; expectedVersion?: number };

/** The request-reply handlers of the call for exhibitors: one per command, typed by its contract. */
@Controller()
export class ExhibitorsMessages {
  constructor(private readonly exhibitors: ExhibitorsService) {}

  @Handles(ExhibitorCommands.save)
  save(command: Target & { application: ExhibitorApplicationInput }, ctx: CommandContext) {
    return this.exhibitors.save(command, ctx);
  }
  @Handles(ExhibitorCommands.submit)
  submit(command: Target, ctx: CommandContext) {
    return this.exhibitors.submit(command, ctx);
  }
  @Handles(ExhibitorCommands.withdraw)
  withdraw(command: Target, ctx: CommandContext) {
    return this.exhibitors.withdraw(command, ctx);
  }
  @Handles(ExhibitorCommands.decide)
  decide(command: Target & { decision: ExhibitorDecision; reason?: string }, ctx: CommandContext) {
    return this.exhibitors.decide(command, ctx);
  }
  @Handles(ExhibitorCommands.decideBulk)
  decideBulk(
    command: {
      fairId: string;
      items: { orgId: string; decision: ExhibitorDecision; reason?: string; expectedVersion?: number }[];
    },
    ctx: CommandContext,
  ) {
    return this.exhibitors.decideBulk(command, ctx);
  }
  @Handles(ExhibitorCommands.note)
  note(command: { fairId: string; orgId: string; text: string }, ctx: CommandContext) {
    return this.exhibitors.note(command, ctx);
  }
  @Handles(ExhibitorCommands.reviewChanges)
  reviewChanges(command: Target & { outcome: 'approve' | 'reject'; reason?: string }, ctx: CommandContext) {
    return this.exhibitors.reviewChanges(command, ctx);
  }
  @Handles(ExhibitorCommands.get)
  get(command: { fairId: string; orgId: string }, ctx: CommandContext) {
    return this.exhibitors.get(command, ctx);
  }
  @Handles(ExhibitorCommands.list)
  list(query: ListExhibitorsQuery & { fairId: string }, ctx: CommandContext) {
    return this.exhibitors.list(query, ctx);
  }
  @Handles(ExhibitorCommands.mine)
  mine(_: unknown, ctx: CommandContext) {
    return this.exhibitors.mine(ctx);
  }
  @Handles(ExhibitorCommands.booths)
  booths(command: { fairId: string }, ctx: CommandContext) {
    return this.exhibitors.booths(command, ctx);
  }
  @Handles(ExhibitorCommands.setBoothRules)
  setBoothRules(
    command: { fairId: string; rules: SetBoothRulesBody; expectedVersion?: number },
    ctx: CommandContext,
  ) {
    return this.exhibitors.setBoothRules(command, ctx);
  }
}
