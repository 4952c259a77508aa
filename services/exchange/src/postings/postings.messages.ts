import { Controller } from '@nestjs/common';
import {
  PostingCommands,
  type CreatePostingInput,
  type ListPostingsQuery,
  type MovePostingCommand,
  type UpdatePostingCommand,
} from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { PostingsService } from './postings.service';

/** The request-reply handlers of postings: one per command, typed by its contract. */
@Controller()
export class PostingsMessages {
  constructor(private readonly postings: PostingsService) {}

  @Handles(PostingCommands.create)
  create(input: CreatePostingInput, ctx: CommandContext) {
    return this.postings.create(input, ctx);
  }

  @Handles(PostingCommands.get)
  get({ id }: { id: string }, ctx: CommandContext) {
    return this.postings.get(id, ctx.principal);
  }

  @Handles(PostingCommands.list)
  list(query: ListPostingsQuery, ctx: CommandContext) {
    return this.postings.list(query, ctx.principal);
  }

  @Handles(PostingCommands.update)
  update(command: UpdatePostingCommand, ctx: CommandContext) {
    return this.postings.update(command, ctx);
  }

  @Handles(PostingCommands.move)
  move(command: MovePostingCommand, ctx: CommandContext) {
    return this.postings.move(command, ctx);
  }
}
