import { Controller } from '@nestjs/common';
import {
  TalentCommands,
  type CreateExpertInput,
  type ListExpertsQuery,
  type UpdateExpertCommand,
  type VerifyExpertCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { ExpertsService } from './experts.service';

/** Request-reply handlers: the gateway's commands arrive here over Kafka. */
@Controller()
export class ExpertsMessages {
  constructor(private readonly experts: ExpertsService) {}

  @Handles(TalentCommands.createExpert)
  create(input: CreateExpertInput, ctx: CommandContext) {
    return this.experts.create(input, ctx);
  }

  @Handles(TalentCommands.getExpert)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.experts.get(id, ctx.principal);
  }

  @Handles(TalentCommands.updateExpert)
  update(cmd: UpdateExpertCommand, ctx: CommandContext) {
    return this.experts.update(cmd, ctx);
  }

  @Handles(TalentCommands.listExperts)
  list(query: ListExpertsQuery, ctx: CommandContext) {
    return this.experts.list(query, ctx.principal);
  }

  @Handles(TalentCommands.verifyExpert)
  verify(cmd: VerifyExpertCommand, ctx: CommandContext) {
    return this.experts.verify(cmd, ctx);
  }
}
