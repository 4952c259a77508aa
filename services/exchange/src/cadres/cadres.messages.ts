import { Controller } from '@nestjs/common';
import {
  CadreCommands,
  type CreateCadreInput,
  type ListCadresQuery,
  type NominateCommand,
  type UpdateCadreCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { CadresService } from './cadres.service';

/** The request-reply handlers of cadre profiles and nominations: one per command. */
@Controller()
export class CadresMessages {
  constructor(private readonly cadres: CadresService) {}

  @Handles(CadreCommands.create)
  create(input: CreateCadreInput, ctx: CommandContext) {
    return this.cadres.create(input, ctx);
  }

  @Handles(CadreCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.cadres.get(id, ctx.principal);
  }

  @Handles(CadreCommands.list)
  list(query: ListCadresQuery, ctx: CommandContext) {
    return this.cadres.list(query, ctx.principal);
  }

  @Handles(CadreCommands.update)
  update(command: UpdateCadreCommand, ctx: CommandContext) {
    return this.cadres.update(command, ctx);
  }

  @Handles(CadreCommands.nominate)
  nominate(command: NominateCommand, ctx: CommandContext) {
    return this.cadres.nominate(command, ctx);
  }

  @Handles(CadreCommands.getNomination)
  getNomination({ id }: { id: string }, ctx: CommandContext) {
    return this.cadres.getNomination(id, ctx.principal);
  }

  @Handles(CadreCommands.listNominations)
  listNominations({ postingId }: { postingId: string }, ctx: CommandContext) {
    return this.cadres.listNominations(postingId, ctx.principal);
  }
}
