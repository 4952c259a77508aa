import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Skeleton, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ChallengePage, ChallengeView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { ChallengeFilterBar, useChallengeColumns, useChallengeFilters } from '../enterprise/challengeList';
import { CountyStatusChart } from './CountyStatusChart';

const CHART_PAGE = 100;
const CHART_MAX_PAGES = 20;

/** Every challenge matching the filters, page after page (for the chart; the API pages by 100 at most). */
async function allChallenges(query: { field?: string; county?: string }, signal: AbortSignal) {
  const items: ChallengeView[] = [];
  for (let page = 1; page <= CHART_MAX_PAGES; page++) {
    const reply = await api.get<ChallengePage>(
      '/challenges',
      { ...query, page, pageSize: CHART_PAGE },
      signal,
    );
    items.push(...reply.items);
    if (items.length >= reply.total || reply.items.length === 0) return { items, total: reply.total };
  }
  return { items, total: items.length };
}

/** Every challenge of every pair (admins read them all), with a chart per county and status. */
export default function ChallengesPage() {
  const { t } = useTranslation('admin');
  const { filters, update } = useChallengeFilters();
  const columns = useChallengeColumns();
  const list = useQuery({
    queryKey: ['challenges', 'list', filters],
    queryFn: ({ signal }) => api.get<ChallengePage>('/challenges', filters, signal),
    placeholderData: keepPreviousData,
  });
  const chartQuery = { field: filters.field, county: filters.county };
  const chart = useQuery({
    queryKey: ['challenges', 'chart', chartQuery],
    queryFn: ({ signal }) => allChallenges(chartQuery, signal),
    placeholderData: keepPreviousData,
  });
  const all = chart.data?.items ?? [];
  const count = (...statuses: ChallengeView['status'][]) =>
    all.filter((c) => statuses.includes(c.status)).length;
  const applications = all.reduce((sum, c) => sum + c.applicationCount, 0);

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('challenges.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('challenges.subtitle')}</Typography.Text>
      </div>
      <Flex gap={16} wrap>
        {[
          { key: 'total', title: t('challenges.statTotal'), value: chart.data?.total },
          {
            key: 'open',
            title: t('challenges.statOpen'),
            value: chart.data ? count('published') : undefined,
          },
          {
            key: 'progress',
            title: t('challenges.statInProgress'),
            value: chart.data ? count('closed', 'awarded', 'delivered') : undefined,
          },
          {
            key: 'done',
            title: t('challenges.statCompleted'),
            value: chart.data ? count('completed') : undefined,
          },
          {
            key: 'applications',
            title: t('challenges.statApplications'),
            value: chart.data ? applications : undefined,
          },
        ].map((s) => (
          <Card key={s.key} style={{ flex: 1, minWidth: 160 }}>
            <Statistic title={s.title} value={s.value ?? '—'} loading={chart.isPending} />
          </Card>
        ))}
      </Flex>
      <Card title={t('challenges.chartTitle')}>
        {chart.isError ? (
          <ErrorState error={chart.error} onRetry={() => void chart.refetch()} />
        ) : chart.isPending ? (
          <Skeleton active />
        ) : all.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.empty')} />
        ) : (
          <CountyStatusChart challenges={all} />
        )}
      </Card>
      <Card title={t('challenges.listTitle')}>
        <Flex vertical gap={16}>
          <ChallengeFilterBar filters={filters} update={update} />
          {list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<ChallengeView>
              rowKey="id"
              data-testid="challenges"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              locale={{
                emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('challenges.empty')} />,
              }}
              pagination={{
                current: list.data?.page ?? filters.page,
                pageSize: list.data?.pageSize ?? filters.pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                pageSizeOptions: [10, 20, 50, 100],
                showTotal: (total) => t('common:list.total', { total }),
                onChange: (page, pageSize) => update({ page, pageSize }),
              }}
            />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
