import { Controller } from '@nestjs/common';
import { AssignmentCommands, type PutRosterCommand, type SetMemberAwayCommand } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { AssignmentService } from './assignment.service';
import { FollowUpsService } from './follow-ups.service';

/** The request-reply handlers of rosters and follow-ups: one per command, typed by its contract. */
@Controller()
export class AssignmentMessages {
  constructor(
    private readonly assignment: AssignmentService,
    private readonly followUps: FollowUpsService,
  ) {}

  @Handles(AssignmentCommands.getRoster)
  getRoster({ region }: { region: string }, ctx: CommandContext) {
    return this.assignment.getRoster(region, ctx.principal);
  }

  @Handles(AssignmentCommands.putRoster)
  putRoster(command: PutRosterCommand, ctx: CommandContext) {
    return this.assignment.putRoster(command, ctx);
  }

  @Handles(AssignmentCommands.setAway)
  setAway(command: SetMemberAwayCommand, ctx: CommandContext) {
    return this.assignment.setAway(command, ctx);
  }

  @Handles(AssignmentCommands.leadFollowUps)
  leadFollowUps({ leadId }: { leadId: string }, ctx: CommandContext) {
    return this.followUps.forLead(leadId, ctx.principal);
  }

  @Handles(AssignmentCommands.myReminders)
  myReminders(query: { page: number; pageSize: number }, ctx: CommandContext) {
    return this.followUps.mine(query, ctx.principal);
  }
}
