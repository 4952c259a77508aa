import { Controller } from '@nestjs/common';
import { CheckinCommands, type CommandRequest, type DeviceSession } from '@qingshui/contracts';
import { Handles, type CommandContext } from '@qingshui/messaging';
import { CheckinService } from './checkin.service';
import { LeadsService } from './leads.service';
import { DevicesService, deviceView } from './devices.service';
import { FairKeys } from '../tickets/fair-keys';
import { TicketsService } from '../tickets/tickets.service';

type Request<N extends keyof typeof CheckinCommands> = CommandRequest<(typeof CheckinCommands)[N]>;

/** The request-reply handlers of check-in, counts, leads and devices: one per command. */
@Controller()
export class CheckinMessages {
  constructor(
    private readonly checkin: CheckinService,
    private readonly leads: LeadsService,
    private readonly devices: DevicesService,
    private readonly keys: FairKeys,
    private readonly tickets: TicketsService,
  ) {}

  @Handles(CheckinCommands.getLists)
  getLists({ fairId }: Request<'getLists'>, ctx: CommandContext) {
    return this.checkin.getLists(fairId, ctx);
  }
  @Handles(CheckinCommands.setLists)
  setLists(command: Request<'setLists'>, ctx: CommandContext) {
    return this.checkin.setLists(command, ctx);
  }
  @Handles(CheckinCommands.scan)
  scan(command: Request<'scan'>, ctx: CommandContext) {
    return this.checkin.scan(command, ctx);
  }
  @Handles(CheckinCommands.batch)
  batch(command: Request<'batch'>, ctx: CommandContext) {
    return this.checkin.batch(command, ctx);
  }
  @Handles(CheckinCommands.counts)
  counts({ fairId }: Request<'counts'>, ctx: CommandContext) {
    return this.checkin.getCounts(fairId, ctx);
  }
  @Handles(CheckinCommands.admissions)
  admissions(query: Request<'admissions'>, ctx: CommandContext) {
    return this.checkin.listAdmissions(query, ctx);
  }
  @Handles(CheckinCommands.captureLead)
  captureLead(command: Request<'captureLead'>, ctx: CommandContext) {
    return this.leads.capture(command, ctx);
  }
  @Handles(CheckinCommands.myLeads)
  myLeads(query: Request<'myLeads'>, ctx: CommandContext) {
    return this.leads.mine(query, ctx);
  }
  @Handles(CheckinCommands.createDevice)
  createDevice(command: Request<'createDevice'>, ctx: CommandContext) {
    return this.devices.create(command, ctx.principal);
  }
  @Handles(CheckinCommands.listDevices)
  listDevices({ fairId }: Request<'listDevices'>, ctx: CommandContext) {
    return this.devices.list(fairId, ctx.principal);
  }
  @Handles(CheckinCommands.revokeDevice)
  revokeDevice({ fairId, deviceId }: Request<'revokeDevice'>, ctx: CommandContext) {
    return this.devices.revoke(fairId, deviceId, ctx.principal);
  }
  /** What a device's code lets it do here: the fair, and its exhibitor or the door lists. */
  @Handles(CheckinCommands.deviceSession)
  async deviceSession({ fairId, deviceCode }: Request<'deviceSession'>): Promise<DeviceSession> {
    const fair = await this.devices.fairs.findOne({ _id: fairId }, { projection: { outbox: 0 } });
    const kind = fair ? ((await this.devices.kindOf(deviceCode)) ?? 'lead') : 'lead';
    const device = await this.devices.resolve(fairId, deviceCode, kind);
    const exhibitor =
      device.kind === 'lead'
        ? await this.devices.exhibitors.findOne(
            { _id: `${fairId}:${device.orgId}` },
            { projection: { enterprise: 1 } },
          )
        : null;
    return {
      device: deviceView(device),
      fair: { id: fairId, title: fair!.title, days: fair!.days.map((d) => d.date) },
      ...(exhibitor ? { exhibitorName: exhibitor.enterprise.name } : {}),
      ...(device.kind === 'door'
        ? {
            lists: (await this.checkin.getListsFor(fairId)).lists,
            // What a volunteer's phone needs to go on scanning when the hall's network drops.
            ticketKey: await this.keys.publicKeyOf(fairId),
            revocations: await this.tickets.revocationsOf(fairId),
          }
        : {}),
    };
  }
}
