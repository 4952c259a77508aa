import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Skeleton,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { DuplicateCandidate, EnterpriseView, MergeEntry, MergeReply } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { usePrincipal } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { ReasonTags, useDuplicateHints } from './enterpriseUi';

const TAKEN = ['creditCode', 'orgId', 'phone', 'email'] as const;

/** One record: its details, its possible duplicates with a merge dialog, and the merges it absorbed. */
export default function EnterprisePage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('investment-enterprises');
  const principal = usePrincipal();
  const staff = principal.roles.includes('cadre') || principal.roles.includes('admin');
  useRoom(id ? `enterprise:${id}` : undefined);
  const record = useQuery({
    queryKey: ['investment-enterprises', id],
    queryFn: ({ signal }) => api.get<EnterpriseView>(`/investment/enterprises/${id}`, undefined, signal),
    enabled: Boolean(id),
  });
  const e = record.data;
  const hints = useDuplicateHints(
    { name: e?.name, phone: e?.phone, email: e?.email, creditCode: e?.creditCode, excludeId: id },
    staff && e?.status === 'active',
  );
  const [merging, setMerging] = useState<DuplicateCandidate | undefined>();
  if (record.isError) return <ErrorState error={record.error} onRetry={() => void record.refetch()} />;
  if (!e) return <Skeleton active />;
  return (
    <>
      <Breadcrumb
        items={[{ title: <Link to="/investment/enterprises">{t('page.title')}</Link> }, { title: e.name }]}
        style={{ marginBottom: 16 }}
      />
      {e.status === 'merged' && e.mergedInto && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('detail.mergedInto')}
          action={<Link to={`/investment/enterprises/${e.mergedInto}`}>{t('detail.goSurvivor')}</Link>}
        />
      )}
      <Card
        title={e.name}
        extra={<Tag color={e.status === 'active' ? 'green' : undefined}>{t(`status.${e.status}`)}</Tag>}
      >
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('field.creditCode')}>{e.creditCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.region')}>{regionName(e.region)}</Descriptions.Item>
          <Descriptions.Item label={t('field.phone')}>{e.phone ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.email')}>{e.email ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('field.source')}>{t(`source.${e.source}`)}</Descriptions.Item>
          <Descriptions.Item label={t('field.orgId')}>{e.orgId ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      {staff && e.status === 'active' && (
        <Card title={t('duplicates.title')} style={{ marginTop: 16 }}>
          <List
            loading={hints.isLoading}
            locale={{ emptyText: t('duplicates.none') }}
            dataSource={hints.data?.candidates ?? []}
            renderItem={(c) => (
              <List.Item
                actions={[
                  <Button key="merge" onClick={() => setMerging(c)}>
                    {t('merge.action')}
                  </Button>,
                ]}
              >
                <List.Item.Meta
                  title={<Link to={`/investment/enterprises/${c.enterprise.id}`}>{c.enterprise.name}</Link>}
                  description={
                    <>
                      {regionName(c.enterprise.region)} · {c.enterprise.creditCode ?? t('duplicates.noCode')}{' '}
                      <ReasonTags candidate={c} />
                    </>
                  }
                />
              </List.Item>
            )}
          />
        </Card>
      )}
      <Card title={t('merges.title')} style={{ marginTop: 16 }}>
        <Table<MergeEntry>
          rowKey="mergeId"
          size="small"
          pagination={false}
          dataSource={e.merges}
          locale={{ emptyText: t('merges.none') }}
          columns={[
            { title: t('merges.duplicate'), dataIndex: 'duplicateName' },
            { title: t('merges.reason'), dataIndex: 'reason' },
            { title: t('merges.leadsMoved'), dataIndex: 'leadsMoved' },
            {
              title: t('merges.fieldsTaken'),
              dataIndex: 'fieldsTaken',
              render: (fields: string[]) => fields.map((f) => t(`field.${f}`)).join('、') || '—',
            },
            { title: t('merges.at'), dataIndex: 'at', render: (at: string) => new Date(at).toLocaleString() },
          ]}
        />
      </Card>
      {merging && <MergeDialog survivor={e} candidate={merging} onClose={() => setMerging(undefined)} />}
    </>
  );
}

/** Merging a candidate into this record: what moves and what the record takes, then the reason. */
function MergeDialog(props: { survivor: EnterpriseView; candidate: DuplicateCandidate; onClose(): void }) {
  const { t } = useTranslation('investment-enterprises');
  const [form] = Form.useForm<{ reason: string }>();
  const { survivor, candidate } = props;
  const dup = candidate.enterprise;
  const conflict = !!(survivor.creditCode && dup.creditCode && survivor.creditCode !== dup.creditCode);
  const taken = TAKEN.filter((f) => !survivor[f] && (dup as Record<string, string | undefined>)[f]);
  const merge = useApiMutation(
    ({ reason }: { reason: string }) =>
      api.post<MergeReply>(`/investment/enterprises/${survivor.id}/merge`, { duplicateId: dup.id, reason }),
    {
      form,
      invalidates: ['investment-enterprises'],
      success: t('merge.done'),
      onSuccess: () => props.onClose(),
    },
  );
  return (
    <Modal
      open
      title={t('merge.title', { duplicate: dup.name, survivor: survivor.name })}
      okText={t('merge.submit')}
      okButtonProps={{ danger: true, disabled: conflict }}
      onOk={() => form.submit()}
      onCancel={props.onClose}
      confirmLoading={merge.isPending}
    >
      {conflict && <Alert type="error" showIcon message={t('merge.conflict')} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph>{t('merge.moves')}</Typography.Paragraph>
      <ul>
        <li>{t('merge.movesLeads')}</li>
        <li>{t('merge.movesMark', { id: survivor.id })}</li>
        {taken.map((f) => (
          <li key={f}>
            {t('merge.takes', {
              field: t(`field.${f}`),
              value: (dup as Record<string, string | undefined>)[f],
            })}
          </li>
        ))}
      </ul>
      <Form form={form} layout="vertical" onFinish={(v) => merge.mutate(v)}>
        <Form.Item name="reason" label={t('merges.reason')} rules={[{ required: true, min: 2, max: 1000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
