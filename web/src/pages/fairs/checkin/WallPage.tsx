import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Flex, Row, Segmented, Skeleton, Statistic, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import type { CheckinCounts, FairCounts, FairView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatNumber } from '../../../i18n/format';
import { useEvents } from '../../../realtime/RealtimeProvider';
import { arrivalsSeries } from './wall';
import { useTicketTypeName } from '../registrations/registrationUi';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** The live wall (实时大屏): the counts in large type and the arrivals per 10 minutes. */
export default function WallPage() {
  const { t } = useTranslation('fairs-checkin');
  const { id = '' } = useParams();
  const client = useQueryClient();
  const [listId, setListId] = useState<string>();
  // The fair's day (Beijing time) when the wall was opened.
  const [today] = useState(() => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
  const key = ['fairs', id, 'counts'] as const;
  const typeName = useTicketTypeName(id);
  const fair = useQuery({
    queryKey: ['fairs', id],
    // The shape the other pages cache under this key (the fair with its ETag).
    queryFn: ({ signal }) => api.getVersioned<FairView>(`/fairs/${id}`, signal),
    select: (answer) => answer.data,
  });
  const counts = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<FairCounts>(`/fairs/${id}/counts`, undefined, signal),
  });
  // The event carries the totals: shown at once (the newer version wins), no refetch needed.
  useEvents(['fairs.checkin.counts-changed'], (_topic, envelope) => {
    const next = (envelope.payload as { counts?: CheckinCounts }).counts;
    if (!next || next.fairId !== id) return;
    client.setQueryData<FairCounts>(key, (current) => {
      if (!current) return { fairId: id, lists: [next] };
      const old = current.lists.find((l) => l.listId === next.listId);
      if (old && old.version >= next.version) return current;
      return { ...current, lists: [...current.lists.filter((l) => l.listId !== next.listId), next] };
    });
  });
  if (counts.error) return <ErrorState error={counts.error} onRetry={() => void counts.refetch()} />;
  if (!counts.data) return <Skeleton active />;
  const lists = [...counts.data.lists].sort((a, b) => a.listId.localeCompare(b.listId));
  const shown = lists.find((l) => l.listId === listId) ?? lists[0];
  if (!shown) return <Skeleton active />;
  const days = Object.keys(shown.byDay).sort();
  const day = days.includes(today) ? today : (days.at(-1) ?? today);
  const series = arrivalsSeries(shown, day);
  const big = { fontSize: 72, fontWeight: 700 } as const;
  return (
    <Flex vertical gap={16} data-testid="wall">
      <Flex justify="space-between" align="center" wrap>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {fair.data?.title ?? t('wall.title')}
        </Typography.Title>
        {lists.length > 1 && (
          <Segmented
            value={shown.listId}
            onChange={(value) => setListId(String(value))}
            options={lists.map((l) => l.listId)}
          />
        )}
      </Flex>
      <Row gutter={16}>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('wall.checkedIn')}
              value={shown.checkedIn}
              formatter={(v) => formatNumber(Number(v))}
              valueStyle={big}
              data-testid="wall-checked-in"
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card>
            <Statistic
              title={t('wall.inside')}
              value={shown.inside}
              formatter={(v) => formatNumber(Number(v))}
              valueStyle={big}
              data-testid="wall-inside"
            />
          </Card>
        </Col>
        <Col xs={24} md={8}>
          <Card title={t('wall.byType')}>
            {Object.entries(shown.byType).map(([type, n]) => (
              <Flex key={type} justify="space-between" style={{ fontSize: 28 }}>
                <span>{typeName(type)}</span>
                <strong>{formatNumber(n)}</strong>
              </Flex>
            ))}
          </Card>
        </Col>
      </Row>
      <Card title={t('wall.arrivals', { day })}>
        <div
          role="img"
          aria-label={t('wall.chartLabel', { day, count: series.values.reduce((a, b) => a + b, 0) })}
        >
          <ReactEChartsCore
            echarts={echarts}
            notMerge
            style={{ height: 360 }}
            option={{
              tooltip: { trigger: 'axis' },
              grid: { left: 48, right: 16, top: 24, bottom: 40 },
              xAxis: { type: 'category', data: series.labels },
              yAxis: { type: 'value', minInterval: 1 },
              series: [
                {
                  type: 'bar',
                  name: t('wall.arrivalsSeries'),
                  data: series.values,
                  // A few early arrivals would otherwise be drawn as slabs across the wall.
                  barMaxWidth: 48,
                  itemStyle: { color: '#0b6bcb' },
                },
              ],
            }}
          />
        </div>
      </Card>
    </Flex>
  );
}
