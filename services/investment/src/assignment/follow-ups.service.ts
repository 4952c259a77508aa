import { Injectable } from '@nestjs/common';
import type { LeadSnapshot } from '../lead-snapshot';

/**
 * Follow-up deadlines (issue #11, item 6): delayed jobs with deterministic ids. The leads part calls
 * `onLeadChanged` after every committed change of a lead. STUB: to be written by the assignment part.
 */
@Injectable()
export class FollowUpsService {
  /** (Re)schedules the lead's reminders for its new state; a closed or landed lead gets none. */
  async onLeadChanged(_lead: LeadSnapshot): Promise<void> {}
}
