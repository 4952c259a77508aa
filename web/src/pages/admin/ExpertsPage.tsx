import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExpertPage, ExpertProfile, ExpertSearchResultPage } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { filterByLabel, useFieldOptions, useRegionOptions } from '../enterprise/challengeUi';
import { ExpertDrawer, ExpertName, FieldTags } from './expertUi';

interface Filters {
  q?: string;
  field?: string;
  region?: string;
  verified?: 'true' | 'false';
  academician?: 'true';
  page: number;
  pageSize: number;
}

interface Row {
  expert: ExpertProfile;
  relevance?: number;
  matchedTerms?: string[];
}

/** The shared expert pool: keyword search (GET /experts/search) or the plain list (GET /experts). */
export default function ExpertsPage() {
  const { t } = useTranslation('admin');
  const [filters, setFilters] = useState<Filters>({ page: 1, pageSize: 20 });
  const [draft, setDraft] = useState('');
  const [viewing, setViewing] = useState<ExpertProfile | undefined>();
  const fieldOptions = useFieldOptions();
  const regionOptions = useRegionOptions(t('filters.beijing'), t('filters.counties'));
  const searching = Boolean(filters.q);
  const query = useQuery({
    queryKey: ['experts', searching ? 'search' : 'list', filters],
    queryFn: async ({ signal }): Promise<{ rows: Row[]; total: number; page: number; pageSize: number }> => {
      if (searching) {
        const page = await api.get<ExpertSearchResultPage>('/experts/search', { ...filters }, signal);
        return { ...page, rows: page.items };
      }
      const { q: _q, ...rest } = filters;
      const page = await api.get<ExpertPage>('/experts', rest, signal);
      return { ...page, rows: page.items.map((expert) => ({ expert })) };
    },
    placeholderData: keepPreviousData,
  });
  const setVerified = useApiMutation(
    ({ expert, verified }: { expert: ExpertProfile; verified: boolean }) =>
      api.put<ExpertProfile>(`/experts/${expert.id}/verification`, { verified }),
    {
      invalidates: ['experts'],
      onSuccess: (expert) => {
        setViewing((v) => (v && v.id === expert.id ? expert : v));
      },
      success: t('experts.verificationChanged'),
    },
  );
  const change = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch, page: 1 }));

  const verificationButton = (expert: ExpertProfile) => (
    <Popconfirm
      title={
        expert.verified
          ? t('experts.withdrawConfirm', { name: expert.name })
          : t('verification.confirm', { name: expert.name })
      }
      okText={expert.verified ? t('experts.withdraw') : t('verification.verify')}
      okButtonProps={{ danger: expert.verified }}
      cancelText={t('common:actions.cancel')}
      onConfirm={() => setVerified.mutate({ expert, verified: !expert.verified })}
    >
      <Button
        size="small"
        danger={expert.verified}
        type={expert.verified ? 'default' : 'primary'}
        loading={setVerified.isPending && setVerified.variables?.expert.id === expert.id}
      >
        {expert.verified ? t('experts.withdraw') : t('verification.verify')}
      </Button>
    </Popconfirm>
  );

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={2} style={{ marginBottom: 4 }}>
          {t('experts.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('experts.subtitle')}</Typography.Text>
      </div>
      <Card>
        <Flex vertical gap={16}>
          <Form layout="inline" name="expertFilters" style={{ rowGap: 12 }}>
            <Form.Item label={t('experts.keywords')} htmlFor="expertFilters_q">
              <Input.Search
                id="expertFilters_q"
                allowClear
                style={{ width: 320 }}
                placeholder={t('experts.keywordsPlaceholder')}
                enterButton={t('common:actions.search')}
                value={draft}
                onChange={(e) => {
                  setDraft(e.target.value);
                  if (!e.target.value) change({ q: undefined });
                }}
                onSearch={(value) => change({ q: value.trim() || undefined })}
              />
            </Form.Item>
            <Form.Item label={t('filters.field')} htmlFor="expertFilters_field">
              <Select
                id="expertFilters_field"
                allowClear
                style={{ width: 190 }}
                placeholder={t('filters.all')}
                options={fieldOptions}
                showSearch={{ filterOption: filterByLabel }}
                value={filters.field}
                onChange={(field?: string) => change({ field })}
              />
            </Form.Item>
            <Form.Item label={t('filters.region')} htmlFor="expertFilters_region">
              <Select
                id="expertFilters_region"
                allowClear
                style={{ width: 150 }}
                placeholder={t('filters.all')}
                options={regionOptions}
                showSearch={{ filterOption: filterByLabel }}
                value={filters.region}
                onChange={(region?: string) => change({ region })}
              />
            </Form.Item>
            <Form.Item label={t('experts.verifiedFilter')} htmlFor="expertFilters_verified">
              <Select
                id="expertFilters_verified"
                allowClear
                style={{ width: 120 }}
                placeholder={t('filters.all')}
                options={[
                  { value: 'true', label: t('expert.verified') },
                  { value: 'false', label: t('expert.notVerified') },
                ]}
                value={filters.verified}
                onChange={(verified?: 'true' | 'false') => change({ verified })}
              />
            </Form.Item>
            <Form.Item label={t('experts.academicianFilter')} htmlFor="expertFilters_academician">
              <Select
                id="expertFilters_academician"
                allowClear
                style={{ width: 120 }}
                placeholder={t('filters.all')}
                options={[{ value: 'true', label: t('experts.academiciansOnly') }]}
                value={filters.academician}
                onChange={(academician?: 'true') => change({ academician })}
              />
            </Form.Item>
          </Form>
          {query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : (
            <Table<Row>
              rowKey={(r) => r.expert.id}
              data-testid="experts"
              loading={query.isPending || (query.isFetching && query.isPlaceholderData)}
              dataSource={query.data?.rows ?? []}
              locale={{
                emptyText: (
                  <Empty
                    image={Empty.PRESENTED_IMAGE_SIMPLE}
                    description={searching ? t('experts.emptySearch') : t('experts.empty')}
                  />
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
                  width: 170,
                  render: (_: unknown, r) => <ExpertName expert={r.expert} />,
                },
                {
                  title: t('expert.institution'),
                  key: 'institution',
                  width: 190,
                  render: (_: unknown, r) => r.expert.institution,
                },
                {
                  title: t('expert.fields'),
                  key: 'fields',
                  width: 200,
                  render: (_: unknown, r) => <FieldTags fields={r.expert.fields} />,
                },
                {
                  title: t('expert.skills'),
                  key: 'skills',
                  render: (_: unknown, r) => (
                    <Flex gap={4} wrap>
                      {r.expert.skills.slice(0, 4).map((s) => (
                        <Tag
                          key={s}
                          color={r.matchedTerms?.some((term) => s.includes(term)) ? 'gold' : 'blue'}
                        >
                          {s}
                        </Tag>
                      ))}
                      {r.expert.skills.length > 4 && (
                        <Typography.Text type="secondary">
                          {t('experts.moreSkills', { count: r.expert.skills.length - 4 })}
                        </Typography.Text>
                      )}
                    </Flex>
                  ),
                },
                {
                  title: t('expert.region'),
                  key: 'region',
                  width: 100,
                  render: (_: unknown, r) => regionName(r.expert.region),
                },
                ...(searching
                  ? [
                      {
                        title: t('experts.relevance'),
                        key: 'relevance',
                        width: 150,
                        render: (_: unknown, r: Row) => (
                          <Flex vertical>
                            <span>{r.relevance?.toFixed(2)}</span>
                            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                              {r.matchedTerms?.join('、')}
                            </Typography.Text>
                          </Flex>
                        ),
                      },
                    ]
                  : []),
                {
                  title: t('verification.colActions'),
                  key: 'actions',
                  width: 170,
                  render: (_: unknown, r) => (
                    <Space size={4}>
                      <Button size="small" onClick={() => setViewing(r.expert)}>
                        {t('common:actions.view')}
                      </Button>
                      {verificationButton(r.expert)}
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
        extra={viewing ? verificationButton(viewing) : null}
      />
    </Flex>
  );
}
