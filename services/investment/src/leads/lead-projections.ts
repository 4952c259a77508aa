import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { Collection } from 'mongodb';
import { COUNTY_IDS } from '@qingshui/regions';
import type { LeadCard } from '@qingshui/contracts';
import {
  LEAD_BOARD_MODEL,
  LEAD_TALLY_MODEL,
  LEAD_TOTALS_MODEL,
  type LeadBoardDocument,
  type LeadTallyDocument,
  type LeadTotalsDocument,
} from './lead.schema';
import { amountOf, boardsOf, cellOf, leadCard, type NewLead } from './lead.decide';

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

/** The `$inc` of a tally's move from one cell to another (one path each: Mongo refuses two on one path). */
export function totalsDelta(
  before: { cell: string; yuan: number } | undefined,
  after: { cell: string; yuan: number },
): Record<string, number> {
  const inc: Record<string, number> = {};
  const add = (path: string, by: number) => {
    inc[path] = (inc[path] ?? 0) + by;
  };
  if (before) {
    add(`cells.${before.cell}.n`, -1);
    add(`cells.${before.cell}.yuan`, -before.yuan);
  }
  add(`cells.${after.cell}.n`, 1);
  add(`cells.${after.cell}.yuan`, after.yuan);
  for (const [path, by] of Object.entries(inc)) if (by === 0) delete inc[path];
  return inc;
}

/**
 * The read models of leads, kept from each lead's committed state (never from the command that
 * made it): the county totals and the boards of cards. `project(doc)` is idempotent per lead and
 * version, also when it stops half-way. The lead's tally is the one place a version is decided:
 * it moves to the new version (guarded by the one it replaces) carrying the totals' change as
 * `pending`; the county's totals take the pending change together with the lead's version (guarded
 * by the version they took before, so twice is once); then the tally's pending goes. Whoever
 * finds a tally with a pending change finishes it first, so a crash at any step loses nothing and
 * counts nothing twice, whichever instance or version comes next.
 */
@Injectable()
export class LeadProjections {
  readonly boards: Collection<LeadBoardDocument>;
  readonly tallies: Collection<LeadTallyDocument>;
  readonly totals: Collection<LeadTotalsDocument>;

  constructor(
    @InjectModel(LEAD_BOARD_MODEL) boards: Model<LeadBoardDocument>,
    @InjectModel(LEAD_TALLY_MODEL) tallies: Model<LeadTallyDocument>,
    @InjectModel(LEAD_TOTALS_MODEL) totals: Model<LeadTotalsDocument>,
  ) {
    this.boards = boards.collection as unknown as Collection<LeadBoardDocument>;
    this.tallies = tallies.collection as unknown as Collection<LeadTallyDocument>;
    this.totals = totals.collection as unknown as Collection<LeadTotalsDocument>;
  }

  /** Brings the totals and boards to this version of the lead; an older or equal version does nothing. */
  async project(doc: NewLead): Promise<boolean> {
    const after = { cell: cellOf(doc), yuan: amountOf(doc) };
    const boards = boardsOf(doc);
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const tally = await this.tallies.findOne({ _id: doc._id });
      if (tally?.pending) {
        // Someone's change is half-way (in flight, or stopped by a crash): finish it first.
        await this.finish(tally);
        continue;
      }
      if (tally && tally.v >= doc.version) return false;
      const inc = totalsDelta(tally ? { cell: tally.cell, yuan: tally.yuan } : undefined, after);
      const next: LeadTallyDocument = {
        _id: doc._id,
        v: doc.version,
        county: doc.county,
        ...after,
        boards,
        ...(Object.keys(inc).length
          ? { pending: Object.entries(inc).map(([path, by]) => ({ path, by })) }
          : {}),
      };
      if (tally) {
        const result = await this.tallies.replaceOne({ _id: doc._id, v: tally.v }, next);
        if (result.modifiedCount !== 1) continue;
      } else {
        try {
          await this.tallies.insertOne(next);
        } catch (error) {
          if (isDuplicate(error)) continue;
          throw error;
        }
      }
      if (next.pending) await this.finish(next);
      const card = leadCard(doc);
      await Promise.all([
        ...boards.map((board) => this.putCard(board, card)),
        ...(tally?.boards ?? []).filter((b) => !boards.includes(b)).map((b) => this.dropCard(b, card)),
      ]);
      return true;
    }
    throw new Error(`Lead ${doc._id}: its tally kept changing under the projection`);
  }

  /**
   * The county's totals take a tally's pending change once (its mark says which version of the
   * lead they took last, so a late repeat of an older change is refused too); then the pending
   * change goes.
   */
  private async finish(tally: LeadTallyDocument): Promise<void> {
    const mark = `applied.${tally._id}`;
    for (;;) {
      const taken = await this.totals.updateOne(
        { _id: tally.county, $or: [{ [mark]: { $exists: false } }, { [mark]: { $lt: tally.v } }] },
        {
          $inc: Object.fromEntries(tally.pending!.map(({ path, by }) => [path, by])),
          $set: { [mark]: tally.v },
        },
      );
      if (taken.matchedCount === 1) break;
      const totals = await this.totals.findOne({ _id: tally.county }, { projection: { _id: 1 } });
      if (totals) break; // marked: taken already
      // The county's first lead: its totals document, then again.
      await this.totals.insertOne({ _id: tally.county, cells: {} }).catch((error: unknown) => {
        if (!isDuplicate(error)) throw error;
      });
    }
    await this.tallies.updateOne({ _id: tally._id, v: tally.v }, { $unset: { pending: '' } });
  }

  /** Sets the card unless the board holds a newer one (its version says). */
  private async putCard(board: string, card: LeadCard): Promise<void> {
    const path = `cards.${card.id}`;
    try {
      await this.boards.updateOne(
        { _id: board, $or: [{ [path]: { $exists: false } }, { [`${path}.version`]: { $lt: card.version } }] },
        { $set: { [path]: card } },
        { upsert: true },
      );
    } catch (error) {
      // The board exists and holds a newer card: the upsert's insert collided with it.
      if (!isDuplicate(error)) throw error;
    }
  }

  private async dropCard(board: string, card: LeadCard): Promise<void> {
    const path = `cards.${card.id}`;
    await this.boards.updateOne(
      { _id: board, [`${path}.version`]: { $lt: card.version } },
      { $unset: { [path]: '' } },
    );
  }

  /** The cards of a board (one `_id` read). */
  async cards(board: string): Promise<LeadCard[]> {
    const doc = await this.boards.findOne({ _id: board });
    return Object.values(doc?.cards ?? {});
  }

  /** The totals documents of the counties asked (all sixteen when none). */
  async totalsOf(counties?: readonly string[]): Promise<LeadTotalsDocument[]> {
    const ids = counties ?? COUNTY_IDS;
    if (ids.length === 1) {
      const one = await this.totals.findOne({ _id: ids[0]! });
      return one ? [one] : [];
    }
    // A handful of small documents: the whole collection is the sixteen counties.
    const all = await this.totals.find({}).toArray();
    return all.filter((doc) => ids.includes(doc._id));
  }
}
