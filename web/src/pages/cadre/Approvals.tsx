import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Empty, Flex, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { BookingView, SlotSummary, SlotView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { formatDateTime } from '../../i18n/format';
import { regionName } from '../../app/regionName';
import { useExpertNames } from './shared';

interface Row {
  booking: BookingView;
  slot: SlotView;
}

/** What a slot or tour is called in a list: the tour's title, or the station with its dates. */
export function slotLabel(slot: SlotSummary): string {
  return slot.title ?? slot.stationName ?? slot.id;
}

/**
 * Bookings waiting for the host's decision. The API has no list of pending bookings: each slot
 * that needs approval is read (GET /slots/:id: its bookings for the host side) and its pending
 * ones are shown with approve and reject.
 */
export function PendingApprovals({ slots, testId }: { slots: readonly SlotSummary[]; testId: string }) {
  const { t } = useTranslation('cadre');
  const candidates = slots.filter((s) => s.approvalRequired && s.status === 'open');
  const views = useQueries({
    queries: candidates.map((s) => ({
      queryKey: ['slots', s.id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<SlotView>(`/slots/${s.id}`, undefined, signal),
    })),
  });
  const loading = views.some((v) => v.isLoading);
  const managed = views.map((v) => v.data).filter((v): v is SlotView => !!v && v.canManage);
  const rows: Row[] = managed.flatMap((slot) =>
    slot.bookings.filter((b) => b.status === 'pending').map((booking) => ({ booking, slot })),
  );
  rows.sort(
    (a, b) =>
      Date.parse(a.booking.decideBy ?? a.booking.start) - Date.parse(b.booking.decideBy ?? b.booking.start),
  );
  const { names } = useExpertNames(rows.map((r) => r.booking));
  const [rejecting, setRejecting] = useState<Row>();
  const [form] = Form.useForm<{ reason: string }>();

  const approve = useApiMutation((row: Row) => api.post(`/bookings/${row.booking.id}/approve`), {
    invalidates: ['slots', 'board'],
    success: t('approvals.approved'),
  });
  const reject = useApiMutation(
    ({ row, reason }: { row: Row; reason: string }) =>
      api.post(`/bookings/${row.booking.id}/reject`, { reason }),
    {
      form,
      invalidates: ['slots', 'board'],
      success: t('approvals.rejected'),
      onSuccess: () => setRejecting(undefined),
    },
  );

  const readOnly = views.length > 0 && managed.length === 0 && !loading;
  return (
    <>
      {readOnly && <Alert type="info" showIcon title={t('approvals.notHost')} style={{ marginBottom: 12 }} />}
      <Table<Row>
        data-testid={testId}
        rowKey={(r) => r.booking.id}
        loading={loading}
        dataSource={rows}
        pagination={rows.length > 8 ? { pageSize: 8 } : false}
        size="middle"
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('approvals.empty')} />,
        }}
        columns={[
          {
            title: t('approvals.expert'),
            key: 'expert',
            render: (_, r) => {
              const who = names[r.booking.userId];
              return (
                <Flex vertical>
                  <Typography.Text strong>{who?.name ?? t('checkIn.unknownExpert')}</Typography.Text>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[who?.institution ?? r.booking.userId, r.booking.orgId, regionName(r.booking.region)]
                      .filter(Boolean)
                      .join(' · ')}
                  </Typography.Text>
                </Flex>
              );
            },
          },
          {
            title: t('approvals.slot'),
            key: 'slot',
            render: (_, r) => (
              <Flex vertical>
                <Link to={`/slots/${r.slot.id}`}>{slotLabel(r.slot)}</Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatDateTime(r.slot.start)} – {formatDateTime(r.slot.end)}
                </Typography.Text>
              </Flex>
            ),
          },
          {
            title: t('approvals.requestedAt'),
            key: 'createdAt',
            render: (_, r) => formatDateTime(r.booking.createdAt),
          },
          {
            title: t('approvals.decideBy'),
            key: 'decideBy',
            render: (_, r) => formatDateTime(r.booking.decideBy),
          },
          {
            title: t('actions'),
            key: 'actions',
            render: (_, r) => (
              <Space>
                <Button
                  type="primary"
                  size="small"
                  icon={<CheckOutlined />}
                  loading={approve.isPending && approve.variables?.booking.id === r.booking.id}
                  onClick={() => approve.mutate(r)}
                >
                  {t('approvals.approve')}
                </Button>
                <Button size="small" danger icon={<CloseOutlined />} onClick={() => setRejecting(r)}>
                  {t('approvals.reject')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        open={!!rejecting}
        title={t('approvals.rejectTitle', {
          name: rejecting ? (names[rejecting.booking.userId]?.name ?? '') : '',
        })}
        okText={t('approvals.reject')}
        okButtonProps={{ danger: true, loading: reject.isPending }}
        cancelText={t('common:actions.cancel')}
        onCancel={() => setRejecting(undefined)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          name="reject"
          layout="vertical"
          onFinish={(values) => rejecting && reject.mutate({ row: rejecting, reason: values.reason })}
        >
          <Form.Item
            name="reason"
            label={t('approvals.reason')}
            rules={[{ required: true, message: t('approvals.reasonRequired') }]}
          >
            <Input.TextArea rows={3} autoFocus placeholder={t('approvals.reasonPlaceholder')} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
