import type { InvestmentPart } from '../part';
import { AssignmentService } from './assignment.service';
import { FollowUpsService } from './follow-ups.service';
import { FollowUpJobs } from './follow-up-jobs';
import { FollowUpsWorker } from './follow-ups.worker';
import { AssignmentMessages } from './assignment.messages';
import { PAIR_ROSTER_MODEL, PairRosterSchema } from './roster.schema';
import { FOLLOW_UP_MODEL, FollowUpSchema, REMINDER_BOX_MODEL, ReminderBoxSchema } from './follow-up.schema';
import { OUTBOX_MODELS } from './outbox-models';

/** Owners, assignment rules and follow-up reminders (see ../part.ts). */
export const assignmentPart: InvestmentPart = {
  models: [
    { name: PAIR_ROSTER_MODEL, schema: PairRosterSchema },
    { name: FOLLOW_UP_MODEL, schema: FollowUpSchema },
    { name: REMINDER_BOX_MODEL, schema: ReminderBoxSchema },
  ],
  outboxModels: [...OUTBOX_MODELS],
  controllers: [AssignmentMessages],
  providers: [AssignmentService, FollowUpJobs, FollowUpsService, FollowUpsWorker],
};
