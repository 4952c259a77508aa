import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Empty,
  Flex,
  Form,
  InputNumber,
  Select,
  Table,
  Tag,
  Typography,
  type TableProps,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { ProjectCard, ProjectPage } from '@qingshui/contracts';
import { COUNTY_IDS, pairOf } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { ExportButtons } from '../../../components/ExportButtons';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatDate } from '../../../i18n/format';
import {
  countyOptions,
  filterByLabel,
  ProjectStatusTag,
  useAmountText,
  useFieldOptions,
  useFundingAreaOptions,
  useProjectStatusOptions,
} from '../needs/investUi';

const useProjectFilters = () =>
  useUrlFilters(['county', 'status', 'field', 'fundingArea', 'planYear', 'inPlan'] as const);

function useColumns(): TableProps<ProjectCard>['columns'] {
  const { t } = useTranslation('investment-projects');
  const { t: tn } = useTranslation('investment-needs');
  const amountText = useAmountText();
  return [
    {
      title: t('list.colTitle'),
      dataIndex: 'title',
      render: (title: string, p) => <Link to={`/investment/projects/${p.id}`}>{title}</Link>,
    },
    { title: t('list.colCounty'), dataIndex: 'county', width: 110, render: regionName },
    { title: t('list.colArea'), dataIndex: 'fundingArea', width: 120, render: (a: string) => t(`area.${a}`) },
    {
      title: t('list.colField'),
      dataIndex: 'field',
      width: 110,
      render: (f: string) => <Tag>{tn(`field.${f}`)}</Tag>,
    },
    { title: t('list.colAmount'), dataIndex: 'investmentSought', width: 180, render: amountText },
    {
      title: t('list.colStatus'),
      dataIndex: 'status',
      width: 90,
      render: (s: string) => <ProjectStatusTag status={s} />,
    },
    {
      title: t('list.colPlan'),
      dataIndex: 'planYear',
      width: 100,
      render: (year: number | undefined, p) =>
        p.inPlan ? <Tag color="gold">{t('list.inPlan', { year })}</Tag> : '—',
    },
    { title: t('list.colUpdated'), dataIndex: 'updatedAt', width: 130, render: formatDate },
  ];
}

export default function ProjectsPage() {
  const { t } = useTranslation('investment-projects');
  const navigate = useNavigate();
  const { hasRole, principal } = useAuth();
  const { filters, update } = useProjectFilters();
  const columns = useColumns();
  const fieldOptions = useFieldOptions();
  const areaOptions = useFundingAreaOptions();
  const statusOptions = useProjectStatusOptions();
  const list = useQuery({
    queryKey: ['investment-projects', 'list', filters],
    queryFn: ({ signal }) => api.get<ProjectPage>('/investment/projects', filters, signal),
    placeholderData: keepPreviousData,
  });
  const ownCounty = principal?.region && COUNTY_IDS.includes(principal.region) ? principal.region : undefined;
  const canCreate = hasRole('admin') || (hasRole('cadre') && Boolean(ownCounty));
  // The plan export: the chosen county (else the reader's own county or pair), for the chosen year.
  const planYear = Number(filters.planYear) || new Date().getFullYear() + 1;
  const ownPair = principal?.region ? pairOf(principal.region)?.id : undefined;
  const scope = filters.county ?? ownCounty ?? ownPair;

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('list.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('list.subtitle')}</Typography.Text>
        </div>
        <Flex gap={8} align="center">
          {scope && (
            <>
              <Typography.Text type="secondary">
                {t('list.planExport', {
                  scope: filters.county
                    ? regionName(scope)
                    : scope === ownPair
                      ? t('list.ownPair')
                      : regionName(scope),
                  year: planYear,
                })}
              </Typography.Text>
              <ExportButtons
                path={`/investment/projects/plan/${scope}/${planYear}/export`}
                testId="projects-plan-export"
              />
            </>
          )}
          {canCreate && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              data-testid="project-create"
              onClick={() => navigate('/investment/projects/new')}
            >
              {t('list.new')}
            </Button>
          )}
        </Flex>
      </Flex>
      <Card>
        <Flex vertical gap={16}>
          <Form layout="inline" name="projectFilters" style={{ rowGap: 12 }}>
            <Form.Item label={t('list.filterCounty')} htmlFor="projectFilters_county">
              <Select
                id="projectFilters_county"
                allowClear
                showSearch={{ filterOption: filterByLabel }}
                style={{ width: 150 }}
                placeholder={t('list.any')}
                options={countyOptions()}
                value={filters.county}
                onChange={(v?: string) => update({ county: v })}
              />
            </Form.Item>
            <Form.Item label={t('list.filterStatus')} htmlFor="projectFilters_status">
              <Select
                id="projectFilters_status"
                allowClear
                style={{ width: 110 }}
                placeholder={t('list.any')}
                options={statusOptions}
                value={filters.status}
                onChange={(v?: string) => update({ status: v })}
              />
            </Form.Item>
            <Form.Item label={t('list.filterField')} htmlFor="projectFilters_field">
              <Select
                id="projectFilters_field"
                allowClear
                style={{ width: 140 }}
                placeholder={t('list.any')}
                options={fieldOptions}
                value={filters.field}
                onChange={(v?: string) => update({ field: v })}
              />
            </Form.Item>
            <Form.Item label={t('list.filterArea')} htmlFor="projectFilters_area">
              <Select
                id="projectFilters_area"
                allowClear
                style={{ width: 140 }}
                placeholder={t('list.any')}
                options={areaOptions}
                value={filters.fundingArea}
                onChange={(v?: string) => update({ fundingArea: v })}
              />
            </Form.Item>
            <Form.Item label={t('list.filterPlanYear')} htmlFor="projectFilters_planYear">
              <InputNumber
                id="projectFilters_planYear"
                min={2021}
                max={2100}
                style={{ width: 100 }}
                value={filters.planYear ? Number(filters.planYear) : null}
                onChange={(v) => update({ planYear: v ?? undefined, inPlan: v ? 'true' : undefined })}
              />
            </Form.Item>
          </Form>
          {list.isError ? (
            <ErrorState error={list.error} onRetry={() => void list.refetch()} />
          ) : (
            <Table<ProjectCard>
              rowKey="id"
              data-testid="projects-table"
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
