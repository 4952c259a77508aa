import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of exchange's tracking part; app/routes.tsx lists them with the rest. */
export const exchangeTrackingRoutes: readonly PageRoute[] = [
  {
    path: '/exchange/rotation',
    roles: ['cadre', 'admin'],
    nav: 'exchangeRotation',
    page: lazy(() => import('./RotationPage')),
  },
  {
    path: '/exchange/tenures/:id',
    roles: ['cadre', 'admin'],
    page: lazy(() => import('./TenurePage')),
  },
];
