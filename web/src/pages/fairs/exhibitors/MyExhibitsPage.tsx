import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ExhibitorView, FairView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../i18n/format';
import { ExhibitorStatusTag } from './exhibitorUi';

/** An enterprise's applications across fairs, with its booths (我的参展). */
export default function MyExhibitsPage() {
  const { t } = useTranslation('fairs-exhibitors');
  const query = useQuery({
    queryKey: ['fairs', 'me', 'exhibits'],
    queryFn: ({ signal }) => api.get<{ items: ExhibitorView[] }>('/me/exhibits', undefined, signal),
  });
  const items = query.data?.items ?? [];
  const fairIds = [...new Set(items.map((item) => item.fairId))];
  const fairs = useQueries({
    queries: fairIds.map((fairId) => ({
      queryKey: ['fairs', fairId],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.getVersioned<FairView>(`/fairs/${fairId}`, signal),
    })),
  });
  const titleOf = (fairId: string) => fairs[fairIds.indexOf(fairId)]?.data?.data.title ?? fairId;
  const boothTypeName = (fairId: string, typeId?: string) =>
    fairs[fairIds.indexOf(fairId)]?.data?.data.boothTypes.find((b) => b.id === typeId)?.name ?? typeId;

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('mine.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('mine.subtitle')}</Typography.Text>
      </div>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card>
          <Table<ExhibitorView>
            rowKey="id"
            loading={query.isLoading}
            dataSource={items}
            data-testid="my-exhibits"
            locale={{ emptyText: <Empty description={t('mine.empty')} /> }}
            pagination={false}
            scroll={{ x: 720 }}
            columns={[
              {
                title: t('mine.fair'),
                key: 'fair',
                render: (_: unknown, item) => (
                  <Link to={`/fairs/${item.fairId}`}>{titleOf(item.fairId)}</Link>
                ),
              },
              {
                title: t('mine.status'),
                key: 'status',
                render: (_: unknown, item) => (
                  <Space size={4} wrap>
                    <ExhibitorStatusTag status={item.status} />
                    {item.pendingChanges && <Tag color="orange">{t('mine.pending')}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('mine.boothType'),
                key: 'type',
                render: (_: unknown, item) =>
                  `${boothTypeName(item.fairId, item.boothTypeId)} × ${item.booths ?? 1}`,
              },
              {
                title: t('mine.boothIds'),
                key: 'booths',
                render: (_: unknown, item) =>
                  (item.boothIds ?? []).length > 0 ? (
                    <Space size={4} wrap data-testid={`my-booths-${item.fairId}`}>
                      {(item.boothIds ?? []).map((id) => (
                        <Tag key={id} color="green">
                          {id}
                        </Tag>
                      ))}
                    </Space>
                  ) : (
                    '—'
                  ),
              },
              {
                title: t('review.updatedAt'),
                key: 'updated',
                render: (_: unknown, item) => formatDateTime(item.updatedAt),
              },
              {
                title: '',
                key: 'actions',
                render: (_: unknown, item) => (
                  <Space>
                    <Link to={`/fairs/${item.fairId}/apply`} data-testid={`my-exhibit-open-${item.fairId}`}>
                      {t('mine.open')}
                    </Link>
                    <Link to={`/fairs/${item.fairId}/booths`}>{t('mine.boothMap')}</Link>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
