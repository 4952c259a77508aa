import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
import {
  TalentCommands,
  type CreateExpertInput,
  type ListExpertsQuery,
  type UpdateExpertCommand,
  type VerifyExpertCommand,
} from '@qingshui/contracts';
import { handleCommand } from '@qingshui/messaging';
import { ExpertsService } from './experts.service';

/** Request-reply handlers: the gateway's commands arrive here over Kafka. */
@Controller()
export class ExpertsMessages {
  constructor(
    private readonly experts: ExpertsService,
    @InjectPinoLogger('experts') private readonly logger: PinoLogger,
  ) {}

  @MessagePattern(TalentCommands.createExpert)
  create(@Payload() message: unknown) {
    return handleCommand(
      TalentCommands.createExpert,
      message,
      this.logger.logger,
      (input: CreateExpertInput, ctx) => this.experts.create(input, ctx),
    );
  }

  @MessagePattern(TalentCommands.getExpert)
  get(@Payload() message: unknown) {
    return handleCommand(
      TalentCommands.getExpert,
      message,
      this.logger.logger,
      ({ id }: { id: string }, ctx) => this.experts.get(id, ctx.principal),
    );
  }

  @MessagePattern(TalentCommands.updateExpert)
  update(@Payload() message: unknown) {
    return handleCommand(
      TalentCommands.updateExpert,
      message,
      this.logger.logger,
      (cmd: UpdateExpertCommand, ctx) => this.experts.update(cmd, ctx),
    );
  }

  @MessagePattern(TalentCommands.listExperts)
  list(@Payload() message: unknown) {
    return handleCommand(
      TalentCommands.listExperts,
      message,
      this.logger.logger,
      (query: ListExpertsQuery, ctx) => this.experts.list(query, ctx.principal),
    );
  }

  @MessagePattern(TalentCommands.verifyExpert)
  verify(@Payload() message: unknown) {
    return handleCommand(
      TalentCommands.verifyExpert,
      message,
      this.logger.logger,
      (cmd: VerifyExpertCommand, ctx) => this.experts.verify(cmd, ctx),
    );
  }
}
