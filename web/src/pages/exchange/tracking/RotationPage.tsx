import { useMemo, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, DatePicker, Empty, Flex, List, Select, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { PAIRS, pairOf } from '@qingshui/regions';
import type { RotationPlan } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { usePrincipal } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { useEvents } from '../../../realtime/RealtimeProvider';

const NS = 'exchange-tracking';
const STATE_COLOR: Record<string, string> = {
  'awaiting-arrival': '#91caff',
  'on-post': '#1677ff',
  completed: '#95de64',
  'returned-early': '#ffc069',
};
const DAY = 86_400_000;
const dayOf = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** A unit's row: its months as cells (red where it has a gap) and a bar per placement over them. */
function UnitRow({
  plan,
  unitIndex,
  start,
  end,
}: {
  plan: RotationPlan;
  unitIndex: number;
  start: number;
  end: number;
}) {
  const { t } = useTranslation(NS);
  const row = plan.units[unitIndex]!;
  const span = end - start;
  const pct = (d: number) => `${Math.max(0, Math.min(100, ((d - start) / span) * 100))}%`;
  return (
    <div style={{ display: 'flex', alignItems: 'stretch', borderBottom: '1px solid #f0f0f0' }}>
      <div style={{ width: 200, padding: '8px 8px', flexShrink: 0 }}>
        <Typography.Text strong>{row.unit.name}</Typography.Text>
      </div>
      <div
        style={{ position: 'relative', flex: 1, minHeight: 40 }}
        data-testid={`rotation-row-${row.unit.id}`}
      >
        <div style={{ position: 'absolute', inset: 0, display: 'flex' }}>
          {plan.byMonth.map((m) => {
            const gap = m.gapUnitIds.includes(row.unit.id);
            return (
              <div
                key={m.month}
                data-gap={gap || undefined}
                title={gap ? t('rotation.gap') : undefined}
                style={{
                  flex: 1,
                  borderInlineStart: '1px solid #f5f5f5',
                  background: gap ? 'rgba(255, 77, 79, 0.15)' : undefined,
                }}
              />
            );
          })}
        </div>
        {row.bars.map((bar, i) => {
          const from = dayOf(bar.startDate);
          const to = dayOf(bar.endDate) + 1;
          return (
            <Tooltip
              key={bar.tenureId}
              title={`${bar.cadreName}（${bar.sendingUnit.name}）${bar.startDate} – ${bar.endDate} · ${t(`tenure.state.${bar.state}`)}`}
            >
              <Link
                to={`/exchange/tenures/${bar.tenureId}`}
                data-testid={`rotation-bar-${bar.tenureId}`}
                style={{
                  position: 'absolute',
                  top: 6 + (i % 2) * 14,
                  height: 12,
                  left: pct(from),
                  width: `calc(${pct(to)} - ${pct(from)})`,
                  minWidth: 4,
                  borderRadius: 6,
                  background: STATE_COLOR[bar.state],
                  color: '#fff',
                  fontSize: 10,
                  lineHeight: '12px',
                  paddingInline: 4,
                  overflow: 'hidden',
                  whiteSpace: 'nowrap',
                }}
              >
                {bar.cadreName}
              </Link>
            </Tooltip>
          );
        })}
      </div>
    </div>
  );
}

/** The rotation plan of a pair: a timeline per side, one row per unit, bars per placement, gaps marked. */
export default function RotationPage() {
  const { t } = useTranslation(NS);
  const principal = usePrincipal();
  const client = useQueryClient();
  const own = pairOf(principal.region ?? '')?.id ?? PAIRS[0]!.id;
  // This month on the counties' calendar (China, UTC+8), fixed for the page's life.
  const [thisMonth] = useState(() => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7));
  const url = useUrlFilters(['pairId', 'from', 'months'] as const);
  const filters = {
    pairId: url.filters.pairId ?? own,
    from: url.filters.from ?? thisMonth,
    months: url.filters.months ?? '12',
  };
  const setFilters = url.update;
  const key = ['exchange-rotation', filters.pairId, filters.from, filters.months];
  const plan = useQuery({
    queryKey: key,
    queryFn: ({ signal }) =>
      api.get<RotationPlan>(
        '/exchange/rotation',
        { pairId: filters.pairId, from: filters.from, months: filters.months },
        signal,
      ),
  });
  // A tenure's step or a confirmation changes the plan: read it again.
  useEvents(
    ['exchange.tenure.', 'exchange.placement.confirmed'],
    () => void client.invalidateQueries({ queryKey: ['exchange-rotation'] }),
  );
  const window = useMemo(() => {
    if (!plan.data) return undefined;
    const first = plan.data.months[0]!;
    const last = plan.data.months[plan.data.months.length - 1]!;
    return {
      start: dayOf(`${first}-01`),
      end: dayOf(dayjs(`${last}-01`).add(1, 'month').format('YYYY-MM-DD')),
    };
  }, [plan.data]);
  const unitName = (id: string) => plan.data?.units.find((u) => u.unit.id === id)?.unit.name ?? id;
  const pairLabel = (id: string) => {
    const pair = PAIRS.find((p) => p.id === id);
    return pair ? `${regionName(pair.beijing.id)} — ${regionName(pair.county.id)}` : id;
  };

  return (
    <Flex vertical gap={16}>
      <div>
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('rotation.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('rotation.intro')}</Typography.Text>
      </div>
      <Flex gap={12} wrap align="center">
        <span>{t('rotation.pair')}</span>
        <Select
          style={{ width: 240 }}
          value={filters.pairId}
          onChange={(pairId: string) => setFilters({ pairId })}
          options={PAIRS.map((p) => ({ value: p.id, label: pairLabel(p.id) }))}
          data-testid="rotation-pair"
        />
        <span>{t('rotation.from')}</span>
        <DatePicker
          picker="month"
          allowClear={false}
          value={dayjs(`${filters.from}-01`)}
          onChange={(value) => value && setFilters({ from: value.format('YYYY-MM') })}
        />
        <span>{t('rotation.months')}</span>
        <Select
          style={{ width: 90 }}
          value={filters.months}
          onChange={(months: string) => setFilters({ months })}
          options={['6', '12', '18', '24', '36'].map((m) => ({ value: m, label: m }))}
        />
      </Flex>
      {plan.error ? (
        <ErrorState error={plan.error} onRetry={() => void plan.refetch()} />
      ) : (
        <Card loading={plan.isLoading} data-testid="rotation-plan">
          {plan.data && window && plan.data.units.length === 0 && <Empty description={t('rotation.empty')} />}
          {plan.data && window && plan.data.units.length > 0 && (
            <div style={{ overflowX: 'auto' }}>
              <div style={{ minWidth: 720 }}>
                <div style={{ display: 'flex', borderBottom: '1px solid #d9d9d9' }}>
                  <div style={{ width: 200, flexShrink: 0, padding: 8 }}>
                    <Typography.Text type="secondary">{t('rotation.unit')}</Typography.Text>
                  </div>
                  {plan.data.byMonth.map((m) => (
                    <Tooltip
                      key={m.month}
                      title={
                        <>
                          <div>{t('rotation.onPost', { count: m.onPost.length })}</div>
                          {m.returning.length > 0 && (
                            <div>
                              {t('rotation.returning', {
                                names: m.returning.map((r) => r.cadreName).join('、'),
                              })}
                            </div>
                          )}
                        </>
                      }
                    >
                      <div style={{ flex: 1, textAlign: 'center', fontSize: 12, padding: '8px 0' }}>
                        {m.month.slice(2)}
                        <div style={{ color: '#8c8c8c' }}>{m.onPost.length}</div>
                      </div>
                    </Tooltip>
                  ))}
                </div>
                {(['county', 'beijing'] as const).map((side) => {
                  const rows = plan.data!.units.map((u, i) => ({ u, i })).filter(({ u }) => u.side === side);
                  if (rows.length === 0) return null;
                  return (
                    <div key={side}>
                      <Typography.Text type="secondary" style={{ display: 'block', padding: '8px 8px 0' }}>
                        {t(`rotation.${side}`)}
                      </Typography.Text>
                      {rows.map(({ i }) => (
                        <UnitRow
                          key={i}
                          plan={plan.data!}
                          unitIndex={i}
                          start={window.start}
                          end={window.end}
                        />
                      ))}
                    </div>
                  );
                })}
              </div>
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8, fontSize: 12 }}>
                {t('rotation.legend')}
              </Typography.Text>
            </div>
          )}
        </Card>
      )}
      {plan.data && (
        <Card title={t('rotation.gapsTitle')} size="small">
          {plan.data.gaps.length === 0 ? (
            <Typography.Text type="secondary">{t('rotation.noGaps')}</Typography.Text>
          ) : (
            <List
              size="small"
              dataSource={plan.data.gaps}
              renderItem={(g) => (
                <List.Item data-testid={`rotation-gap-${g.unitId}`}>
                  <Alert
                    type="warning"
                    showIcon
                    style={{ width: '100%' }}
                    message={
                      <>
                        {t('rotation.gapFrom', { unit: unitName(g.unitId), name: g.cadreName, from: g.from })}
                        {g.until ? t('rotation.gapUntil', { until: g.until }) : ''}{' '}
                        {g.months.map((m) => (
                          <Tag key={m} color="red">
                            {m}
                          </Tag>
                        ))}
                      </>
                    }
                  />
                </List.Item>
              )}
            />
          )}
        </Card>
      )}
    </Flex>
  );
}
