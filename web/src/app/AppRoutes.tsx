import { lazy, Suspense } from 'react';
import { useAuth } from '../auth/AuthProvider';
import { Landing } from './Landing';
import { PageSpinner } from './PageSpinner';

const SignedIn = lazy(() => import('./SignedIn'));
const NoRole = lazy(() => import('./NoRole'));

export function AppRoutes() {
  const auth = useAuth();
  if (auth.status === 'loading') return <PageSpinner />;
  if (auth.status !== 'authenticated' || !auth.principal) return <Landing />;
  return (
    <Suspense fallback={<PageSpinner />}>
      {auth.principal.roles.length === 0 ? <NoRole /> : <SignedIn principal={auth.principal} />}
    </Suspense>
  );
}
