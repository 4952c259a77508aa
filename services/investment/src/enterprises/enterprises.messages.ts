import { Controller } from '@nestjs/common';
import {
  EnterpriseCommands,
  type CreateEnterpriseInput,
  type DuplicatesQuery,
  type ListEnterprisesQuery,
  type MergeEnterpriseBody,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { EnterprisesService } from './enterprises.service';

/** The request-reply handlers of enterprise records: one per command, typed by its contract. */
@Controller()
export class EnterprisesMessages {
  constructor(private readonly enterprises: EnterprisesService) {}

  @Handles(EnterpriseCommands.create)
  create(input: CreateEnterpriseInput, ctx: CommandContext) {
    return this.enterprises.create(input, ctx);
  }

  @Handles(EnterpriseCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.enterprises.get(id, ctx.principal);
  }

  @Handles(EnterpriseCommands.list)
  async list(query: ListEnterprisesQuery, ctx: CommandContext) {
    return this.enterprises.list(query, ctx.principal);
  }

  @Handles(EnterpriseCommands.duplicates)
  async duplicates(query: DuplicatesQuery, ctx: CommandContext) {
    return this.enterprises.duplicates(query, ctx.principal);
  }

  @Handles(EnterpriseCommands.merge)
  merge(input: MergeEnterpriseBody & { id: string }, ctx: CommandContext) {
    return this.enterprises.merge(input, ctx);
  }
}
