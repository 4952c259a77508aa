import type { PageRoute } from '../../../app/routes';

/** The console pages of the fairs' exhibitors part; app/routes.tsx lists them with the rest. */
export const exhibitorsRoutes: readonly PageRoute[] = [];
