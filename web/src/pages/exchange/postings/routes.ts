import { lazy } from 'react';
import type { PageRoute } from '../../../app/routes';

const CADRES = ['cadre', 'admin'] as const;

/** The console pages of exchange's postings part; app/routes.tsx lists them with the rest. */
export const exchangePostingsRoutes: readonly PageRoute[] = [
  // The live board: postings of the caller's pair, their places and the year's quota figures.
  { path: '/exchange/board', roles: CADRES, nav: 'exchangeBoard', page: lazy(() => import('./BoardPage')) },
  // Before /exchange/postings/:id, so that the literal path wins.
  {
    path: '/exchange/postings/new',
    roles: CADRES,
    nav: 'exchangePostings',
    page: lazy(() => import('./PostingEditPage')),
  },
  { path: '/exchange/postings/:id/edit', roles: CADRES, page: lazy(() => import('./PostingEditPage')) },
  { path: '/exchange/postings/:id', roles: CADRES, page: lazy(() => import('./PostingPage')) },
];
