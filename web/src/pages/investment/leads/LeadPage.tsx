import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { InvestmentLeadView, LeadOrigin, LeadStage, LeadValues } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth, usePrincipal } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { PresenceAvatars } from '../../../components/PresenceAvatars';
import { formatDate, formatDateTime, formatYuan } from '../../../i18n/format';
import { useEditingMark } from '../../../realtime/usePresence';
import { LeadFollowUps } from '../assignment/LeadFollowUps';
import {
  cleanValues,
  MoveDialog,
  NS,
  QUERY_GROUP,
  StageTag,
  StatusTag,
  useLeadEvents,
  ValueFields,
} from './leadUi';
import { ACTIVITY_KINDS, STAGES, STATUSES } from './vocabulary';

const ALL_VALUE_FIELDS: (keyof LeadValues)[] = [
  'estimatedAmountYuan',
  'contactPerson',
  'meetingRecord',
  'likelihoodPct',
  'expectedSigningDate',
  'agreementDate',
  'signedAmountYuan',
  'parties',
  'actualInvestmentYuan',
  'jobs',
  'site',
  'startDate',
];

function showValue(field: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.endsWith('Yuan')) return formatYuan(Number(value));
  if (field === 'likelihoodPct') return `${String(value)}%`;
  if (Array.isArray(value)) return value.join('、');
  return String(value);
}

/**
 * A lead (招商线索): its stage and what the next one still needs, the values as they are and as
 * each stage kept them, the stage log and history, activities, tasks, the origin chain, owners, the
 * follow-ups (assignment part), and the steps its owner, the cadres and the office take.
 */
export default function LeadPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation(NS);
  const principal = usePrincipal();
  const { hasRole } = useAuth();
  useLeadEvents({ leadId: id });
  const [moveTo, setMoveTo] = useState<LeadStage | undefined>();
  const [dialog, setDialog] = useState<
    'values' | 'activity' | 'task' | 'status' | 'owner' | 'landing' | undefined
  >();
  // An open dialog changes the lead: the others on it see who is editing.
  useEditingMark(`lead:${id}`, !!dialog || !!moveTo);
  const query = useQuery({
    queryKey: [QUERY_GROUP, 'lead', id],
    queryFn: ({ signal }) => api.get<InvestmentLeadView>(`/investment/leads/${id}`, undefined, signal),
  });
  const setTask = useApiMutation(
    (v: { taskId: string; done: boolean }) =>
      api.patch(`/investment/leads/${id}/tasks/${v.taskId}`, { done: v.done }),
    { invalidates: [QUERY_GROUP] },
  );
  const verify = useApiMutation(
    (decision: 'verify' | 'return') => api.post(`/investment/leads/${id}/verify-landing`, { decision }),
    { invalidates: [QUERY_GROUP], success: t('verify.done') },
  );
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const lead = query.data;
  const works =
    !!lead &&
    (hasRole('admin') ||
      lead.owner?.userId === principal.userId ||
      (hasRole('cadre') && (principal.region === lead.county || principal.region === lead.district)));
  const closed = lead && (lead.status === 'lost' || lead.status === 'abandoned');
  return (
    <Flex vertical gap={16} data-testid="lead-page">
      <Breadcrumb
        items={[
          {
            title: (
              <Link to={hasRole('enterprise') ? '/investment/my-leads' : '/investment/pipeline'}>
                {t('pipeline.title')}
              </Link>
            ),
          },
          { title: lead?.title ?? '…' },
        ]}
      />
      <Card loading={query.isPending}>
        {lead && (
          <Flex vertical gap={12}>
            <Flex justify="space-between" wrap gap={12}>
              <Typography.Title level={3} style={{ margin: 0 }}>
                {lead.title}
              </Typography.Title>
              <Space>
                <PresenceAvatars room={`lead:${id}`} />
                <StageTag stage={lead.stage} />
                <StatusTag status={lead.status} />
              </Space>
            </Flex>
            {lead.nextStage && lead.missingForNext.length > 0 && (
              <Alert
                type="warning"
                data-testid="lead-missing"
                message={t('lead.missingFor', {
                  stage: t(`stage.${lead.nextStage}`),
                  fields: lead.missingForNext.map((f) => t(`fields.${f}`)).join('、'),
                })}
              />
            )}
            {lead.lostReason && (
              <Alert type="error" message={t('lead.lostReason', { reason: lead.lostReason })} />
            )}
            <Descriptions column={{ xs: 1, md: 3 }}>
              <Descriptions.Item label={t('fields.enterprise')}>{lead.enterprise.name}</Descriptions.Item>
              <Descriptions.Item label={t('fields.county')}>
                {regionName(lead.county)} · {regionName(lead.district)}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.field')}>
                {lead.field ? t(`investField.${lead.field}`) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('fields.ownerId')}>
                {lead.owner?.name ?? t('lead.noOwner')}
              </Descriptions.Item>
              <Descriptions.Item label={t('lead.previousOwners')}>
                {lead.previousOwnerIds.length || '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('lead.lastActivity')}>
                {formatDateTime(lead.lastActivityAt)}
              </Descriptions.Item>
            </Descriptions>
            {works && (
              <Space wrap>
                {lead.nextStage && lead.nextStage !== 'landed' && !closed && (
                  <Button type="primary" onClick={() => setMoveTo(lead.nextStage!)}>
                    {t('pipeline.moveTo', { stage: t(`stage.${lead.nextStage}`) })}
                  </Button>
                )}
                {lead.stage !== 'prospect' && lead.stage !== 'landed' && !closed && (
                  <Select
                    placeholder={t('lead.moveBack')}
                    style={{ minWidth: 140 }}
                    value={null}
                    onChange={(stage: LeadStage) => setMoveTo(stage)}
                    options={STAGES.slice(0, STAGES.indexOf(lead.stage)).map((s) => ({
                      value: s,
                      label: t(`stage.${s}`),
                    }))}
                  />
                )}
                {lead.stage === 'signed' && !lead.landing && !closed && (
                  <Button onClick={() => setDialog('landing')}>{t('lead.requestLanding')}</Button>
                )}
                {lead.stage !== 'landed' && (
                  <Button onClick={() => setDialog('values')}>{t('lead.editValues')}</Button>
                )}
                <Button onClick={() => setDialog('activity')}>{t('lead.addActivity')}</Button>
                <Button onClick={() => setDialog('task')}>{t('lead.addTask')}</Button>
                {lead.stage !== 'landed' && (
                  <Button onClick={() => setDialog('status')}>{t('lead.setStatus')}</Button>
                )}
                {hasRole('cadre', 'admin') && (
                  <Button onClick={() => setDialog('owner')}>{t('lead.reassign')}</Button>
                )}
              </Space>
            )}
            {lead.landing && (
              <Alert
                type="info"
                message={t('lead.landingRequestedAt', { at: formatDateTime(lead.landing.requestedAt) })}
                action={
                  hasRole('admin') ? (
                    <Space>
                      <Button
                        type="primary"
                        size="small"
                        onClick={() => verify.mutate('verify')}
                        loading={verify.isPending}
                      >
                        {t('verify.verify')}
                      </Button>
                      <Button size="small" onClick={() => verify.mutate('return')}>
                        {t('verify.return')}
                      </Button>
                    </Space>
                  ) : undefined
                }
              />
            )}
          </Flex>
        )}
      </Card>
      {lead && (
        <Row gutter={[16, 16]}>
          {/* The values by stage need the width of six columns: side by side only on the widest screens. */}
          <Col xs={24} xxl={12}>
            <Card title={t('lead.values')}>
              <Table
                size="small"
                pagination={false}
                rowKey="field"
                dataSource={ALL_VALUE_FIELDS.map((field) => ({
                  field,
                  now: showValue(field, lead.values[field]),
                  ...Object.fromEntries(
                    STAGES.map((s) => [s, showValue(field, lead.stageValues[s]?.[field])]),
                  ),
                }))}
                columns={[
                  // The field names keep one line: squeezed by the stage columns they wrapped a character a line.
                  {
                    title: t('lead.field'),
                    dataIndex: 'field',
                    render: (f: string) => t(`fields.${f}`),
                    onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
                  },
                  { title: t('lead.now'), dataIndex: 'now' },
                  ...STAGES.filter((s) => lead.stageValues[s] && s !== 'prospect').map((s) => ({
                    title: t('lead.atStage', { stage: t(`stage.${s}`) }),
                    dataIndex: s,
                  })),
                ]}
              />
            </Card>
          </Col>
          <Col xs={24} xxl={12}>
            <Card title={t('lead.stageLog')}>
              <Timeline
                items={[
                  ...lead.stageLog.map((e) => ({
                    at: e.at,
                    color: e.direction === 'back' ? 'orange' : 'blue',
                    children: `${formatDateTime(e.at)} ${t(`stage.${e.from}`)} → ${t(`stage.${e.to}`)} · ${e.byName ?? e.by}${e.reason ? ` · ${e.reason}` : ''}`,
                  })),
                  ...lead.history.map((h) => ({
                    at: h.at,
                    color: 'gray',
                    children: `${formatDateTime(h.at)} ${t(`history.${h.action}`)} · ${h.byName ?? h.by}${h.detail ? ` · ${h.detail}` : ''}`,
                  })),
                ]
                  .sort((a, b) => a.at.localeCompare(b.at))
                  .map(({ at: _at, ...item }) => item)}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('lead.activities')}>
              <List
                dataSource={[...lead.activities].reverse()}
                locale={{ emptyText: t('lead.noActivities') }}
                renderItem={(a) => (
                  <List.Item>
                    <List.Item.Meta
                      title={`${t(`activity.${a.kind}`)} · ${formatDateTime(a.at)}`}
                      description={`${a.summary}${a.people.length ? ` （${a.people.join('、')}）` : ''}`}
                    />
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('lead.tasks')}>
              <List
                dataSource={lead.tasks}
                locale={{ emptyText: t('lead.noTasks') }}
                renderItem={(task) => (
                  <List.Item>
                    <Checkbox
                      checked={task.done}
                      disabled={!works}
                      onChange={(e) => setTask.mutate({ taskId: task.id, done: e.target.checked })}
                    >
                      {task.title} · {t('lead.due', { at: formatDate(task.dueAt) })}
                    </Checkbox>
                  </List.Item>
                )}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('lead.origin')}>
              <Timeline
                items={lead.originChain.map((o, i) => ({ children: <OriginLine key={i} origin={o} /> }))}
              />
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card title={t('lead.followUps')}>
              <LeadFollowUps leadId={lead.id} />
            </Card>
          </Col>
        </Row>
      )}
      {lead && <MoveDialog lead={lead} to={moveTo} onClose={() => setMoveTo(undefined)} />}
      {lead && <LeadDialogs lead={lead} open={dialog} onClose={() => setDialog(undefined)} />}
    </Flex>
  );
}

function OriginLine({ origin }: { origin: LeadOrigin }) {
  const { t } = useTranslation(NS);
  if (origin.kind === 'fair-scan')
    return (
      <span>
        {t('origin.fairScan', {
          fair: origin.fairTitle ?? origin.fairId,
          booth: origin.exhibitorName ?? origin.exhibitorOrgId,
          at: formatDateTime(origin.scannedAt),
        })}
      </span>
    );
  if (origin.kind === 'challenge')
    return (
      <span>
        {t('origin.challenge', {
          challenge: origin.challengeTitle ?? origin.challengeId,
          at: formatDateTime(origin.awardedAt),
        })}
      </span>
    );
  return <span>{t('origin.manual')}</span>;
}

function LeadDialogs(props: {
  lead: InvestmentLeadView;
  open: 'values' | 'activity' | 'task' | 'status' | 'owner' | 'landing' | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation(NS);
  const { lead, open } = props;
  const [form] = Form.useForm();
  const path = `/investment/leads/${lead.id}`;
  const send = useApiMutation(
    async (body: Record<string, unknown>) => {
      const version = String(lead.version);
      switch (open) {
        case 'values':
          return api.patch(path, { values: cleanValues(body['values'] as LeadValues) }, { ifMatch: version });
        case 'landing':
          return api.post(`${path}/request-landing`, {
            values: cleanValues(body['values'] as LeadValues),
            note: body['note'] || undefined,
          });
        case 'activity':
          return api.post(`${path}/activities`, {
            kind: body['kind'],
            at: new Date().toISOString(),
            people: (body['people'] as string[] | undefined) ?? [],
            summary: body['summary'],
          });
        case 'task':
          return api.post(`${path}/tasks`, {
            title: body['title'],
            dueAt: new Date(`${String(body['due'])}T18:00:00+08:00`).toISOString(),
          });
        case 'status':
          return api.post(`${path}/status`, {
            status: body['status'],
            ...(body['reason'] ? { reason: body['reason'] } : {}),
          });
        case 'owner':
          return api.post(`${path}/owner`, { ownerId: body['ownerId'], reason: body['reason'] });
        default:
          return undefined;
      }
    },
    { form, invalidates: [QUERY_GROUP], success: t('lead.saved'), onSuccess: () => props.onClose() },
  );
  return (
    <Modal
      open={!!open}
      title={open ? t(`dialog.${open}`) : ''}
      onCancel={props.onClose}
      onOk={() => void form.validateFields().then((body: Record<string, unknown>) => send.mutate(body))}
      okButtonProps={{ loading: send.isPending }}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ values: lead.values, kind: 'call', status: lead.status }}
      >
        {open === 'values' && <ValueFields fields={ALL_VALUE_FIELDS} required={false} />}
        {open === 'landing' && (
          <>
            <ValueFields fields={['actualInvestmentYuan', 'jobs', 'site', 'startDate']} />
            <Form.Item name="note" label={t('dialog.note')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {open === 'activity' && (
          <>
            <Form.Item name="kind" label={t('dialog.kind')}>
              <Select options={ACTIVITY_KINDS.map((k) => ({ value: k, label: t(`activity.${k}`) }))} />
            </Form.Item>
            <Form.Item name="people" label={t('dialog.people')}>
              <Select mode="tags" open={false} tokenSeparators={['，', ',', '、']} />
            </Form.Item>
            <Form.Item name="summary" label={t('dialog.summary')} rules={[{ required: true }]}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </>
        )}
        {open === 'task' && (
          <>
            <Form.Item name="title" label={t('dialog.taskTitle')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item
              name="due"
              label={t('dialog.due')}
              rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('gate.date') }]}
            >
              <Input placeholder="2026-12-31" />
            </Form.Item>
          </>
        )}
        {open === 'status' && (
          <>
            <Form.Item name="status" label={t('dialog.status')}>
              <Select options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} />
            </Form.Item>
            <Form.Item name="reason" label={t('dialog.reason')} extra={t('dialog.lostNeedsReason')}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
        {open === 'owner' && (
          <>
            <Form.Item name="ownerId" label={t('dialog.ownerId')} rules={[{ required: true }]}>
              <Input />
            </Form.Item>
            <Form.Item name="reason" label={t('dialog.reason')} rules={[{ required: true, min: 2 }]}>
              <Input.TextArea rows={2} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}
