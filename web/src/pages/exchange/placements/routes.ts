import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of exchange's placements part; app/routes.tsx lists them with the rest. */
export const exchangePlacementsRoutes: readonly PageRoute[] = [
  {
    path: '/exchange/quotas',
    roles: ['cadre', 'admin'],
    nav: 'exchangeQuotas',
    page: lazy(() => import('./QuotasPage')),
  },
];
