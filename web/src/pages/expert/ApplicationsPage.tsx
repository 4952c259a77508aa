import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { MyApplication, MyApplicationList } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { formatDate, formatDateTime } from '../../i18n/format';
import { APPLICATION_STATUS_COLOR, CHALLENGE_STATUS_COLOR } from '../common/statusColors';

interface Row extends MyApplication {
  leader: boolean;
}

type Filter = 'all' | MyApplication['application']['status'];
const FILTERS: Filter[] = ['all', 'submitted', 'shortlisted', 'awarded', 'rejected'];

/** My applications, as leader or team member, newest first (GET /me/applications). */
export default function ApplicationsPage() {
  const { t } = useTranslation('expert');
  const principal = usePrincipal();
  const navigate = useNavigate();
  const [filter, setFilter] = useState<Filter>('all');
  const mine = useQuery({
    queryKey: ['applications', 'mine'],
    queryFn: () => api.get<MyApplicationList>('/me/applications'),
  });
  const loading = mine.isPending;
  const failed = mine.error;
  const rows: Row[] = (mine.data?.items ?? []).map((item) => ({
    ...item,
    leader: item.application.leaderUserId === principal.userId,
  }));
  const count = (status: MyApplication['application']['status']) =>
    rows.filter((r) => r.application.status === status).length;
  const shown = filter === 'all' ? rows : rows.filter((r) => r.application.status === filter);

  const columns = [
    {
      title: t('applications.columns.challenge'),
      key: 'challenge',
      render: (_: unknown, r: Row) => (
        <>
          <Link to={`/challenges/${r.challenge.id}`}>{r.challenge.title}</Link>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {regionName(r.challenge.county)} · {t(`common:fields.${r.challenge.field}`)} ·{' '}
              {t('applications.deadline', { date: formatDate(r.challenge.deadline) })}
            </Typography.Text>
          </div>
        </>
      ),
    },
    {
      title: t('applications.columns.challengeStatus'),
      key: 'challengeStatus',
      width: 120,
      render: (_: unknown, r: Row) => (
        <Tag color={CHALLENGE_STATUS_COLOR[r.challenge.status]}>
          {t(`common:challengeStatus.${r.challenge.status}`)}
        </Tag>
      ),
    },
    {
      title: t('applications.columns.role'),
      key: 'role',
      width: 110,
      render: (_: unknown, r: Row) =>
        r.leader ? t('applications.leader', { n: r.application.expertIds.length }) : t('applications.member'),
    },
    {
      title: t('applications.columns.status'),
      key: 'status',
      width: 150,
      render: (_: unknown, r: Row) => (
        <>
          <Tag
            color={APPLICATION_STATUS_COLOR[r.application.status]}
            data-testid={`application-status-${r.challenge.id}`}
          >
            {t(`common:applicationStatus.${r.application.status}`)}
          </Tag>
          {r.application.reason && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.application.reason}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('applications.columns.submittedAt'),
      key: 'submittedAt',
      width: 180,
      render: (_: unknown, r: Row) => formatDateTime(r.application.submittedAt),
    },
    {
      title: t('applications.columns.updatedAt'),
      key: 'updatedAt',
      width: 180,
      render: (_: unknown, r: Row) => formatDateTime(r.application.updatedAt),
    },
  ];

  return (
    <>
      <Typography.Title level={2}>{t('applications.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('applications.lead')}</Typography.Paragraph>
      {failed ? (
        <ErrorState error={failed} onRetry={() => void mine.refetch()} />
      ) : (
        <>
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {(['all', 'shortlisted', 'awarded', 'rejected'] as const).map((key) => (
              <Col xs={12} md={6} key={key}>
                <Card size="small">
                  <Statistic
                    title={t(`applications.stats.${key}`)}
                    value={key === 'all' ? rows.length : count(key)}
                    loading={loading}
                  />
                </Card>
              </Col>
            ))}
          </Row>
          <Card
            title={t('applications.tableTitle')}
            extra={
              <Segmented<Filter>
                value={filter}
                onChange={setFilter}
                aria-label={t('applications.filter')}
                options={FILTERS.map((f) => ({
                  value: f,
                  label: f === 'all' ? t('applications.all') : t(`common:applicationStatus.${f}`),
                }))}
              />
            }
          >
            <Table<Row>
              rowKey={(r) => r.application.id}
              loading={loading}
              dataSource={shown}
              columns={columns}
              expandable={{
                expandedRowRender: (r) => (
                  <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                    <Typography.Text type="secondary">{t('applications.proposal')}：</Typography.Text>
                    {r.application.proposal}
                  </Typography.Paragraph>
                ),
              }}
              pagination={{
                pageSize: 10,
                hideOnSinglePage: true,
                showTotal: (total) => t('common:list.total', { total }),
              }}
              locale={{
                emptyText: (
                  <Empty description={t('applications.empty')}>
                    <Button type="primary" onClick={() => navigate('/expert/matches')}>
                      {t('applications.toMatches')}
                    </Button>
                  </Empty>
                ),
              }}
            />
          </Card>
        </>
      )}
    </>
  );
}
