import { Controller } from '@nestjs/common';
import { TrackingCommands, type RotationQuery, type TenureStepCommand } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { TrackingService } from './tracking.service';

type Body<S extends TenureStepCommand['step']> = Omit<Extract<TenureStepCommand, { step: S }>, 'step'>;

/** The request-reply handlers of tracking: one per command, typed by its contract. */
@Controller()
export class TrackingMessages {
  constructor(private readonly tracking: TrackingService) {}

  @Handles(TrackingCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.tracking.get(id, ctx.principal);
  }

  @Handles(TrackingCommands.arrive)
  arrive(input: Body<'arrival'>, ctx: CommandContext) {
    return this.tracking.step({ ...input, step: 'arrival' }, ctx);
  }

  @Handles(TrackingCommands.review)
  review(input: Body<'review'>, ctx: CommandContext) {
    return this.tracking.step({ ...input, step: 'review' }, ctx);
  }

  @Handles(TrackingCommands.complete)
  complete(input: Body<'completion'>, ctx: CommandContext) {
    return this.tracking.step({ ...input, step: 'completion' }, ctx);
  }

  @Handles(TrackingCommands.returnEarly)
  returnEarly(input: Body<'early-return'>, ctx: CommandContext) {
    return this.tracking.step({ ...input, step: 'early-return' }, ctx);
  }

  @Handles(TrackingCommands.changeEnd)
  changeEnd(input: Body<'end-date'>, ctx: CommandContext) {
    return this.tracking.step({ ...input, step: 'end-date' }, ctx);
  }

  @Handles(TrackingCommands.rotation)
  rotation(query: RotationQuery, ctx: CommandContext) {
    return this.tracking.rotation(query, ctx.principal);
  }
}
