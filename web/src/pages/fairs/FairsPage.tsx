import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Form, Select, Table, Tag, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { FairPage, FairView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { ExportButtons } from '../../components/ExportButtons';
import { useUrlFilters } from '../../components/useUrlFilters';
import { formatNumber } from '../../i18n/format';
import {
  dayRange,
  FairStatusTag,
  filterByLabel,
  pairLabel,
  pairOptions,
  useOrganiserText,
  useRegionOptions,
  useStatusOptions,
} from './fairUi';

/** The list filters, kept in the address (useUrlFilters). */
const useFairFilters = () => useUrlFilters(['status', 'pairId', 'region'] as const);

function FilterBar({ filters, update }: ReturnType<typeof useFairFilters>) {
  const { t } = useTranslation('fairs');
  const statusOptions = useStatusOptions();
  const regionOptions = useRegionOptions();
  const filtered = Boolean(filters.status || filters.pairId || filters.region);
  return (
    <Form layout="inline" name="fairFilters" style={{ rowGap: 12 }}>
      <Form.Item label={t('list.filterStatus')} htmlFor="fairFilters_status">
        <Select
          id="fairFilters_status"
          allowClear
          style={{ width: 150 }}
          placeholder={t('list.all')}
          options={statusOptions}
          value={filters.status}
          onChange={(value?: string) => update({ status: value })}
        />
      </Form.Item>
      <Form.Item label={t('list.filterPair')} htmlFor="fairFilters_pairId">
        <Select
          id="fairFilters_pairId"
          allowClear
          showSearch={{ filterOption: filterByLabel }}
          style={{ width: 220 }}
          placeholder={t('list.all')}
          options={pairOptions()}
          value={filters.pairId}
          onChange={(value?: string) => update({ pairId: value })}
        />
      </Form.Item>
      <Form.Item label={t('list.filterRegion')} htmlFor="fairFilters_region">
        <Select
          id="fairFilters_region"
          allowClear
          showSearch={{ filterOption: filterByLabel }}
          style={{ width: 180 }}
          placeholder={t('list.all')}
          options={regionOptions}
          value={filters.region}
          onChange={(value?: string) => update({ region: value })}
        />
      </Form.Item>
      {filtered && (
        <Form.Item>
          <Button onClick={() => update({ status: undefined, pairId: undefined, region: undefined })}>
            {t('common:actions.reset')}
          </Button>
        </Form.Item>
      )}
    </Form>
  );
}

function useColumns(): TableProps<FairView>['columns'] {
  const { t } = useTranslation('fairs');
  const organiserText = useOrganiserText();
  return [
    {
      title: t('list.colTitle'),
      dataIndex: 'title',
      render: (title: string, fair) => <Link to={`/fairs/${fair.id}`}>{title}</Link>,
    },
    {
      title: t('list.colStatus'),
      dataIndex: 'status',
      width: 120,
      render: (status: FairView['status']) => <FairStatusTag status={status} />,
    },
    {
      title: t('list.colOrganiser'),
      dataIndex: 'organiser',
      width: 180,
      render: (organiser: FairView['organiser']) => organiserText(organiser),
    },
    {
      title: t('list.colPairs'),
      dataIndex: 'pairIds',
      width: 220,
      render: (pairIds: string[]) => (
        <Flex gap={4} wrap>
          {pairIds.map((id) => (
            <Tag key={id}>{pairLabel(id)}</Tag>
          ))}
        </Flex>
      ),
    },
    {
      title: t('list.colVenue'),
      dataIndex: 'venue',
      render: (venue: FairView['venue']) => (
        <Flex vertical gap={2}>
          <span>{venue.name}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {venue.address}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('list.colDates'),
      dataIndex: 'days',
      width: 220,
      render: (days: FairView['days']) => (
        <Flex vertical gap={2}>
          <span>{dayRange(days)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('list.dayCount', { count: days.length })}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('list.colBooths'),
      dataIndex: 'boothCount',
      width: 90,
      align: 'right',
      render: (count: number) => formatNumber(count),
    },
  ];
}

export default function FairsPage() {
  const { t } = useTranslation('fairs');
  const navigate = useNavigate();
  const { hasRole } = useAuth();
  const { filters, update } = useFairFilters();
  const columns = useColumns();
  const query = useQuery({
    queryKey: ['fairs', 'list', filters],
    queryFn: ({ signal }) => api.get<FairPage>('/fairs', filters, signal),
    placeholderData: keepPreviousData,
  });
  const canCreate = hasRole('cadre', 'admin');
  const filtered = Boolean(filters.status || filters.pairId || filters.region);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('list.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('list.subtitle')}</Typography.Text>
        </div>
        <Flex gap={8}>
          <ExportButtons path="/fairs/export" query={filters} testId="fairs-export" />
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="fair-create"
              onClick={() => navigate('/fairs/new')}
            >
              {t('list.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <FilterBar filters={filters} update={update} />
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table<FairView>
              rowKey="id"
              data-testid="fairs-table"
              columns={columns}
              dataSource={query.data?.items ?? []}
              loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
              scroll={{ x: 1100 }}
              locale={{
                emptyText: (
                  <Empty
                    description={filtered ? t('list.emptyFiltered') : t('list.empty')}
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                  />
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
