import { useQuery } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeadLanes, LeadTotals } from '@qingshui/contracts';
import { PAIRS } from '@qingshui/regions';
import { api } from '../../../api/client';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatNumber, formatYuan } from '../../../i18n/format';
import { NS, QUERY_GROUP, useLeadEvents } from './leadUi';
import { FIELDS, LANES, ORIGIN_KINDS } from './vocabulary';

/**
 * Cooperation totals (合作总览): the pipeline's live totals per stage, across the pairs (admins) or
 * one's own pair (cadres), by field and by origin (signed and landed amounts by where leads came from).
 */
export default function TotalsPage() {
  const { t } = useTranslation(NS);
  useLeadEvents();
  const { filters, update } = useUrlFilters(['pair', 'field', 'origin'] as const);
  const query = useQuery({
    queryKey: [QUERY_GROUP, 'totals', filters.pair, filters.field, filters.origin],
    queryFn: ({ signal }) =>
      api.get<LeadTotals>(
        '/investment/totals',
        { pair: filters.pair, field: filters.field, origin: filters.origin },
        signal,
      ),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const totals = query.data;
  const laneColumns = LANES.map((lane) => ({
    title: t(`lane.${lane}`),
    key: lane,
    render: (_: unknown, row: { lanes: LeadLanes }) => (
      <span>
        {formatNumber(row.lanes[lane].count)}
        <br />
        <Typography.Text type="secondary">{formatYuan(row.lanes[lane].amountYuan)}</Typography.Text>
      </span>
    ),
  }));
  const rows = (record: Record<string, LeadLanes> | undefined, label: (key: string) => string) =>
    Object.entries(record ?? {}).map(([key, lanes]) => ({ key, label: label(key), lanes }));
  return (
    <Flex vertical gap={16} data-testid="lead-totals">
      <Typography.Title level={2} style={{ margin: 0 }}>
        {t('totals.title')}
      </Typography.Title>
      <Space wrap>
        <Select
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('totals.allPairs')}
          aria-label={t('totals.pair')}
          value={filters.pair}
          onChange={(pair?: string) => update({ pair })}
          options={PAIRS.map((p) => ({
            value: p.id,
            label: `${regionName(p.beijing.id)} — ${regionName(p.county.id)}`,
          }))}
        />
        <Select
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('totals.allFields')}
          aria-label={t('fields.field')}
          value={filters.field}
          onChange={(field?: string) => update({ field })}
          options={FIELDS.map((f) => ({ value: f, label: t(`investField.${f}`) }))}
        />
        <Select
          allowClear
          style={{ minWidth: 140 }}
          placeholder={t('totals.allOrigins')}
          aria-label={t('lead.origin')}
          value={filters.origin}
          onChange={(origin?: string) => update({ origin })}
          options={ORIGIN_KINDS.map((o) => ({ value: o, label: t(`originKind.${o}`) }))}
        />
      </Space>
      <Row gutter={[16, 16]}>
        {LANES.map((lane) => (
          <Col key={lane} xs={12} md={4}>
            <Card loading={query.isPending}>
              <Statistic title={t(`lane.${lane}`)} value={totals?.lanes[lane].count ?? 0} />
              <Typography.Text type="secondary">
                {formatYuan(totals?.lanes[lane].amountYuan ?? 0)}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Card title={t('totals.byPair')}>
        <Table
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows(totals?.byCounty, (county) => regionName(county))}
          columns={[{ title: t('fields.county'), dataIndex: 'label' }, ...laneColumns]}
        />
      </Card>
      <Card title={t('totals.byOrigin')}>
        <Table
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows(totals?.byOrigin, (o) => t(`originKind.${o}`))}
          columns={[{ title: t('lead.origin'), dataIndex: 'label' }, ...laneColumns]}
        />
      </Card>
      <Card title={t('totals.byField')}>
        <Table
          size="small"
          pagination={false}
          scroll={{ x: true }}
          dataSource={rows(totals?.byField, (f) =>
            f === 'none' ? t('totals.noField') : t(`investField.${f}`),
          )}
          columns={[{ title: t('fields.field'), dataIndex: 'label' }, ...laneColumns]}
        />
      </Card>
    </Flex>
  );
}
