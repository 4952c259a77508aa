import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's needs part; app/routes.tsx lists them with the rest. */
export const investmentNeedsRoutes: readonly PageRoute[] = [];
