import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of the fairs' checkin part; app/routes.tsx lists them with the rest. */
export const checkinRoutes: readonly PageRoute[] = [
  {
    path: '/fairs/door',
    roles: ['cadre', 'admin'],
    nav: 'fairsDoor',
    page: lazy(() => import('./DoorPage')),
  },
  { path: '/fairs/leads', roles: ['enterprise'], nav: 'fairsLeads', page: lazy(() => import('./LeadsPage')) },
  { path: '/fairs/:id/wall', roles: ['cadre', 'admin'], page: lazy(() => import('./WallPage')) },
];
