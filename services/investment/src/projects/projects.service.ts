import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection, Filter } from 'mongodb';
import {
  AppError,
  type CreateProjectInput,
  type ListProjectsQuery,
  type Principal,
  type ProjectPage,
  type ProjectView,
  type UpdateProjectCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { PROJECT_MODEL, type ProjectDocument } from './project.schema';
import { canEditProject, decideCreate, decideUpdate, projectCard, projectView } from './project.decide';

const OUTBOX_EXCLUDED = { outbox: 0, outboxPending: 0 } as const;
/** Lists and matching never need the history: it grows with every change. */
const CARD_ONLY = { ...OUTBOX_EXCLUDED, history: 0 } as const;

/** The county project library: one document per project, written through the versioned store. */
@Injectable()
export class ProjectsService {
  private readonly store: VersionedStore<ProjectDocument>;

  constructor(@InjectModel(PROJECT_MODEL) model: Model<ProjectDocument>, relay: OutboxRelayService) {
    this.store = new VersionedStore(model.collection as unknown as Collection<ProjectDocument>, {
      noun: 'project',
      publish: (hint) => relay.kick(hint),
    });
  }

  async create(input: CreateProjectInput, ctx: CommandContext): Promise<ProjectView> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.store.insert(doc, events, ctx, now);
    return reply;
  }

  /** By `_id`: the one lookup FerretDB answers without reading the whole collection. */
  async load(id: string): Promise<ProjectDocument> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: OUTBOX_EXCLUDED });
    if (!doc) throw AppError.notFound(`No project with id ${id}`);
    return doc as ProjectDocument;
  }

  async get(id: string, principal: Principal): Promise<ProjectView> {
    return projectView(await this.load(id), principal);
  }

  /** Any signed-in user reads the library. Latest change first. */
  async list(query: ListProjectsQuery, principal: Principal): Promise<ProjectPage> {
    const filter: Record<string, unknown> = {};
    if (query.county) filter['county'] = query.county;
    if (query.pairId) filter['pairId'] = query.pairId;
    if (query.status) filter['status'] = query.status;
    if (query.field) filter['field'] = query.field;
    if (query.fundingArea) filter['fundingArea'] = query.fundingArea;
    if (query.inPlan !== undefined) filter['inPlan'] = query.inPlan;
    if (query.planYear !== undefined) filter['planYear'] = query.planYear;
    const [docs, total] = await Promise.all([
      this.store.collection
        .find(filter as Filter<ProjectDocument>, { projection: CARD_ONLY })
        .sort({ updatedAt: -1, _id: 1 })
        .skip((query.page - 1) * query.pageSize)
        .limit(query.pageSize)
        .toArray(),
      this.store.collection.countDocuments(filter as Filter<ProjectDocument>),
    ]);
    return {
      items: docs.map((doc) => {
        const project = { ...(doc as ProjectDocument), history: [] };
        return { ...projectCard(project), canEdit: canEditProject(principal, project) };
      }),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  /** Every project without its history, for matching (a scan: see the README's scale note). */
  async all(counties?: readonly string[]): Promise<ProjectDocument[]> {
    const filter = counties ? { county: { $in: [...counties] } } : {};
    const docs = await this.store.collection
      .find(filter as Filter<ProjectDocument>, { projection: CARD_ONLY })
      .toArray();
    return docs.map((doc) => ({ ...(doc as ProjectDocument), history: [] }));
  }

  update({ id, patch, expectedVersion }: UpdateProjectCommand, ctx: CommandContext): Promise<ProjectView> {
    return this.store.update(() => this.load(id), decideUpdate(patch, ctx.principal), ctx, {
      expectedVersion,
    });
  }
}
