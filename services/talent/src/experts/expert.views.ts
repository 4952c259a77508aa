import type { ExpertProfile, Principal } from '@qingshui/contracts';
import type { ExpertState } from './expert.schema';
import { canSeeContact } from './expert.rules';

/**
 * The profile as `viewer` may see it; without a viewer (events, which anyone may watch) the
 * contact details are left out. Documents written before a field existed read as its default.
 */
export function toProfile(doc: ExpertState, viewer?: Principal): ExpertProfile {
  const base = {
    id: doc._id,
    userId: doc.userId,
    contactVisibility: doc.contactVisibility ?? 'cadres',
  };
  return {
    ...base,
    ...(doc.orgId ? { orgId: doc.orgId } : {}),
    name: doc.name,
    institution: doc.institution,
    title: doc.title,
    fields: doc.fields,
    skills: doc.skills,
    bio: doc.bio,
    region: doc.region,
    academician: doc.academician ?? false,
    honours: doc.honours ?? [],
    languages: doc.languages ?? [],
    availability: (doc.availability ?? []).map(({ from, to, note }) => ({
      from,
      to,
      ...(note ? { note } : {}),
    })),
    ...(canSeeContact(viewer, base) ? { contact: compact(doc.contact ?? {}) } : {}),
    conflictOrgIds: doc.conflictOrgIds ?? [],
    engagements: {
      visits: doc.engagements?.visits ?? 0,
      challengesSolved: doc.engagements?.challengesSolved ?? 0,
    },
    verified: doc.verified ?? false,
    ...(doc.verifiedBy ? { verifiedBy: doc.verifiedBy } : {}),
    ...(doc.verifiedAt ? { verifiedAt: doc.verifiedAt.toISOString() } : {}),
    version: doc.version,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}

/** What an event carries: the profile without contact details. */
export function publicProfile(profile: ExpertProfile): ExpertProfile {
  const { contact: _contact, ...rest } = profile;
  return rest;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}
