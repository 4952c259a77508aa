import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { Role } from '@qingshui/contracts';
import { exhibitorsRoutes } from '../pages/fairs/exhibitors/routes';
import { registrationsRoutes } from '../pages/fairs/registrations/routes';
import { checkinRoutes } from '../pages/fairs/checkin/routes';
import { investmentNeedsRoutes } from '../pages/investment/needs/routes';
import { investmentProjectsRoutes } from '../pages/investment/projects/routes';
import { investmentLeadsRoutes } from '../pages/investment/leads/routes';
import { investmentAssignmentRoutes } from '../pages/investment/assignment/routes';
import { investmentEnterprisesRoutes } from '../pages/investment/enterprises/routes';
import { exchangePostingsRoutes } from '../pages/exchange/postings/routes';
import { exchangeCadresRoutes } from '../pages/exchange/cadres/routes';
import { exchangePlacementsRoutes } from '../pages/exchange/placements/routes';
import { exchangeTrackingRoutes } from '../pages/exchange/tracking/routes';
import { exchangeInboxRoutes } from '../pages/exchange/inbox/routes';

export interface PageRoute {
  path: string;
  /** Who may open it (the API decides what they see; this only keeps menus and links honest). */
  roles: readonly Role[];
  page: LazyExoticComponent<ComponentType>;
  /** The menu entry (a key of common:nav), when the page has one. */
  nav?: string;
}

// Each page is its own chunk: the login route loads none of them.
const page = (load: () => Promise<{ default: ComponentType }>) => lazy(load);

export const ROUTES: readonly PageRoute[] = [
  // Expert
  {
    path: '/expert/matches',
    roles: ['expert'],
    nav: 'expertMatches',
    page: page(() => import('../pages/expert/MatchesPage')),
  },
  {
    path: '/expert/profile',
    roles: ['expert'],
    nav: 'expertProfile',
    page: page(() => import('../pages/expert/ProfilePage')),
  },
  {
    path: '/expert/applications',
    roles: ['expert'],
    nav: 'expertApplications',
    page: page(() => import('../pages/expert/ApplicationsPage')),
  },
  {
    path: '/expert/slots',
    roles: ['expert'],
    nav: 'expertSlots',
    page: page(() => import('../pages/expert/SlotsPage')),
  },
  {
    path: '/expert/bookings',
    roles: ['expert'],
    nav: 'expertBookings',
    page: page(() => import('../pages/expert/BookingsPage')),
  },
  // Enterprise (cadres post their county's own challenges with the same pages)
  {
    path: '/enterprise/challenges',
    roles: ['enterprise', 'cadre'],
    nav: 'enterpriseChallenges',
    page: page(() => import('../pages/enterprise/ChallengesPage')),
  },
  {
    path: '/enterprise/challenges/new',
    roles: ['enterprise', 'cadre'],
    nav: 'enterpriseNewChallenge',
    page: page(() => import('../pages/enterprise/ChallengeEditPage')),
  },
  {
    path: '/enterprise/challenges/:id/edit',
    roles: ['enterprise', 'cadre', 'admin'],
    page: page(() => import('../pages/enterprise/ChallengeEditPage')),
  },
  {
    path: '/enterprise/challenges/:id',
    roles: ['enterprise', 'cadre', 'admin'],
    page: page(() => import('../pages/enterprise/ChallengeManagePage')),
  },
  // Cadre
  {
    path: '/cadre/board',
    roles: ['cadre', 'admin'],
    nav: 'cadreBoard',
    page: page(() => import('../pages/cadre/BoardPage')),
  },
  {
    path: '/cadre/stations',
    roles: ['cadre', 'admin'],
    nav: 'cadreStations',
    page: page(() => import('../pages/cadre/StationsPage')),
  },
  {
    path: '/cadre/stations/:id',
    roles: ['cadre', 'admin', 'enterprise'],
    page: page(() => import('../pages/cadre/StationPage')),
  },
  {
    path: '/cadre/tours',
    roles: ['cadre', 'admin'],
    nav: 'cadreTours',
    page: page(() => import('../pages/cadre/ToursPage')),
  },
  {
    path: '/cadre/tours/new',
    roles: ['cadre', 'admin'],
    page: page(() => import('../pages/cadre/TourEditPage')),
  },
  {
    path: '/cadre/slots/:id/check-in',
    roles: ['cadre', 'admin', 'enterprise'],
    page: page(() => import('../pages/cadre/CheckInPage')),
  },
  // Admin
  {
    path: '/admin/verification',
    roles: ['admin'],
    nav: 'adminVerification',
    page: page(() => import('../pages/admin/VerificationPage')),
  },
  {
    path: '/admin/experts',
    roles: ['admin'],
    nav: 'adminExperts',
    page: page(() => import('../pages/admin/ExpertsPage')),
  },
  {
    path: '/admin/challenges',
    roles: ['admin'],
    nav: 'adminChallenges',
    page: page(() => import('../pages/admin/ChallengesPage')),
  },
  {
    path: '/admin/slots',
    roles: ['admin'],
    nav: 'adminSlots',
    page: page(() => import('../pages/admin/SlotsPage')),
  },
  // Trade fairs (展销会): everyone browses them; the organiser's cadres and admins edit and move them
  {
    path: '/fairs',
    roles: ['expert', 'enterprise', 'cadre', 'admin'],
    nav: 'fairs',
    page: page(() => import('../pages/fairs/FairsPage')),
  },
  // Before /fairs/:id, so that their literal paths win
  ...exhibitorsRoutes,
  ...registrationsRoutes,
  ...checkinRoutes,
  { path: '/fairs/new', roles: ['cadre', 'admin'], page: page(() => import('../pages/fairs/FairEditPage')) },
  {
    path: '/fairs/:id/report',
    roles: ['cadre', 'admin'],
    page: page(() => import('../pages/fairs/FairReportPage')),
  },
  {
    path: '/fairs/:id/edit',
    roles: ['cadre', 'admin'],
    page: page(() => import('../pages/fairs/FairEditPage')),
  },
  {
    path: '/fairs/:id',
    roles: ['expert', 'enterprise', 'cadre', 'admin'],
    page: page(() => import('../pages/fairs/FairPage')),
  },
  // Investment cooperation (招商引资): each part lists its pages, literal paths before `:id` ones
  ...investmentNeedsRoutes,
  ...investmentProjectsRoutes,
  ...investmentEnterprisesRoutes,
  ...investmentAssignmentRoutes,
  ...investmentLeadsRoutes,
  // Cadre exchange (干部双向挂职): each part lists its pages, literal paths before `:id` ones
  ...exchangePostingsRoutes,
  ...exchangeCadresRoutes,
  ...exchangePlacementsRoutes,
  ...exchangeTrackingRoutes,
  ...exchangeInboxRoutes,
  // Records anyone signed in may open (the API answers 403/404 when they may not read it)
  {
    path: '/challenges/:id',
    roles: ['expert', 'enterprise', 'cadre', 'admin'],
    page: page(() => import('../pages/common/ChallengePage')),
  },
  {
    path: '/slots/:id',
    roles: ['expert', 'enterprise', 'cadre', 'admin'],
    page: page(() => import('../pages/common/SlotPage')),
  },
];

/** The menu of a user: the pages with an entry that one of their roles opens, in ROUTES' order. */
export function menuOf(roles: readonly Role[]): PageRoute[] {
  return ROUTES.filter((route) => route.nav && route.roles.some((role) => roles.includes(role)));
}
