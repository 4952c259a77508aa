import { lazy, Suspense } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { Landing } from './Landing';
import { PageSpinner } from './PageSpinner';

const SignedIn = lazy(() => import('./SignedIn'));
const NoRole = lazy(() => import('./NoRole'));
// A fair's scan-only device works without signing in: its code is its credential.
const DevicePage = lazy(() => import('../pages/fairs/checkin/DevicePage'));

export function AppRoutes() {
  const auth = useAuth();
  if (window.location.pathname.startsWith('/device/'))
    return (
      <Suspense fallback={<PageSpinner />}>
        <DevicePage />
      </Suspense>
    );
  if (auth.status === 'loading') return <PageSpinner />;
  if (auth.status !== 'authenticated' || !auth.principal) return <Landing />;
  return (
    <Suspense fallback={<PageSpinner />}>
      {auth.principal.roles.length === 0 ? <NoRole /> : <SignedIn principal={auth.principal} />}
    </Suspense>
  );
}
