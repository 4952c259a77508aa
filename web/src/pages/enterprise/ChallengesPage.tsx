import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { ChallengePage, ChallengeView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { ChallengeFilterBar, useChallengeColumns, useChallengeFilters } from './challengeList';

export default function ChallengesPage() {
  const { t } = useTranslation('enterprise');
  const navigate = useNavigate();
  const { hasRole } = useAuth();
  const { filters, update } = useChallengeFilters();
  const columns = useChallengeColumns();
  const query = useQuery({
    queryKey: ['challenges', 'list', filters],
    queryFn: ({ signal }) => api.get<ChallengePage>('/challenges', filters, signal),
    placeholderData: keepPreviousData,
  });
  const canPost = hasRole('enterprise', 'cadre');
  const filtered = Boolean(filters.status || filters.field || filters.county);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('list.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('list.subtitle')}</Typography.Text>
        </div>
        {canPost && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/enterprise/challenges/new')}
          >
            {t('list.new')}
          </Button>
        )}
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <ChallengeFilterBar filters={filters} update={update} />
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table<ChallengeView>
              rowKey="id"
              data-testid="challenges"
              columns={columns}
              dataSource={query.data?.items ?? []}
              loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
              locale={{
                emptyText: (
                  <Empty
                    description={filtered ? t('list.emptyFiltered') : t('list.empty')}
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                  >
                    {canPost && !filtered && (
                      <Button type="primary" onClick={() => navigate('/enterprise/challenges/new')}>
                        {t('list.new')}
                      </Button>
                    )}
                  </Empty>
                ),
              }}
              pagination={{
                current: query.data?.page ?? filters.page,
                pageSize: query.data?.pageSize ?? filters.pageSize,
                total: query.data?.total ?? 0,
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
