import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const ALL = ['enterprise', 'expert', 'cadre', 'admin'] as const;

/** The console pages of the fairs' exhibitors part; app/routes.tsx lists them with the rest. */
export const exhibitorsRoutes: readonly PageRoute[] = [
  {
    path: '/fairs/exhibits',
    roles: ['enterprise'],
    nav: 'fairsExhibits',
    page: lazy(() => import('./MyExhibitsPage')),
  },
  { path: '/fairs/:id/apply', roles: ['enterprise'], page: lazy(() => import('./ApplyPage')) },
  { path: '/fairs/:id/exhibitors', roles: ALL, page: lazy(() => import('./ReviewPage')) },
  { path: '/fairs/:id/booths', roles: ALL, page: lazy(() => import('./BoothsPage')) },
];
