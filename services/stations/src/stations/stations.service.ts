import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  createEnvelope,
  StationEvents,
  type CreateStationInput,
  type Principal,
  type StationList,
  type StationView,
} from '@qingshui/contracts';
import { counterpartOf } from '@qingshui/regions';
import { outboxEntry, type CommandContext } from '@qingshui/messaging';
import { OutboxRelayService } from '../outbox-relay.service';
import { STATION_MODEL, type StationDocument } from './station.schema';
import { assertMayCreateStation, canManage } from '../slots/slot.rules';

export function stationView(doc: StationDocument, principal?: Principal): StationView {
  return {
    id: doc._id,
    name: doc.name,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    hostOrgId: doc.hostOrgId,
    fields: doc.fields,
    address: doc.address,
    cadreUserIds: doc.cadreUserIds,
    createdBy: doc.createdBy,
    version: doc.version,
    createdAt: new Date(doc.createdAt).toISOString(),
    ...(principal ? { canManage: canManage(principal, doc) } : {}),
  };
}

@Injectable()
export class StationsService {
  constructor(
    @InjectModel(STATION_MODEL) private readonly stations: Model<StationDocument>,
    private readonly relay: OutboxRelayService,
  ) {}

  private get collection(): Collection<StationDocument> {
    return this.stations.collection as unknown as Collection<StationDocument>;
  }

  async load(id: string): Promise<StationDocument> {
    const doc = await this.collection.findOne({ _id: id });
    if (!doc) throw AppError.notFound(`No station with id ${id}`);
    return doc as StationDocument;
  }

  async create(input: CreateStationInput, ctx: CommandContext): Promise<StationView> {
    assertMayCreateStation(ctx.principal, input.county);
    const now = new Date();
    const doc: StationDocument = {
      _id: randomUUID(),
      name: input.name,
      county: input.county,
      pairedDistrict: counterpartOf(input.county)?.id ?? input.county,
      hostOrgId: input.hostOrgId,
      fields: input.fields,
      address: input.address,
      cadreUserIds: [...new Set([ctx.principal.userId, ...input.cadreUserIds])],
      createdBy: ctx.principal.userId,
      version: 1,
      createdAt: now,
      updatedAt: now,
      outbox: [],
      outboxPending: true,
    };
    doc.outbox = [
      outboxEntry(
        StationEvents.created,
        createEnvelope({
          type: StationEvents.created,
          key: doc._id,
          actor: ctx.principal.userId,
          correlationId: ctx.correlationId,
          payload: { station: stationView(doc) },
          occurredAt: now,
        }),
      ),
    ];
    await this.collection.insertOne(doc);
    this.relay.kick();
    return stationView(doc, ctx.principal);
  }

  async get(id: string, { principal }: Pick<CommandContext, 'principal'>): Promise<StationView> {
    return stationView(await this.load(id), principal);
  }

  async list(query: { county?: string | undefined }, { principal }: CommandContext): Promise<StationList> {
    const filter: Filter<StationDocument> = query.county ? { county: query.county } : {};
    const docs = await this.collection
      .find(filter, { projection: { outbox: 0 } })
      .sort({ createdAt: -1, _id: 1 })
      .limit(200)
      .toArray();
    return { items: docs.map((doc) => stationView(doc as StationDocument, principal)) };
  }
}
