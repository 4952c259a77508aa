/**
 * A lead's follow-up reminders and deadlines, shown on the lead page (leads part). STUB: the
 * assignment part writes it.
 */
export function LeadFollowUps(_props: { leadId: string }) {
  return null;
}
