import { CopyOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import type { BookingView, MyBookingList } from '@qingshui/contracts';
import { api, API_BASE, errorOf } from '../../api/client';
import { describeError, useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { useAuth } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../i18n/format';
import { ACTIVE_BOOKING, BOOKING_COLOR, slotTitle } from '../common/slotText';

type MyBooking = MyBookingList['items'][number];

function CancelButton({ booking }: { booking: MyBooking }) {
  const { t } = useTranslation('expert');
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const cancel = useApiMutation(
    ({ reason }: { reason: string }) => api.post<BookingView>(`/bookings/${booking.id}/cancel`, { reason }),
    {
      form,
      invalidates: ['bookings', 'slots'],
      success: t('slot.cancelled'),
      onSuccess: () => setOpen(false),
    },
  );
  return (
    <>
      <Button size="small" danger onClick={() => setOpen(true)} data-testid={`cancel-${booking.id}`}>
        {t('bookings.cancel')}
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
        <Typography.Paragraph>
          {t('bookings.cancelText', { what: slotTitle(booking.slot), at: formatDateTime(booking.start) })}
        </Typography.Paragraph>
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

function CalendarCard() {
  const { t } = useTranslation('expert');
  const { t: tCommon } = useTranslation();
  const { message } = App.useApp();
  const auth = useAuth();
  const [downloading, setDownloading] = useState(false);
  const feed = useQuery({
    queryKey: ['bookings', 'calendar-feed'],
    queryFn: () => api.get<{ url: string; token: string }>('/me/calendar-feed'),
    staleTime: Infinity,
  });
  const copy = async () => {
    if (!feed.data) return;
    try {
      await navigator.clipboard.writeText(feed.data.url);
      void message.success(t('common:actions.copied'));
    } catch {
      void message.warning(t('bookings.copyFailed'));
    }
  };
  const download = async () => {
    setDownloading(true);
    try {
      const token = await auth.token();
      const response = await fetch(`${API_BASE}/me/calendar.ics`, {
        headers: { accept: 'text/calendar', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
      if (!response.ok) throw await errorOf(response);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'qingshui-bookings.ics';
      document.body.appendChild(a);
      a.click();
      a.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      void message.error(describeError(tCommon, error));
    } finally {
      setDownloading(false);
    }
  };
  return (
    <Card title={t('bookings.calendarTitle')} style={{ marginTop: 16 }}>
      <Typography.Paragraph type="secondary">{t('bookings.calendarText')}</Typography.Paragraph>
      {feed.isError ? (
        <ErrorState error={feed.error} onRetry={() => void feed.refetch()} />
      ) : (
        <Flex vertical gap={12}>
          <div>
            <label htmlFor="calendar-feed-url" style={{ display: 'block', marginBottom: 4 }}>
              {t('bookings.feedUrl')}
            </label>
            <Space.Compact style={{ width: '100%', maxWidth: 900 }}>
              <Input
                id="calendar-feed-url"
                readOnly
                value={feed.data?.url ?? ''}
                placeholder={feed.isPending ? t('bookings.loadingFeed') : ''}
                data-testid="calendar-feed-url"
                onFocus={(e) => e.target.select()}
              />
              <Button
                icon={<CopyOutlined />}
                aria-label={t('bookings.copyFeed')}
                onClick={() => void copy()}
                disabled={!feed.data}
                data-testid="copy-feed"
              >
                {t('common:actions.copy')}
              </Button>
            </Space.Compact>
            <Typography.Paragraph type="warning" style={{ fontSize: 12, marginTop: 4, marginBottom: 0 }}>
              {t('bookings.feedSecret')}
            </Typography.Paragraph>
          </div>
          <Button
            icon={<DownloadOutlined />}
            onClick={() => void download()}
            loading={downloading}
            style={{ alignSelf: 'flex-start' }}
            data-testid="download-ics"
          >
            {t('bookings.downloadIcs')}
          </Button>
        </Flex>
      )}
    </Card>
  );
}

export default function BookingsPage() {
  const { t } = useTranslation('expert');
  const navigate = useNavigate();
  const [tab, setTab] = useState('upcoming');
  const bookings = useQuery({
    queryKey: ['bookings', 'mine'],
    queryFn: () => api.get<MyBookingList>('/me/bookings'),
  });
  const [now] = useState(() => new Date().toISOString());
  const items = bookings.data?.items ?? [];
  const isUpcoming = (b: MyBooking) => b.end >= now && ACTIVE_BOOKING.has(b.status);
  const upcoming = items.filter(isUpcoming);
  const past = items.filter((b) => !isUpcoming(b));
  const columns = [
    {
      title: t('bookings.columns.what'),
      key: 'what',
      render: (_: unknown, b: MyBooking) => (
        <>
          <Tag color={b.slot.kind === 'tour' ? 'purple' : 'blue'}>
            {b.slot.kind === 'tour' ? t('bookings.tour') : t('bookings.slot')}
          </Tag>
          <Link to={`/slots/${b.slotId}`}>{slotTitle(b.slot)}</Link>
          {b.slot.address && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {b.slot.address}
              </Typography.Text>
            </div>
          )}
        </>
      ),
    },
    {
      title: t('bookings.columns.county'),
      key: 'county',
      width: 150,
      render: (_: unknown, b: MyBooking) => b.slot.counties.map((c) => regionName(c)).join(' → '),
    },
    {
      title: t('bookings.columns.period'),
      key: 'period',
      width: 200,
      render: (_: unknown, b: MyBooking) => (
        <span>
          {formatDateTime(b.start)}
          <br />– {formatDateTime(b.end)}
        </span>
      ),
    },
    {
      title: t('bookings.columns.status'),
      key: 'status',
      width: 150,
      render: (_: unknown, b: MyBooking) => (
        <Space orientation="vertical" size={2}>
          <Tag color={BOOKING_COLOR[b.status]} data-testid={`booking-status-${b.id}`}>
            {t(`common:bookingStatus.${b.status}`)}
          </Tag>
          {b.attendance && (
            <Tag color={b.attendance === 'present' ? 'green' : 'red'}>
              {t(`common:bookingStatus.${b.attendance === 'present' ? 'checked-in' : 'no-show'}`)}
            </Tag>
          )}
          {b.status === 'pending' && b.decideBy && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('slot.decideBy', { at: formatDateTime(b.decideBy) })}
            </Typography.Text>
          )}
          {b.reason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {b.reason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('bookings.columns.actions'),
      key: 'actions',
      width: 190,
      render: (_: unknown, b: MyBooking) =>
        ACTIVE_BOOKING.has(b.status) && b.end >= now ? (
          <Space>
            <CancelButton booking={b} />
            {b.slot.kind === 'slot' && (
              <Button size="small" onClick={() => navigate(`/slots/${b.slotId}`)}>
                {t('bookings.reschedule')}
              </Button>
            )}
          </Space>
        ) : (
          <Button size="small" type="link" onClick={() => navigate(`/slots/${b.slotId}`)}>
            {t('bookings.view')}
          </Button>
        ),
    },
  ];
  const table = (rows: MyBooking[], empty: string) => (
    <Table<MyBooking>
      rowKey="id"
      loading={bookings.isPending}
      dataSource={rows}
      columns={columns}
      pagination={{
        pageSize: 10,
        hideOnSinglePage: true,
        showTotal: (total) => t('common:list.total', { total }),
      }}
      locale={{
        emptyText: (
          <Empty description={empty}>
            <Button type="primary" onClick={() => navigate('/expert/slots')}>
              {t('bookings.findSlots')}
            </Button>
          </Empty>
        ),
      }}
    />
  );
  return (
    <>
      <Typography.Title level={2}>{t('bookings.pageTitle')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('bookings.lead')}</Typography.Paragraph>
      <Card>
        {bookings.isError ? (
          <ErrorState error={bookings.error} onRetry={() => void bookings.refetch()} />
        ) : (
          <Tabs
            activeKey={tab}
            onChange={setTab}
            items={[
              {
                key: 'upcoming',
                label: t('bookings.upcoming', { n: upcoming.length }),
                children: table(upcoming, t('bookings.emptyUpcoming')),
              },
              {
                key: 'past',
                label: t('bookings.past', { n: past.length }),
                children: table(past, t('bookings.emptyPast')),
              },
            ]}
          />
        )}
      </Card>
      <CalendarCard />
    </>
  );
}
