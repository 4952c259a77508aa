import { useQuery } from '@tanstack/react-query';
import {
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Steps,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import type { CadrePage, NominationList, NominationView, PostingView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { useAuth } from '../../../auth/AuthProvider';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { PresenceAvatars } from '../../../components/PresenceAvatars';
import { formatDate, formatDateTime } from '../../../i18n/format';
import { useRoom } from '../../../realtime/RealtimeProvider';
import { NominationStatusTag, PostingStatusTag, useExchangeLive, useStaleWithWho } from './exchangeUi';

/** A button that asks for a reason before it acts (cancel, refuse, withdraw). */
function ReasonButton({
  label,
  onReason,
  testId,
  danger,
}: {
  label: string;
  onReason: (reason: string) => Promise<unknown>;
  testId: string;
  danger?: boolean;
}) {
  const { t } = useTranslation('exchange-postings');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button danger={danger ?? true} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <Modal
        open={open}
        title={label}
        okButtonProps={{
          disabled: reason.trim().length < 2,
          ...({ 'data-testid': `${testId}-ok` } as object),
        }}
        onCancel={() => setOpen(false)}
        onOk={async () => {
          await onReason(reason.trim());
          setOpen(false);
          setReason('');
        }}
      >
        <Input.TextArea
          rows={3}
          placeholder={t('reason.placeholder')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          data-testid={`${testId}-reason`}
        />
      </Modal>
    </>
  );
}

/** One nomination with the two sides' steps and the office's, and what the caller may do next. */
function NominationCard({
  n,
  onStep,
}: {
  n: NominationView;
  onStep: (step: string, reason?: string) => Promise<unknown>;
}) {
  const { t } = useTranslation('exchange-postings');
  const { principal, hasRole } = useAuth();
  const side = hasRole('admin')
    ? 'office'
    : principal?.region === n.sendingRegion
      ? 'sending'
      : principal?.region === n.receivingUnit.region
        ? 'receiving'
        : undefined;
  const pending = ['nominated', 'released', 'accepted'].includes(n.status);
  const stepState = (done: boolean) =>
    done ? 'finish' : n.status === 'refused' || n.status === 'withdrawn' ? 'error' : 'wait';
  return (
    <Card size="small" data-testid={`nomination-${n.id}`}>
      <Flex justify="space-between" wrap gap={8}>
        <Space>
          <Typography.Text strong>
            {t('nomination.rank', { rank: n.rank })} {n.cadre.name}
          </Typography.Text>
          <Typography.Text type="secondary">
            {n.cadre.unit.name} · {n.cadre.position} · {t(`level.${n.cadre.level}`)}
          </Typography.Text>
          <NominationStatusTag status={n.status} />
        </Space>
        <Space wrap>
          {side === 'sending' && pending && !n.released && (
            <Button type="primary" onClick={() => void onStep('release')} data-testid="step-release">
              {t('nomination.release')}
            </Button>
          )}
          {side === 'receiving' && pending && !n.accepted && (
            <Button type="primary" onClick={() => void onStep('accept')} data-testid="step-accept">
              {t('nomination.accept')}
            </Button>
          )}
          {side === 'office' && n.status === 'agreed' && (
            <Button type="primary" onClick={() => void onStep('confirm')} data-testid="step-confirm">
              {t('nomination.confirm')}
            </Button>
          )}
          {side && (pending || n.status === 'agreed') && (
            <ReasonButton
              label={t('nomination.refuse')}
              testId="step-refuse"
              onReason={(r) => onStep('refuse', r)}
            />
          )}
          {side === 'sending' && pending && (
            <ReasonButton
              label={t('nomination.withdraw')}
              testId="step-withdraw"
              onReason={(r) => onStep('withdraw', r)}
            />
          )}
        </Space>
      </Flex>
      <Typography.Paragraph style={{ marginTop: 8 }}>{n.statement}</Typography.Paragraph>
      <Steps
        size="small"
        items={[
          { title: t('nomination.sendingStep'), status: stepState(n.released) },
          { title: t('nomination.receivingStep'), status: stepState(n.accepted) },
          { title: t('nomination.officeStep'), status: stepState(n.status === 'confirmed') },
        ]}
      />
      <Timeline
        style={{ marginTop: 12 }}
        items={n.steps.map((s) => ({
          children: (
            <span>
              {t(`nomination.action.${s.action}`)} · {t(`nomination.side.${s.side}`)} · {s.byName ?? s.by} ·{' '}
              {formatDateTime(s.at)}
              {s.reason ? ` · ${t('reason.label')}：${s.reason}` : ''}
            </span>
          ),
        }))}
      />
    </Card>
  );
}

/** The sending side nominates one of its cadres: a profile, a rank, a statement. */
function NominateForm({ posting }: { posting: PostingView }) {
  const { t } = useTranslation('exchange-postings');
  const [form] = Form.useForm<{ profileId: string; rank: number; statement: string }>();
  const profiles = useQuery({
    queryKey: ['exchange', 'cadres', posting.sendingRegion],
    queryFn: ({ signal }) =>
      api.get<CadrePage>('/exchange/cadres', { region: posting.sendingRegion, pageSize: 200 }, signal),
  });
  const nominate = useApiMutation(
    (values: { profileId: string; rank: number; statement: string }) =>
      api.post<NominationView>(`/exchange/postings/${posting.id}/nominations`, values),
    {
      form,
      invalidates: ['exchange'],
      success: t('nomination.submitted'),
      onSuccess: () => form.resetFields(),
    },
  );
  return (
    <Card size="small" title={t('nomination.new')}>
      <Form form={form} layout="inline" onFinish={(v) => nominate.mutate(v)} initialValues={{ rank: 1 }}>
        <Form.Item name="profileId" rules={[{ required: true }]} style={{ minWidth: 240 }}>
          <Select
            showSearch
            optionFilterProp="label"
            placeholder={t('nomination.pickCadre')}
            options={(profiles.data?.items ?? []).map((c) => ({
              value: c.id,
              label: `${c.name}（${c.unit.name}）`,
            }))}
            data-testid="nominate-profile"
          />
        </Form.Item>
        <Form.Item name="rank" rules={[{ required: true }]}>
          <InputNumber min={1} max={99} addonBefore={t('nomination.rankLabel')} />
        </Form.Item>
        <Form.Item name="statement" rules={[{ required: true, min: 2 }]} style={{ flex: 1, minWidth: 240 }}>
          <Input placeholder={t('nomination.statement')} data-testid="nominate-statement" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={nominate.isPending} data-testid="nominate-submit">
          {t('nomination.submit')}
        </Button>
      </Form>
    </Card>
  );
}

/** A posting (挂职岗位) with its nominations and the two-sided approval steps, live. */
export default function PostingPage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation('exchange-postings');
  const navigate = useNavigate();
  const { principal, hasRole } = useAuth();
  const stale = useStaleWithWho();
  useRoom(`posting:${id}`);
  useExchangeLive();
  const query = useQuery({
    queryKey: ['exchange', 'posting', id],
    queryFn: ({ signal }) => api.getVersioned<PostingView>(`/exchange/postings/${id}`, signal),
  });
  const nominations = useQuery({
    queryKey: ['exchange', 'nominations', id],
    queryFn: ({ signal }) =>
      api.get<NominationList>(`/exchange/postings/${id}/nominations`, undefined, signal),
  });
  const posting = query.data?.data;
  const move = useApiMutation(
    ({ to, reason }: { to: string; reason?: string }) =>
      api.post<PostingView>(`/exchange/postings/${id}/${to}`, reason ? { reason } : undefined, {
        ifMatch: String(posting?.version ?? ''),
      }),
    { invalidates: ['exchange'], onError: (error) => stale(error, () => void query.refetch()) },
  );
  const step = useApiMutation(
    ({ nomination, what, reason }: { nomination: string; what: string; reason?: string }) =>
      api.post<NominationView>(
        `/exchange/nominations/${nomination}/${what}`,
        reason ? { reason } : undefined,
      ),
    { invalidates: ['exchange'] },
  );
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!posting) return <Card loading />;
  const keeper = hasRole('admin') || (hasRole('cadre') && principal?.region === posting.unit.region);
  const sender = hasRole('admin') || (hasRole('cadre') && principal?.region === posting.sendingRegion);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }} data-testid="posting-heading">
            {posting.title} <PostingStatusTag status={posting.status} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {posting.unit.name} · {t(`direction.${posting.direction}`)} · {t(`kind.${posting.kind}`)}
          </Typography.Text>
        </div>
        {/* Who else is on this posting now (presence: the gateway's, for the posting's readers). */}
        <PresenceAvatars room={`posting:${id}`} />
        {keeper && (
          <Space wrap>
            {['draft', 'open'].includes(posting.status) && (
              <Button onClick={() => navigate(`/exchange/postings/${id}/edit`)}>{t('actions.edit')}</Button>
            )}
            {posting.status === 'draft' && (
              <Button type="primary" onClick={() => move.mutate({ to: 'open' })} data-testid="posting-open">
                {t('actions.open')}
              </Button>
            )}
            {['open', 'filled'].includes(posting.status) && posting.placed > 0 && (
              <Button onClick={() => move.mutate({ to: 'start' })}>{t('actions.start')}</Button>
            )}
            {posting.status === 'in-progress' && (
              <Button onClick={() => move.mutate({ to: 'complete' })}>{t('actions.complete')}</Button>
            )}
            {['draft', 'open', 'filled'].includes(posting.status) && (
              <ReasonButton
                label={t('actions.cancel')}
                testId="posting-cancel"
                onReason={(reason) => move.mutateAsync({ to: 'cancel', reason })}
              />
            )}
          </Space>
        )}
      </Flex>
      <Card>
        <Descriptions column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('fields.pair')}>
            {regionName(posting.pairId.split('-')[0])}—{regionName(posting.pairId.split('-')[1])}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.sending')}>
            {regionName(posting.sendingRegion)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.dates')}>
            {formatDate(posting.startDate)} – {formatDate(posting.endDate)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.level')}>{t(`level.${posting.level}`)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.places')}>
            <span data-testid="posting-places">
              {posting.placed} / {posting.places}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.updated')}>
            {posting.updatedByName ?? posting.updatedBy} · {formatDateTime(posting.updatedAt)}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.requirements')} span={3}>
            {posting.requirements || '—'}
          </Descriptions.Item>
          {posting.cancelReason && (
            <Descriptions.Item label={t('reason.label')} span={3}>
              {posting.cancelReason}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Typography.Title level={4}>
        {t('nomination.title', { n: nominations.data?.total ?? 0 })}
      </Typography.Title>
      {sender && posting.status === 'open' && <NominateForm posting={posting} />}
      {(nominations.data?.items ?? []).map((n) => (
        <NominationCard
          key={n.id}
          n={n}
          onStep={(what, reason) =>
            step.mutateAsync({ nomination: n.id, what, ...(reason ? { reason } : {}) })
          }
        />
      ))}
      <Card size="small" title={t('history.title')}>
        <Timeline
          items={posting.history.map((h) => ({
            children: (
              <span>
                {t(`history.${h.action}`)} · {h.byName ?? h.by} · {formatDateTime(h.at)}
                {h.fields ? ` · ${h.fields.map((f) => t(`fields.${f}`)).join('、')}` : ''}
                {h.reason ? ` · ${h.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </Flex>
  );
}
