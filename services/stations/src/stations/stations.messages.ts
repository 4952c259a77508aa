import { Controller } from '@nestjs/common';
import { StationCommands, type CommandRequest, type CreateStationInput } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { StationsService } from './stations.service';

/** Request-reply handlers of workstations. */
@Controller()
export class StationsMessages {
  constructor(private readonly stations: StationsService) {}

  @Handles(StationCommands.create)
  createStation(p: CreateStationInput, ctx: CommandContext) {
    return this.stations.create(p, ctx);
  }

  @Handles(StationCommands.get)
  getStation({ id }: CommandRequest<typeof StationCommands.get>, ctx: CommandContext) {
    return this.stations.get(id, ctx);
  }

  @Handles(StationCommands.list)
  listStations(p: CommandRequest<typeof StationCommands.list>, ctx: CommandContext) {
    return this.stations.list(p, ctx);
  }
}
