import type { ChallengePublic, ExpertProfile } from '@qingshui/contracts';
import type { MatchableChallenge, MatchableExpert } from '../matching';
import type { ExpertDocument } from '../experts/expert.schema';
import type { ChallengeDocument } from '../challenges/challenge.schema';

type ExpertLike = Pick<
  ExpertProfile,
  'name' | 'title' | 'institution' | 'bio' | 'region' | 'fields' | 'skills' | 'orgId'
> & {
  academician?: boolean;
  verified?: boolean;
  availability?: { from: string; to: string }[];
  engagements?: { visits: number; challengesSolved: number };
  conflictOrgIds?: string[];
};

/** An expert (document or event payload) as the matching engine sees it. */
export function matchableExpert(id: string, expert: ExpertLike): MatchableExpert {
  return {
    id,
    ...(expert.orgId ? { orgId: expert.orgId } : {}),
    region: expert.region,
    fields: expert.fields,
    skills: expert.skills,
    text: [expert.name, expert.title, expert.institution, expert.bio].join(' '),
    academician: expert.academician ?? false,
    verified: expert.verified ?? false,
    availability: (expert.availability ?? []).map(({ from, to }) => ({ from, to })),
    trackRecord: {
      challengesSolved: expert.engagements?.challengesSolved ?? 0,
      visits: expert.engagements?.visits ?? 0,
    },
    conflictOrgIds: expert.conflictOrgIds ?? [],
  };
}

export function matchableExpertFromDocument(doc: ExpertDocument): MatchableExpert {
  return matchableExpert(doc._id, doc);
}

/** A challenge as the engine sees it: the public text only, never the confidential details. */
export function matchableChallenge(
  challenge: Pick<
    ChallengePublic,
    'id' | 'title' | 'publicSummary' | 'field' | 'requiredSkills' | 'county' | 'status'
  > & {
    deadline: string | Date;
    poster: { orgId: string };
  },
): MatchableChallenge {
  return {
    id: challenge.id,
    posterOrgId: challenge.poster.orgId,
    county: challenge.county,
    field: challenge.field,
    requiredSkills: challenge.requiredSkills,
    text: `${challenge.title} ${challenge.publicSummary}`,
    deadline: challenge.deadline instanceof Date ? challenge.deadline.toISOString() : challenge.deadline,
    status: challenge.status,
  };
}

export function matchableChallengeFromDocument(doc: ChallengeDocument): MatchableChallenge {
  return matchableChallenge({ ...doc, id: doc._id });
}
