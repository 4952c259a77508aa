import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const ALL = ['enterprise', 'expert', 'cadre', 'admin'] as const;

/** The console pages of investment's needs part; app/routes.tsx lists them with the rest. */
export const investmentNeedsRoutes: readonly PageRoute[] = [
  {
    path: '/investment/needs',
    roles: ['enterprise', 'cadre', 'admin'],
    nav: 'investNeeds',
    page: lazy(() => import('./NeedsPage')),
  },
  // Before /investment/needs/:id, so that the literal path wins.
  {
    path: '/investment/needs/new',
    roles: ['enterprise', 'admin'],
    page: lazy(() => import('./NeedEditPage')),
  },
  {
    path: '/investment/needs/:id/edit',
    roles: ['enterprise', 'admin'],
    page: lazy(() => import('./NeedEditPage')),
  },
  { path: '/investment/needs/:id', roles: ALL, page: lazy(() => import('./NeedPage')) },
];
