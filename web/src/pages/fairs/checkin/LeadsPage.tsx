import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { DeviceView, ExhibitorView, FairPage, LeadPage, LeadView } from '@qingshui/contracts';
import { api, download } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../i18n/format';
import { useEvents } from '../../../realtime/RealtimeProvider';
import { LeadCapture } from './LeadCapture';

/** An exhibitor's scan-only device codes: made, shown once, revoked. */
function Devices({ fairId }: { fairId: string }) {
  const { t } = useTranslation('fairs-checkin');
  const { message } = App.useApp();
  const client = useQueryClient();
  const [label, setLabel] = useState('');
  const [made, setMade] = useState<DeviceView & { code: string }>();
  const key = ['fairs', fairId, 'devices'];
  const devices = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<{ items: DeviceView[] }>(`/fairs/${fairId}/devices`, undefined, signal),
  });
  const create = async () => {
    try {
      const device = await api.post<DeviceView & { code: string }>(`/fairs/${fairId}/devices`, {
        kind: 'lead',
        label,
      });
      setMade(device);
      setLabel('');
      await client.invalidateQueries({ queryKey: key });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  const revoke = async (id: string) => {
    await api.delete(`/fairs/${fairId}/devices/${id}`);
    await client.invalidateQueries({ queryKey: key });
  };
  const link = made ? `${window.location.origin}/device/${fairId}?code=${encodeURIComponent(made.code)}` : '';
  return (
    <Card title={t('devices.title')}>
      <Flex vertical gap={12}>
        <Space.Compact>
          <Input
            data-testid="device-label"
            placeholder={t('devices.label')}
            value={label}
            onChange={(e) => setLabel(e.target.value)}
          />
          <Button
            data-testid="device-create"
            type="primary"
            disabled={!label.trim()}
            onClick={() => void create()}
          >
            {t('devices.create')}
          </Button>
        </Space.Compact>
        {made && (
          <Card size="small" data-testid="device-made">
            <Typography.Paragraph>{t('devices.shownOnce')}</Typography.Paragraph>
            <Typography.Text code copyable data-testid="device-code">
              {made.code}
            </Typography.Text>
            <Typography.Paragraph copyable={{ text: link }}>{t('devices.link')}</Typography.Paragraph>
          </Card>
        )}
        <Table<DeviceView>
          size="small"
          rowKey="id"
          loading={devices.isLoading}
          dataSource={devices.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('devices.label'), dataIndex: 'label' },
            { title: t('devices.createdAt'), render: (_, d) => formatDateTime(d.createdAt) },
            {
              title: t('devices.state'),
              render: (_, d) =>
                d.revokedAt ? (
                  <Tag color="red">{t('devices.revoked')}</Tag>
                ) : (
                  <Tag color="green">{t('devices.active')}</Tag>
                ),
            },
            {
              title: '',
              render: (_, d) =>
                d.revokedAt ? null : (
                  <Popconfirm title={t('devices.revokeConfirm')} onConfirm={() => void revoke(d.id)}>
                    <Button size="small" danger data-testid={`device-revoke-${d.id}`}>
                      {t('devices.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Flex>
    </Card>
  );
}

/** My leads at a fair, newest first, and their export. */
export function MyLeads({ fairId }: { fairId: string }) {
  const { t } = useTranslation('fairs-checkin');
  const [page, setPage] = useState(1);
  const leads = useQuery({
    queryKey: ['fairs', fairId, 'leads', 'mine', page],
    queryFn: ({ signal }) => api.get<LeadPage>(`/fairs/${fairId}/leads/mine`, { page, pageSize: 20 }, signal),
  });
  if (leads.error) return <ErrorState error={leads.error} onRetry={() => void leads.refetch()} />;
  return (
    <Card
      title={t('leads.mine')}
      extra={
        <Space>
          <Statistic value={leads.data?.total ?? 0} suffix={t('leads.unit')} data-testid="leads-total" />
          <Button
            data-testid="leads-export-csv"
            onClick={() =>
              void download(`/fairs/${fairId}/leads/mine/export`, { format: 'csv' }, '展位线索.csv')
            }
          >
            CSV
          </Button>
          <Button
            data-testid="leads-export-xlsx"
            onClick={() =>
              void download(`/fairs/${fairId}/leads/mine/export`, { format: 'xlsx' }, '展位线索.xlsx')
            }
          >
            Excel
          </Button>
        </Space>
      }
    >
      <Table<LeadView>
        rowKey="id"
        data-testid="leads-table"
        loading={leads.isLoading}
        dataSource={leads.data?.items ?? []}
        pagination={{ current: page, pageSize: 20, total: leads.data?.total ?? 0, onChange: setPage }}
        columns={[
          { title: t('leads.visitor'), render: (_, l) => l.visitor.name },
          { title: t('leads.organisation'), render: (_, l) => l.visitor.organisation ?? '' },
          { title: t('leads.rating'), dataIndex: 'rating' },
          {
            title: t('leads.products'),
            render: (_, l) => l.productsOfInterest.map((p) => <Tag key={p}>{p}</Tag>),
          },
          { title: t('leads.tags'), render: (_, l) => l.tags.map((p) => <Tag key={p}>{p}</Tag>) },
          { title: t('leads.notes'), dataIndex: 'notes' },
          { title: t('leads.lastScanned'), render: (_, l) => formatDateTime(l.lastScannedAt) },
        ]}
      />
    </Card>
  );
}

/** The exhibitor's booth (展位线索): scan leads, see them, manage scan-only devices. */
export default function LeadsPage() {
  const { t } = useTranslation('fairs-checkin');
  const [params, setParams] = useSearchParams();
  const client = useQueryClient();
  const fairs = useQuery({
    queryKey: ['fairs', 'leads', 'fairs'],
    queryFn: ({ signal }) => api.get<FairPage>('/fairs', { pageSize: 100 }, signal),
  });
  const exhibits = useQuery({
    queryKey: ['fairs', 'me', 'exhibits'],
    queryFn: ({ signal }) => api.get<{ items: ExhibitorView[] }>('/me/exhibits', undefined, signal),
  });
  const accepted = (exhibits.data?.items ?? []).filter((e) => e.status === 'accepted');
  const options = accepted.map((e) => ({
    value: e.fairId,
    label: fairs.data?.items.find((f) => f.id === e.fairId)?.title ?? e.fairId,
  }));
  const fairId = params.get('fair') ?? options[0]?.value;
  const exhibit = accepted.find((e) => e.fairId === fairId);
  // A lead of ours elsewhere (another device, a colleague): the list and its count follow.
  useEvents(
    ['fairs.lead.captured'],
    () => void client.invalidateQueries({ queryKey: ['fairs', fairId, 'leads'] }),
  );
  return (
    <Flex vertical gap={16}>
      <Typography.Title level={3}>{t('leads.title')}</Typography.Title>
      <Select
        data-testid="leads-fair"
        aria-label={t('leads.chooseFair')}
        style={{ maxWidth: 420 }}
        value={fairId}
        loading={exhibits.isLoading}
        options={options}
        placeholder={t('leads.chooseFair')}
        onChange={(value: string) => setParams({ fair: value }, { replace: true })}
      />
      {!fairId ? (
        <Empty description={t('leads.noFair')} />
      ) : (
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={10}>
            <Flex vertical gap={16}>
              <LeadCapture fairId={fairId} products={(exhibit?.products ?? []).map((p) => p.name)} />
              <Devices fairId={fairId} />
            </Flex>
          </Col>
          <Col xs={24} lg={14}>
            <MyLeads fairId={fairId} />
          </Col>
        </Row>
      )}
    </Flex>
  );
}
