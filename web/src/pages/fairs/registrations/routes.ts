import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const ALL = ['enterprise', 'expert', 'cadre', 'admin'] as const;

/** The console pages of the fairs' registrations part; app/routes.tsx lists them with the rest. */
export const registrationsRoutes: readonly PageRoute[] = [
  { path: '/fairs/tickets', roles: ALL, nav: 'fairsTickets', page: lazy(() => import('./MyTicketsPage')) },
  { path: '/fairs/:id/register', roles: ALL, page: lazy(() => import('./RegisterPage')) },
  {
    path: '/fairs/:id/ticket-types',
    roles: ['cadre', 'admin'],
    page: lazy(() => import('./TicketTypesPage')),
  },
  {
    path: '/fairs/:id/registrations',
    roles: ['cadre', 'admin'],
    page: lazy(() => import('./RegistrationsPage')),
  },
];
