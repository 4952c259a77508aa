import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { LeadCardPage } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { LeadTable } from './MyLeadsPage';
import { NS, QUERY_GROUP, useLeadEvents } from './leadUi';

/** Landed deals waiting for the cooperation office (落地核验): each opens on its lead page to verify. */
export default function VerifyPage() {
  const { t } = useTranslation(NS);
  useLeadEvents();
  const { filters, update } = useUrlFilters([] as const);
  const page = filters.page;
  const query = useQuery({
    queryKey: [QUERY_GROUP, 'verify', page],
    queryFn: ({ signal }) =>
      api.get<LeadCardPage>('/investment/landing-requests', { page, pageSize: 20 }, signal),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <LeadTable
      testId="verify-queue"
      title={t('verify.title')}
      loading={query.isPending}
      data={query.data}
      onPage={(p) => update({ page: p })}
    />
  );
}
