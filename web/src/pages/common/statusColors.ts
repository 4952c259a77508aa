// Tag colours of the statuses (the words come from common:challengeStatus / applicationStatus).

export const CHALLENGE_STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  published: 'processing',
  closed: 'orange',
  awarded: 'purple',
  delivered: 'cyan',
  completed: 'success',
  cancelled: 'default',
};
export const APPLICATION_STATUS_COLOR: Record<string, string> = {
  submitted: 'processing',
  shortlisted: 'gold',
  rejected: 'default',
  awarded: 'success',
};
