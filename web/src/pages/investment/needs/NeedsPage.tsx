import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Segmented,
  Select,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { NeedPage, NeedView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatDate } from '../../../i18n/format';
import { countyOptions, filterByLabel, NeedStatusTag, useAmountText, useFieldOptions } from './investUi';

/** The list's filters and which list (mine or all), kept in the address. */
const useNeedFilters = () => useUrlFilters(['scope', 'field', 'county', 'status'] as const);

function useColumns(): TableProps<NeedView>['columns'] {
  const { t } = useTranslation('investment-needs');
  const amountText = useAmountText();
  return [
    {
      title: t('list.colTitle'),
      dataIndex: 'title',
      render: (title: string, need) => (
        <Flex vertical gap={2}>
          <Link to={`/investment/needs/${need.id}`}>{title}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {need.enterpriseName}
          </Typography.Text>
        </Flex>
      ),
    },
    {
      title: t('list.colFields'),
      dataIndex: 'fields',
      width: 220,
      render: (fields: string[]) => (
        <Flex gap={4} wrap>
          {fields.map((field) => (
            <Tag key={field}>{t(`field.${field}`)}</Tag>
          ))}
        </Flex>
      ),
    },
    { title: t('list.colAmount'), dataIndex: 'amount', width: 180, render: amountText },
    {
      title: t('list.colCounties'),
      dataIndex: 'counties',
      width: 200,
      render: (counties: NeedView['counties']) =>
        counties === 'any' ? t('form.anyCounty') : counties.map(regionName).join('、'),
    },
    {
      title: t('list.colStart'),
      dataIndex: 'timeline',
      width: 110,
      render: (tl: NeedView['timeline']) => tl.startBy,
    },
    {
      title: t('list.colStatus'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => <NeedStatusTag status={s} />,
    },
    { title: t('list.colUpdated'), dataIndex: 'updatedAt', width: 130, render: formatDate },
  ];
}

export default function NeedsPage() {
  const { t } = useTranslation('investment-needs');
  const navigate = useNavigate();
  const { hasRole } = useAuth();
  const { filters, update } = useNeedFilters();
  const fieldOptions = useFieldOptions();
  const columns = useColumns();
  const isEnterprise = hasRole('enterprise');
  const scope = filters.scope ?? (isEnterprise ? 'mine' : 'all');
  const { scope: _scope, ...query } = filters;
  const list = useQuery({
    queryKey: ['investment-needs', 'list', scope, query],
    queryFn: ({ signal }) =>
      scope === 'mine'
        ? api.get<NeedPage>(
            '/investment/needs/mine',
            { status: query.status, page: query.page, pageSize: query.pageSize },
            signal,
          )
        : api.get<NeedPage>('/investment/needs', query, signal),
    placeholderData: keepPreviousData,
  });

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('list.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('list.subtitle')}</Typography.Text>
        </div>
        {hasRole('enterprise', 'admin') && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="need-create"
            onClick={() => navigate('/investment/needs/new')}
          >
            {t('list.new')}
          </Button>
        )}
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <Form layout="inline" name="needFilters" style={{ rowGap: 12 }}>
            {isEnterprise && (
              <Form.Item>
                <Segmented
                  value={scope}
                  onChange={(value) => update({ scope: String(value) })}
                  options={[
                    { value: 'mine', label: t('list.mine') },
                    { value: 'all', label: t('list.all') },
                  ]}
                />
              </Form.Item>
            )}
            {scope === 'all' && (
              <>
                <Form.Item label={t('list.filterField')} htmlFor="needFilters_field">
                  <Select
                    id="needFilters_field"
                    allowClear
                    style={{ width: 160 }}
                    placeholder={t('list.any')}
                    options={fieldOptions}
                    value={filters.field}
                    onChange={(value?: string) => update({ field: value })}
                  />
                </Form.Item>
                <Form.Item label={t('list.filterCounty')} htmlFor="needFilters_county">
                  <Select
                    id="needFilters_county"
                    allowClear
                    showSearch={{ filterOption: filterByLabel }}
                    style={{ width: 160 }}
                    placeholder={t('list.any')}
                    options={countyOptions()}
                    value={filters.county}
                    onChange={(value?: string) => update({ county: value })}
                  />
                </Form.Item>
              </>
            )}
            <Form.Item label={t('list.filterStatus')} htmlFor="needFilters_status">
              <Select
                id="needFilters_status"
                allowClear
                style={{ width: 120 }}
                placeholder={t('list.any')}
                options={['open', 'closed'].map((s) => ({ value: s, label: t(`status.${s}`) }))}
                value={filters.status}
                onChange={(value?: string) => update({ status: value })}
              />
            </Form.Item>
          </Form>
          {list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<NeedView>
              rowKey="id"
              data-testid="needs-table"
              columns={columns}
              dataSource={list.data?.items ?? []}
              loading={list.isPending || (list.isFetching && list.isPlaceholderData)}
              scroll={{ x: 1100 }}
              locale={{ emptyText: <Empty description={t('list.empty')} /> }}
              pagination={{
                current: filters.page,
                pageSize: filters.pageSize,
                total: list.data?.total ?? 0,
                showSizeChanger: true,
                onChange: (page, pageSize) => update({ page, pageSize }),
              }}
            />
          )}
        </Flex>
      </Card>
    </Flex>
  );
}
