import { useQuery } from '@tanstack/react-query';
import {
  App,
  Breadcrumb,
  Button,
  Flex,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { RegistrationPage, RegistrationView, Waitlist } from '@qingshui/contracts';
import { api, download } from '../../../api/client';
import { describeError, useApiMutation } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatDateTime } from '../../../i18n/format';
import { KindTag, LISTED_STATUSES, RegistrationStatusTag, useFair, useTicketTypes } from './registrationUi';

const FILTERS = ['typeId', 'status', 'day', 'q'] as const;
type Action = { kind: 'reject' | 'cancel'; registration: RegistrationView } | undefined;

function useActions(fairId: string) {
  const { t } = useTranslation('fairs-registrations');
  const base = (r: RegistrationView) => `/fairs/${fairId}/registrations/${r.userId}`;
  const approve = useApiMutation((r: RegistrationView) => api.post<RegistrationView>(`${base(r)}/approve`), {
    invalidates: ['fairs'],
    success: t('list.approved'),
  });
  const withReason = useApiMutation(
    ({
      kind,
      registration,
      reason,
    }: {
      kind: 'reject' | 'cancel';
      registration: RegistrationView;
      reason: string;
    }) => api.post<RegistrationView>(`${base(registration)}/${kind}`, { reason }),
    { invalidates: ['fairs'], success: t('list.done') },
  );
  return { approve, withReason };
}

function RegistrationTable({
  items,
  loading,
  onAction,
  approve,
  pagination,
}: {
  items: RegistrationView[];
  loading: boolean;
  onAction: (action: Action) => void;
  approve: (r: RegistrationView) => void;
  pagination?:
    | false
    | { current: number; pageSize: number; total: number; onChange: (page: number, size: number) => void };
}) {
  const { t } = useTranslation('fairs-registrations');
  return (
    <Table<RegistrationView>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items}
      pagination={pagination ?? false}
      data-testid="registrations-table"
      columns={[
        ...(pagination === false
          ? [
              {
                title: t('col.position'),
                key: 'position',
                render: (_: unknown, r: RegistrationView) => r.position ?? '—',
              },
            ]
          : []),
        { title: t('col.name'), dataIndex: 'name' },
        {
          title: t('col.type'),
          key: 'type',
          render: (_, r) => (
            <Space>
              {r.typeId}
              <KindTag kind={r.kind} />
            </Space>
          ),
        },
        {
          title: t('col.status'),
          key: 'status',
          render: (_, r) => <RegistrationStatusTag status={r.status} />,
        },
        {
          title: t('col.days'),
          key: 'days',
          render: (_, r) => `${r.days.join('、')}${r.windowId ? ` ${r.windowId}` : ''}`,
        },
        { title: t('col.size'), dataIndex: 'size' },
        {
          title: t('col.company'),
          key: 'company',
          render: (_, r) =>
            r.company ? `${r.company.name} · ${r.company.title} · ${r.company.phone}` : (r.orgId ?? ''),
        },
        {
          title: t('col.members'),
          key: 'members',
          render: (_, r) => r.members.map((m) => m.name).join('、'),
        },
        { title: t('col.createdAt'), key: 'createdAt', render: (_, r) => formatDateTime(r.createdAt) },
        {
          title: t('col.actions'),
          key: 'actions',
          render: (_, r) => (
            <Space>
              {r.status === 'awaiting-approval' && (
                <>
                  <Button
                    size="small"
                    type="primary"
                    data-testid={`approve-${r.userId}`}
                    onClick={() => approve(r)}
                  >
                    {t('list.approve')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    data-testid={`reject-${r.userId}`}
                    onClick={() => onAction({ kind: 'reject', registration: r })}
                  >
                    {t('list.reject')}
                  </Button>
                </>
              )}
              {['confirmed', 'waiting', 'offered', 'awaiting-approval'].includes(r.status) && (
                <Button
                  size="small"
                  data-testid={`cancel-${r.userId}`}
                  onClick={() => onAction({ kind: 'cancel', registration: r })}
                >
                  {t('list.cancel')}
                </Button>
              )}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** The organiser's registrations: the list with its filters, the waiting list in order, approvals. */
export default function RegistrationsPage() {
  const { t } = useTranslation('fairs-registrations');
  const { t: tc } = useTranslation();
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const fair = useFair(id);
  const types = useTicketTypes(id);
  const { filters, update } = useUrlFilters(FILTERS, 50);
  const [action, setAction] = useState<Action>();
  const [reason, setReason] = useState('');
  const { approve, withReason } = useActions(id);
  const list = useQuery({
    queryKey: ['fairs', id, 'registrations', filters],
    queryFn: ({ signal }) => api.get<RegistrationPage>(`/fairs/${id}/registrations`, { ...filters }, signal),
  });
  const line = useQuery({
    queryKey: ['fairs', id, 'waitlist'],
    queryFn: ({ signal }) => api.get<Waitlist>(`/fairs/${id}/waitlist`, { pageSize: 200 }, signal),
  });
  if (fair.error || list.error)
    return <ErrorState error={fair.error ?? list.error} onRetry={() => void list.refetch()} />;
  if (!fair.data) return <Skeleton active />;
  const { page: _page, pageSize: _size, ...exportFilters } = filters;
  const exportAs = (format: 'csv' | 'xlsx') =>
    download(
      `/fairs/${id}/registrations/export`,
      { ...exportFilters, format },
      `registrations.${format}`,
    ).catch((error: unknown) => message.error(describeError(tc, error)));
  const table = (
    <Flex vertical gap={12}>
      <Space wrap>
        <Select
          allowClear
          placeholder={t('col.type')}
          aria-label={t('col.type')}
          style={{ width: 160 }}
          value={filters.typeId}
          onChange={(typeId?: string) => update({ typeId })}
          options={(types.data?.data.types ?? []).map((x) => ({ value: x.id, label: x.name }))}
          data-testid="filter-type"
        />
        <Select
          allowClear
          placeholder={t('col.status')}
          aria-label={t('col.status')}
          style={{ width: 160 }}
          value={filters.status}
          onChange={(status?: string) => update({ status })}
          options={LISTED_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))}
          data-testid="filter-status"
        />
        <Select
          allowClear
          placeholder={t('col.days')}
          aria-label={t('col.days')}
          style={{ width: 140 }}
          value={filters.day}
          onChange={(day?: string) => update({ day })}
          options={fair.data.days.map((d) => ({ value: d.date, label: d.date }))}
          data-testid="filter-day"
        />
        <Input.Search
          allowClear
          placeholder={t('list.search')}
          defaultValue={filters.q}
          onSearch={(q) => update({ q })}
          style={{ width: 220 }}
          data-testid="filter-q"
        />
        <Button onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('list.exportCsv')}
        </Button>
        <Button onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
          {t('list.exportXlsx')}
        </Button>
      </Space>
      {list.data && (
        <Typography.Text type="secondary" data-testid="places-summary">
          {list.data.places
            .flatMap((p) =>
              p.days.map((d) =>
                t('list.places', {
                  type: p.typeId,
                  date: d.date,
                  taken: d.quota - d.left,
                  quota: d.quota,
                  waiting: d.waiting,
                }),
              ),
            )
            .join('；')}
        </Typography.Text>
      )}
      <RegistrationTable
        items={list.data?.items ?? []}
        loading={list.isLoading}
        onAction={setAction}
        approve={(r) => approve.mutate(r)}
        pagination={{
          current: filters.page,
          pageSize: filters.pageSize,
          total: list.data?.total ?? 0,
          onChange: (page, pageSize) => update({ page, pageSize }),
        }}
      />
    </Flex>
  );
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/fairs">{t('nav.fairs')}</Link> },
          { title: <Link to={`/fairs/${id}`}>{fair.data.title}</Link> },
          { title: t('list.title') },
        ]}
      />
      <Typography.Title level={3}>{t('list.title')}</Typography.Title>
      <Tabs
        items={[
          { key: 'list', label: t('list.all'), children: table },
          {
            key: 'line',
            label: t('list.waitlist', { count: line.data?.items.length ?? 0 }),
            children: (
              <RegistrationTable
                items={line.data?.items ?? []}
                loading={line.isLoading}
                onAction={setAction}
                approve={(r) => approve.mutate(r)}
                pagination={false}
              />
            ),
          },
        ]}
      />
      <Modal
        open={!!action}
        title={action?.kind === 'reject' ? t('list.rejectTitle') : t('list.cancelTitle')}
        okButtonProps={
          {
            disabled: reason.trim().length < 2,
            loading: withReason.isPending,
            'data-testid': 'reason-ok',
          } as never
        }
        onCancel={() => setAction(undefined)}
        onOk={() => {
          if (!action) return;
          withReason.mutate(
            { kind: action.kind, registration: action.registration, reason },
            { onSuccess: () => (setAction(undefined), setReason('')) },
          );
        }}
      >
        <Input.TextArea
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid="reason-input"
          placeholder={t('list.reason')}
        />
      </Modal>
    </Flex>
  );
}
