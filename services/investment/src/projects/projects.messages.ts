import { Controller } from '@nestjs/common';
import {
  ProjectCommands,
  type CreateProjectInput,
  type ListProjectsQuery,
  type UpdateProjectCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { ProjectsService } from './projects.service';

/** The request-reply handlers of the project library: one per command, typed by its contract. */
@Controller()
export class ProjectsMessages {
  constructor(private readonly projects: ProjectsService) {}

  @Handles(ProjectCommands.create)
  create(input: CreateProjectInput, ctx: CommandContext) {
    return this.projects.create(input, ctx);
  }

  @Handles(ProjectCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.projects.get(id, ctx.principal);
  }

  @Handles(ProjectCommands.list)
  list(query: ListProjectsQuery, ctx: CommandContext) {
    return this.projects.list(query, ctx.principal);
  }

  @Handles(ProjectCommands.update)
  update(command: UpdateProjectCommand, ctx: CommandContext) {
    return this.projects.update(command, ctx);
  }
}
