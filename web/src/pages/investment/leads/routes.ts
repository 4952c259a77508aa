import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's leads part; app/routes.tsx lists them with the rest. */
export const investmentLeadsRoutes: readonly PageRoute[] = [];
