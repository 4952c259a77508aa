import type { Principal } from '@qingshui/contracts';

/**
 * The query groups an event makes stale: the console refetches what is on screen from REST, so a
 * socket never shows more than the user could read there. Keys are the first element of a query key.
 */
export function staleGroupsOf(topic: string): string[] {
  const [service, record] = topic.split('.');
  if (service === 'talent') {
    if (record === 'challenge') return ['challenges', 'applications', 'matches', 'board'];
    if (record === 'application') return ['applications', 'challenges', 'board'];
    if (record === 'expert') return ['experts', 'matches', 'board'];
  }
  if (service === 'fairs') return ['fairs'];
  if (service === 'stations') {
    if (record === 'station') return ['stations', 'board'];
    return ['slots', 'bookings', 'tours', 'stations', 'board'];
  }
  return [];
}

export interface Note {
  /** The message key (namespace common, under notify.) and its values. */
  key: string;
  values: Record<string, string | number>;
  /** Where the notification leads. */
  link?: string;
}

type Payload = {
  userId?: string;
  registration?: { userId?: string };
  fair?: { id?: string; title?: string };
  slot?: { id?: string; title?: string };
  challenge?: { id?: string; title?: string; poster?: { userId?: string } };
  application?: { challengeId?: string; userIds?: string[] };
};

const SLOT_NOTES: Record<string, string> = {
  'stations.offer.made.v1': 'offerMade',
  'stations.offer.expired.v1': 'offerExpired',
  'stations.booking.confirmed.v1': 'bookingConfirmed',
  'stations.booking.requested.v1': 'bookingRequested',
  'stations.booking.approved.v1': 'bookingApproved',
  'stations.booking.rejected.v1': 'bookingRejected',
  'stations.booking.cancelled.v1': 'bookingCancelled',
  'stations.booking.rescheduled.v1': 'bookingRescheduled',
  'stations.booking.reminder.v1': 'bookingReminder',
};
const REGISTRATION_NOTES: Record<string, string> = {
  'fairs.registration.confirmed.v1': 'registrationConfirmed',
  'fairs.registration.offered.v1': 'registrationOffered',
  'fairs.registration.offer-expired.v1': 'registrationOfferExpired',
  'fairs.registration.rejected.v1': 'registrationRejected',
  'fairs.registration.cancelled.v1': 'registrationCancelled',
};
const APPLICATION_NOTES: Record<string, string> = {
  'talent.application.shortlisted.v1': 'applicationShortlisted',
  'talent.application.rejected.v1': 'applicationRejected',
  'talent.application.awarded.v1': 'applicationAwarded',
};

/**
 * The events addressed to this user that deserve a notification (not every refresh of a list):
 * a booking's or an offer's news for its expert, an application's fate for its team, a new
 * application for the poster. Everything else only refreshes what is on screen.
 */
export function noteOf(topic: string, payload: unknown, principal: Principal): Note | undefined {
  const p = (payload ?? {}) as Payload;
  const link = (path: string | undefined) => (path ? { link: path } : {});
  const slotKey = SLOT_NOTES[topic];
  if (slotKey) {
    if (p.userId !== principal.userId) return undefined;
    return {
      key: slotKey,
      values: { slot: p.slot?.title ?? '' },
      ...link(p.slot?.id && `/slots/${p.slot.id}`),
    };
  }
  const registrationKey = REGISTRATION_NOTES[topic];
  if (registrationKey) {
    // The organiser's staff hear every registration too: only the registrant is notified.
    if (p.registration?.userId !== principal.userId) return undefined;
    return { key: registrationKey, values: { fair: p.fair?.title ?? '' }, link: '/fairs/tickets' };
  }
  const challenge = p.challenge;
  const applicationKey = APPLICATION_NOTES[topic];
  if (applicationKey) {
    if (!p.application?.userIds?.includes(principal.userId)) return undefined;
    return {
      key: applicationKey,
      values: { challenge: challenge?.title ?? '' },
      ...link(challenge?.id && `/challenges/${challenge.id}`),
    };
  }
  if (topic === 'talent.application.submitted.v1' && challenge?.poster?.userId === principal.userId)
    return {
      key: 'applicationSubmitted',
      values: { challenge: challenge.title ?? '' },
      ...link(challenge.id && `/enterprise/challenges/${challenge.id}`),
    };
  return undefined;
}

/** The notice a waiting expert gets when the line moves: their place in it. */
export const WAITLIST_POSITION = 'stations.waitlist.position';
