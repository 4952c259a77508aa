import { useQuery } from '@tanstack/react-query';
import { Button, Card, Descriptions, Flex, Pagination, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ProjectChange, ProjectMatches, ProjectView } from '@qingshui/contracts';
import { pairOf } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime, formatNumber } from '../../../i18n/format';
import { MatchList, ProjectStatusTag, useAmountText } from '../needs/investUi';

/** A changed value as people read it. */
function useValueText(): (field: string, value: unknown) => string {
  const { t } = useTranslation('investment-projects');
  const { t: tn } = useTranslation('investment-needs');
  const amountText = useAmountText();
  return (field, value) => {
    if (value === undefined || value === null || value === '') return t('history.empty');
    if (field === 'status') return t(`status.${String(value)}`);
    if (field === 'fundingArea') return t(`area.${String(value)}`);
    if (field === 'field') return tn(`field.${String(value)}`);
    if (field === 'inPlan') return value ? t('history.yes') : t('history.no');
    if (field === 'investmentSought') return amountText(value as { minYuan: number; maxYuan: number });
    return typeof value === 'number' ? formatNumber(value) : String(value);
  };
}

export default function ProjectPage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation('investment-projects');
  const { t: tn } = useTranslation('investment-needs');
  const navigate = useNavigate();
  const { hasRole, principal } = useAuth();
  const amountText = useAmountText();
  const valueText = useValueText();
  const [page, setPage] = useState(1);
  const query = useQuery({
    queryKey: ['investment-projects', id],
    queryFn: ({ signal }) => api.get<ProjectView>(`/investment/projects/${id}`, undefined, signal),
  });
  const project = query.data;
  // A project's matched needs are for the cadres of its county and its pair, and admins.
  const mayMatch =
    project !== undefined &&
    (hasRole('admin') ||
      (hasRole('cadre') &&
        (principal?.region === project.county || principal?.region === pairOf(project.county)?.beijing.id)));
  const matches = useQuery({
    queryKey: ['investment-projects', id, 'matches', page],
    queryFn: ({ signal }) =>
      api.get<ProjectMatches>(`/investment/projects/${id}/matches`, { page, pageSize: 10 }, signal),
    enabled: mayMatch,
  });

  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!project) return <Card loading />;
  const change = (c: ProjectChange) => (
    <div key={c.field}>
      {t('history.change', {
        field: t(`fields.${c.field}`),
        from: valueText(c.field, c.from),
        to: valueText(c.field, c.to),
      })}
    </div>
  );

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {project.title} <ProjectStatusTag status={project.status} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {regionName(project.county)} · {t(`area.${project.fundingArea}`)}
          </Typography.Text>
        </div>
        {project.canEdit && (
          <Button data-testid="project-edit" onClick={() => navigate(`/investment/projects/${id}/edit`)}>
            {t('common:actions.edit')}
          </Button>
        )}
      </Flex>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('form.field')}>{tn(`field.${project.field}`)}</Descriptions.Item>
          <Descriptions.Item label={t('list.colAmount')}>
            {amountText(project.investmentSought)}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.landMu')}>
            {project.landMu !== undefined ? formatNumber(project.landMu) : t('history.empty')}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.site')}>{project.site || t('history.empty')}</Descriptions.Item>
          <Descriptions.Item label={t('list.colPlan')}>
            {project.inPlan ? (
              <Tag color="gold">{t('list.inPlan', { year: project.planYear })}</Tag>
            ) : (
              t('history.no')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('list.colUpdated')}>
            {formatDateTime(project.updatedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.policySupport')} span={2}>
            {project.policySupport || t('history.empty')}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.description')} span={2}>
            {project.description || t('history.empty')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('history.title')} data-testid="project-history">
        <Timeline
          items={[...project.history].reverse().map((entry) => ({
            children: (
              <div>
                <Typography.Text strong>
                  {formatDateTime(entry.at)} · {t(`history.${entry.action}`)}
                  {entry.by ? ` · ${entry.byName ?? entry.by}` : ''}
                </Typography.Text>
                {entry.changes.map(change)}
              </div>
            ),
          }))}
        />
      </Card>
      {mayMatch && (
        <Card
          title={t('detail.matches')}
          extra={matches.data && tn('detail.matchCount', { count: matches.data.total })}
        >
          {matches.isError ? (
            <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />
          ) : (
            <Flex vertical gap={12}>
              <MatchList
                testId="project-matches"
                loading={matches.isPending}
                matches={matches.data?.items ?? []}
                title={(m) => (
                  <Space wrap>
                    <Link to={`/investment/needs/${m.need.id}`}>{m.need.title}</Link>
                    <Typography.Text type="secondary">{m.need.enterpriseName}</Typography.Text>
                  </Space>
                )}
                extra={(m) => amountText(m.need.amount)}
              />
              {(matches.data?.total ?? 0) > 10 && (
                <Pagination
                  current={page}
                  pageSize={10}
                  total={matches.data?.total ?? 0}
                  onChange={setPage}
                  showSizeChanger={false}
                />
              )}
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}
