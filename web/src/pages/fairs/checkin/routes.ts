import type { PageRoute } from '../../../app/routes';

/** The console pages of the fairs' checkin part; app/routes.tsx lists them with the rest. */
export const checkinRoutes: readonly PageRoute[] = [];
