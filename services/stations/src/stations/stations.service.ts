import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  type CreateStationInput,
  type Principal,
  type StationList,
  type StationView,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { STATION_MODEL, type StationDocument } from './station.schema';
import { stationView } from './station-views';
import { decideCreateStation } from './station.decide';

/** Workstations: creating one, reading and listing them. */
@Injectable()
export class StationsService {
  private readonly store: VersionedStore<StationDocument>;

  constructor(@InjectModel(STATION_MODEL) stations: Model<StationDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(stations.collection as unknown as Collection<StationDocument>, {
      noun: 'station',
      publish: () => relay.kick(),
    });
  }

  async load(id: string): Promise<StationDocument> {
    const doc = await this.store.collection.findOne({ _id: id });
    if (!doc) throw AppError.notFound(`No station with id ${id}`);
    return doc as StationDocument;
  }

  async create(input: CreateStationInput, ctx: CommandContext): Promise<StationView> {
    const at = { now: new Date(), newId: randomUUID };
    const created = decideCreateStation(input, ctx.principal, at);
    await this.store.insert(created.doc, created.events, ctx, at.now);
    return created.reply;
  }

  async get(id: string, { principal }: { principal: Principal }): Promise<StationView> {
    return stationView(await this.load(id), principal);
  }

  async list(query: { county?: string | undefined }, { principal }: CommandContext): Promise<StationList> {
    const filter: Filter<StationDocument> = query.county ? { county: query.county } : {};
    const docs = await this.store.collection
      .find(filter, { projection: { outbox: 0 } })
      .sort({ createdAt: -1, _id: 1 })
      .limit(200)
      .toArray();
    return { items: docs.map((doc) => stationView(doc as StationDocument, principal)) };
  }
}
