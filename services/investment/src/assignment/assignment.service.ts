import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import {
  AppError,
  hasRole,
  type InvestmentField,
  type Principal,
  type PutRosterCommand,
  type RosterView,
  type SetMemberAwayCommand,
} from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';
import { VersionedStore, type Acting, type Decision, type DecisionContext } from '@qingshui/persistence';
import { PAIR_ROSTER_MODEL, type PairRosterDocument } from './roster.schema';
import {
  canReadRoster,
  coordinatorsOf,
  decideClaim,
  decideNamedClaim,
  decidePutRoster,
  decideRelease,
  decideSetAway,
  emptyRoster,
  pairSides,
  rosterView,
} from './roster.decide';

/** A cadre picked to own a lead. */
export interface PickedOwner {
  userId: string;
  name: string;
  /** The roster the cadre is on: the county's or its paired district's. */
  region?: string;
}

/** Claims and releases are the service's own doing, not a caller's. */
const systemActing = (): Acting => ({
  principal: { userId: 'investment-assignment' },
  correlationId: randomUUID(),
});

/**
 * A decision on a pair's roster that may be its first write: the document is inserted then, so
 * the write must carry every field, not only the ones the decision changes.
 */
function seeded<R>(
  decide: (doc: PairRosterDocument, ctx: DecisionContext) => Decision<PairRosterDocument, R>,
) {
  return (doc: PairRosterDocument, ctx: DecisionContext): Decision<PairRosterDocument, R> => {
    const decision = decide(doc, ctx);
    if ('unchanged' in decision || doc.version > 0) return decision;
    const { _id: _ignored, version: _v, ...fields } = doc;
    return { ...decision, set: { ...fields, ...decision.set } };
  };
}

/**
 * Owners and assignment (issue #11, item 5): a pair's rosters and rules in one document per county,
 * with every cadre's open leads, so that room is checked and taken in one guarded update.
 */
@Injectable()
export class AssignmentService {
  private readonly store: VersionedStore<PairRosterDocument>;
  /** Claims contend on one document per county: many at once need many tries. */
  private readonly claims: VersionedStore<PairRosterDocument>;
  /**
   * Claims of one county queue in this instance, so that a burst does not spend its tries on
   * each other; the version guard still keeps several instances right.
   */
  private readonly lanes = new Map<string, Promise<unknown>>();

  constructor(@InjectModel(PAIR_ROSTER_MODEL) model: Model<PairRosterDocument>) {
    const collection = model.collection as unknown as Collection<PairRosterDocument>;
    // Rosters carry no events: nothing to publish.
    this.store = new VersionedStore(collection, { noun: 'roster', publish: () => undefined });
    this.claims = new VersionedStore(collection, {
      noun: 'roster',
      publish: () => undefined,
      maxAttempts: 50,
    });
  }

  private get collection() {
    return this.store.collection;
  }

  private async find(county: string): Promise<PairRosterDocument | undefined> {
    return ((await this.collection.findOne({ _id: county })) as PairRosterDocument | null) ?? undefined;
  }

  private async readOrEmpty(county: string): Promise<PairRosterDocument> {
    return (await this.find(county)) ?? emptyRoster(county, new Date());
  }

  private inLane<T>(county: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(county) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.catch(() => undefined);
    this.lanes.set(county, settled);
    void settled.then(() => {
      if (this.lanes.get(county) === settled) this.lanes.delete(county);
    });
    return run;
  }

  // --- rosters (routes) ---

  async getRoster(region: string, principal: Principal): Promise<RosterView> {
    const sides = pairSides(region);
    if (!sides) throw AppError.notFound(`No pair has the region ${region}`);
    const doc = await this.readOrEmpty(sides.county);
    if (!canReadRoster(principal, doc))
      throw AppError.forbidden(
        `Only the cadres of ${sides.county} and ${sides.district} and admins read its rosters`,
      );
    return rosterView(doc, region, principal);
  }

  async putRoster(command: PutRosterCommand, ctx: CommandContext): Promise<RosterView> {
    const sides = pairSides(command.region)!;
    await this.store.update(
      () => this.readOrEmpty(sides.county),
      seeded(decidePutRoster(command, ctx.principal)),
      ctx,
      { expectedVersion: command.expectedVersion },
    );
    return this.getRoster(command.region, ctx.principal);
  }

  async setAway(command: SetMemberAwayCommand, ctx: CommandContext): Promise<RosterView> {
    const sides = pairSides(command.region)!;
    const doc = await this.find(sides.county);
    if (!doc) throw AppError.notFound(`${command.userId} is not on the roster of ${command.region}`);
    await this.store.update(
      async () => (await this.find(sides.county))!,
      decideSetAway(command.region, command.userId, command.away, ctx.principal),
      ctx,
    );
    return this.getRoster(command.region, ctx.principal);
  }

  // --- what the leads part calls ---

  /**
   * Picks an owner for a new or unassigned lead by the county's (and its pair's) rules, round robin
   * among the cadres with room who are not away, and takes one unit of their capacity atomically.
   * `leadId` makes a retried claim for the same lead take no second unit. Undefined: nobody fits.
   */
  async claimOwner(lead: {
    leadId: string;
    county: string;
    field?: InvestmentField;
    amountYuan?: number;
  }): Promise<PickedOwner | undefined> {
    const sides = pairSides(lead.county);
    if (!sides || sides.county !== lead.county) return undefined;
    return this.inLane(lead.county, async () => {
      if (!(await this.find(lead.county))) return undefined;
      return this.claims.update(
        async () => (await this.find(lead.county))!,
        decideClaim({ leadId: lead.leadId, field: lead.field, amountYuan: lead.amountYuan }),
        systemActing(),
      );
    });
  }

  /**
   * Takes a named cadre as owner (a reassignment or a manual pick): refused with a clear error when
   * the cadre is not on the county's or its paired district's roster or has no room. The previous
   * owner keeps their unit until the caller releases it (after its own write: a failed reassignment
   * then releases the new owner's unit and loses nothing). Idempotent per lead and cadre.
   */
  async claimNamedOwner(lead: { leadId: string; county: string }, userId: string): Promise<PickedOwner> {
    const sides = pairSides(lead.county);
    const notOnRoster = () =>
      AppError.validation(
        [{ field: 'ownerId', message: 'Not on the roster of the county or of its paired district' }],
        `${userId} is not on the roster of ${lead.county} or its paired district`,
      );
    if (!sides || sides.county !== lead.county) throw notOnRoster();
    return this.inLane(lead.county, async () => {
      if (!(await this.find(lead.county))) throw notOnRoster();
      return this.claims.update(
        async () => (await this.find(lead.county))!,
        decideNamedClaim(lead.leadId, userId),
        systemActing(),
      );
    });
  }

  /** Gives back the unit of capacity a lead held (it closed, landed or changed owner). Idempotent per lead. */
  async releaseOwner(userId: string, leadId: string): Promise<void> {
    // `holders` lists who has a load entry: the few documents (one per county) where the user holds leads.
    const docs = await this.collection.find({ holders: userId }, { projection: { _id: 1 } }).toArray();
    for (const { _id } of docs)
      await this.inLane(_id, () =>
        this.claims.update(
          async () => (await this.find(_id)) ?? emptyRoster(_id, new Date()),
          decideRelease(userId, leadId),
          systemActing(),
        ),
      );
  }

  /** Whether the principal coordinates investment for the district paired with the county. */
  async isPairCoordinator(principal: Principal, county: string): Promise<boolean> {
    if (!hasRole(principal, 'cadre')) return false;
    return (await this.pairCoordinators(county)).includes(principal.userId);
  }

  /** The coordinators of the district paired with the county (escalations go to them). */
  async pairCoordinators(county: string): Promise<string[]> {
    const sides = pairSides(county);
    if (!sides) return [];
    const doc = await this.find(sides.county);
    return doc ? coordinatorsOf(doc) : [];
  }
}
