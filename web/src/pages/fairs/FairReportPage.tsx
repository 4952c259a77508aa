import { PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Breadcrumb, Button, Card, Col, Descriptions, Flex, Row, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { FairReport } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime, formatNumber } from '../../i18n/format';
import { FairStatusTag, pairLabel } from './fairUi';

/** A fair's summary report, for the organiser's staff and the cadres of its regions; prints on A4. */
export default function FairReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(['fairs', 'fairs-registrations', 'fairs-exhibitors']);
  const query = useQuery({
    queryKey: ['fairs', 'report', id],
    queryFn: ({ signal }) => api.get<FairReport>(`/fairs/${id}/report`, undefined, signal),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const report = query.data;
  const statusRows = (byStatus: Record<string, number | { registrations: number; places: number }>) =>
    Object.entries(byStatus).map(([status, value]) => ({ status, value }));
  return (
    <Flex vertical gap={16} data-testid="fair-report">
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('list.title')}</Link> },
          { title: <Link to={`/fairs/${id}`}>{report?.fair.title ?? '…'}</Link> },
          { title: t('report.title') },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('report.title')}
        </Typography.Title>
        <Button icon={<PrinterOutlined />} onClick={() => window.print()} className="no-print">
          {t('report.print')}
        </Button>
      </Flex>
      <Card loading={query.isPending}>
        {report && (
          <Descriptions column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('report.fair')}>{report.fair.title}</Descriptions.Item>
            <Descriptions.Item label={t('report.status')}>
              <FairStatusTag status={report.fair.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('report.venue')}>{report.fair.venue.name}</Descriptions.Item>
            <Descriptions.Item label={t('report.days')}>{report.fair.days.join('、')}</Descriptions.Item>
            <Descriptions.Item label={t('report.pairs')}>
              {report.fair.pairIds.map(pairLabel).join('、')}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.generatedAt')}>
              {formatDateTime(report.generatedAt)}
            </Descriptions.Item>
          </Descriptions>
        )}
      </Card>
      {report && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title={t('report.boothsAssigned')}
                  value={report.exhibitors.booths.assigned}
                  suffix={`/ ${formatNumber(report.exhibitors.booths.total)}`}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('report.products')} value={report.exhibitors.products} />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic
                  title={t('report.checkedIn')}
                  value={report.checkins.reduce((sum, list) => sum + list.checkedIn, 0)}
                />
              </Card>
            </Col>
            <Col xs={12} md={6}>
              <Card>
                <Statistic title={t('report.leads')} value={report.leads.total} />
              </Card>
            </Col>
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <Card title={t('report.byCounty')}>
                <Table
                  rowKey="county"
                  size="small"
                  pagination={false}
                  dataSource={report.exhibitors.byCounty}
                  columns={[
                    { title: t('report.county'), dataIndex: 'county', render: (c: string) => regionName(c) },
                    { title: t('report.exhibitorCount'), dataIndex: 'exhibitors', align: 'right' },
                    { title: t('report.boothCount'), dataIndex: 'booths', align: 'right' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.registrations')}>
                <Table
                  rowKey="status"
                  size="small"
                  pagination={false}
                  dataSource={statusRows(report.registrations.byStatus)}
                  columns={[
                    {
                      title: t('report.registrationStatus'),
                      dataIndex: 'status',
                      render: (status: string) => t(`fairs-registrations:status.${status}`),
                    },
                    {
                      title: t('report.registrationCount'),
                      align: 'right',
                      render: (_: unknown, row: { value: unknown }) =>
                        (row.value as { registrations: number }).registrations,
                    },
                    {
                      title: t('report.places'),
                      align: 'right',
                      render: (_: unknown, row: { value: unknown }) =>
                        (row.value as { places: number }).places,
                    },
                  ]}
                />
                <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                  {t('report.organisations', { count: report.registrations.organisations })}
                </Typography.Paragraph>
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.exhibitorsByStatus')}>
                <Table
                  rowKey="status"
                  size="small"
                  pagination={false}
                  dataSource={statusRows(report.exhibitors.byStatus)}
                  columns={[
                    {
                      title: t('report.applicationStatus'),
                      dataIndex: 'status',
                      render: (status: string) => t(`fairs-exhibitors:status.${status}`),
                    },
                    { title: t('report.applicationCount'), dataIndex: 'value', align: 'right' },
                  ]}
                />
              </Card>
            </Col>
            <Col xs={24} lg={12}>
              <Card title={t('report.leadsByExhibitor')}>
                <Table
                  rowKey="orgId"
                  size="small"
                  pagination={false}
                  dataSource={report.leads.byExhibitor}
                  columns={[
                    { title: t('report.exhibitor'), dataIndex: 'name' },
                    { title: t('report.leads'), dataIndex: 'leads', align: 'right' },
                  ]}
                />
                {report.leads.averageRating !== null && (
                  <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                    {t('report.averageRating', { rating: report.leads.averageRating })}
                  </Typography.Paragraph>
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Flex>
  );
}
