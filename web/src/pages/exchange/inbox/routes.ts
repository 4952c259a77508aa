import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

/** The console pages of exchange's inbox part; app/routes.tsx lists them with the rest. */
export const exchangeInboxRoutes: readonly PageRoute[] = [
  {
    path: '/exchange/inbox',
    roles: ['cadre', 'admin'],
    nav: 'exchangeInbox',
    page: lazy(() => import('./InboxPage')),
  },
];
