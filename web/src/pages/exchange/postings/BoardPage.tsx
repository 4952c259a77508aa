import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Flex, Progress, Row, Select, Statistic, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { PostingPage, PostingStatus, QuotaBoard } from '@qingshui/contracts';
import { pairOf } from '@qingshui/regions';
import { api } from '../../../api/client';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { formatDate } from '../../../i18n/format';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { PostingStatusTag, useExchangeLive } from './exchangeUi';

const STATUSES: PostingStatus[] = ['draft', 'open', 'filled', 'in-progress', 'completed', 'cancelled'];

/** The live board (挂职看板): the pair's postings and the year's quota figures, changing in place. */
export default function BoardPage() {
  const { t } = useTranslation('exchange-postings');
  const navigate = useNavigate();
  const { principal } = useAuth();
  const [year, setYear] = useState(2027);
  const [status, setStatus] = useState<PostingStatus | undefined>();
  const pairId = pairOf(principal?.region ?? '')?.id;
  // Both regions' cadres watch the pair's room: every change of its postings arrives there.
  useRoom(pairId ? `pair:${pairId}` : undefined);
  useExchangeLive();
  const postings = useQuery({
    queryKey: ['exchange', 'postings', year, status],
    queryFn: ({ signal }) =>
      api.get<PostingPage>('/exchange/postings', { year, status, pageSize: 200 }, signal),
  });
  const quotas = useQuery({
    queryKey: ['exchange', 'quotas', year],
    queryFn: ({ signal }) => api.get<QuotaBoard>('/exchange/quotas', { year }, signal),
  });
  if (postings.isError) return <ErrorState error={postings.error} onRetry={() => void postings.refetch()} />;
  const ownPair = (d: QuotaBoard['directions'][number]) => d.pairs.find((p) => p.pairId === pairId);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('board.title')}
        </Typography.Title>
        <Flex gap={8}>
          <Select
            value={year}
            onChange={setYear}
            options={[2025, 2026, 2027, 2028].map((y) => ({ value: y, label: t('board.year', { year: y }) }))}
            data-testid="board-year"
          />
          <Select
            allowClear
            placeholder={t('board.anyStatus')}
            value={status}
            onChange={setStatus}
            style={{ minWidth: 120 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          />
          <Button type="primary" onClick={() => navigate('/exchange/postings/new')} data-testid="new-posting">
            {t('board.new')}
          </Button>
        </Flex>
      </Flex>
      <Row gutter={16}>
        {(quotas.data?.directions ?? []).map((d) => (
          <Col xs={24} md={12} key={d.direction}>
            <Card title={t(`direction.${d.direction}`)} size="small" data-testid={`quota-${d.direction}`}>
              <Flex gap={24} wrap align="center">
                <Progress
                  type="circle"
                  size={72}
                  percent={d.total ? Math.round((d.used / d.total) * 100) : 0}
                />
                <Statistic title={t('board.used')} value={d.used} suffix={`/ ${d.total}`} />
                <Statistic title={t('board.pending')} value={d.pending} />
                <Statistic title={t('board.free')} value={d.free} />
                <Statistic
                  title={t('board.short')}
                  value={d.short.used}
                  suffix={t('board.shortPending', { n: d.short.pending })}
                />
                {ownPair(d) && (
                  <Statistic
                    title={t('board.ownPair')}
                    value={ownPair(d)!.used}
                    suffix={ownPair(d)!.limit !== undefined ? `/ ${ownPair(d)!.limit}` : undefined}
                  />
                )}
              </Flex>
            </Card>
          </Col>
        ))}
      </Row>
      <Table
        rowKey="id"
        loading={postings.isLoading}
        dataSource={postings.data?.items ?? []}
        pagination={false}
        data-testid="postings"
        columns={[
          {
            title: t('fields.title'),
            render: (_, p) => <Link to={`/exchange/postings/${p.id}`}>{p.title}</Link>,
          },
          { title: t('fields.unit'), render: (_, p) => p.unit.name },
          { title: t('fields.direction'), render: (_, p) => t(`direction.${p.direction}`) },
          { title: t('fields.kind'), render: (_, p) => t(`kind.${p.kind}`) },
          {
            title: t('fields.dates'),
            render: (_, p) => `${formatDate(p.startDate)} – ${formatDate(p.endDate)}`,
          },
          { title: t('fields.places'), render: (_, p) => `${p.placed} / ${p.places}` },
          { title: t('fields.sending'), render: (_, p) => regionName(p.sendingRegion) },
          { title: t('fields.status'), render: (_, p) => <PostingStatusTag status={p.status} /> },
        ]}
      />
    </Flex>
  );
}
