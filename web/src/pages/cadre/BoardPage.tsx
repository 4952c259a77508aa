import { useQuery } from '@tanstack/react-query';
import { Badge, Card, Col, Empty, Flex, Row, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type {
  ChallengePage,
  ChallengeStatus,
  ChallengeView,
  SlotList,
  SlotSummary,
  StationList,
  StationView,
} from '@qingshui/contracts';
import { api } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { useRoom } from '../../realtime/RealtimeProvider';
import { formatDate, formatNumber } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { CHALLENGE_STATUS_IDS } from '../../app/vocabulary';
import { DonutChart, SeatBarChart } from './charts';
import { PendingApprovals } from './Approvals';
import { TourTable } from './tables';
import { PairPicker, Seats, SlotStateTags, usePairSelection } from './shared';

const CHALLENGE_COLOR: Record<ChallengeStatus, string> = {
  draft: 'default',
  published: 'green',
  closed: 'orange',
  awarded: 'blue',
  delivered: 'cyan',
  completed: 'purple',
  cancelled: 'red',
};
const CHART_COLOR: Record<ChallengeStatus, string> = {
  draft: '#bfbfbf',
  published: '#52c41a',
  closed: '#fa8c16',
  awarded: '#1677ff',
  delivered: '#13c2c2',
  completed: '#722ed1',
  cancelled: '#f5222d',
};
const STATUSES: readonly ChallengeStatus[] = CHALLENGE_STATUS_IDS;

/** The cooperation board of a pair: the county's challenges, stations, slots, tours and approvals, live. */
export default function BoardPage() {
  const { t } = useTranslation('cadre');
  const { pair, mine, counterpart, admin, setPairId } = usePairSelection();
  // My own region's and cadres' rooms are joined already; the other side and the pair are not.
  useRoom(counterpart ? `region:${counterpart}` : undefined);
  useRoom(pair ? `pair:${pair.id}` : undefined);
  // An admin looking at another pair watches both of its regions.
  const otherPair = admin && pair && mine !== pair.county.id && mine !== pair.beijing.id;
  useRoom(otherPair ? `region:${pair.county.id}` : undefined);
  useRoom(otherPair ? `region:${pair.beijing.id}` : undefined);
  const county = pair?.county.id;

  const challenges = useQuery({
    queryKey: ['board', 'challenges', county],
    enabled: !!county,
    queryFn: ({ signal }) => api.get<ChallengePage>('/challenges', { county, pageSize: 100 }, signal),
  });
  const stations = useQuery({
    queryKey: ['board', 'stations', county],
    enabled: !!county,
    queryFn: ({ signal }) => api.get<StationList>('/stations', { county }, signal),
  });
  const slots = useQuery({
    queryKey: ['board', 'slots', county],
    enabled: !!county,
    queryFn: ({ signal }) => api.get<SlotList>('/slots', { county, limit: 200 }, signal),
  });
  const tours = useQuery({
    queryKey: ['board', 'tours', county],
    enabled: !!county,
    queryFn: ({ signal }) => api.get<SlotList>('/tours', { county }, signal),
  });

  if (!pair)
    return (
      <>
        <Typography.Title level={2}>{t('board.title')}</Typography.Title>
        <Empty description={t('board.noPair')} />
      </>
    );

  const challengeItems = challenges.data?.items ?? [];
  const slotItems = slots.data?.items ?? [];
  const tourItems = tours.data?.items ?? [];
  const byStatus = STATUSES.map((s) => ({
    status: s,
    count: challengeItems.filter((c) => c.status === s).length,
  })).filter((s) => s.count > 0);
  const openSlots = slotItems.filter((s) => s.status === 'open');
  const seatsLeft = openSlots.reduce((sum, s) => sum + Math.max(0, s.capacity - s.seatsTaken), 0);
  const seatsTotal = openSlots.reduce((sum, s) => sum + s.capacity, 0);
  const waiting = [...openSlots, ...tourItems].reduce((sum, s) => sum + s.waitlistLength, 0);

  const stats = [
    {
      key: 'published',
      value: challengeItems.filter((c) => c.status === 'published').length,
      loading: challenges.isLoading,
    },
    {
      key: 'applications',
      value: challengeItems.reduce((sum, c) => sum + c.applicationCount, 0),
      loading: challenges.isLoading,
    },
    { key: 'stations', value: stations.data?.items.length ?? 0, loading: stations.isLoading },
    { key: 'slots', value: openSlots.length, loading: slots.isLoading },
    { key: 'seatsLeft', value: seatsLeft, suffix: `/ ${formatNumber(seatsTotal)}`, loading: slots.isLoading },
    { key: 'tours', value: tourItems.length, loading: tours.isLoading },
    { key: 'waiting', value: waiting, loading: slots.isLoading },
  ];

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('board.title')}
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('board.subtitle', {
              beijing: regionName(pair.beijing.id),
              county: regionName(pair.county.id),
            })}
          </Typography.Text>
        </div>
        {admin && <PairPicker value={pair.id} onChange={setPairId} />}
      </Flex>

      <Card size="small" data-testid="board-stats">
        <Row gutter={[16, 8]}>
          {stats.map((s) => (
            <Col key={s.key} flex="1 1 140px">
              <Statistic
                title={t(`board.stats.${s.key}`)}
                value={s.value}
                loading={s.loading}
                {...(s.suffix ? { suffix: s.suffix } : {})}
              />
            </Col>
          ))}
        </Row>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('board.challenges.title', { county: regionName(pair.county.id) })}
              </Typography.Title>
            }
            extra={
              challenges.data && (
                <Typography.Text type="secondary">
                  {t('common:list.total', { total: challenges.data.total })}
                </Typography.Text>
              )
            }
          >
            {challenges.isError ? (
              <ErrorState error={challenges.error} onRetry={() => void challenges.refetch()} />
            ) : (
              <ChallengeTable items={challengeItems} loading={challenges.isLoading} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('board.challenges.chart')}
              </Typography.Title>
            }
            style={{ height: '100%' }}
          >
            {byStatus.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.challenges.empty')} />
            ) : (
              <DonutChart
                label={byStatus
                  .map((s) => `${t(`common:challengeStatus.${s.status}`)} ${s.count}`)
                  .join('，')}
                data={byStatus.map((s) => ({
                  name: t(`common:challengeStatus.${s.status}`),
                  value: s.count,
                  color: CHART_COLOR[s.status],
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('board.hosting.title')}
              </Typography.Title>
            }
          >
            <Tabs
              items={[
                {
                  key: 'slots',
                  label: t('board.hosting.slots', { count: openSlots.length }),
                  children: slots.isError ? (
                    <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
                  ) : (
                    <SlotTable items={slotItems} loading={slots.isLoading} />
                  ),
                },
                {
                  key: 'stations',
                  label: t('board.hosting.stations', { count: stations.data?.items.length ?? 0 }),
                  children: stations.isError ? (
                    <ErrorState error={stations.error} onRetry={() => void stations.refetch()} />
                  ) : (
                    <StationTable items={stations.data?.items ?? []} loading={stations.isLoading} />
                  ),
                },
                {
                  key: 'tours',
                  label: t('board.hosting.tours', { count: tourItems.length }),
                  children: tours.isError ? (
                    <ErrorState error={tours.error} onRetry={() => void tours.refetch()} />
                  ) : (
                    <TourTable items={tourItems} loading={tours.isLoading} />
                  ),
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card
            title={
              <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
                {t('board.seatsChart')}
              </Typography.Title>
            }
            style={{ height: '100%' }}
          >
            {openSlots.length + tourItems.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.noSlots')} />
            ) : (
              <SeatBarChart
                label={t('board.seatsChart')}
                takenLabel={t('seats.takenShort')}
                leftLabel={t('seats.leftShort')}
                rows={[...openSlots, ...tourItems].map((s) => ({
                  name: s.kind === 'tour' ? (s.title ?? '') : `${formatDate(s.start)} ${s.stationName ?? ''}`,
                  taken: s.seatsTaken,
                  left: Math.max(0, s.capacity - s.seatsTaken),
                }))}
              />
            )}
          </Card>
        </Col>
      </Row>

      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
            {t('approvals.title')}
          </Typography.Title>
        }
        extra={<Typography.Text type="secondary">{t('approvals.hint')}</Typography.Text>}
      >
        <PendingApprovals slots={[...slotItems, ...tourItems]} testId="board-approvals" />
      </Card>
    </Flex>
  );
}

function ChallengeTable({ items, loading }: { items: ChallengeView[]; loading: boolean }) {
  const { t } = useTranslation('cadre');
  return (
    <Table<ChallengeView>
      data-testid="board-challenges"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={items.length > 8 ? { pageSize: 8, showSizeChanger: false } : false}
      locale={{
        emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.challenges.empty')} />,
      }}
      columns={[
        {
          title: t('board.challenges.name'),
          key: 'title',
          render: (_, c) => (
            <Flex vertical>
              <Link to={`/challenges/${c.id}`}>{c.title}</Link>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {c.poster.kind === 'county'
                  ? t('board.challenges.byCounty')
                  : t('board.challenges.byEnterprise', { org: c.poster.orgId })}
              </Typography.Text>
            </Flex>
          ),
        },
        {
          title: t('board.challenges.status'),
          key: 'status',
          width: 96,
          render: (_, c) => (
            <Tag color={CHALLENGE_COLOR[c.status]}>{t(`common:challengeStatus.${c.status}`)}</Tag>
          ),
        },
        {
          title: t('board.challenges.field'),
          key: 'field',
          render: (_, c) => t(`common:fields.${c.field}`),
        },
        {
          title: t('board.challenges.deadline'),
          key: 'deadline',
          width: 130,
          render: (_, c) => formatDate(c.deadline),
        },
        {
          title: t('board.challenges.applications'),
          key: 'applications',
          width: 88,
          align: 'right',
          render: (_, c) => (
            <Badge count={c.applicationCount} showZero color={c.applicationCount ? '#0b6bcb' : '#d9d9d9'} />
          ),
        },
      ]}
    />
  );
}

function SlotTable({ items, loading }: { items: SlotSummary[]; loading: boolean }) {
  const { t } = useTranslation('cadre');
  return (
    <Table<SlotSummary>
      data-testid="board-slots"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={items.length > 8 ? { pageSize: 8 } : false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('board.noSlots')} /> }}
      columns={[
        {
          title: t('slot.station'),
          key: 'station',
          render: (_, s) => (
            <Flex vertical>
              {s.stationId ? (
                <Link to={`/cadre/stations/${s.stationId}`}>{s.stationName}</Link>
              ) : (
                s.stationName
              )}
              <SlotStateTags slot={s} />
            </Flex>
          ),
        },
        {
          title: t('slot.when'),
          key: 'when',
          render: (_, s) => (
            <Link to={`/slots/${s.id}`}>
              {formatDate(s.start)} – {formatDate(s.end)}
            </Link>
          ),
        },
        { title: t('slot.seats'), key: 'seats', render: (_, s) => <Seats slot={s} compact /> },
        {
          title: t('slot.checkIn'),
          key: 'checkin',
          width: 90,
          render: (_, s) => <Link to={`/cadre/slots/${s.id}/check-in`}>{t('slot.checkIn')}</Link>,
        },
      ]}
    />
  );
}

function StationTable({ items, loading }: { items: StationView[]; loading: boolean }) {
  const { t } = useTranslation('cadre');
  return (
    <Table<StationView>
      data-testid="board-stations"
      rowKey="id"
      size="middle"
      loading={loading}
      dataSource={items}
      pagination={false}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('stations.empty')} /> }}
      columns={[
        {
          title: t('stations.name'),
          key: 'name',
          render: (_, s) => <Link to={`/cadre/stations/${s.id}`}>{s.name}</Link>,
        },
        { title: t('stations.host'), dataIndex: 'hostOrgId' },
        {
          title: t('stations.fields'),
          key: 'fields',
          render: (_, s) => s.fields.map((f) => <Tag key={f}>{t(`common:fields.${f}`)}</Tag>),
        },
        { title: t('stations.address'), dataIndex: 'address', ellipsis: true },
      ]}
    />
  );
}
