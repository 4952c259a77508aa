import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Input,
  Modal,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import type { TenureView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { ErrorState } from '../../../components/ErrorState';
import { PresenceAvatars } from '../../../components/PresenceAvatars';
import { useStaleVersionHandler } from '../../../components/StaleVersion';
import { formatDateTime } from '../../../i18n/format';
import { useEvents, useRoom } from '../../../realtime/RealtimeProvider';

const NS = 'exchange-tracking';
/** Today on the counties' calendar (China, UTC+8): the days the API checks steps against. */
const chinaToday = () => dayjs(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
const STATE_COLOR: Record<TenureView['state'], string> = {
  'awaiting-arrival': 'blue',
  'on-post': 'green',
  completed: 'default',
  'returned-early': 'orange',
};

type Action = 'arrive' | 'review' | 'complete' | 'returnEarly' | 'changeEndDate';
/** Each action's route and its text field (the date field is `date`, or `endDate` for a new end). */
const ACTIONS: Record<
  Action,
  { path: string; text: 'note' | 'report' | 'reason'; textLabel: string; optional?: boolean }
> = {
  arrive: { path: 'arrival', text: 'note', textLabel: 'tenure.note', optional: true },
  review: { path: 'review', text: 'note', textLabel: 'tenure.reviewNote' },
  complete: { path: 'completion', text: 'report', textLabel: 'tenure.report' },
  returnEarly: { path: 'early-return', text: 'reason', textLabel: 'tenure.reason' },
  changeEndDate: { path: 'end-date', text: 'reason', textLabel: 'tenure.reason' },
};

/** A tenure's own page: its facts, every step with who and when, its deadlines, and the steps the caller may take. */
export default function TenurePage() {
  const { t } = useTranslation(NS);
  const { id = '' } = useParams();
  const client = useQueryClient();
  const key = ['exchange-tenure', id];
  const tenure = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.getVersioned<TenureView>(`/exchange/tenures/${id}`, signal),
  });
  useRoom(`tenure:${id}`);
  useEvents(['exchange.tenure.'], (_topic, envelope) => {
    const p = envelope.payload as { tenure?: { id?: string }; tenureId?: string };
    if (p?.tenure?.id === id || p?.tenureId === id) void client.invalidateQueries({ queryKey: key });
  });
  const [action, setAction] = useState<Action | undefined>();
  // Fields named as the API names them, so that its field errors land on them.
  const [form] = Form.useForm<Record<string, Dayjs | string | undefined>>();
  const stale = useStaleVersionHandler();
  const step = useApiMutation(
    async ({ which, values }: { which: Action; values: Record<string, Dayjs | string | undefined> }) => {
      const spec = ACTIONS[which];
      const dateField = which === 'changeEndDate' ? 'endDate' : 'date';
      const text = values[spec.text] as string | undefined;
      const body = {
        [dateField]: (values[dateField] as Dayjs).format('YYYY-MM-DD'),
        ...(text ? { [spec.text]: text } : {}),
      };
      return api.post<TenureView>(`/exchange/tenures/${id}/${spec.path}`, body, {
        ...(tenure.data?.etag ? { ifMatch: tenure.data.etag } : {}),
      });
    },
    {
      form,
      success: t('tenure.saved'),
      invalidates: ['exchange-tenure', 'exchange-rotation'],
      onSuccess: () => setAction(undefined),
      onError: (error, variables) =>
        stale(error, async () => {
          await tenure.refetch();
          step.mutate(variables);
        }),
    },
  );

  if (tenure.error) return <ErrorState error={tenure.error} onRetry={() => void tenure.refetch()} />;
  const view = tenure.data?.data;
  if (!view) return <Card loading />;
  const can = view.can;
  const open = (which: Action) => {
    form.resetFields();
    form.setFieldsValue(
      which === 'changeEndDate' ? { endDate: dayjs(view.endDate) } : { date: chinaToday() },
    );
    setAction(which);
  };
  return (
    <Flex vertical gap={16}>
      <Breadcrumb
        items={[
          { title: <Link to="/exchange/rotation">{t('rotation.title')}</Link> },
          { title: t('tenure.title') },
        ]}
      />
      <Flex justify="space-between" align="center" wrap gap={12}>
        <Flex align="center" gap={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {view.cadre.name} · {view.postingTitle}
          </Typography.Title>
          <Tag color={STATE_COLOR[view.state]} data-testid="tenure-state">
            {t(`tenure.state.${view.state}`)}
          </Tag>
          <Typography.Text type="secondary">{t('tenure.version', { version: view.version })}</Typography.Text>
        </Flex>
        <PresenceAvatars room={`tenure:${id}`} />
      </Flex>
      <Flex gap={8} wrap>
        {(Object.keys(ACTIONS) as Action[])
          .filter((which) => can?.[which])
          .map((which) => (
            <Button
              key={which}
              type={which === 'returnEarly' || which === 'changeEndDate' ? 'default' : 'primary'}
              onClick={() => open(which)}
              data-testid={`tenure-${which}`}
            >
              {t(`tenure.actions.${which}`)}
            </Button>
          ))}
      </Flex>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('tenure.cadre')}>{view.cadre.name}</Descriptions.Item>
          <Descriptions.Item label={t('tenure.posting')}>{view.postingTitle}</Descriptions.Item>
          <Descriptions.Item label={t('tenure.receiving')}>{view.receivingUnit.name}</Descriptions.Item>
          <Descriptions.Item label={t('tenure.sending')}>{view.sendingUnit.name}</Descriptions.Item>
          <Descriptions.Item label={t('tenure.period')}>
            {view.startDate} – {view.endDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('tenure.arrival')}>{view.arrivalDate ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={view.reviewedOn ? t('tenure.reviewedOn') : t('tenure.reviewDue')}>
            {view.reviewedOn ?? view.reviewDueDate}
          </Descriptions.Item>
          <Descriptions.Item label={t('tenure.returnedOn')}>{view.returnedOn ?? '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Flex gap={16} wrap align="flex-start">
        <Card title={t('tenure.steps')} style={{ flex: 2, minWidth: 320 }}>
          <Timeline
            items={view.steps.map((s, i) => ({
              key: i,
              children: (
                <Flex vertical gap={2} data-testid={`tenure-step-${s.kind}`}>
                  <span>
                    <Typography.Text strong>{t(`tenure.step.${s.kind}`)}</Typography.Text>
                    {s.date ? ` · ${s.date}` : ''}
                  </span>
                  {s.text && <span style={{ whiteSpace: 'pre-wrap' }}>{s.text}</span>}
                  <Typography.Text type="secondary">
                    {t('tenure.by', { name: s.by.name, at: formatDateTime(s.at) })}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        </Card>
        <Card title={t('tenure.deadlines')} style={{ flex: 1, minWidth: 260 }}>
          {view.deadlines.length === 0 ? (
            <Typography.Text type="secondary">{t('tenure.noDeadlines')}</Typography.Text>
          ) : (
            <Flex vertical gap={8}>
              {view.deadlines.map((d) => (
                <Flex key={`${d.kind}-${d.dueDate}`} justify="space-between" gap={8}>
                  <span>
                    {t(`tenure.deadline.${d.kind}`)} · {d.dueDate}
                  </span>
                  <Tag color={d.state === 'fired' ? 'orange' : 'blue'}>
                    {t(`tenure.deadlineState.${d.state}`)}
                  </Tag>
                </Flex>
              ))}
            </Flex>
          )}
        </Card>
      </Flex>
      <Modal
        open={!!action}
        title={action ? t(`tenure.actions.${action}`) : ''}
        onCancel={() => setAction(undefined)}
        onOk={() =>
          void form.validateFields().then((values) => action && step.mutate({ which: action, values }))
        }
        confirmLoading={step.isPending}
        destroyOnHidden
      >
        {action && (
          <Form form={form} layout="vertical">
            <Form.Item
              name={action === 'changeEndDate' ? 'endDate' : 'date'}
              label={action === 'changeEndDate' ? t('tenure.endDate') : t('tenure.date')}
              rules={[{ required: true }]}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name={ACTIONS[action].text}
              label={t(ACTIONS[action].textLabel)}
              rules={
                ACTIONS[action].optional ? [] : [{ required: true, min: action === 'complete' ? 10 : 2 }]
              }
            >
              <Input.TextArea rows={action === 'complete' ? 6 : 3} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Flex>
  );
}
