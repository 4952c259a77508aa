import { Schema } from 'mongoose';
import type { InvestmentField } from '@qingshui/contracts';

export const PAIR_ROSTER_MODEL = 'InvestmentPairRoster';

export interface RosterMemberDoc {
  userId: string;
  name: string;
  capacity: number;
  away: boolean;
  coordinator: boolean;
}

export interface AssignmentRuleDoc {
  id: string;
  name: string;
  fields: InvestmentField[];
  minYuan?: number;
  maxYuan?: number;
  memberIds: string[];
}

export interface RosterSideDoc {
  members: RosterMemberDoc[];
  rules: AssignmentRuleDoc[];
  updatedBy?: string;
}

/** The open leads one cadre holds (what counts against their capacity). */
export interface LoadEntry {
  userId: string;
  leadIds: string[];
}

/**
 * A pair's rosters, both sides, and every cadre's load: one document per county (`_id`), so that
 * a claim checks room and takes it in one guarded update, whichever side the cadre is on.
 */
export interface PairRosterDocument {
  _id: string;
  pairId: string;
  district: string;
  countySide: RosterSideDoc;
  districtSide: RosterSideDoc;
  load: LoadEntry[];
  /** Users with a load entry: releaseOwner finds the document from the user alone. */
  holders: string[];
  /** Who the rotation picked last (it goes on from the next one). */
  lastPicked?: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export const PairRosterSchema = new Schema<PairRosterDocument>(
  {
    _id: { type: String, required: true },
    pairId: { type: String, required: true },
    district: { type: String, required: true },
    countySide: { type: Schema.Types.Mixed, required: true },
    districtSide: { type: Schema.Types.Mixed, required: true },
    load: { type: Schema.Types.Mixed, default: [] },
    holders: { type: [String], default: [], index: true },
    lastPicked: { type: String },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'investment_rosters', versionKey: false, minimize: false },
);
