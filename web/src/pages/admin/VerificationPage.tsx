import { SafetyCertificateOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Popconfirm,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpertPage, ExpertProfile } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../i18n/format';
import { filterByLabel, useFieldOptions, useRegionOptions } from '../enterprise/challengeUi';
import { ExpertDrawer, ExpertName, FieldTags } from './expertUi';

/** The verification queue: the profiles not verified yet (newest first, as the API lists them). */
export default function VerificationPage() {
  const { t } = useTranslation('admin');
  const [filters, setFilters] = useState<{ field?: string; region?: string; page: number; pageSize: number }>(
    {
      page: 1,
      pageSize: 20,
    },
  );
  const [viewing, setViewing] = useState<ExpertProfile | undefined>();
  const fieldOptions = useFieldOptions();
  const regionOptions = useRegionOptions(t('filters.beijing'), t('filters.counties'));
  const query = useQuery({
    queryKey: ['experts', 'queue', filters],
    queryFn: ({ signal }) => api.get<ExpertPage>('/experts', { ...filters, verified: false }, signal),
    placeholderData: keepPreviousData,
  });
  const verified = useQuery({
    queryKey: ['experts', 'verified-count'],
    queryFn: ({ signal }) => api.get<ExpertPage>('/experts', { verified: true, pageSize: 1 }, signal),
  });
  const verify = useApiMutation(
    (expert: ExpertProfile) =>
      api.put<ExpertProfile>(`/experts/${expert.id}/verification`, { verified: true }),
    {
      invalidates: ['experts'],
      onSuccess: () => setViewing(undefined),
      success: t('verification.verified'),
    },
  );

  const verifyButton = (expert: ExpertProfile, size: 'small' | 'middle' = 'small') => (
    <Popconfirm
      title={t('verification.confirm', { name: expert.name })}
      description={t('verification.confirmDetail')}
      okText={t('verification.verify')}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': 'confirm-verify' }}
      onConfirm={() => verify.mutate(expert)}
    >
      <Button
        type="primary"
        size={size}
        icon={<SafetyCertificateOutlined />}
        data-testid="verify-expert"
        loading={verify.isPending && verify.variables?.id === expert.id}
      >
        {t('verification.verify')}
      </Button>
    </Popconfirm>
  );

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('verification.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('verification.subtitle')}</Typography.Text>
      </div>
      <Flex gap={16} wrap>
        <Card style={{ minWidth: 200 }}>
          <Statistic title={t('verification.pending')} value={query.data?.total ?? '—'} />
        </Card>
        <Card style={{ minWidth: 200 }}>
          <Statistic title={t('verification.verifiedTotal')} value={verified.data?.total ?? '—'} />
        </Card>
        <Alert style={{ flex: 1, minWidth: 320 }} type="info" showIcon title={t('verification.howTo')} />
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <Form layout="inline" name="verificationFilters" style={{ rowGap: 12 }}>
            <Form.Item label={t('filters.field')} htmlFor="verificationFilters_field">
              <Select
                id="verificationFilters_field"
                allowClear
                style={{ width: 200 }}
                placeholder={t('filters.all')}
                options={fieldOptions}
                showSearch={{ filterOption: filterByLabel }}
                value={filters.field}
                onChange={(field?: string) => setFilters((f) => ({ ...f, field, page: 1 }))}
              />
            </Form.Item>
            <Form.Item label={t('filters.region')} htmlFor="verificationFilters_region">
              <Select
                id="verificationFilters_region"
                allowClear
                style={{ width: 180 }}
                placeholder={t('filters.all')}
                options={regionOptions}
                showSearch={{ filterOption: filterByLabel }}
                value={filters.region}
                onChange={(region?: string) => setFilters((f) => ({ ...f, region, page: 1 }))}
              />
            </Form.Item>
          </Form>
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table<ExpertProfile>
              rowKey="id"
              data-testid="verification-queue"
              loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
              dataSource={query.data?.items ?? []}
              locale={{
                emptyText: (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('verification.empty')} />
                ),
              }}
              pagination={{
                current: query.data?.page ?? filters.page,
                pageSize: query.data?.pageSize ?? filters.pageSize,
                total: query.data?.total ?? 0,
                showSizeChanger: true,
                showTotal: (total) => t('common:list.total', { total }),
                onChange: (page, pageSize) => setFilters((f) => ({ ...f, page, pageSize })),
              }}
              columns={[
                {
                  title: t('expert.name'),
                  key: 'name',
                  width: 180,
                  render: (_: unknown, e) => <ExpertName expert={e} />,
                },
                { title: t('expert.institution'), dataIndex: 'institution' },
                {
                  title: t('expert.fields'),
                  dataIndex: 'fields',
                  render: (fields: string[]) => <FieldTags fields={fields} />,
                },
                {
                  title: t('expert.region'),
                  dataIndex: 'region',
                  width: 110,
                  render: (r: string) => regionName(r),
                },
                {
                  title: t('expert.submitted'),
                  dataIndex: 'createdAt',
                  width: 170,
                  render: (at: string) => formatDateTime(at),
                },
                {
                  title: t('verification.colActions'),
                  key: 'actions',
                  width: 190,
                  render: (_: unknown, e) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => setViewing(e)}>
                        {t('verification.review')}
                      </Button>
                      {verifyButton(e)}
                    </Space>
                  ),
                },
              ]}
            />
          )}
        </Flex>
      </Card>
      <ExpertDrawer
        expert={viewing}
        onClose={() => setViewing(undefined)}
        extra={viewing && !viewing.verified ? verifyButton(viewing, 'middle') : null}
      />
    </Flex>
  );
}
