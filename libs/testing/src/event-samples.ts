import { DOMAINS } from '@qingshui/contracts';
import type {
  ApplicationSummary,
  BookingView,
  ChallengePublic,
  EventTopic,
  ExpertProfile,
  OfferView,
  SlotSummary,
  StationView,
} from '@qingshui/contracts';

/**
 * Personal data planted in the sample events: ids and free text that belong to one person (the
 * booker, the applicant, the one offered a seat). A view meant for a room whose members may not
 * read them must contain none of these strings, wherever they would hide.
 */
export const PERSONAL_MARKERS = [
  'u-booker',
  'org-booker',
  'u-offered',
  'u-waiting-1',
  'u-waiting-2',
  'u-applicant',
  'x-applicant',
  'u-terms',
  'u-creator',
  '私人原因：家中有事',
] as const;

const at = '2026-12-01T08:00:00.000Z';

const slot: SlotSummary = {
  id: 'slot-1',
  kind: 'slot',
  status: 'open',
  stationId: 'station-1',
  stationName: '淅川县院士专家工作站',
  address: '河南省南阳市淅川县龙城街道',
  fields: ['medicine'],
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  counties: ['xichuan'],
  pairedDistricts: ['chaoyang'],
  hostOrgId: 'gov-xichuan',
  start: at,
  end: at,
  capacity: 10,
  seatsTaken: 3,
  approvalRequired: true,
  maxPerOrg: 2,
  opensAt: at,
  closesAt: at,
  offerTtlSeconds: 60,
  approvalTtlSeconds: 60,
  reminderLeadSeconds: 60,
  noShowGraceSeconds: 60,
  waitlistLength: 2,
  offersOpen: 1,
  version: 4,
};

const booking: BookingView = {
  id: 'booking-1',
  slotId: slot.id,
  stationId: 'station-1',
  userId: 'u-booker',
  orgId: 'org-booker',
  region: 'haidian',
  status: 'cancelled',
  reason: '私人原因：家中有事',
  cancelledBy: 'u-booker',
  decideBy: at,
  movedFrom: 'booking-0',
  checkIns: [{ stop: 0, at, by: 'u-host' }],
  attendance: 'present',
  remindedAt: at,
  start: at,
  end: at,
  createdAt: at,
  updatedAt: at,
};

const offer: OfferView = { id: 'offer-1', slotId: slot.id, userId: 'u-offered', expiresAt: at };

const challenge = (published: boolean): ChallengePublic => ({
  id: 'challenge-1',
  title: '软籽石榴病虫害绿色防控',
  publicSummary: '淅川软籽石榴基地需要病虫害绿色防控方案。',
  field: 'agriculture',
  requiredSkills: ['病虫害防治'],
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  reward: { amountYuan: 200000 },
  deadline: at,
  terms: { ip: 'shared', confidentiality: true },
  status: published ? 'published' : 'draft',
  poster: { kind: 'enterprise', orgId: 'ent-qushou-agri', userId: 'u-poster' },
  history: [{ from: null, to: 'draft', by: 'u-poster', at }],
  applicationCount: 1,
  ...(published ? { publishedAt: at } : {}),
  version: 3,
  createdAt: at,
  updatedAt: at,
});

const application: ApplicationSummary = {
  id: 'application-1',
  challengeId: 'challenge-1',
  leaderExpertId: 'x-applicant',
  leaderUserId: 'u-applicant',
  expertIds: ['x-applicant'],
  userIds: ['u-applicant'],
  status: 'rejected',
  reason: '私人原因：家中有事',
  submittedAt: at,
  updatedAt: at,
};

const expert: ExpertProfile = {
  id: 'expert-1',
  userId: 'u-expert',
  orgId: 'inst-bjfu',
  name: '李森',
  institution: '北京林业大学',
  title: '教授',
  fields: ['ecology-water'],
  skills: ['水土保持'],
  bio: '长期从事丹江口库区水土保持研究。',
  region: 'haidian',
  academician: false,
  honours: [],
  languages: ['中文'],
  availability: [],
  contactVisibility: 'cadres',
  conflictOrgIds: [],
  engagements: { visits: 1, challengesSolved: 0 },
  verified: true,
  verifiedBy: 'u-cadre',
  verifiedAt: at,
  version: 2,
  createdAt: at,
  updatedAt: at,
};

const station: StationView = {
  id: 'station-1',
  name: '淅川县院士专家工作站',
  county: 'xichuan',
  pairedDistrict: 'chaoyang',
  hostOrgId: 'gov-xichuan',
  fields: ['medicine'],
  address: '河南省南阳市淅川县龙城街道',
  cadreUserIds: ['u-host'],
  createdBy: 'u-host',
  version: 1,
  createdAt: at,
};

const line = ['u-waiting-1', 'u-waiting-2'];
const bookingPayload = { slot, booking, userId: 'u-booker' };
const offerPayload = { slot, offer, userId: 'u-offered', waitlist: line };
const transition = { from: 'published' as const, to: 'closed' as const, by: 'u-poster', at, reason: '到期' };

/** A domain may declare its events' samples beside them, as `samples` (generated domains do). */
type SampledTopicsOf<D> = D extends { samples: infer S } ? keyof S & EventTopic : never;
type SampledTopic = SampledTopicsOf<(typeof DOMAINS)[number]>;
const DECLARED_SAMPLES = Object.assign(
  {},
  ...DOMAINS.map((domain) => (domain as { samples?: object }).samples ?? {}),
) as Record<SampledTopic, unknown>;

/** The samples of the domains that do not declare their own. */
const SAMPLES: Record<Exclude<EventTopic, SampledTopic>, unknown> = {
  'talent.expert.registered.v1': { expert },
  'talent.expert.updated.v1': { expert, changed: ['title'] },
  'talent.challenge.created.v1': { challenge: challenge(false) },
  'talent.challenge.draft-updated.v1': { challenge: challenge(false), changed: ['title'] },
  'talent.challenge.updated.v1': { challenge: challenge(true), changed: ['deadline'] },
  'talent.challenge.published.v1': { challenge: challenge(true), transition },
  'talent.challenge.closed.v1': { challenge: challenge(true), transition },
  'talent.challenge.awarded.v1': { challenge: challenge(true), transition },
  'talent.challenge.delivered.v1': { challenge: challenge(true), transition },
  'talent.challenge.completed.v1': { challenge: challenge(true), transition },
  'talent.challenge.cancelled.v1': { challenge: challenge(true), transition },
  'talent.challenge.terms-accepted.v1': { challenge: challenge(true), userId: 'u-terms' },
  'talent.application.submitted.v1': { challenge: challenge(true), application },
  'talent.application.shortlisted.v1': { challenge: challenge(true), application },
  'talent.application.rejected.v1': { challenge: challenge(true), application },
  'talent.application.awarded.v1': { challenge: challenge(true), application },
  'stations.station.created.v1': { station },
  'stations.slot.created.v1': { slot },
  'stations.slot.cancelled.v1': {
    slot: { ...slot, status: 'cancelled', cancelReason: '道路中断' },
    userId: 'u-booker',
  },
  'stations.booking.confirmed.v1': bookingPayload,
  'stations.booking.requested.v1': bookingPayload,
  'stations.booking.approved.v1': bookingPayload,
  'stations.booking.rejected.v1': bookingPayload,
  'stations.booking.cancelled.v1': bookingPayload,
  'stations.booking.expired.v1': bookingPayload,
  'stations.booking.rescheduled.v1': bookingPayload,
  'stations.booking.reminder.v1': bookingPayload,
  'stations.booking.checked-in.v1': bookingPayload,
  'stations.booking.no-show.v1': bookingPayload,
  'stations.waitlist.joined.v1': { slot, userId: 'u-booker', waitlistPosition: 3 },
  'stations.waitlist.left.v1': { slot, userId: 'u-booker', waitlist: line },
  'stations.offer.made.v1': offerPayload,
  'stations.offer.accepted.v1': { slot, offer, booking, userId: 'u-offered' },
  'stations.offer.declined.v1': offerPayload,
  'stations.offer.expired.v1': offerPayload,
};

/**
 * A sample payload of every event, with every optional field filled and personal data planted
 * (see PERSONAL_MARKERS). Tests derived from the event declarations use it; a topic without a
 * sample fails them.
 */
export const EVENT_SAMPLES: Record<EventTopic, unknown> = { ...SAMPLES, ...DECLARED_SAMPLES };
