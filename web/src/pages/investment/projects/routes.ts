import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const ALL = ['enterprise', 'expert', 'cadre', 'admin'] as const;

/** The console pages of investment's project library; app/routes.tsx lists them with the rest. */
export const investmentProjectsRoutes: readonly PageRoute[] = [
  {
    path: '/investment/projects',
    roles: ALL,
    nav: 'investProjects',
    page: lazy(() => import('./ProjectsPage')),
  },
  // Before /investment/projects/:id, so that the literal path wins.
  {
    path: '/investment/projects/new',
    roles: ['cadre', 'admin'],
    page: lazy(() => import('./ProjectEditPage')),
  },
  {
    path: '/investment/projects/:id/edit',
    roles: ['cadre', 'admin'],
    page: lazy(() => import('./ProjectEditPage')),
  },
  { path: '/investment/projects/:id', roles: ALL, page: lazy(() => import('./ProjectPage')) },
];
