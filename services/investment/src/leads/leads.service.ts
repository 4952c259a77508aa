import { Injectable } from '@nestjs/common';
import type { EnterpriseRef, InvestmentField, LeadOrigin } from '@qingshui/contracts';
import type { CommandContext } from '@qingshui/messaging';

/** A lead born elsewhere: from a fair's booth scan or an awarded challenge (lineage). */
export interface OpenFromOriginInput {
  /**
   * Identifies the lead for its origin, so a replayed event opens no second one: for a fair scan
   * `fair-scan:<exhibitorOrgId>:<visitorUserId>` (one lead per enterprise-visitor pair), for a
   * challenge `challenge:<challengeId>`.
   */
  originKey: string;
  enterprise: EnterpriseRef;
  county: string;
  field?: InvestmentField;
  title: string;
  origin: LeadOrigin;
  /** The event's id: a later event for the same key becomes one activity, once. */
  eventId: string;
  /** The activity recorded when the lead exists already (a rescan, another contact). */
  activity: { kind: 'meeting' | 'visit' | 'call' | 'email' | 'note'; at: string; summary: string };
}

/**
 * Leads and the pipeline (issue #11, item 4). STUB of what other parts call: the leads part writes
 * the bodies (and the rest of the service).
 */
@Injectable()
export class LeadsService {
  /** Opens the origin's lead, or records the event as an activity of the one that exists. Idempotent. */
  async openFromOrigin(
    _input: OpenFromOriginInput,
    _ctx: CommandContext,
  ): Promise<{ leadId: string; created: boolean }> {
    throw new Error('not yet');
  }

  /** A merge: every lead of `from` now names `to` (history says which merge). Returns how many moved. */
  async moveEnterprise(
    _from: EnterpriseRef,
    _to: EnterpriseRef,
    _mergeId: string,
    _ctx: CommandContext,
  ): Promise<number> {
    return 0;
  }
}
