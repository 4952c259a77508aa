import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PinoLogger, InjectPinoLogger } from 'nestjs-pino';
import {
  ApplicationCommands,
  ChallengeCommands,
  type ApplicationRef,
  type AwardChallengeCommand,
  type CancelChallengeCommand,
  type ChallengeAction,
  type CommandPattern,
  type CreateChallengeInput,
  type ListChallengesQuery,
  type RejectApplicationCommand,
  type SubmitApplicationCommand,
  type UpdateChallengeCommand,
} from '@qingshui/contracts';
import { handleCommand, type CommandContext } from '@qingshui/messaging';
import { ChallengesService } from './challenges.service';

/** Request-reply handlers of the challenge list (揭榜挂帅) and its applications. */
@Controller()
export class ChallengesMessages {
  constructor(
    private readonly challenges: ChallengesService,
    @InjectPinoLogger('challenges') private readonly logger: PinoLogger,
  ) {}

  private handle<P, T>(
    pattern: CommandPattern,
    message: unknown,
    run: (payload: P, ctx: CommandContext) => Promise<T>,
  ) {
    return handleCommand(pattern, message, this.logger.logger, run);
  }

  @MessagePattern(ChallengeCommands.create)
  create(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.create, message, (input: CreateChallengeInput, ctx) =>
      this.challenges.create(input, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.get)
  get(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.get, message, ({ id }: { id: string }, ctx) =>
      this.challenges.get(id, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.list)
  list(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.list, message, (query: ListChallengesQuery, ctx) =>
      this.challenges.list(query, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.update)
  update(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.update, message, (cmd: UpdateChallengeCommand, ctx) =>
      this.challenges.update(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.publish)
  publish(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.publish, message, (cmd: ChallengeAction, ctx) =>
      this.challenges.publish(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.close)
  close(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.close, message, (cmd: ChallengeAction, ctx) =>
      this.challenges.close(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.cancel)
  cancel(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.cancel, message, (cmd: CancelChallengeCommand, ctx) =>
      this.challenges.cancel(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.acceptTerms)
  acceptTerms(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.acceptTerms, message, (cmd: { id: string }, ctx) =>
      this.challenges.acceptTerms(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.award)
  award(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.award, message, (cmd: AwardChallengeCommand, ctx) =>
      this.challenges.award(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.deliver)
  deliver(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.deliver, message, (cmd: ChallengeAction, ctx) =>
      this.challenges.deliver(cmd, ctx),
    );
  }

  @MessagePattern(ChallengeCommands.complete)
  complete(@Payload() message: unknown) {
    return this.handle(ChallengeCommands.complete, message, (cmd: ChallengeAction, ctx) =>
      this.challenges.complete(cmd, ctx),
    );
  }

  @MessagePattern(ApplicationCommands.submit)
  submit(@Payload() message: unknown) {
    return this.handle(ApplicationCommands.submit, message, (cmd: SubmitApplicationCommand, ctx) =>
      this.challenges.submitApplication(cmd, ctx),
    );
  }

  @MessagePattern(ApplicationCommands.list)
  applications(@Payload() message: unknown) {
    return this.handle(ApplicationCommands.list, message, (cmd: { id: string }, ctx) =>
      this.challenges.listApplications(cmd, ctx),
    );
  }

  @MessagePattern(ApplicationCommands.shortlist)
  shortlist(@Payload() message: unknown) {
    return this.handle(ApplicationCommands.shortlist, message, (cmd: ApplicationRef, ctx) =>
      this.challenges.shortlist(cmd, ctx),
    );
  }

  @MessagePattern(ApplicationCommands.reject)
  reject(@Payload() message: unknown) {
    return this.handle(ApplicationCommands.reject, message, (cmd: RejectApplicationCommand, ctx) =>
      this.challenges.reject(cmd, ctx),
    );
  }
}
