import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's enterprises part; app/routes.tsx lists them with the rest. */
export const investmentEnterprisesRoutes: readonly PageRoute[] = [
  {
    path: '/investment/enterprises',
    roles: ['cadre', 'admin'],
    nav: 'investEnterprises',
    page: lazy(() => import('./EnterprisesPage')),
  },
  {
    path: '/investment/enterprises/:id',
    roles: ['enterprise', 'cadre', 'admin'],
    page: lazy(() => import('./EnterprisePage')),
  },
];
