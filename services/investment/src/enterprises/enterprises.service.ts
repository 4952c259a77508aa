import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  hasRole,
  type CreateEnterpriseInput,
  type CreateEnterpriseReply,
  type Duplicates,
  type DuplicatesQuery,
  type EnterprisePage,
  type EnterpriseRef,
  type EnterpriseView,
  type ListEnterprisesQuery,
  type MergeEnterpriseBody,
  type MergeReply,
  type Principal,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type Acting } from '@qingshui/persistence';
import { OutboxRelayService } from '../outbox-relay.service';
import { LeadsService } from '../leads/leads.service';
import {
  ENTERPRISE_KEY_MODEL,
  ENTERPRISE_MODEL,
  type EnterpriseDocument,
  type EnterpriseKeyDocument,
} from './enterprise.schema';
import {
  canRead,
  decideAbsorb,
  decideCreate,
  decideMarkMerged,
  enterpriseView,
  fieldsToTake,
  keysOf,
  mergeIdOf,
  mergeRefusal,
  refOf,
  type NewEnterprise,
} from './enterprise.decide';
import { EnterpriseIndexService } from './enterprise-index.service';
import { normaliseEnterpriseName } from './enterprise-name';

const DUPLICATE_KEY = 11000;
const isDuplicateKey = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;
/** A key whose record never got written (its create failed half-way) is taken over after this. */
const ORPHAN_KEY_MS = 60_000;

/**
 * Enterprise records: one document each, written through the versioned store with their events;
 * credit codes and organisations held by key documents; duplicates and lists from the index.
 */
@Injectable()
export class EnterprisesService {
  readonly store: VersionedStore<EnterpriseDocument>;

  constructor(
    @InjectModel(ENTERPRISE_MODEL) model: Model<EnterpriseDocument>,
    @InjectModel(ENTERPRISE_KEY_MODEL) private readonly keys: Model<EnterpriseKeyDocument>,
    relay: OutboxRelayService,
    private readonly indexes: EnterpriseIndexService,
    private readonly leads: LeadsService,
  ) {
    this.store = new VersionedStore(model.collection as unknown as Collection<EnterpriseDocument>, {
      noun: 'enterprise record',
      publish: (hint) => relay.kick(hint),
    });
  }

  private get index() {
    return this.indexes.index;
  }

  async create(input: CreateEnterpriseInput, ctx: CommandContext): Promise<CreateEnterpriseReply> {
    const now = new Date();
    const { doc, events, reply } = decideCreate(input, ctx.principal, { now, newId: randomUUID });
    await this.insertWithKeys(doc, events, ctx, now);
    const staff = hasRole(ctx.principal, 'cadre', 'admin');
    const duplicates = staff
      ? this.index.candidates({
          name: doc.name,
          phone: doc.phone,
          email: doc.email,
          creditCode: doc.creditCode,
          excludeId: doc._id,
          limit: 10,
        }).candidates
      : [];
    return { enterprise: reply, duplicates };
  }

  /**
   * Claims the record's keys (credit code, organisation), then inserts it; a key already held
   * is a 409 naming its record, and the keys claimed so far are given back.
   */
  private async insertWithKeys(
    doc: NewEnterprise,
    events: Parameters<VersionedStore<EnterpriseDocument>['insert']>[1],
    acting: Acting,
    now: Date,
  ): Promise<void> {
    const claimed: string[] = [];
    try {
      for (const key of keysOf(doc)) {
        await this.claimKey(key, doc._id, now);
        claimed.push(key);
      }
      try {
        await this.store.insert(doc, events, acting, now);
      } catch (error) {
        if (isDuplicateKey(error))
          throw AppError.duplicate(`An enterprise record with id ${doc._id} exists already`);
        throw error;
      }
    } catch (error) {
      for (const key of claimed) await this.keys.deleteOne({ _id: key, enterpriseId: doc._id });
      throw error;
    }
    this.indexes.apply(enterpriseView(doc));
  }

  private async claimKey(key: string, enterpriseId: string, now: Date): Promise<void> {
    try {
      await this.keys.collection.insertOne({ _id: key, enterpriseId, at: now } as never);
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const holder = await this.keys.findById(key).lean<EnterpriseKeyDocument>().exec();
    if (holder?.enterpriseId === enterpriseId) return;
    const existing = holder ? await this.read(holder.enterpriseId) : undefined;
    if (holder && !existing && now.getTime() - new Date(holder.at).getTime() > ORPHAN_KEY_MS) {
      const taken = await this.keys.updateOne(
        { _id: key, enterpriseId: holder.enterpriseId },
        { $set: { enterpriseId, at: now } },
      );
      if (taken.modifiedCount === 1) return;
    }
    const [kind] = key.split(':');
    const what = kind === 'code' ? 'credit code' : 'organisation';
    const message = existing
      ? `The ${what} is already the record ${existing.name} (${existing._id})`
      : `The ${what} is being registered by another record right now`;
    throw new AppError(409, 'DUPLICATE', message, [
      { field: kind === 'code' ? 'creditCode' : 'orgId', message },
      ...(existing ? [{ field: 'existingId', message: existing._id }] : []),
    ]);
  }

  private async read(id: string): Promise<EnterpriseDocument | undefined> {
    const doc = await this.store.collection.findOne({ _id: id }, { projection: { outbox: 0 } });
    return doc ?? undefined;
  }

  private async mustRead(id: string, field = 'id'): Promise<EnterpriseDocument> {
    const doc = await this.read(id);
    if (!doc)
      throw new AppError(404, 'NOT_FOUND', `No enterprise record with id ${id}`, [
        { field, message: 'No such record' },
      ]);
    return doc;
  }

  /** By `_id`. A merged record answers with itself, naming its survivor in `mergedInto`. */
  async get(id: string, principal: Principal): Promise<EnterpriseView> {
    const doc = await this.mustRead(id);
    if (!canRead(principal, doc))
      throw AppError.forbidden('Enterprise records are for cadres, admins and the enterprise itself');
    return enterpriseView(doc);
  }

  list(query: ListEnterprisesQuery, principal: Principal): EnterprisePage {
    if (!hasRole(principal, 'cadre', 'admin')) throw AppError.forbidden('The list is for cadres and admins');
    return this.index.list(query);
  }

  duplicates(query: DuplicatesQuery, principal: Principal): Duplicates {
    if (!hasRole(principal, 'cadre', 'admin'))
      throw AppError.forbidden('Duplicate candidates are for cadres and admins');
    return this.index.candidates(query);
  }

  /**
   * Merges `duplicateId` into `id`: marks the duplicate merged (one guarded update), hands its
   * keys over, moves its leads (the leads part), and records the merge in the survivor. Every
   * step is idempotent, so a retry after a failure half-way finishes the merge, and a retry of a
   * finished one changes nothing (`repeated`).
   */
  async merge(input: MergeEnterpriseBody & { id: string }, ctx: CommandContext): Promise<MergeReply> {
    const survivor = await this.mustRead(input.id, 'id');
    const duplicate = await this.mustRead(input.duplicateId, 'duplicateId');
    const problem = mergeRefusal(survivor, duplicate, ctx.principal);
    if (problem) throw problem;
    const mergeId = mergeIdOf(duplicate._id);
    const done = survivor.merges.find((m) => m.mergeId === mergeId);
    if (done) return { merge: done, survivor: enterpriseView(survivor), repeated: true };

    const merged = await this.store.update(
      () => this.mustRead(duplicate._id, 'duplicateId'),
      (doc) => decideMarkMerged(doc, survivor, ctx.principal),
      ctx,
    );
    this.indexes.apply(merged);
    // The survivor takes the keys of what it takes (a credit code, an organisation).
    const taken = fieldsToTake(survivor, duplicate);
    for (const key of keysOf(taken))
      await this.keys.updateOne(
        { _id: key, enterpriseId: duplicate._id },
        { $set: { enterpriseId: survivor._id } },
      );
    const leadsMoved = await this.leads.moveEnterprise(
      refOf(enterpriseView(duplicate)),
      refOf({ id: survivor._id, name: survivor.name, orgId: survivor.orgId ?? taken.orgId }),
      mergeId,
      ctx,
    );
    const after = await this.store.update(
      () => this.mustRead(survivor._id, 'id'),
      (doc, context) =>
        decideAbsorb(doc, duplicate, { reason: input.reason, by: ctx.principal.userId, leadsMoved }, context),
      ctx,
    );
    this.indexes.apply(after);
    const merge = after.merges.find((m) => m.mergeId === mergeId)!;
    return { merge, survivor: after, repeated: false };
  }

  // --- for the lineage consumers ---

  /**
   * The record of an enterprise known only by name (a visitor's organisation at a fair): the
   * active one with its normalised name, else a new one whose id derives from that name, so that
   * two consumers racing on the same name create one record.
   */
  async ensureByName(
    name: string,
    region: string,
    source: EnterpriseView['source'],
    acting: Acting,
  ): Promise<EnterpriseRef> {
    const found = this.index.byNormalisedName(name);
    const best = found.find((e) => e.orgId) ?? found[0];
    if (best) return refOf(best);
    const norm = normaliseEnterpriseName(name);
    const id = `ent-n-${createHash('sha1').update(norm).digest('hex').slice(0, 20)}`;
    return this.ensureWithId(id, { name, region }, source, acting);
  }

  /** The record of a platform organisation (a challenge's poster): its own, else a new one. */
  async ensureForOrg(
    orgId: string,
    name: string,
    region: string,
    source: EnterpriseView['source'],
    acting: Acting,
  ): Promise<EnterpriseRef> {
    const known = this.index.byOrg(orgId);
    if (known) return refOf(known);
    const holder = await this.keys.findById(`org:${orgId}`).lean<EnterpriseKeyDocument>().exec();
    if (holder) {
      const doc = await this.read(holder.enterpriseId);
      if (doc) return refOf(enterpriseView(doc));
    }
    const id = /^[A-Za-z0-9-]{1,64}$/.test(orgId)
      ? orgId
      : `ent-o-${createHash('sha1').update(orgId).digest('hex').slice(0, 20)}`;
    return this.ensureWithId(id, { name, region, orgId }, source, acting);
  }

  private async ensureWithId(
    id: string,
    fields: { name: string; region: string; orgId?: string },
    source: EnterpriseView['source'],
    acting: Acting,
  ): Promise<EnterpriseRef> {
    const existing = await this.read(id);
    if (existing)
      return refOf(enterpriseView(existing.status === 'merged' ? await this.survivorOf(existing) : existing));
    const now = new Date();
    const system: Principal = { userId: acting.principal.userId, username: 'lineage', roles: ['admin'] };
    const { doc, events } = decideCreate(
      { name: fields.name, region: fields.region, id, ...(fields.orgId ? { orgId: fields.orgId } : {}) },
      system,
      { now, newId: randomUUID },
      source,
    );
    try {
      await this.insertWithKeys(doc, events, acting, now);
      return refOf(enterpriseView(doc));
    } catch (error) {
      // Created meanwhile by another consumer: use that one.
      const raced = await this.read(id);
      if (raced) return refOf(enterpriseView(raced));
      throw error;
    }
  }

  /** The record a merged one ended in (following a few merges at most). */
  private async survivorOf(doc: EnterpriseDocument): Promise<EnterpriseDocument> {
    let current = doc;
    for (let hop = 0; hop < 5 && current.status === 'merged' && current.mergedInto; hop += 1) {
      const next = await this.read(current.mergedInto);
      if (!next) break;
      current = next;
    }
    return current;
  }
}
