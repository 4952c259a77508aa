import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const CADRES = ['cadre', 'admin'] as const;

/** The console pages of exchange's cadres part; app/routes.tsx lists them with the rest. */
export const exchangeCadresRoutes: readonly PageRoute[] = [
  {
    path: '/exchange/cadres',
    roles: CADRES,
    nav: 'exchangeCadres',
    page: lazy(() => import('./CadresPage')),
  },
  { path: '/exchange/cadres/:id', roles: CADRES, page: lazy(() => import('./CadrePage')) },
];
