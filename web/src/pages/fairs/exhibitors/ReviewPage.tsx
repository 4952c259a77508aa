import { useQuery } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type {
  BulkDecisionResult,
  ExhibitProduct,
  ExhibitorDecision,
  ExhibitorPage,
  ExhibitorView,
  FieldDiff,
} from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { ExportButtons } from '../../../components/ExportButtons';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatDateTime } from '../../../i18n/format';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { ExhibitorStatusTag, STATUS_OPTIONS, countyOptions, diffValue, useFair } from './exhibitorUi';

const FILTERS = ['status', 'county', 'boothTypeId'] as const;
const orgOf = (item: ExhibitorView) => item.enterprise?.orgId ?? item.card?.orgId ?? '';

function Products({ products }: { products: readonly ExhibitProduct[] }) {
  return (
    <Flex gap={4} wrap>
      {products.map((p, i) => (
        <Tag key={`${p.name}-${i}`}>
          {p.name}
          {p.certifications.length > 0 ? ` · ${p.certifications.join('/')}` : ''}
        </Tag>
      ))}
    </Flex>
  );
}

/** The field-level difference of an accepted exhibitor's pending changes. */
export function DiffTable({ diff }: { diff: readonly FieldDiff[] }) {
  const { t } = useTranslation('fairs-exhibitors');
  return (
    <Table<FieldDiff>
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={[...diff]}
      data-testid="exhibitor-diff"
      columns={[
        { title: t('review.path'), dataIndex: 'path', render: (path: string) => <code>{path}</code> },
        {
          title: t('review.before'),
          dataIndex: 'before',
          render: (v: unknown) => <Typography.Text delete={v !== undefined}>{diffValue(v)}</Typography.Text>,
        },
        {
          title: t('review.after'),
          dataIndex: 'after',
          render: (v: unknown) => <Typography.Text mark={v !== undefined}>{diffValue(v)}</Typography.Text>,
        },
      ]}
    />
  );
}

function ReviewDetails({ fairId, item }: { fairId: string; item: ExhibitorView }) {
  const { t } = useTranslation('fairs-exhibitors');
  const [note, setNote] = useState('');
  const [rejectOpen, setRejectOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const path = `/fairs/${fairId}/exhibitors/${orgOf(item)}`;
  const addNote = useApiMutation(() => api.post<ExhibitorView>(`${path}/notes`, { text: note }), {
    invalidates: ['fairs'],
    onSuccess: () => setNote(''),
  });
  const review = useApiMutation(
    (vars: { outcome: 'approve' | 'reject'; reason?: string }) =>
      api.post<ExhibitorView>(`${path}/changes/${vars.outcome}`, vars.reason ? { reason: vars.reason } : {}),
    { form, invalidates: ['fairs'], onSuccess: () => setRejectOpen(false) },
  );
  return (
    <Flex vertical gap={12} data-testid={`exhibitor-details-${orgOf(item)}`}>
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'products',
            label: t('review.products'),
            children: (
              <Flex vertical gap={4}>
                {(item.products ?? []).map((p, i) => (
                  <div key={`${p.name}-${i}`}>
                    {p.name}（{p.category} · {regionName(p.county)}）{p.certifications.join('、')}
                    {p.description ? ` — ${p.description}` : ''}
                  </div>
                ))}
              </Flex>
            ),
          },
          {
            key: 'note',
            label: '',
            children: item.note ? t('review.enterpriseNote', { note: item.note }) : t('review.noNote'),
          },
          ...(item.rejectReason
            ? [
                {
                  key: 'reason',
                  label: '',
                  children: t('review.rejectReasonShown', { reason: item.rejectReason }),
                },
              ]
            : []),
        ]}
      />
      {item.pendingChanges && (
        <Card
          size="small"
          title={t('review.pendingChanges')}
          data-testid={`exhibitor-pending-${orgOf(item)}`}
        >
          <DiffTable diff={item.pendingChanges.diff} />
          <Space style={{ marginTop: 8 }}>
            <Button
              type="primary"
              loading={review.isPending}
              onClick={() => review.mutate({ outcome: 'approve' })}
              data-testid="exhibitor-changes-approve"
            >
              {t('review.approveChanges')}
            </Button>
            <Button danger onClick={() => setRejectOpen(true)} data-testid="exhibitor-changes-reject">
              {t('review.rejectChanges')}
            </Button>
          </Space>
        </Card>
      )}
      <Card size="small" title={t('review.notes')}>
        <Flex vertical gap={4} data-testid="exhibitor-notes">
          {(item.notes ?? []).map((n, i) => (
            <div key={`${n.at}-${i}`}>
              <Typography.Text>{n.text}</Typography.Text>
              <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                {formatDateTime(n.at)}
              </Typography.Text>
            </div>
          ))}
        </Flex>
        <Space.Compact style={{ width: '100%', marginTop: 8 }}>
          <Input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('review.notePlaceholder')}
            data-testid="exhibitor-note-input"
          />
          <Button
            disabled={!note.trim()}
            loading={addNote.isPending}
            onClick={() => addNote.mutate()}
            data-testid="exhibitor-note-add"
          >
            {t('review.addNote')}
          </Button>
        </Space.Compact>
      </Card>
      <Modal
        open={rejectOpen}
        title={t('review.rejectChangesTitle')}
        onOk={() => form.submit()}
        onCancel={() => setRejectOpen(false)}
        okButtonProps={{ danger: true, 'data-testid': 'exhibitor-changes-reject-ok' }}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) => review.mutate({ outcome: 'reject', reason })}
        >
          <Form.Item name="reason" label={t('review.rejectReason')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}

/**
 * The organiser's review queue (row selection, bulk accept / waitlist / reject, notes and the
 * diff of pending changes); for everyone else the accepted exhibitors' public cards.
 */
export default function ReviewPage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('fairs-exhibitors');
  const { modal } = App.useApp();
  useRoom(id ? `fair:${id}` : undefined);
  const fair = useFair(id);
  const { filters, update } = useUrlFilters(FILTERS);
  const [selected, setSelected] = useState<string[]>([]);
  const [rejectOpen, setRejectOpen] = useState(false);
  const [form] = Form.useForm<{ reason: string }>();
  const query = useQuery({
    queryKey: ['fairs', id, 'exhibitors', filters],
    queryFn: ({ signal }) => api.get<ExhibitorPage>(`/fairs/${id}/exhibitors`, { ...filters }, signal),
    enabled: Boolean(id),
  });
  const bulk = useApiMutation(
    (vars: { decision: ExhibitorDecision; reason?: string }) =>
      api.post<{ results: BulkDecisionResult[] }>(`/fairs/${id}/exhibitors/decisions`, {
        items: selected.map((orgId) => ({
          orgId,
          decision: vars.decision,
          ...(vars.reason ? { reason: vars.reason } : {}),
        })),
      }),
    {
      form,
      invalidates: ['fairs'],
      onSuccess: ({ results }) => {
        setRejectOpen(false);
        setSelected([]);
        const refused = results.filter((r) => !r.ok);
        const summary = t('review.bulkDone', { ok: results.length - refused.length, failed: refused.length });
        if (refused.length === 0) modal.success({ title: summary });
        else
          modal.warning({
            title: summary,
            content: (
              <Flex vertical gap={4} data-testid="bulk-refusals">
                {refused.map((r) => (
                  <div key={r.orgId}>
                    {t('review.bulkResult', {
                      org: r.orgId,
                      reason: r.reason ? t(`refusal.${r.reason}`) : r.message,
                    })}
                  </div>
                ))}
              </Flex>
            ),
          });
      },
    },
  );

  const page = query.data;
  const reviewer = page?.reviewer ?? false;
  const boothTypes = fair.data?.data.boothTypes ?? [];
  const typeName = (typeId?: string) => boothTypes.find((b) => b.id === typeId)?.name ?? typeId ?? '';
  const exportQuery = { status: filters.status, county: filters.county, boothTypeId: filters.boothTypeId };

  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('nav.fairs', { ns: 'common' })}</Link> },
          { title: <Link to={`/fairs/${id}`}>{fair.data?.data.title ?? id}</Link> },
          { title: reviewer ? t('review.title') : t('review.publicTitle') },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={8}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {reviewer ? t('review.title') : t('review.publicTitle')}
        </Typography.Title>
        <Space wrap>
          <Link to={`/fairs/${id}/booths`}>{t('panel.booths')}</Link>
          <ExportButtons
            path={`/fairs/${id}/exhibitors/export`}
            query={exportQuery}
            testId="exhibitors-export"
          />
        </Space>
      </Flex>
      <Space wrap>
        {reviewer && (
          <Select
            allowClear
            placeholder={t('review.filterStatus')}
            aria-label={t('review.filterStatus')}
            style={{ minWidth: 140 }}
            value={filters.status}
            onChange={(status?: string) => update({ status })}
            data-testid="exhibitors-filter-status"
            options={STATUS_OPTIONS.filter((s) => s !== 'draft').map((s) => ({
              value: s,
              label: t(`status.${s}`),
            }))}
          />
        )}
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder={t('review.filterCounty')}
          aria-label={t('review.filterCounty')}
          style={{ minWidth: 160 }}
          value={filters.county}
          onChange={(county?: string) => update({ county })}
          data-testid="exhibitors-filter-county"
          options={countyOptions()}
        />
        <Select
          allowClear
          placeholder={t('review.filterBoothType')}
          aria-label={t('review.filterBoothType')}
          style={{ minWidth: 160 }}
          value={filters.boothTypeId}
          onChange={(boothTypeId?: string) => update({ boothTypeId })}
          data-testid="exhibitors-filter-booth-type"
          options={boothTypes.map((b) => ({ value: b.id, label: b.name }))}
        />
      </Space>
      {reviewer && (
        <Space wrap data-testid="exhibitors-bulk">
          <Typography.Text>{t('review.selected', { count: selected.length })}</Typography.Text>
          <Button
            type="primary"
            disabled={selected.length === 0}
            loading={bulk.isPending && bulk.variables?.decision === 'accept'}
            onClick={() => bulk.mutate({ decision: 'accept' })}
            data-testid="exhibitors-bulk-accept"
          >
            {t('review.accept')}
          </Button>
          <Button
            disabled={selected.length === 0}
            loading={bulk.isPending && bulk.variables?.decision === 'waitlist'}
            onClick={() => bulk.mutate({ decision: 'waitlist' })}
            data-testid="exhibitors-bulk-waitlist"
          >
            {t('review.waitlist')}
          </Button>
          <Button
            danger
            disabled={selected.length === 0}
            onClick={() => setRejectOpen(true)}
            data-testid="exhibitors-bulk-reject"
          >
            {t('review.reject')}
          </Button>
        </Space>
      )}
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <Card>
          <Table<ExhibitorView>
            rowKey={(item) => orgOf(item)}
            loading={query.isLoading}
            dataSource={page?.items ?? []}
            data-testid="exhibitors-table"
            scroll={{ x: 900 }}
            locale={{ emptyText: t('review.empty') }}
            rowSelection={
              reviewer
                ? {
                    selectedRowKeys: selected,
                    onChange: (keys) => setSelected(keys.map(String)),
                    getCheckboxProps: (item) => ({
                      disabled: !item.canDecide,
                      'data-testid': `exhibitor-select-${orgOf(item)}`,
                    }),
                  }
                : undefined
            }
            expandable={
              reviewer
                ? { expandedRowRender: (item) => <ReviewDetails fairId={id} item={item} /> }
                : undefined
            }
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total: page?.total ?? 0,
              onChange: (p, pageSize) => update({ page: p, pageSize }),
            }}
            columns={[
              {
                title: t('review.enterprise'),
                key: 'enterprise',
                render: (_: unknown, item) => (
                  <Flex vertical gap={2}>
                    <span>{item.enterprise?.name ?? item.card?.enterpriseName}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {orgOf(item)}
                    </Typography.Text>
                  </Flex>
                ),
              },
              {
                title: t('review.county'),
                key: 'county',
                render: (_: unknown, item) => regionName(item.enterprise?.region ?? item.card?.county),
              },
              {
                title: t('review.products'),
                key: 'products',
                render: (_: unknown, item) => (
                  <Products products={item.products ?? item.card?.products ?? []} />
                ),
              },
              {
                title: t('review.booths'),
                key: 'booths',
                render: (_: unknown, item) =>
                  `${typeName(item.boothTypeId ?? item.card?.boothTypeId)}${item.booths ? ` × ${item.booths}` : ''}`,
              },
              {
                title: t('review.boothIds'),
                key: 'boothIds',
                render: (_: unknown, item) => (item.boothIds ?? item.card?.boothIds ?? []).join('、') || '—',
              },
              {
                title: t('review.status'),
                key: 'status',
                render: (_: unknown, item) => (
                  <Space size={4} wrap>
                    <ExhibitorStatusTag status={item.status} />
                    {item.pendingChanges && <Tag color="orange">{t('mine.pending')}</Tag>}
                  </Space>
                ),
              },
              ...(reviewer
                ? [
                    {
                      title: t('review.updatedAt'),
                      key: 'updated',
                      render: (_: unknown, item: ExhibitorView) => formatDateTime(item.updatedAt),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      )}
      <Modal
        open={rejectOpen}
        title={t('review.rejectTitle')}
        onOk={() => form.submit()}
        onCancel={() => setRejectOpen(false)}
        okButtonProps={{ danger: true, loading: bulk.isPending, 'data-testid': 'exhibitors-reject-ok' }}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={({ reason }) => bulk.mutate({ decision: 'reject', reason })}
        >
          <Form.Item name="reason" label={t('review.rejectReason')} rules={[{ required: true }]}>
            <Input.TextArea autoSize={{ minRows: 2 }} data-testid="exhibitors-reject-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Flex>
  );
}
