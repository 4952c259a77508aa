import type { EnterpriseRef, LeadOrigin, LeadStage, LeadStatus, InvestmentField } from '@qingshui/contracts';

/**
 * What the assignment part (follow-up reminders, owners' capacity) needs to know of a lead after
 * every change: the leads part builds it from its document and hands it over. Kept apart from the
 * leads' view so the two parts agree on it without importing each other's schemas.
 */
export interface LeadSnapshot {
  id: string;
  version: number;
  stage: LeadStage;
  status: LeadStatus;
  county: string;
  /** The pair of the county (pairs.json id). */
  pairId: string;
  field?: InvestmentField;
  estimatedAmountYuan?: number;
  enterprise: EnterpriseRef;
  ownerId?: string;
  /** When the last activity (or the creation) happened, ISO. */
  lastActivityAt: string;
  /** The expected signing date, once known (YYYY-MM-DD). */
  expectedSigningDate?: string;
  /** Open tasks with a due date. */
  tasks: { id: string; title: string; dueAt: string; done: boolean }[];
  origin: LeadOrigin;
}

/**
 * The leads part's reader of a lead's current snapshot (by `_id`), for the assignment part: a
 * follow-up job checks the lead it is about before it fires.
 */
export interface LeadSnapshotReader {
  current(leadId: string): Promise<LeadSnapshot | undefined>;
}
export const LEAD_SNAPSHOT_READER = Symbol('LeadSnapshotReader');
