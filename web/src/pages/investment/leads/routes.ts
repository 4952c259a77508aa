import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's leads part; app/routes.tsx lists them with the rest. */
export const investmentLeadsRoutes: readonly PageRoute[] = [
  {
    path: '/investment/pipeline',
    roles: ['cadre', 'admin'],
    nav: 'investPipeline',
    page: lazy(() => import('./PipelinePage')),
  },
  {
    path: '/investment/my-leads',
    roles: ['enterprise', 'cadre'],
    nav: 'investMyLeads',
    page: lazy(() => import('./MyLeadsPage')),
  },
  {
    path: '/investment/verify',
    roles: ['admin'],
    nav: 'investVerify',
    page: lazy(() => import('./VerifyPage')),
  },
  {
    path: '/investment/totals',
    roles: ['cadre', 'admin'],
    nav: 'investTotals',
    page: lazy(() => import('./TotalsPage')),
  },
  {
    path: '/investment/leads/:id',
    roles: ['enterprise', 'cadre', 'admin'],
    page: lazy(() => import('./LeadPage')),
  },
];
