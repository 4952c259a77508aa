import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type {
  CadreLevel,
  ExchangeDirection,
  ExchangeKind,
  NominationStatus,
  NominationStep,
  Unit,
} from '@qingshui/contracts';

export const NOMINATION_MODEL = 'Nomination';

export type NominationStepRecord = Omit<NominationStep, 'at'> & { at: Date };

/**
 * One nomination of a cadre for a posting, and (once both sides agreed) the placement: a single
 * document with its approval steps and outbox. What it needs of the posting and the profile is
 * copied in at nomination, so that reading it never needs the other two.
 */
export interface NominationDocument extends OutboxFields {
  _id: string;
  postingId: string;
  postingTitle: string;
  pairId: string;
  direction: ExchangeDirection;
  kind: ExchangeKind;
  year: number;
  startDate: string;
  endDate: string;
  receivingUnit: Unit;
  receivingRegion: string;
  sendingRegion: string;
  profileId: string;
  cadre: { name: string; unit: Unit; level: CadreLevel; position: string; userId?: string };
  rank: number;
  statement: string;
  status: NominationStatus;
  released: boolean;
  accepted: boolean;
  steps: NominationStepRecord[];
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const NominationSchema = new Schema<NominationDocument>(
  {
    _id: { type: String, required: true },
    postingId: { type: String, required: true },
    postingTitle: { type: String, required: true },
    pairId: { type: String, required: true },
    direction: { type: String, required: true },
    kind: { type: String, required: true },
    year: { type: Number, required: true },
    startDate: { type: String, required: true },
    endDate: { type: String, required: true },
    receivingUnit: { type: Mixed, required: true },
    receivingRegion: { type: String, required: true },
    sendingRegion: { type: String, required: true },
    profileId: { type: String, required: true },
    cadre: { type: Mixed, required: true },
    rank: { type: Number, required: true },
    statement: { type: String, required: true },
    status: { type: String, required: true },
    released: { type: Boolean, default: false },
    accepted: { type: Boolean, default: false },
    steps: { type: Mixed, default: [] },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'nominations', versionKey: false },
);
// One nomination of a cadre per posting.
NominationSchema.index({ postingId: 1, profileId: 1 }, { unique: true });
NominationSchema.plugin(outboxPlugin);
