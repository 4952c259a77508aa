import { Controller } from '@nestjs/common';
import { RegistrationCommands, TicketCommands, type CommandRequest } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { RegistrationsService } from './registrations.service';
import { TicketsService } from '../tickets/tickets.service';

type Req<N extends Parameters<typeof Handles>[0]> = CommandRequest<N>;

/** The request-reply handlers of ticket types, registrations and tickets: one per command. */
@Controller()
export class RegistrationsMessages {
  constructor(
    private readonly registrations: RegistrationsService,
    private readonly tickets: TicketsService,
  ) {}

  @Handles(RegistrationCommands.getTypes)
  getTypes({ fairId }: Req<typeof RegistrationCommands.getTypes>, ctx: CommandContext) {
    return this.registrations.getTypes(fairId, ctx);
  }

  @Handles(RegistrationCommands.setTypes)
  setTypes(command: Req<typeof RegistrationCommands.setTypes>, ctx: CommandContext) {
    return this.registrations.setTypes(command, ctx);
  }

  @Handles(RegistrationCommands.register)
  register(command: Req<typeof RegistrationCommands.register>, ctx: CommandContext) {
    return this.registrations.register(command, ctx);
  }

  @Handles(RegistrationCommands.get)
  get(command: Req<typeof RegistrationCommands.get>, ctx: CommandContext) {
    return this.registrations.get(command, ctx);
  }

  @Handles(RegistrationCommands.mine)
  mine(_: Req<typeof RegistrationCommands.mine>, ctx: CommandContext) {
    return this.registrations.mine(ctx);
  }

  @Handles(RegistrationCommands.cancel)
  cancel(command: Req<typeof RegistrationCommands.cancel>, ctx: CommandContext) {
    return this.registrations.cancel(command, ctx);
  }

  @Handles(RegistrationCommands.acceptOffer)
  acceptOffer({ fairId }: Req<typeof RegistrationCommands.acceptOffer>, ctx: CommandContext) {
    return this.registrations.acceptOffer(fairId, ctx);
  }

  @Handles(RegistrationCommands.declineOffer)
  declineOffer({ fairId }: Req<typeof RegistrationCommands.declineOffer>, ctx: CommandContext) {
    return this.registrations.declineOffer(fairId, ctx);
  }

  @Handles(RegistrationCommands.approve)
  approve(command: Req<typeof RegistrationCommands.approve>, ctx: CommandContext) {
    return this.registrations.approve(command, ctx);
  }

  @Handles(RegistrationCommands.reject)
  reject(command: Req<typeof RegistrationCommands.reject>, ctx: CommandContext) {
    return this.registrations.reject(command, ctx);
  }

  @Handles(RegistrationCommands.updateMembers)
  updateMembers(command: Req<typeof RegistrationCommands.updateMembers>, ctx: CommandContext) {
    return this.registrations.updateMembers(command, ctx);
  }

  @Handles(RegistrationCommands.list)
  list(command: Req<typeof RegistrationCommands.list>, ctx: CommandContext) {
    return this.registrations.list(command, ctx);
  }

  @Handles(RegistrationCommands.waitlist)
  waitlist({ fairId, page, pageSize }: Req<typeof RegistrationCommands.waitlist>, ctx: CommandContext) {
    return this.registrations.waitlist(fairId, { page, pageSize }, ctx);
  }

  @Handles(TicketCommands.mine)
  myTickets({ fairId }: Req<typeof TicketCommands.mine>, ctx: CommandContext) {
    return this.tickets.mine(ctx.principal, fairId);
  }

  @Handles(TicketCommands.get)
  ticket({ id }: Req<typeof TicketCommands.get>, ctx: CommandContext) {
    return this.tickets.get(id, ctx.principal);
  }

  @Handles(TicketCommands.key)
  key({ fairId }: Req<typeof TicketCommands.key>, ctx: CommandContext) {
    return this.tickets.publicKey(fairId, ctx.principal);
  }

  @Handles(TicketCommands.revocations)
  revocations({ fairId, since }: Req<typeof TicketCommands.revocations>, ctx: CommandContext) {
    return this.tickets.revocationList(fairId, since, ctx.principal);
  }
}
