import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type {
  ApplicationStatus,
  ChallengePoster,
  ChallengeStatus,
  ChallengeTerms,
  ExpertField,
} from '@qingshui/contracts';

export const CHALLENGE_MODEL = 'Challenge';

export interface HistoryRecord {
  from: ChallengeStatus | null;
  to: ChallengeStatus;
  by: string;
  at: Date;
  reason?: string;
}

/** An application (揭榜), embedded in its challenge so "one per expert" holds in one atomic update. */
export interface ApplicationRecord {
  id: string;
  leaderExpertId: string;
  leaderUserId: string;
  expertIds: string[];
  userIds: string[];
  proposal: string;
  status: ApplicationStatus;
  reason?: string;
  submittedAt: Date;
  updatedAt: Date;
}

/** The challenge aggregate: the challenge, its applications and its pending events, one document. */
export interface ChallengeDocument extends OutboxFields {
  _id: string;
  title: string;
  publicSummary: string;
  confidentialDetails: string;
  field: ExpertField;
  requiredSkills: string[];
  county: string;
  pairedDistrict: string;
  reward: { amountYuan?: number; budgetNote?: string };
  deadline: Date;
  terms: ChallengeTerms;
  status: ChallengeStatus;
  poster: ChallengePoster;
  history: HistoryRecord[];
  /** User ids of the experts who accepted the terms. */
  termsAcceptedBy: string[];
  applications: ApplicationRecord[];
  /**
   * Every expert id on an application, flat: FerretDB 1.24 evaluates `$ne`/`$nin` on a path
   * through an array of sub-documents (`applications.expertIds`) wrongly once there are two
   * applications, but gets them right on a flat array of strings.
   */
  applicantExpertIds: string[];
  awardedApplicationId?: string;
  publishedAt?: Date;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** The challenge as decisions and views see it: the document without its pending events. */
export type ChallengeState = Omit<ChallengeDocument, keyof OutboxFields>;

export const ChallengeSchema = new Schema<ChallengeDocument>(
  {
    _id: { type: String, required: true },
    title: { type: String, required: true },
    publicSummary: { type: String, required: true },
    confidentialDetails: { type: String, default: '' },
    field: { type: String, required: true, index: true },
    requiredSkills: { type: [String], default: [] },
    county: { type: String, required: true, index: true },
    pairedDistrict: { type: String, required: true },
    reward: { type: Schema.Types.Mixed, default: {} },
    deadline: { type: Date, required: true },
    terms: { type: Schema.Types.Mixed, required: true },
    status: { type: String, required: true, index: true },
    poster: { type: Schema.Types.Mixed, required: true },
    history: { type: Schema.Types.Mixed, default: [] },
    termsAcceptedBy: { type: [String], default: [] },
    applications: { type: Schema.Types.Mixed, default: [] },
    applicantExpertIds: { type: [String], default: [] },
    awardedApplicationId: { type: String },
    publishedAt: { type: Date },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true, index: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'challenges', versionKey: false },
);
ChallengeSchema.plugin(outboxPlugin);
