import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { CheckCircleOutlined, SearchOutlined, UserDeleteOutlined } from '@ant-design/icons';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { BookingView, SlotView } from '@qingshui/contracts';
import { api, isApiError } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { ErrorState } from '../../components/ErrorState';
import { useRoom } from '../../realtime/RealtimeProvider';
import { formatDate, formatDateTime } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { BookingStatusTag, useExpertNames, type ExpertName } from './shared';
import { slotLabel } from './Approvals';

/** The service opens check-in this long before a start (services/stations slot.rules CHECK_IN_OPENS_BEFORE_MS). */
const OPENS_BEFORE_MS = 2 * 3600_000;

interface Stop {
  index: number;
  label: string;
  start: string;
  end: string;
}

function stopsOf(slot: SlotView, t: TFunction<'cadre'>): Stop[] {
  if (slot.kind === 'tour' && slot.stops?.length)
    return slot.stops.map((s, index) => ({
      index,
      label: t('checkIn.stopLabel', {
        n: index + 1,
        county: regionName(s.county),
        place: s.place,
        date: formatDate(s.start),
      }),
      start: s.start,
      end: s.end,
    }));
  return [{ index: 0, label: slotLabel(slot), start: slot.start, end: slot.end }];
}

/** The stop to check in at now: the one open now, else the next one, else the last. */
function currentStop(stops: Stop[], now: number): number {
  const open = stops.find((s) => now >= Date.parse(s.start) - OPENS_BEFORE_MS && now < Date.parse(s.end));
  if (open) return open.index;
  const next = stops.find((s) => Date.parse(s.start) > now);
  return next?.index ?? stops.at(-1)?.index ?? 0;
}

interface Row {
  booking: BookingView;
  who: ExpertName | undefined;
  present: { at: string } | undefined;
}

/** Checking experts in at a slot or a tour stop: search by name, one click (or Enter) per expert. */
export default function CheckInPage() {
  const { t } = useTranslation('cadre');
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  useRoom(id ? `slot:${id}` : undefined);
  const slot = useQuery({
    queryKey: ['slots', id],
    queryFn: ({ signal }) => api.get<SlotView>(`/slots/${id}`, undefined, signal),
  });
  const [search, setSearch] = useState('');
  const [show, setShow] = useState<'expected' | 'all'>('expected');
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 30_000);
    return () => window.clearInterval(timer);
  }, []);
  const bookings = useMemo(() => slot.data?.bookings ?? [], [slot.data]);
  const { names, loading: namesLoading } = useExpertNames(bookings);

  const stops = slot.data ? stopsOf(slot.data, t) : [];
  const stopParam = params.get('stop');
  const stop =
    stopParam !== null && stops.some((s) => String(s.index) === stopParam)
      ? Number(stopParam)
      : currentStop(stops, now);
  const current = stops[stop];

  const windowError = (error: unknown) => {
    if (isApiError(error) && error.code === 'WINDOW_CLOSED' && current) {
      void message.error(
        t('checkIn.windowClosed', {
          from: formatDateTime(new Date(Date.parse(current.start) - OPENS_BEFORE_MS).toISOString()),
          to: formatDateTime(current.end),
        }),
      );
      return true;
    }
    return false;
  };
  const checkIn = useApiMutation(
    (row: Row) => api.post<BookingView>(`/bookings/${row.booking.id}/check-in`, { stop }),
    {
      invalidates: ['slots', 'bookings'],
      onError: windowError,
      onSuccess: (_, row) => {
        void message.success(t('checkIn.done', { name: row.who?.name ?? row.booking.userId }));
        setSearch('');
      },
    },
  );
  const noShow = useApiMutation((row: Row) => api.post<BookingView>(`/bookings/${row.booking.id}/no-show`), {
    invalidates: ['slots', 'bookings'],
    success: t('checkIn.noShowDone'),
  });

  if (slot.isError)
    return (
      <>
        <Typography.Title level={2}>{t('checkIn.title')}</Typography.Title>
        <ErrorState error={slot.error} onRetry={() => void slot.refetch()} />
      </>
    );
  if (!slot.data)
    return (
      <>
        <Typography.Title level={2}>{t('checkIn.title')}</Typography.Title>
        <Skeleton active />
      </>
    );

  const s = slot.data;
  const rows: Row[] = bookings
    .filter((b) => show === 'all' || b.status === 'confirmed')
    .map((booking) => {
      const at = booking.checkIns.find((c) => c.stop === stop);
      return { booking, who: names[booking.userId], present: at ? { at: at.at } : undefined };
    });
  const expected = bookings.filter((b) => b.status === 'confirmed');
  const present = expected.filter((b) => b.checkIns.some((c) => c.stop === stop)).length;
  const noShows = expected.filter((b) => b.attendance === 'no-show').length;
  const needle = search.trim().toLowerCase();
  const matches = needle
    ? rows.filter((r) =>
        [r.who?.name, r.who?.institution, r.booking.userId, r.booking.orgId]
          .filter(Boolean)
          .some((v) => String(v).toLowerCase().includes(needle)),
      )
    : rows;
  const canCheckIn = (r: Row) => r.booking.status === 'confirmed' && !r.present;
  const started = now >= Date.parse(current?.start ?? s.start);
  const opensAt = current ? Date.parse(current.start) - OPENS_BEFORE_MS : 0;
  const windowOpen = !!current && now >= opensAt && now < Date.parse(current.end);

  const onEnter = () => {
    const open = matches.filter(canCheckIn);
    if (open.length === 1 && open[0]) checkIn.mutate(open[0]);
    else if (open.length > 1) void message.info(t('checkIn.manyMatches', { count: open.length }));
    else void message.info(t('checkIn.noMatch'));
  };

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          s.stationId
            ? { title: <Link to={`/cadre/stations/${s.stationId}`}>{s.stationName}</Link> }
            : { title: <Link to="/cadre/tours">{t('tours.title')}</Link> },
          {
            title: (
              <Link to={`/slots/${s.id}`}>{s.kind === 'tour' ? slotLabel(s) : formatDate(s.start)}</Link>
            ),
          },
          { title: t('checkIn.title') },
        ]}
      />
      <Flex justify="space-between" align="start" wrap gap={8}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {t('checkIn.heading', { slot: slotLabel(s) })}
          </Typography.Title>
          <Space wrap>
            <Tag>{s.kind === 'tour' ? t('checkIn.tour') : t('checkIn.slot')}</Tag>
            <Typography.Text type="secondary">
              {formatDateTime(s.start)} – {formatDateTime(s.end)}
            </Typography.Text>
            {s.status === 'cancelled' && <Tag color="red">{t('slot.cancelled')}</Tag>}
          </Space>
        </div>
        {s.kind === 'tour' && (
          <Select
            aria-label={t('checkIn.stop')}
            data-testid="checkin-stop"
            style={{ minWidth: 360 }}
            value={stop}
            onChange={(v: number) => setParams({ stop: String(v) }, { replace: true })}
            options={stops.map((x) => ({ value: x.index, label: x.label }))}
          />
        )}
      </Flex>

      {!s.canManage && <Alert type="warning" showIcon title={t('checkIn.notHost')} />}
      {s.canManage && current && !windowOpen && (
        <Alert
          type="info"
          showIcon
          title={t('checkIn.windowInfo', {
            from: formatDateTime(new Date(opensAt).toISOString()),
            to: formatDateTime(current.end),
          })}
        />
      )}

      <Card size="small">
        <Row gutter={16} data-testid="checkin-counts">
          <Col flex="1">
            <Statistic title={t('checkIn.expected')} value={expected.length} />
          </Col>
          <Col flex="1">
            <Statistic
              title={t('checkIn.present')}
              value={present}
              suffix={`/ ${expected.length}`}
              data-testid="checkin-present"
            />
          </Col>
          <Col flex="1">
            <Statistic title={t('checkIn.missing')} value={Math.max(0, expected.length - present)} />
          </Col>
          <Col flex="1">
            <Statistic title={t('checkIn.noShows')} value={noShows} />
          </Col>
          <Col flex="1">
            <Statistic title={t('checkIn.waitlist')} value={s.waitlistLength} />
          </Col>
        </Row>
      </Card>

      <Card>
        <Flex justify="space-between" wrap gap={8} style={{ marginBottom: 12 }}>
          <Input
            autoFocus
            allowClear
            data-testid="checkin-search"
            aria-label={t('checkIn.search')}
            placeholder={t('checkIn.searchPlaceholder')}
            prefix={<SearchOutlined aria-hidden />}
            style={{ maxWidth: 420 }}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onPressEnter={onEnter}
          />
          <Segmented
            aria-label={t('checkIn.show')}
            value={show}
            onChange={(v) => setShow(v as 'expected' | 'all')}
            options={[
              { value: 'expected', label: t('checkIn.showExpected') },
              { value: 'all', label: t('checkIn.showAll', { count: bookings.length }) },
            ]}
          />
        </Flex>
        <Table<Row>
          data-testid="checkin-table"
          rowKey={(r) => r.booking.id}
          dataSource={matches}
          loading={namesLoading}
          pagination={matches.length > 20 ? { pageSize: 20 } : false}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={needle ? t('checkIn.noMatch') : t('checkIn.empty')}
              />
            ),
          }}
          onRow={(r) =>
            ({
              'data-booking': r.booking.id,
              'data-present': r.present ? 'true' : 'false',
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('checkIn.expert'),
              key: 'expert',
              render: (_, r) => (
                <Flex vertical>
                  <Typography.Text strong>{r.who?.name ?? t('checkIn.unknownExpert')}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {r.who ? [r.who.title, r.who.institution].filter(Boolean).join(' · ') : r.booking.userId}
                  </Typography.Text>
                </Flex>
              ),
            },
            {
              title: t('checkIn.region'),
              key: 'region',
              render: (_, r) => (
                <Flex vertical>
                  <span>{regionName(r.booking.region)}</span>
                  {r.booking.orgId && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {r.booking.orgId}
                    </Typography.Text>
                  )}
                </Flex>
              ),
            },
            {
              title: t('checkIn.booking'),
              key: 'status',
              render: (_, r) => <BookingStatusTag booking={r.booking} />,
            },
            {
              title: t('checkIn.attendance'),
              key: 'attendance',
              render: (_, r) =>
                r.present ? (
                  <Tag color="success" icon={<CheckCircleOutlined aria-hidden />}>
                    {t('checkIn.presentAt', { at: formatDateTime(r.present.at) })}
                  </Tag>
                ) : r.booking.attendance === 'no-show' ? (
                  <Tag color="error">{t('common:bookingStatus.no-show')}</Tag>
                ) : (
                  <Tag>{t('checkIn.notYet')}</Tag>
                ),
            },
            {
              title: t('actions'),
              key: 'actions',
              width: 240,
              render: (_, r) =>
                r.booking.status !== 'confirmed' ? null : (
                  <Space>
                    <Button
                      type="primary"
                      size="small"
                      icon={<CheckCircleOutlined aria-hidden />}
                      disabled={!canCheckIn(r) || !s.canManage}
                      loading={checkIn.isPending && checkIn.variables?.booking.id === r.booking.id}
                      onClick={() => checkIn.mutate(r)}
                      data-testid={`checkin-${r.booking.id}`}
                    >
                      {r.present ? t('checkIn.checkedIn') : t('checkIn.checkIn')}
                    </Button>
                    {!r.present && r.booking.attendance !== 'no-show' && (
                      <Popconfirm
                        title={t('checkIn.noShowConfirm', { name: r.who?.name ?? '' })}
                        okText={t('checkIn.noShow')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common:actions.cancel')}
                        onConfirm={() => noShow.mutate(r)}
                        disabled={!started || !s.canManage}
                      >
                        <Button
                          size="small"
                          danger
                          icon={<UserDeleteOutlined aria-hidden />}
                          disabled={!started || !s.canManage}
                          title={started ? undefined : t('checkIn.noShowLater')}
                        >
                          {t('checkIn.noShow')}
                        </Button>
                      </Popconfirm>
                    )}
                  </Space>
                ),
            },
          ]}
        />
      </Card>
    </Flex>
  );
}
