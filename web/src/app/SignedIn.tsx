import { Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import type { Principal } from '@qingshui/contracts';
import { homeOf } from '../auth/principal';
import { RealtimeProvider } from '../realtime/RealtimeProvider';
import { ConsoleLayout } from './ConsoleLayout';
import { NotFound } from './NotFound';
import { PageSpinner } from './PageSpinner';
import { ROUTES } from './routes';

/** Everything behind the login: a chunk of its own, so the login route loads none of it. */
export default function SignedIn({ principal }: { principal: Principal }) {
  return (
    <RealtimeProvider>
      <Routes>
        <Route element={<ConsoleLayout />}>
          <Route index element={<Navigate to={homeOf(principal)} replace />} />
          {ROUTES.filter((route) => route.roles.some((role) => principal.roles.includes(role))).map(
            ({ path, page: Page }) => (
              <Route
                key={path}
                path={path}
                element={
                  <Suspense fallback={<PageSpinner />}>
                    <Page />
                  </Suspense>
                }
              />
            ),
          )}
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </RealtimeProvider>
  );
}
