import type { PageRoute } from '../../../app/routes';

/** The console pages of investment's assignment part; app/routes.tsx lists them with the rest. */
export const investmentAssignmentRoutes: readonly PageRoute[] = [];
