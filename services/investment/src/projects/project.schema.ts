import { Schema } from 'mongoose';
import { outboxPlugin, type OutboxFields } from '@qingshui/messaging';
import type { FundingArea, InvestmentField, ProjectChange, ProjectStatus } from '@qingshui/contracts';

export const PROJECT_MODEL = 'Project';

/** One entry of a project's history: who changed which fields from what to what. */
export interface ProjectHistoryRecord {
  at: Date;
  action: 'created' | 'updated';
  by: string;
  byName?: string;
  changes: ProjectChange[];
}

/** One project of a county's library: a single document, its history and outbox inside it. */
export interface ProjectDocument extends OutboxFields {
  _id: string;
  county: string;
  pairId: string;
  /** The county's paired Beijing district (whose cadres read who changed what). */
  pairedDistrict: string;
  title: string;
  fundingArea: FundingArea;
  field: InvestmentField;
  investmentSought: { minYuan: number; maxYuan: number };
  landMu?: number;
  site: string;
  policySupport: string;
  status: ProjectStatus;
  inPlan: boolean;
  planYear?: number;
  description: string;
  history: ProjectHistoryRecord[];
  createdBy: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

const { Mixed } = Schema.Types;
export const ProjectSchema = new Schema<ProjectDocument>(
  {
    _id: { type: String, required: true },
    county: { type: String, required: true },
    pairId: { type: String, required: true },
    pairedDistrict: { type: String, required: true },
    title: { type: String, required: true },
    fundingArea: { type: String, required: true },
    field: { type: String, required: true },
    investmentSought: { type: Mixed, required: true },
    landMu: Number,
    site: { type: String, default: '' },
    policySupport: { type: String, default: '' },
    status: { type: String, required: true },
    inPlan: { type: Boolean, required: true },
    planYear: Number,
    description: { type: String, default: '' },
    history: { type: Mixed, default: [] },
    createdBy: { type: String, required: true },
    version: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'projects', versionKey: false },
);
ProjectSchema.plugin(outboxPlugin);
