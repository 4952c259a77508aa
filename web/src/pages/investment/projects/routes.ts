import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's projects part; app/routes.tsx lists them with the rest. */
export const investmentProjectsRoutes: readonly PageRoute[] = [];
