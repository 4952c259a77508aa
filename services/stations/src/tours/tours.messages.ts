import { Controller } from '@nestjs/common';
import { TourCommands, type CreateTourInput, type ListToursQuery } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { ToursService } from './tours.service';

/** Request-reply handlers of visit tours (booked through the booking commands, like slots). */
@Controller()
export class ToursMessages {
  constructor(private readonly tours: ToursService) {}

  @Handles(TourCommands.create)
  createTour(p: CreateTourInput, ctx: CommandContext) {
    return this.tours.create(p, ctx);
  }

  @Handles(TourCommands.list)
  listTours(p: ListToursQuery) {
    return this.tours.list(p);
  }
}
