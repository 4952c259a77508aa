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
 * version, also when it stops half-way: the county's totals take a lead's change in one update
 * together with a mark of the version they took (`applying.<lead>`), guarded by the version the
 * lead's tally says was counted before; then the tally moves to the new version; then the mark
 * goes. A repeat (a replay, a second delivery, two instances, a retry after a crash between the
 * steps) finds the mark or the tally and counts nothing twice.
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
    const mark = `applying.${doc._id}`;
    for (let attempt = 0; attempt < 10; attempt += 1) {
      const tally = await this.tallies.findOne({ _id: doc._id });
      if (tally && tally.v >= doc.version) return false;
      // 1. The totals take the change, with the mark, unless a projection of this (or a newer)
      //    version already did (the mark says so) — the tally has not caught up with it yet.
      const inc = totalsDelta(tally ? { cell: tally.cell, yuan: tally.yuan } : undefined, after);
      const unmarked = { $or: [{ [mark]: { $exists: false } }, { [`${mark}.v`]: { $lte: tally?.v ?? 0 } }] };
      const taken = await this.totals.updateOne(
        { _id: doc.county, ...unmarked },
        {
          ...(Object.keys(inc).length ? { $inc: inc } : {}),
          $set: { [mark]: { v: doc.version, ...after, boards } },
        },
      );
      if (taken.matchedCount !== 1) {
        const totals = await this.totals.findOne({ _id: doc.county }, { projection: { [mark]: 1 } });
        if (!totals) {
          // The county's first lead: its totals document, then again.
          await this.totals.insertOne({ _id: doc.county, cells: {} }).catch((error: unknown) => {
            if (!isDuplicate(error)) throw error;
          });
          continue;
        }
        const applying = totals.applying?.[doc._id];
        if (!applying) continue;
        // A newer version is on its way: this one is superseded.
        if (applying.v > doc.version) return false;
        if (applying.v < doc.version) {
          // An older version's projection stopped after the totals took it: finish it first.
          const { v, cell, yuan, boards: itsBoards } = applying;
          const rolled = { _id: doc._id, v, county: doc.county, cell, yuan, boards: itsBoards };
          if (tally) await this.tallies.updateOne({ _id: doc._id, v: tally.v }, { $set: rolled });
          else await this.tallies.insertOne(rolled).catch(() => undefined);
          await this.totals.updateOne({ _id: doc.county, [`${mark}.v`]: v }, { $unset: { [mark]: '' } });
          continue;
        }
      }
      // 2. The tally moves to this version (guarded by the one it replaces).
      const next: LeadTallyDocument = { _id: doc._id, v: doc.version, county: doc.county, ...after, boards };
      if (tally) {
        const result = await this.tallies.updateOne({ _id: doc._id, v: tally.v }, { $set: next });
        if (result.modifiedCount !== 1) continue;
      } else {
        try {
          await this.tallies.insertOne(next);
        } catch (error) {
          if (isDuplicate(error)) continue;
          throw error;
        }
      }
      // 3. The mark goes (a mark left by a crash here is below the next version: harmless).
      await this.totals.updateOne(
        { _id: doc.county, [`${mark}.v`]: doc.version },
        { $unset: { [mark]: '' } },
      );
      const card = leadCard(doc);
      await Promise.all([
        ...boards.map((board) => this.putCard(board, card)),
        ...(tally?.boards ?? []).filter((b) => !boards.includes(b)).map((b) => this.dropCard(b, card)),
      ]);
      return true;
    }
    throw new Error(`Lead ${doc._id}: its tally kept changing under the projection`);
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
