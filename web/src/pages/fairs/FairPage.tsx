import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Breadcrumb,
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
  Skeleton,
  Space,
  Steps,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { BoothType, FairDay, FairStatus, FairStep, FairView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { useApiMutation } from '../../api/useApiMutation';
import { usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { PresenceAvatars } from '../../components/PresenceAvatars';
import { useStaleVersionHandler } from '../../components/StaleVersion';
import { formatDateTime, formatNumber, formatYuan } from '../../i18n/format';
import { useRoom } from '../../realtime/RealtimeProvider';
import { useEditingMark } from '../../realtime/usePresence';
import { dayRange, FAIR_FLOW, FairStatusTag, formatDay, pairLabel, useOrganiserText } from './fairUi';
import { FairExhibitorsPanel } from './exhibitors/FairExhibitorsPanel';
import { FairRegistrationsPanel } from './registrations/FairRegistrationsPanel';
import { FairCheckinPanel } from './checkin/FairCheckinPanel';

type Move = { step: FairStep; etag?: string } | { step: 'cancel'; reason: string; etag?: string };

function LifecycleSteps({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs');
  const cancelled = fair.status === 'cancelled';
  // Where a cancelled fair stopped: the status it was cancelled from.
  const stoppedAt = cancelled
    ? (fair.history.findLast((h) => h.to === 'cancelled')?.from ?? 'draft')
    : fair.status;
  const current = Math.max(0, FAIR_FLOW.indexOf(stoppedAt));
  const reachedAt = (status: FairStatus) => fair.history.findLast((h) => h.to === status)?.at;
  return (
    <Steps
      size="small"
      current={current}
      status={cancelled ? 'error' : fair.status === 'closed' ? 'finish' : 'process'}
      items={FAIR_FLOW.map((status, i) => {
        const at = i <= current ? reachedAt(status) : undefined;
        return {
          title: t(`status.${status}`),
          content: at ? formatDateTime(at) : undefined,
        };
      })}
    />
  );
}

function History({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs');
  const principal = usePrincipal();
  const who = (by: string) => (by === principal.userId ? t('view.byYou') : t('view.byUser', { user: by }));
  return (
    <Timeline
      items={[...fair.history].reverse().map((entry, i) => ({
        key: `${entry.at}-${i}`,
        color: entry.to === 'cancelled' ? 'red' : entry.to === 'closed' ? 'green' : 'blue',
        content: (
          <Flex vertical gap={2}>
            <Typography.Text strong>
              {entry.from
                ? t('view.historyMove', { from: t(`status.${entry.from}`), to: t(`status.${entry.to}`) })
                : t('view.historyCreated')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(entry.at)}
              {entry.by ? ` · ${who(entry.by)}` : ''}
            </Typography.Text>
            {entry.reason && (
              <Typography.Text>{t('view.historyReason', { reason: entry.reason })}</Typography.Text>
            )}
          </Flex>
        ),
      }))}
    />
  );
}

function DaysTable({ days }: { days: FairDay[] }) {
  const { t } = useTranslation('fairs');
  return (
    <Table<FairDay>
      rowKey="date"
      size="small"
      pagination={false}
      dataSource={days}
      data-testid="fair-days"
      columns={[
        { title: t('view.colDate'), dataIndex: 'date', render: (date: string) => formatDay(date) },
        {
          title: t('view.colHours'),
          key: 'hours',
          render: (_: unknown, day) => t('view.hours', { opensAt: day.opensAt, closesAt: day.closesAt }),
        },
      ]}
    />
  );
}

function BoothTable({ fair }: { fair: FairView }) {
  const { t } = useTranslation('fairs');
  const zoneName = (zoneId?: string) =>
    zoneId ? (fair.zones.find((zone) => zone.id === zoneId)?.name ?? zoneId) : t('view.noZone');
  const area = (booth: BoothType) => booth.sizeM2 * booth.count;
  const totalArea = fair.boothTypes.reduce((sum, booth) => sum + area(booth), 0);
  return (
    <Table<BoothType>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={fair.boothTypes}
      data-testid="fair-booths"
      scroll={{ x: 640 }}
      columns={[
        {
          title: t('view.colBoothType'),
          dataIndex: 'name',
          render: (name: string, booth) => (
            <Flex vertical gap={2}>
              <span>{name}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {booth.id}
              </Typography.Text>
            </Flex>
          ),
        },
        { title: t('view.colZone'), dataIndex: 'zoneId', render: (zoneId?: string) => zoneName(zoneId) },
        {
          title: t('view.colSize'),
          dataIndex: 'sizeM2',
          align: 'right',
          render: (size: number) => t('view.area', { area: formatNumber(size) }),
        },
        {
          title: t('view.colPrice'),
          dataIndex: 'priceYuan',
          align: 'right',
          render: (price: number) =>
            price === 0 ? <Tag color="green">{t('view.free')}</Tag> : formatYuan(price),
        },
        {
          title: t('view.colCount'),
          dataIndex: 'count',
          align: 'right',
          render: (count: number) => formatNumber(count),
        },
        {
          title: t('view.colTotalArea'),
          key: 'total',
          align: 'right',
          render: (_: unknown, booth) => t('view.area', { area: formatNumber(area(booth)) }),
        },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={4}>
            <Typography.Text strong>{t('view.total')}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={4} align="right">
            <Typography.Text strong>{formatNumber(fair.boothCount)}</Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={5} align="right">
            <Typography.Text strong>{t('view.area', { area: formatNumber(totalArea) })}</Typography.Text>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

export default function FairPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('fairs');
  const principal = usePrincipal();
  const organiserText = useOrganiserText();
  const stale = useStaleVersionHandler();
  const { message } = App.useApp();
  useRoom(id ? `fair:${id}` : undefined);
  const query = useQuery({
    queryKey: ['fairs', id],
    queryFn: ({ signal }) => api.getVersioned<FairView>(`/fairs/${id}`, signal),
    enabled: Boolean(id),
  });
  const [cancelOpen, setCancelOpen] = useState(false);
  // The cancel dialog changes the fair: the others on it see who is editing.
  useEditingMark(id ? `fair:${id}` : undefined, cancelOpen);
  const [cancelForm] = Form.useForm<{ reason: string }>();
  const etag = useRef<string | undefined>(undefined);
  useEffect(() => {
    etag.current = query.data?.etag;
  }, [query.data]);

  const move = useApiMutation(
    (vars: Move) => {
      const ifMatch = vars.etag ?? etag.current;
      const body = vars.step === 'cancel' ? { reason: vars.reason } : {};
      return api.post<FairView>(`/fairs/${id}/${vars.step}`, body, ifMatch ? { ifMatch } : {});
    },
    {
      form: cancelForm,
      invalidates: ['fairs'],
      onSuccess: (_fair, vars) => {
        void message.success(t(`view.done.${vars.step}`));
        if (vars.step === 'cancel') {
          setCancelOpen(false);
          cancelForm.resetFields();
        }
      },
      onError: (error, vars) =>
        stale(error, async () => {
          const fresh = await query.refetch();
          move.mutate({ ...vars, ...(fresh.data?.etag ? { etag: fresh.data.etag } : {}) });
        }),
    },
  );

  const fair = query.data?.data;
  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/fairs">{t('list.title')}</Link> },
        { title: fair?.title ?? t('view.loading') },
      ]}
    />
  );
  if (query.isError)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Typography.Title level={2}>{t('view.title')}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Flex>
    );
  if (!fair)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Typography.Title level={2}>{t('view.title')}</Typography.Title>
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </Flex>
    );

  // What this user may do now, as the API says (the rules live in the contracts, not here).
  const next = fair.nextStep;
  const editable = fair.editable.length > 0;
  const cancellable = fair.canCancel;
  const pending = move.isPending ? move.variables?.step : undefined;
  const cancelledEntry = fair.history.findLast((h) => h.to === 'cancelled');
  const cancelReason = fair.cancelReason ?? cancelledEntry?.reason;

  return (
    <Flex vertical gap={16}>
      {crumbs}
      <Flex justify="space-between" align="start" wrap gap={12}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Space align="center" wrap>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {fair.title}
            </Typography.Title>
            <FairStatusTag status={fair.status} />
            <PresenceAvatars room={`fair:${fair.id}`} />
          </Space>
          <div>
            <Typography.Text type="secondary">
              {t('view.subtitle', { venue: fair.venue.name, dates: dayRange(fair.days) })}
            </Typography.Text>
          </div>
        </div>
        {(fair.canManage ||
          (principal.roles.includes('cadre') && fair.regions.includes(principal.region ?? ''))) && (
          <Link to={`/fairs/${fair.id}/report`} data-testid="fair-report-link">
            {t('report.link')}
          </Link>
        )}
        {fair.canManage && (
          <Space wrap data-testid="fair-actions">
            {editable && (
              <Link to={`/fairs/${fair.id}/edit`} data-testid="fair-edit">
                <Space size={4}>
                  <EditOutlined aria-hidden />
                  {t('view.edit')}
                </Space>
              </Link>
            )}
            {next && (
              <Popconfirm
                title={t(`view.confirm.${next}`)}
                description={t(`view.confirmWhat.${next}`)}
                onConfirm={() => move.mutate({ step: next })}
              >
                <Button type="primary" data-testid={`fair-step-${next}`} loading={pending === next}>
                  {t(`step.${next}`)}
                </Button>
              </Popconfirm>
            )}
            {cancellable && (
              <Button danger data-testid="fair-cancel" onClick={() => setCancelOpen(true)}>
                {t('view.cancel')}
              </Button>
            )}
          </Space>
        )}
      </Flex>

      {!fair.canManage && <Alert type="info" showIcon title={t('view.readOnly')} />}
      {fair.status === 'cancelled' && (
        <Alert
          type="error"
          showIcon
          data-testid="fair-cancelled"
          title={
            cancelledEntry
              ? t('view.cancelledAt', { at: formatDateTime(cancelledEntry.at) })
              : t('status.cancelled')
          }
          description={cancelReason ? t('view.cancelReason', { reason: cancelReason }) : undefined}
        />
      )}

      <Card>
        <LifecycleSteps fair={fair} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Flex vertical gap={16}>
            <Card title={t('view.details')}>
              <Descriptions
                column={{ xs: 1, md: 2 }}
                size="small"
                items={[
                  { key: 'organiser', label: t('view.organiser'), children: organiserText(fair.organiser) },
                  { key: 'orgId', label: t('view.organiserOrg'), children: fair.organiser.orgId },
                  {
                    key: 'pairs',
                    label: t('view.pairs'),
                    span: 'filled' as const,
                    children: (
                      <Flex gap={4} wrap>
                        {fair.pairIds.map((pairId) => (
                          <Tag key={pairId}>{pairLabel(pairId)}</Tag>
                        ))}
                      </Flex>
                    ),
                  },
                  {
                    key: 'regions',
                    label: t('view.regions'),
                    span: 'filled' as const,
                    children: fair.regions.map((region) => regionName(region)).join(t('view.listSeparator')),
                  },
                  { key: 'venue', label: t('view.venue'), children: fair.venue.name },
                  { key: 'address', label: t('view.address'), children: fair.venue.address },
                  { key: 'dates', label: t('view.dates'), children: dayRange(fair.days) },
                  { key: 'booths', label: t('view.boothCount'), children: formatNumber(fair.boothCount) },
                  {
                    key: 'description',
                    label: t('view.description'),
                    span: 'filled' as const,
                    children: fair.description ? (
                      <span style={{ whiteSpace: 'pre-wrap' }}>{fair.description}</span>
                    ) : (
                      t('view.none')
                    ),
                  },
                  { key: 'updated', label: t('view.updatedAt'), children: formatDateTime(fair.updatedAt) },
                ]}
              />
            </Card>
            <Card title={t('view.days')}>
              <DaysTable days={fair.days} />
            </Card>
            <Card title={t('view.zones')}>
              {fair.zones.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('view.noZones')} />
              ) : (
                <Descriptions
                  column={{ xs: 1, md: 2 }}
                  size="small"
                  items={fair.zones.map((zone) => {
                    const booths = fair.boothTypes
                      .filter((booth) => booth.zoneId === zone.id)
                      .reduce((sum, booth) => sum + booth.count, 0);
                    return {
                      key: zone.id,
                      label: zone.name,
                      children: t('view.zoneBooths', { count: booths, id: zone.id }),
                    };
                  })}
                />
              )}
            </Card>
            <Card title={t('view.booths')}>
              <BoothTable fair={fair} />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} xl={8}>
          <Flex vertical gap={16}>
            <FairRegistrationsPanel fair={fair} />
            <FairCheckinPanel fair={fair} />
            <FairExhibitorsPanel fair={fair} />
            <Card title={t('view.history')}>
              <History fair={fair} />
            </Card>
          </Flex>
        </Col>
      </Row>

      <Modal
        open={cancelOpen}
        title={t('view.cancelTitle')}
        okText={t('view.cancelOk')}
        okButtonProps={{ danger: true, loading: pending === 'cancel', 'data-testid': 'fair-cancel-ok' }}
        cancelText={t('view.cancelKeep')}
        onOk={() => cancelForm.submit()}
        onCancel={() => setCancelOpen(false)}
        forceRender
      >
        <p>{t('view.cancelIntro')}</p>
        <Form
          form={cancelForm}
          name="cancelFair"
          layout="vertical"
          onFinish={({ reason }) => move.mutate({ step: 'cancel', reason: reason ?? '' })}
        >
          <Form.Item
            name="reason"
            label={t('view.cancelReasonLabel')}
            rules={[{ required: true, message: t('view.cancelReasonRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 6 }}
              placeholder={t('view.cancelReasonPlaceholder')}
            />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
