import { Controller } from '@nestjs/common';
import { LeadCommands, type CommandRequest } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { LeadsService } from './leads.service';

type Request<N extends keyof typeof LeadCommands> = CommandRequest<(typeof LeadCommands)[N]>;

/** The request-reply handlers of leads and the pipeline: one per command, typed by its contract. */
@Controller()
export class LeadsMessages {
  constructor(private readonly leads: LeadsService) {}

  @Handles(LeadCommands.create)
  create(input: Request<'create'>, ctx: CommandContext) {
    return this.leads.create(input, ctx);
  }
  @Handles(LeadCommands.get)
  get({ id }: Request<'get'>, ctx: CommandContext) {
    return this.leads.get(id, ctx.principal);
  }
  @Handles(LeadCommands.list)
  list(input: Request<'list'>, ctx: CommandContext) {
    return this.leads.list(input, ctx.principal);
  }
  @Handles(LeadCommands.mine)
  mine(input: Request<'mine'>, ctx: CommandContext) {
    return this.leads.mine(input, ctx.principal);
  }
  @Handles(LeadCommands.landingRequests)
  landingRequests(input: Request<'landingRequests'>, ctx: CommandContext) {
    return this.leads.landingRequests(input, ctx.principal);
  }
  @Handles(LeadCommands.update)
  update(input: Request<'update'>, ctx: CommandContext) {
    return this.leads.update(input, ctx);
  }
  @Handles(LeadCommands.move)
  move(input: Request<'move'>, ctx: CommandContext) {
    return this.leads.move(input, ctx);
  }
  @Handles(LeadCommands.requestLanding)
  requestLanding(input: Request<'requestLanding'>, ctx: CommandContext) {
    return this.leads.requestLanding(input, ctx);
  }
  @Handles(LeadCommands.verifyLanding)
  verifyLanding(input: Request<'verifyLanding'>, ctx: CommandContext) {
    return this.leads.verifyLanding(input, ctx);
  }
  @Handles(LeadCommands.setStatus)
  setStatus(input: Request<'setStatus'>, ctx: CommandContext) {
    return this.leads.setStatus(input, ctx);
  }
  @Handles(LeadCommands.reassign)
  reassign(input: Request<'reassign'>, ctx: CommandContext) {
    return this.leads.reassign(input, ctx);
  }
  @Handles(LeadCommands.addActivity)
  addActivity(input: Request<'addActivity'>, ctx: CommandContext) {
    return this.leads.addActivity(input, ctx);
  }
  @Handles(LeadCommands.addTask)
  addTask(input: Request<'addTask'>, ctx: CommandContext) {
    return this.leads.addTask(input, ctx);
  }
  @Handles(LeadCommands.setTask)
  setTask(input: Request<'setTask'>, ctx: CommandContext) {
    return this.leads.setTask(input, ctx);
  }
  @Handles(LeadCommands.totals)
  totals(input: Request<'totals'>, ctx: CommandContext) {
    return this.leads.totals(input, ctx.principal);
  }
}
