import { useQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { EnterprisePage, EnterpriseSummary } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { NewEnterpriseModal } from './EnterpriseSelect';
import { regionOptions, useDebounced } from './enterpriseUi';

/** Enterprise records (cadres, admins): search by name or credit code, create with duplicate hints. */
export default function EnterprisesPage() {
  const { t } = useTranslation('investment-enterprises');
  const navigate = useNavigate();
  const [search, setSearch] = useState('');
  const [region, setRegion] = useState<string | undefined>();
  const [includeMerged, setIncludeMerged] = useState(false);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const q = useDebounced(search);
  const query = { ...(q ? { q } : {}), ...(region ? { region } : {}), includeMerged, page, pageSize: 20 };
  const list = useQuery({
    queryKey: ['investment-enterprises', 'list', query],
    queryFn: ({ signal }) => api.get<EnterprisePage>('/investment/enterprises', query, signal),
  });
  return (
    <Card
      title={t('page.title')}
      extra={
        <Button type="primary" onClick={() => setCreating(true)}>
          {t('select.create')}
        </Button>
      }
    >
      <Flex gap={8} wrap style={{ marginBottom: 16 }}>
        <Input.Search
          allowClear
          placeholder={t('page.search')}
          aria-label={t('page.search')}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(1);
          }}
          style={{ maxWidth: 360 }}
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('field.region')}
          aria-label={t('field.region')}
          options={regionOptions()}
          value={region}
          onChange={(v: string | undefined) => {
            setRegion(v);
            setPage(1);
          }}
          style={{ width: 180 }}
        />
        <Space>
          <Switch checked={includeMerged} onChange={setIncludeMerged} aria-label={t('page.includeMerged')} />
          <Typography.Text>{t('page.includeMerged')}</Typography.Text>
        </Space>
      </Flex>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<EnterpriseSummary>
          rowKey="id"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage }}
          columns={[
            {
              title: t('field.name'),
              dataIndex: 'name',
              render: (name: string, e) => <Link to={`/investment/enterprises/${e.id}`}>{name}</Link>,
            },
            { title: t('field.creditCode'), dataIndex: 'creditCode', render: (c?: string) => c ?? '—' },
            { title: t('field.region'), dataIndex: 'region', render: (r: string) => regionName(r) },
            { title: t('field.phone'), dataIndex: 'phone', render: (p?: string) => p ?? '—' },
            {
              title: t('field.status'),
              dataIndex: 'status',
              render: (s: string, e) =>
                s === 'merged' ? (
                  <Tag>{t('status.merged')}</Tag>
                ) : (
                  <Space size={4}>
                    <Tag color="green">{t('status.active')}</Tag>
                    {e.mergeCount > 0 && (
                      <Tag color="blue">{t('page.mergeCount', { count: e.mergeCount })}</Tag>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      )}
      <NewEnterpriseModal
        open={creating}
        initialName={search}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/investment/enterprises/${id}`);
        }}
        onPick={(id) => {
          setCreating(false);
          navigate(`/investment/enterprises/${id}`);
        }}
      />
    </Card>
  );
}
