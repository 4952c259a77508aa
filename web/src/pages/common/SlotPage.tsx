import {
  CalendarOutlined,
  ClockCircleOutlined,
  EnvironmentOutlined,
  ScheduleOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Steps,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { BookingView, BookResult, SlotList, SlotSummary, SlotView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { useAuth, usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { countdown, formatDateTime } from '../../i18n/format';
import { useRealtime, useRoom } from '../../realtime/RealtimeProvider';
import { ACTIVE_BOOKING, BOOKING_COLOR, seatsLeft, slotTitle } from './slotText';
import { useNow } from './useNow';

/** 15 分钟 / 24 小时 / 2 天: a duration in the unit that reads best. */
function useDuration() {
  const { t } = useTranslation('expert');
  return (seconds: number) => {
    if (seconds < 3600) return t('slot.minutes', { n: Math.max(1, Math.round(seconds / 60)) });
    if (seconds < 2 * 86400 || seconds % 86400 !== 0)
      return t('slot.hours', { n: Math.round((seconds / 3600) * 10) / 10 });
    return t('slot.days', { n: seconds / 86400 });
  };
}

/** The waiting-line place to show: the server's push when it is newer than the slot read, else the read. */
function useWaitlistPosition(slotId: string, view: SlotView | undefined, viewAt: number): number | undefined {
  const { positions } = useRealtime();
  const pushed = positions[slotId];
  const [seen, setSeen] = useState({ pushed, viewAt, usePush: false });
  if (seen.pushed !== pushed) setSeen({ pushed, viewAt, usePush: pushed !== undefined });
  else if (seen.viewAt !== viewAt) setSeen({ pushed, viewAt, usePush: false });
  if (seen.usePush && view?.myWaitlistPosition !== undefined) return pushed;
  return view?.myWaitlistPosition;
}

function OfferCard({ slot }: { slot: SlotView }) {
  const { t } = useTranslation('expert');
  const queryClient = useQueryClient();
  const offer = slot.myOffer!;
  const now = useNow(1000, true);
  const expired = new Date(offer.expiresAt).getTime() <= now;
  const refresh = () =>
    Promise.all(['slots', 'bookings'].map((g) => queryClient.invalidateQueries({ queryKey: [g] })));
  const accept = useApiMutation(() => api.post<BookingView>(`/slots/${slot.id}/offer/accept`), {
    success: t('slot.offerAccepted'),
    onSuccess: refresh,
  });
  const decline = useApiMutation(() => api.post<SlotSummary>(`/slots/${slot.id}/offer/decline`), {
    success: t('slot.offerDeclined'),
    onSuccess: refresh,
  });
  return (
    <Alert
      type={expired ? 'error' : 'success'}
      showIcon
      icon={<ClockCircleOutlined />}
      data-testid="offer"
      title={<strong>{t('slot.offerTitle')}</strong>}
      description={
        <Flex vertical gap={8}>
          <span>{t('slot.offerText', { at: formatDateTime(offer.expiresAt) })}</span>
          <span aria-live="polite">
            {t('slot.offerLeft')}
            <Typography.Text
              strong
              data-testid="offer-countdown"
              style={{ fontSize: 22, fontVariantNumeric: 'tabular-nums', marginInlineStart: 8 }}
            >
              {countdown(offer.expiresAt, now)}
            </Typography.Text>
            {expired && <Tag style={{ marginInlineStart: 8 }}>{t('slot.offerExpired')}</Tag>}
          </span>
          <Space>
            <Button
              type="primary"
              data-testid="offer-accept"
              loading={accept.isPending}
              disabled={expired || decline.isPending}
              onClick={() => accept.mutate()}
            >
              {t('slot.offerAccept')}
            </Button>
            <Popconfirm
              title={t('slot.offerDeclineConfirm')}
              onConfirm={() => decline.mutate()}
              okButtonProps={{ danger: true }}
            >
              <Button data-testid="offer-decline" loading={decline.isPending} disabled={accept.isPending}>
                {t('slot.offerDecline')}
              </Button>
            </Popconfirm>
          </Space>
        </Flex>
      }
    />
  );
}

function CancelBooking({ booking }: { booking: BookingView }) {
  const { t } = useTranslation('expert');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useApiMutation(
    ({ reason }: { reason: string }) => api.post<BookingView>(`/bookings/${booking.id}/cancel`, { reason }),
    {
      form,
      invalidates: ['slots', 'bookings'],
      success: t('slot.cancelled'),
      onSuccess: () => setOpen(false),
    },
  );
  return (
    <>
      <Button danger data-testid="cancel-booking" onClick={() => setOpen(true)}>
        {t('slot.cancelBooking')}
      </Button>
      <Modal
        open={open}
        title={t('slot.cancelTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={cancel.isPending}
        okButtonProps={{ danger: true }}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('slot.cancelText')}</Typography.Paragraph>
        <Form
          form={form}
          name="cancelBooking"
          layout="vertical"
          initialValues={{ reason: t('slot.cancelReasonDefault') }}
          onFinish={(values) => cancel.mutate(values)}
        >
          <Form.Item
            name="reason"
            label={t('slot.cancelReason')}
            rules={[{ required: true, message: t('slot.reasonRequired') }]}
          >
            <Input.TextArea rows={3} maxLength={1000} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function RescheduleBooking({ booking, slot }: { booking: BookingView; slot: SlotView }) {
  const { t } = useTranslation('expert');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ slotId: string }>();
  const others = useQuery({
    queryKey: ['stations', slot.stationId, 'slots'],
    queryFn: () => api.get<SlotList>(`/stations/${slot.stationId}/slots`),
    enabled: open && Boolean(slot.stationId),
  });
  const move = useApiMutation(
    ({ slotId }: { slotId: string }) =>
      api.post<BookingView>(`/bookings/${booking.id}/reschedule`, { slotId }),
    {
      form,
      invalidates: ['slots', 'bookings'],
      success: t('slot.rescheduled'),
      onSuccess: (reply) => {
        setOpen(false);
        navigate(`/slots/${reply.slotId}`);
      },
    },
  );
  const now = new Date().toISOString();
  const options = (others.data?.items ?? [])
    .filter((s) => s.id !== slot.id && s.status === 'open' && s.start > now && s.closesAt > now)
    .map((s) => ({
      value: s.id,
      label: t('slot.rescheduleOption', {
        start: formatDateTime(s.start),
        end: formatDateTime(s.end),
        left: seatsLeft(s),
      }),
      disabled: seatsLeft(s) === 0,
    }));
  return (
    <>
      <Button data-testid="reschedule" onClick={() => setOpen(true)} icon={<ScheduleOutlined />}>
        {t('slot.reschedule')}
      </Button>
      <Modal
        open={open}
        title={t('slot.rescheduleTitle')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={move.isPending}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('slot.rescheduleText')}</Typography.Paragraph>
        <Form form={form} name="reschedule" layout="vertical" onFinish={(values) => move.mutate(values)}>
          <Form.Item
            name="slotId"
            label={t('slot.rescheduleTo')}
            rules={[{ required: true, message: t('slot.rescheduleRequired') }]}
          >
            <Select
              options={options}
              loading={others.isPending}
              placeholder={t('slot.reschedulePlaceholder')}
              notFoundContent={
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('slot.noOtherSlots')} />
              }
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function ExpertActions({ slot, position }: { slot: SlotView; position: number | undefined }) {
  const { t } = useTranslation('expert');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const principal = usePrincipal();
  const mine = slot.bookings.filter((b) => b.userId === principal.userId);
  const active = mine.find((b) => ACTIVE_BOOKING.has(b.status));
  const left = seatsLeft(slot);
  const path = slot.kind === 'tour' ? `/tours/${slot.id}/registrations` : `/slots/${slot.id}/bookings`;
  const book = useApiMutation(() => api.post<BookResult>(path), {
    onSuccess: async (reply) => {
      if (reply.outcome === 'waitlisted')
        void message.info(t('slot.waitlisted', { n: reply.waitlistPosition ?? '?' }));
      else if (reply.outcome === 'pending') void message.success(t('slot.pendingToast'));
      else void message.success(t('slot.bookedToast'));
      // The reply first (it is at least as new as what is on screen), then a fresh read.
      queryClient.setQueryData<SlotView>(['slots', slot.id], (current) =>
        current
          ? {
              ...current,
              ...reply.slot,
              bookings: reply.booking
                ? [...current.bookings.filter((b) => b.id !== reply.booking!.id), reply.booking]
                : current.bookings,
              ...(reply.waitlistPosition !== undefined ? { myWaitlistPosition: reply.waitlistPosition } : {}),
            }
          : current,
      );
      await Promise.all(['slots', 'bookings'].map((g) => queryClient.invalidateQueries({ queryKey: [g] })));
    },
  });
  const leave = useApiMutation(() => api.delete<SlotSummary>(`/slots/${slot.id}/waitlist`), {
    invalidates: ['slots', 'bookings'],
    success: t('slot.leftWaitlist'),
  });
  const cancelled = slot.status === 'cancelled';
  const duration = useDuration();

  let main;
  if (cancelled)
    main = (
      <Alert type="error" showIcon title={t('slot.slotCancelled', { reason: slot.cancelReason ?? '' })} />
    );
  else if (slot.myOffer) main = <OfferCard slot={slot} />;
  else if (active)
    main = (
      <Flex vertical gap={12} data-testid="my-booking">
        <Space wrap>
          <Typography.Text>{t('slot.myBooking')}</Typography.Text>
          <Tag color={BOOKING_COLOR[active.status]} data-testid="booking-status">
            {t(`common:bookingStatus.${active.status}`)}
          </Tag>
          {active.attendance && (
            <Tag>
              {t(`common:bookingStatus.${active.attendance === 'present' ? 'checked-in' : 'no-show'}`)}
            </Tag>
          )}
        </Space>
        {active.status === 'pending' && active.decideBy && (
          <Typography.Text type="secondary">
            {t('slot.decideBy', { at: formatDateTime(active.decideBy) })}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">
          {t('slot.bookedAt', { at: formatDateTime(active.createdAt) })}
        </Typography.Text>
        <Space wrap>
          <CancelBooking booking={active} />
          {slot.kind === 'slot' && slot.stationId && <RescheduleBooking booking={active} slot={slot} />}
        </Space>
      </Flex>
    );
  else if (position !== undefined)
    main = (
      <Flex vertical gap={12}>
        <Statistic
          title={t('slot.myPosition')}
          value={position}
          valueRender={() => (
            <span>
              {t('slot.positionPrefix')}
              <span data-testid="waitlist-position" style={{ margin: '0 4px' }}>
                {position}
              </span>
              {t('slot.positionSuffix')}
            </span>
          )}
        />
        <Typography.Text type="secondary">
          {t('slot.waitlistHint', { duration: duration(slot.offerTtlSeconds) })}
        </Typography.Text>
        <Popconfirm title={t('slot.leaveConfirm')} onConfirm={() => leave.mutate()}>
          <Button data-testid="leave-waitlist" loading={leave.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('slot.leaveWaitlist')}
          </Button>
        </Popconfirm>
      </Flex>
    );
  else if (left === 0)
    main = (
      <Flex vertical gap={12}>
        <Alert
          type="warning"
          showIcon
          title={t('slot.full')}
          description={t('slot.fullText', { n: slot.waitlistLength })}
        />
        <Button
          type="primary"
          data-testid="join-waitlist"
          loading={book.isPending}
          onClick={() => book.mutate()}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('slot.joinWaitlist')}
        </Button>
      </Flex>
    );
  else
    main = (
      <Flex vertical gap={12}>
        <Typography.Text>
          {slot.approvalRequired ? t('slot.bookHintApproval') : t('slot.bookHint')}
        </Typography.Text>
        <Button
          type="primary"
          size="large"
          data-testid="book"
          loading={book.isPending}
          onClick={() => book.mutate()}
          style={{ alignSelf: 'flex-start' }}
          icon={<CalendarOutlined />}
        >
          {slot.kind === 'tour' ? t('slot.register') : t('slot.book')}
        </Button>
      </Flex>
    );
  const past = mine.filter((b) => !ACTIVE_BOOKING.has(b.status));
  return (
    <Card title={t('slot.actionsTitle')}>
      {main}
      {past.length > 0 && (
        <section style={{ marginTop: 16 }} aria-label={t('slot.history')}>
          <Typography.Text type="secondary">{t('slot.history')}</Typography.Text>
          <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0 }}>
            {past.map((b) => (
              <li key={b.id} style={{ padding: '6px 0', borderTop: '1px solid #f0f0f0' }}>
                <Space wrap>
                  <Tag color={BOOKING_COLOR[b.status]}>{t(`common:bookingStatus.${b.status}`)}</Tag>
                  <Typography.Text type="secondary">{formatDateTime(b.updatedAt)}</Typography.Text>
                  {b.reason && <Typography.Text type="secondary">{b.reason}</Typography.Text>}
                  {b.movedTo && <Link to="/expert/bookings">{t('slot.movedTo')}</Link>}
                </Space>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Card>
  );
}

export default function SlotPage() {
  const { t } = useTranslation('expert');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const auth = useAuth();
  const isExpert = auth.hasRole('expert');
  useRoom(id ? `slot:${id}` : undefined);
  const query = useQuery({
    queryKey: ['slots', id],
    queryFn: () => api.get<SlotView>(`/slots/${id}`),
    enabled: Boolean(id),
  });
  const position = useWaitlistPosition(id, query.data, query.dataUpdatedAt);
  const duration = useDuration();

  if (query.isError)
    return (
      <>
        <Typography.Title level={2}>{t('slot.pageTitle')}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  if (!query.data)
    return (
      <>
        <Typography.Title level={2}>{t('slot.pageTitle')}</Typography.Title>
        <Skeleton active paragraph={{ rows: 10 }} />
      </>
    );
  const slot = query.data;
  const left = seatsLeft(slot);
  const isTour = slot.kind === 'tour';
  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Text type="secondary">
            {isTour ? t('slot.kindTour') : t('slot.kindSlot')}
          </Typography.Text>
          <Typography.Title level={2} style={{ marginTop: 4 }}>
            {slotTitle(slot)}
          </Typography.Title>
          <Space wrap size={[8, 8]}>
            {slot.status === 'cancelled' ? (
              <Tag>{t('slots.status.cancelled')}</Tag>
            ) : left === 0 ? (
              <Tag color="orange">{t('slots.status.full')}</Tag>
            ) : (
              <Tag color="green">{t('slots.status.open')}</Tag>
            )}
            {slot.approvalRequired && <Tag color="gold">{t('slots.approval')}</Tag>}
            {(slot.fields ?? []).map((f) => (
              <Tag key={f} color="blue">
                {t(`common:fields.${f}`)}
              </Tag>
            ))}
            <Typography.Text type="secondary">
              <EnvironmentOutlined aria-hidden /> {slot.counties.map((c) => regionName(c)).join(' · ')}
            </Typography.Text>
            <Typography.Text type="secondary">
              <CalendarOutlined aria-hidden /> {formatDateTime(slot.start)} – {formatDateTime(slot.end)}
            </Typography.Text>
          </Space>
        </div>
        <Space>
          <Button onClick={() => navigate(-1)}>{t('common:actions.back')}</Button>
          {slot.canManage && (
            <Button
              type="primary"
              onClick={() => navigate(`/cadre/slots/${slot.id}/check-in`)}
              data-testid="check-in-link"
            >
              {t('slot.checkIn')}
            </Button>
          )}
        </Space>
      </Flex>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card>
            <Row gutter={16}>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('slot.seatsLeft')}
                  value={left}
                  valueRender={() => (
                    <span data-testid="seats-left" style={{ color: left === 0 ? '#cf1322' : '#389e0d' }}>
                      {left}
                    </span>
                  )}
                />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('slot.capacity')} value={slot.capacity} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic title={t('slot.seatsTaken')} value={slot.seatsTaken} />
              </Col>
              <Col xs={12} md={6}>
                <Statistic
                  title={t('slot.waitlistLength')}
                  value={slot.waitlistLength}
                  prefix={<TeamOutlined aria-hidden />}
                />
                {slot.offersOpen > 0 && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('slot.offersOpen', { n: slot.offersOpen })}
                  </Typography.Text>
                )}
              </Col>
            </Row>
          </Card>
          <Card title={t('slot.detailsTitle')} style={{ marginTop: 16 }}>
            {isTour && slot.description && (
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
                {slot.description}
              </Typography.Paragraph>
            )}
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                ...(slot.stationName
                  ? [
                      {
                        key: 'station',
                        label: t('slot.station'),
                        children: slot.stationName,
                      },
                    ]
                  : []),
                ...(slot.address
                  ? [{ key: 'address', label: t('slot.address'), children: slot.address }]
                  : []),
                { key: 'county', label: t('slot.county'), children: regionName(slot.county) },
                {
                  key: 'paired',
                  label: t('slot.paired'),
                  children: slot.pairedDistricts.map((d) => regionName(d)).join('、'),
                },
                { key: 'start', label: t('slot.start'), children: formatDateTime(slot.start) },
                { key: 'end', label: t('slot.end'), children: formatDateTime(slot.end) },
                {
                  key: 'window',
                  label: t('slot.window'),
                  children: t('slot.windowText', {
                    from: formatDateTime(slot.opensAt),
                    to: formatDateTime(slot.closesAt),
                  }),
                  span: 'filled' as const,
                },
                {
                  key: 'approval',
                  label: t('slot.approvalLabel'),
                  children: slot.approvalRequired ? t('slot.approvalYes') : t('slot.approvalNo'),
                },
                {
                  key: 'offerTtl',
                  label: t('slot.offerTtl'),
                  children: duration(slot.offerTtlSeconds),
                },
                ...(slot.maxPerOrg !== undefined
                  ? [
                      {
                        key: 'org',
                        label: t('slot.maxPerOrg'),
                        children: t('slot.seatsN', { n: slot.maxPerOrg }),
                      },
                    ]
                  : []),
                ...(slot.maxPerRegion !== undefined
                  ? [
                      {
                        key: 'region',
                        label: t('slot.maxPerRegion'),
                        children: t('slot.seatsN', { n: slot.maxPerRegion }),
                      },
                    ]
                  : []),
                ...(slot.eligibility
                  ? [
                      {
                        key: 'eligibility',
                        label: t('slot.eligibility'),
                        span: 'filled' as const,
                        children: (
                          <Space wrap>
                            {slot.eligibility.verifiedOnly && (
                              <Tag color="purple">{t('slots.verifiedOnly')}</Tag>
                            )}
                            {slot.eligibility.fields.length === 0 ? (
                              <span>{t('slot.anyField')}</span>
                            ) : (
                              slot.eligibility.fields.map((f) => <Tag key={f}>{t(`common:fields.${f}`)}</Tag>)
                            )}
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
          {isTour && slot.stops && slot.stops.length > 0 && (
            <Card title={t('slot.itinerary')} style={{ marginTop: 16 }}>
              <Steps
                orientation="vertical"
                current={-1}
                items={slot.stops.map((stop, i) => ({
                  key: `${stop.county}-${i}`,
                  title: `${t('slot.stopN', { n: i + 1 })} · ${regionName(stop.county)}`,
                  content: (
                    <span>
                      {stop.place}
                      <br />
                      {formatDateTime(stop.start)} – {formatDateTime(stop.end)}
                    </span>
                  ),
                }))}
              />
            </Card>
          )}
        </Col>
        <Col xs={24} xl={8}>
          {isExpert ? (
            <ExpertActions slot={slot} position={position} />
          ) : (
            <Card title={t('slot.hostTitle')}>
              <Typography.Paragraph>
                {slot.canManage ? t('slot.hostText', { n: slot.bookings.length }) : t('slot.viewerText')}
              </Typography.Paragraph>
              {slot.canManage && <Link to={`/cadre/slots/${slot.id}/check-in`}>{t('slot.checkIn')}</Link>}
            </Card>
          )}
        </Col>
      </Row>
    </>
  );
}
