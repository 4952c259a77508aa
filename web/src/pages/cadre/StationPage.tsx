import { useQuery } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { CalendarOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { SlotList, SlotSummary, StationView } from '@qingshui/contracts';
import { api, API_BASE } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { useRoom } from '../../realtime/RealtimeProvider';
import { formatDate, formatDateTime } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { Seats, SlotStateTags } from './shared';
import { CancelSlotModal, CreateSlotDrawer } from './SlotForms';
import { PendingApprovals } from './Approvals';

/** One workstation: what it is, its slots with live seats, adding and calling off slots. */
export default function StationPage() {
  const { t } = useTranslation('cadre');
  const { id = '' } = useParams();
  useRoom(id ? `station:${id}` : undefined);
  const station = useQuery({
    queryKey: ['stations', id],
    queryFn: ({ signal }) => api.get<StationView>(`/stations/${id}`, undefined, signal),
  });
  const slots = useQuery({
    queryKey: ['slots', 'station', id],
    queryFn: ({ signal }) => api.get<SlotList>(`/stations/${id}/slots`, undefined, signal),
  });
  const [creating, setCreating] = useState(false);
  const [cancelling, setCancelling] = useState<SlotSummary>();
  const [now] = useState(() => Date.now());

  if (station.isError)
    return (
      <>
        <Typography.Title level={2}>{t('station.title')}</Typography.Title>
        <ErrorState error={station.error} onRetry={() => void station.refetch()} />
      </>
    );
  if (!station.data)
    return (
      <>
        <Typography.Title level={2}>{t('station.title')}</Typography.Title>
        <Skeleton active />
      </>
    );

  const s = station.data;
  const feed = `${window.location.origin}${API_BASE}/calendars/stations/${encodeURIComponent(s.id)}/schedule.ics`;
  const items = slots.data?.items ?? [];
  const upcoming = items.filter((x) => x.status === 'open' && Date.parse(x.end) > now);

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[{ title: <Link to="/cadre/stations">{t('stations.title')}</Link> }, { title: s.name }]}
      />
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {s.name}
          </Typography.Title>
          <Space wrap>
            <Tag>{regionName(s.county)}</Tag>
            <Typography.Text type="secondary">
              {t('stations.pairedWith', { district: regionName(s.pairedDistrict) })}
            </Typography.Text>
            {s.canManage ? (
              <Tag color="blue">{t('stations.canManage')}</Tag>
            ) : (
              <Tag>{t('stations.readOnly')}</Tag>
            )}
          </Space>
        </div>
        <Tooltip title={s.canManage ? undefined : t('station.notHost')}>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            disabled={!s.canManage}
            data-testid="slot-create"
          >
            {t('slots.create')}
          </Button>
        </Tooltip>
      </Flex>

      <Card>
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          items={[
            { key: 'host', label: t('stations.host'), children: s.hostOrgId },
            {
              key: 'fields',
              label: t('stations.fields'),
              children: (
                <Flex wrap gap={4}>
                  {s.fields.map((f) => (
                    <Tag key={f}>{t(`common:fields.${f}`)}</Tag>
                  ))}
                </Flex>
              ),
            },
            { key: 'createdAt', label: t('stations.createdAt'), children: formatDate(s.createdAt) },
            { key: 'address', label: t('stations.address'), children: s.address, span: 2 },
            {
              key: 'cadres',
              label: t('station.cadres'),
              children: t('station.cadresCount', { count: s.cadreUserIds.length }),
            },
            {
              key: 'feed',
              label: (
                <Space size={4}>
                  <CalendarOutlined aria-hidden />
                  {t('station.feed')}
                </Space>
              ),
              span: 3,
              children: (
                <Flex vertical gap={2}>
                  <Typography.Text
                    copyable={{
                      text: feed,
                      tooltips: [t('common:actions.copy'), t('common:actions.copied')],
                    }}
                    code
                    data-testid="station-feed"
                  >
                    {feed}
                  </Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('station.feedHint')}
                  </Typography.Text>
                </Flex>
              ),
            },
          ]}
        />
      </Card>

      <Card
        title={
          <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
            {t('station.slots', { count: upcoming.length })}
          </Typography.Title>
        }
      >
        {slots.isError ? (
          <ErrorState error={slots.error} onRetry={() => void slots.refetch()} />
        ) : (
          <Table<SlotSummary>
            data-testid="station-slots"
            rowKey="id"
            loading={slots.isLoading}
            dataSource={items}
            pagination={items.length > 10 ? { pageSize: 10 } : false}
            locale={{
              emptyText: (
                <Empty description={t('station.noSlots')}>
                  {s.canManage && !slots.isLoading && (
                    <Button type="primary" onClick={() => setCreating(true)}>
                      {t('slots.create')}
                    </Button>
                  )}
                </Empty>
              ),
            }}
            columns={[
              {
                title: t('slot.when'),
                key: 'when',
                render: (_, x) => (
                  <Flex vertical>
                    <Link to={`/slots/${x.id}`}>
                      {formatDateTime(x.start)} – {formatDateTime(x.end)}
                    </Link>
                    <SlotStateTags slot={x} />
                  </Flex>
                ),
              },
              { title: t('slot.seats'), key: 'seats', render: (_, x) => <Seats slot={x} /> },
              {
                title: t('slot.caps'),
                key: 'caps',
                render: (_, x) =>
                  x.maxPerOrg || x.maxPerRegion ? (
                    <Flex vertical>
                      {x.maxPerOrg && <span>{t('slot.maxPerOrg', { n: x.maxPerOrg })}</span>}
                      {x.maxPerRegion && <span>{t('slot.maxPerRegion', { n: x.maxPerRegion })}</span>}
                    </Flex>
                  ) : (
                    <Typography.Text type="secondary">{t('slot.noCaps')}</Typography.Text>
                  ),
              },
              {
                title: t('slot.window'),
                key: 'window',
                render: (_, x) => (
                  <Typography.Text style={{ fontSize: 13 }}>
                    {formatDateTime(x.opensAt)} – {formatDateTime(x.closesAt)}
                  </Typography.Text>
                ),
              },
              {
                title: t('actions'),
                key: 'actions',
                width: 200,
                render: (_, x) => (
                  <Space>
                    <Link to={`/cadre/slots/${x.id}/check-in`}>{t('slot.checkIn')}</Link>
                    {s.canManage && x.status === 'open' && (
                      <Button size="small" danger icon={<StopOutlined />} onClick={() => setCancelling(x)}>
                        {t('slots.cancel')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        )}
      </Card>

      {s.canManage && (
        <Card
          title={
            <Typography.Title level={3} style={{ margin: 0, fontSize: 16 }}>
              {t('approvals.title')}
            </Typography.Title>
          }
        >
          <PendingApprovals slots={items} testId="station-approvals" />
        </Card>
      )}

      <CreateSlotDrawer stationId={s.id} open={creating} onClose={() => setCreating(false)} />
      <CancelSlotModal slot={cancelling} onClose={() => setCancelling(undefined)} />
    </Flex>
  );
}
