import type { InvestmentPart } from '../part';
import { AssignmentService } from './assignment.service';
import { FollowUpsService } from './follow-ups.service';

/** Owners, assignment rules and follow-up reminders (see ../part.ts). */
export const assignmentPart: InvestmentPart = {
  models: [],
  outboxModels: [],
  controllers: [],
  providers: [AssignmentService, FollowUpsService],
};
