import { Injectable } from '@nestjs/common';
import type { InvestmentField, Principal } from '@qingshui/contracts';

/** A cadre picked to own a lead. */
export interface PickedOwner {
  userId: string;
  name: string;
}

/**
 * Owners and assignment (issue #11, item 5). The leads part calls these; the assignment part owns
 * rosters, rules and capacity. STUB: signatures agreed between the parts, bodies to be written.
 */
@Injectable()
export class AssignmentService {
  /**
   * Picks an owner for a new or unassigned lead by the county's (and its pair's) rules, round robin
   * among the cadres with room who are not away, and takes one unit of their capacity atomically.
   * `leadId` makes a retried claim for the same lead take no second unit. Undefined: nobody fits.
   */
  async claimOwner(_lead: {
    leadId: string;
    county: string;
    field?: InvestmentField;
    amountYuan?: number;
  }): Promise<PickedOwner | undefined> {
    return undefined;
  }

  /**
   * Takes a named cadre as owner (a reassignment or a manual pick): refused with a clear error when
   * the cadre is not on the county's or its paired district's roster or has no room.
   */
  async claimNamedOwner(_lead: { leadId: string; county: string }, userId: string): Promise<PickedOwner> {
    return { userId, name: userId };
  }

  /** Gives back the unit of capacity a lead held (it closed, landed or changed owner). Idempotent per lead. */
  async releaseOwner(_userId: string, _leadId: string): Promise<void> {}

  /** Whether the principal coordinates investment for the district paired with the county. */
  async isPairCoordinator(_principal: Principal, _county: string): Promise<boolean> {
    return false;
  }

  /** The coordinators of the district paired with the county (escalations go to them). */
  async pairCoordinators(_county: string): Promise<string[]> {
    return [];
  }
}
