import type {
  ApplicationSummary,
  ApplicationView,
  ChallengeHistoryEntry,
  ChallengePublic,
  ChallengeView,
  Principal,
} from '@qingshui/contracts';
import type { ApplicationRecord, ChallengeState, HistoryRecord } from './challenge.schema';
import { canManage, canSeeConfidential, type ChallengeFacts } from './challenge.rules';

// How a challenge and its applications read from outside: pure projections of the document,
// shared by the replies, the events and the lists.

export function factsOf(doc: ChallengeState): ChallengeFacts {
  const awarded = doc.applications.find((a) => a.id === doc.awardedApplicationId);
  return {
    status: doc.status,
    poster: doc.poster,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    deadline: doc.deadline,
    publishedAt: doc.publishedAt ?? undefined,
    termsConfidential: doc.terms.confidentiality,
    termsAcceptedBy: doc.termsAcceptedBy,
    applicantExpertIds: doc.applicantExpertIds,
    awardedUserIds: awarded?.userIds ?? [],
  };
}

export function historyView(entry: HistoryRecord): ChallengeHistoryEntry {
  return {
    from: entry.from,
    to: entry.to,
    by: entry.by,
    at: new Date(entry.at).toISOString(),
    ...(entry.reason ? { reason: entry.reason } : {}),
  };
}

/** What anyone who may read the challenge sees, and what its events carry. */
export function toPublic(doc: ChallengeState): ChallengePublic {
  return {
    id: doc._id,
    title: doc.title,
    publicSummary: doc.publicSummary,
    field: doc.field,
    requiredSkills: doc.requiredSkills,
    county: doc.county,
    pairedDistrict: doc.pairedDistrict,
    reward: doc.reward,
    deadline: doc.deadline.toISOString(),
    terms: doc.terms,
    status: doc.status,
    poster: doc.poster,
    history: doc.history.map(historyView),
    applicationCount: doc.applications.length,
    ...(doc.awardedApplicationId ? { awardedApplicationId: doc.awardedApplicationId } : {}),
    ...(doc.publishedAt ? { publishedAt: doc.publishedAt.toISOString() } : {}),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** The challenge as `principal` may see it: the confidential part only for those entitled. */
export function toView(doc: ChallengeState, principal: Principal): ChallengeView {
  const facts = factsOf(doc);
  const confidential = canSeeConfidential(principal, facts);
  return {
    ...toPublic(doc),
    ...(confidential ? { confidentialDetails: doc.confidentialDetails } : {}),
    canSeeConfidential: confidential,
    termsAccepted: doc.termsAcceptedBy.includes(principal.userId),
    canManage: canManage(principal, facts),
  };
}

export function summaryOf(app: ApplicationRecord, challengeId: string): ApplicationSummary {
  return {
    id: app.id,
    challengeId,
    leaderExpertId: app.leaderExpertId,
    leaderUserId: app.leaderUserId,
    expertIds: app.expertIds,
    userIds: app.userIds,
    status: app.status,
    ...(app.reason ? { reason: app.reason } : {}),
    submittedAt: new Date(app.submittedAt).toISOString(),
    updatedAt: new Date(app.updatedAt).toISOString(),
  };
}

export const toApplicationView = (app: ApplicationRecord, challengeId: string): ApplicationView => ({
  ...summaryOf(app, challengeId),
  proposal: app.proposal,
});
