import { Controller } from '@nestjs/common';
import {
  ApplicationCommands,
  ChallengeCommands,
  type ApplicationRef,
  type AwardChallengeCommand,
  type CancelChallengeCommand,
  type ChallengeAction,
  type CreateChallengeInput,
  type ListChallengesQuery,
  type RejectApplicationCommand,
  type SubmitApplicationCommand,
  type UpdateChallengeCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { ChallengesService } from './challenges.service';

/** Request-reply handlers of the challenge list (揭榜挂帅) and its applications. */
@Controller()
export class ChallengesMessages {
  constructor(private readonly challenges: ChallengesService) {}

  @Handles(ChallengeCommands.create)
  create(input: CreateChallengeInput, ctx: CommandContext) {
    return this.challenges.create(input, ctx);
  }

  @Handles(ChallengeCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.challenges.get(id, ctx);
  }

  @Handles(ChallengeCommands.list)
  list(query: ListChallengesQuery, ctx: CommandContext) {
    return this.challenges.list(query, ctx);
  }

  @Handles(ChallengeCommands.update)
  update(cmd: UpdateChallengeCommand, ctx: CommandContext) {
    return this.challenges.update(cmd, ctx);
  }

  @Handles(ChallengeCommands.publish)
  publish(cmd: ChallengeAction, ctx: CommandContext) {
    return this.challenges.publish(cmd, ctx);
  }

  @Handles(ChallengeCommands.close)
  close(cmd: ChallengeAction, ctx: CommandContext) {
    return this.challenges.close(cmd, ctx);
  }

  @Handles(ChallengeCommands.cancel)
  cancel(cmd: CancelChallengeCommand, ctx: CommandContext) {
    return this.challenges.cancel(cmd, ctx);
  }

  @Handles(ChallengeCommands.acceptTerms)
  acceptTerms(cmd: { id: string }, ctx: CommandContext) {
    return this.challenges.acceptTerms(cmd, ctx);
  }

  @Handles(ChallengeCommands.award)
  award(cmd: AwardChallengeCommand, ctx: CommandContext) {
    return this.challenges.award(cmd, ctx);
  }

  @Handles(ChallengeCommands.deliver)
  deliver(cmd: ChallengeAction, ctx: CommandContext) {
    return this.challenges.deliver(cmd, ctx);
  }

  @Handles(ChallengeCommands.complete)
  complete(cmd: ChallengeAction, ctx: CommandContext) {
    return this.challenges.complete(cmd, ctx);
  }

  @Handles(ApplicationCommands.submit)
  submit(cmd: SubmitApplicationCommand, ctx: CommandContext) {
    return this.challenges.submitApplication(cmd, ctx);
  }

  @Handles(ApplicationCommands.list)
  applications(cmd: { id: string }, ctx: CommandContext) {
    return this.challenges.listApplications(cmd, ctx);
  }

  @Handles(ApplicationCommands.mine)
  mine(_cmd: Record<string, never>, ctx: CommandContext) {
    return this.challenges.myApplications(ctx);
  }

  @Handles(ApplicationCommands.shortlist)
  shortlist(cmd: ApplicationRef, ctx: CommandContext) {
    return this.challenges.shortlist(cmd, ctx);
  }

  @Handles(ApplicationCommands.reject)
  reject(cmd: RejectApplicationCommand, ctx: CommandContext) {
    return this.challenges.reject(cmd, ctx);
  }
}
