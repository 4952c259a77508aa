import type { PageRoute } from '../../../app/routes';

/** The console pages of the fairs' registrations part; app/routes.tsx lists them with the rest. */
export const registrationsRoutes: readonly PageRoute[] = [];
