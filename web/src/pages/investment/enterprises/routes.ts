import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's enterprises part; app/routes.tsx lists them with the rest. */
export const investmentEnterprisesRoutes: readonly PageRoute[] = [];
