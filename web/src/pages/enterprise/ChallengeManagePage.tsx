import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Popconfirm,
  Row,
  Skeleton,
  Space,
  Steps,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ApplicationList, ChallengeStatus, ChallengeView } from '@qingshui/contracts';
import { api } from '../../api/client';
import { regionName } from '../../app/regionName';
import { usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime, formatYuan } from '../../i18n/format';
import { useRoom } from '../../realtime/RealtimeProvider';
import { ApplicationsTab } from './ApplicationsTab';
import { AwardModal, ReasonModal, STEPS_FROM, useChallengeStep, type StepName } from './challengeActions';
import { ChallengeStatusTag } from './challengeUi';
import { MatchesTab } from './MatchesTab';

const FLOW: ChallengeStatus[] = ['draft', 'published', 'closed', 'awarded', 'delivered', 'completed'];

function StatusSteps({ challenge }: { challenge: ChallengeView }) {
  const { t } = useTranslation('enterprise');
  const cancelled = challenge.status === 'cancelled';
  // Where a cancelled challenge stopped: the status it was cancelled from.
  const stoppedAt = cancelled
    ? (challenge.history.findLast((h) => h.to === 'cancelled')?.from ?? 'draft')
    : challenge.status;
  const current = Math.max(0, FLOW.indexOf(stoppedAt));
  const reachedAt = (status: ChallengeStatus) => challenge.history.findLast((h) => h.to === status)?.at;
  return (
    <Steps
      size="small"
      current={current}
      status={cancelled ? 'error' : challenge.status === 'completed' ? 'finish' : 'process'}
      items={FLOW.map((status, i) => {
        const at = i <= current ? reachedAt(status) : undefined;
        return {
          title: t(`common:challengeStatus.${status}`),
          content: at ? formatDateTime(at) : undefined,
        };
      })}
    />
  );
}

function History({ challenge }: { challenge: ChallengeView }) {
  const { t } = useTranslation('enterprise');
  const principal = usePrincipal();
  const who = (by: string) =>
    by === principal.userId
      ? t('manage.byYou')
      : by === 'system:deadline'
        ? t('manage.bySystem')
        : by === challenge.poster.userId
          ? t('manage.byPoster')
          : t('manage.byOther');
  return (
    <Timeline
      items={[...challenge.history].reverse().map((entry, i) => ({
        key: `${entry.at}-${i}`,
        color: entry.to === 'cancelled' ? 'red' : entry.to === 'completed' ? 'green' : 'blue',
        content: (
          <Flex vertical gap={2}>
            <Typography.Text strong>
              {entry.from
                ? t('manage.historyMove', {
                    from: t(`common:challengeStatus.${entry.from}`),
                    to: t(`common:challengeStatus.${entry.to}`),
                  })
                : t('manage.historyCreated')}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(entry.at)} · {who(entry.by)}
            </Typography.Text>
            {entry.reason && (
              <Typography.Text>{t('manage.historyReason', { reason: entry.reason })}</Typography.Text>
            )}
          </Flex>
        ),
      }))}
    />
  );
}

export default function ChallengeManagePage() {
  const { id = '' } = useParams<{ id: string }>();
  const { t } = useTranslation('enterprise');
  const navigate = useNavigate();
  useRoom(id ? `challenge:${id}` : undefined);
  const query = useQuery({
    queryKey: ['challenges', id],
    queryFn: ({ signal }) => api.getVersioned<ChallengeView>(`/challenges/${id}`, signal),
    enabled: Boolean(id),
  });
  const [cancelOpen, setCancelOpen] = useState(false);
  const [award, setAward] = useState<{ open: boolean; initial?: string }>({ open: false });
  const [cancelForm] = Form.useForm<{ reason: string }>();
  const [awardForm] = Form.useForm<{ applicationId: string }>();
  const [tab, setTab] = useState('applications');
  const step = useChallengeStep(id, query, {
    form: cancelForm,
    onDone: (name) => {
      if (name === 'cancel') {
        setCancelOpen(false);
        cancelForm.resetFields();
      }
      if (name === 'award') setAward({ open: false });
    },
  });
  const challenge = query.data?.data;
  // The applications that can be awarded, for the award dialog (the same query as the tab).
  const applications = useQuery({
    queryKey: ['applications', id],
    queryFn: ({ signal }) => api.get<ApplicationList>(`/challenges/${id}/applications`, undefined, signal),
    enabled: Boolean(challenge?.canManage && challenge.status === 'closed'),
  });

  const crumbs = (
    <Breadcrumb
      items={[
        { title: <Link to="/enterprise/challenges">{t('list.title')}</Link> },
        { title: challenge?.title ?? t('manage.loading') },
      ]}
    />
  );
  if (query.isError)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Typography.Title level={2}>{t('manage.title')}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </Flex>
    );
  if (!challenge)
    return (
      <Flex vertical gap={16}>
        {crumbs}
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      </Flex>
    );

  const allowed = challenge.canManage ? STEPS_FROM[challenge.status] : [];
  const editable = challenge.canManage && (challenge.status === 'draft' || challenge.status === 'published');
  const pendingStep = step.isPending ? step.variables?.step : undefined;
  const run = (name: StepName) => step.mutate({ step: name });
  const confirmButton = (name: StepName, primary = false) => (
    <Popconfirm
      key={name}
      title={t(`manage.confirm.${name}`)}
      okText={t(`manage.actions.${name}`)}
      cancelText={t('common:actions.cancel')}
      okButtonProps={{ 'data-testid': `confirm-${name}` }}
      onConfirm={() => run(name)}
    >
      <Button
        type={primary ? 'primary' : 'default'}
        data-testid={`action-${name}`}
        loading={pendingStep === name}
      >
        {t(`manage.actions.${name}`)}
      </Button>
    </Popconfirm>
  );
  const awardOptions = (applications.data?.items ?? [])
    .filter((a) => a.status === 'submitted' || a.status === 'shortlisted')
    .map((a) => ({
      value: a.id,
      label: `${t(`common:applicationStatus.${a.status}`)} · ${formatDateTime(a.submittedAt)} · ${a.proposal.slice(0, 40)}`,
    }));
  const cancelledEntry = challenge.history.findLast((h) => h.to === 'cancelled');

  return (
    <Flex vertical gap={16}>
      {crumbs}
      <Flex justify="space-between" align="start" wrap gap={12}>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Space align="center" wrap>
            <Typography.Title level={2} style={{ margin: 0 }}>
              {challenge.title}
            </Typography.Title>
            <ChallengeStatusTag status={challenge.status} />
          </Space>
          <div>
            <Typography.Text type="secondary">
              {t('manage.subtitle', {
                county: regionName(challenge.county),
                district: regionName(challenge.pairedDistrict),
                field: t(`common:fields.${challenge.field}`),
              })}
            </Typography.Text>
          </div>
        </div>
        <Space wrap data-testid="challenge-actions">
          {editable && (
            <Button
              icon={<EditOutlined />}
              data-testid="action-edit"
              onClick={() => navigate(`/enterprise/challenges/${challenge.id}/edit`)}
            >
              {t('common:actions.edit')}
            </Button>
          )}
          {allowed.includes('publish') && (
            <Button
              type="primary"
              data-testid="action-publish"
              loading={pendingStep === 'publish'}
              onClick={() => run('publish')}
            >
              {t('manage.actions.publish')}
            </Button>
          )}
          {allowed.includes('close') && confirmButton('close')}
          {allowed.includes('award') && (
            <Button
              type="primary"
              data-testid="action-award"
              loading={pendingStep === 'award'}
              onClick={() => setAward({ open: true })}
            >
              {t('manage.actions.award')}
            </Button>
          )}
          {allowed.includes('deliver') && confirmButton('deliver', true)}
          {allowed.includes('complete') && confirmButton('complete', true)}
          {allowed.includes('cancel') && (
            <Button danger data-testid="action-cancel" onClick={() => setCancelOpen(true)}>
              {t('manage.actions.cancel')}
            </Button>
          )}
        </Space>
      </Flex>

      {!challenge.canManage && <Alert type="info" showIcon title={t('manage.readOnly')} />}
      {cancelledEntry && (
        <Alert
          type="error"
          showIcon
          title={t('manage.cancelledAlert', { at: formatDateTime(cancelledEntry.at) })}
          description={cancelledEntry.reason}
        />
      )}

      <Card>
        <StatusSteps challenge={challenge} />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card title={t('manage.details')}>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                {
                  key: 'field',
                  label: t('edit.fieldField'),
                  children: t(`common:fields.${challenge.field}`),
                },
                {
                  key: 'county',
                  label: t('edit.fieldCounty'),
                  children: `${regionName(challenge.county)}（${t('list.pairedWith', { district: regionName(challenge.pairedDistrict) })}）`,
                },
                {
                  key: 'reward',
                  label: t('edit.fieldAmount'),
                  children:
                    challenge.reward.amountYuan !== undefined
                      ? formatYuan(challenge.reward.amountYuan)
                      : t('manage.none'),
                },
                {
                  key: 'deadline',
                  label: t('edit.fieldDeadline'),
                  children: formatDateTime(challenge.deadline),
                },
                ...(challenge.reward.budgetNote
                  ? [
                      {
                        key: 'budget',
                        label: t('edit.fieldBudgetNote'),
                        children: challenge.reward.budgetNote,
                        span: 'filled' as const,
                      },
                    ]
                  : []),
                {
                  key: 'poster',
                  label: t('manage.poster'),
                  children: t(`manage.posterKind.${challenge.poster.kind}`, { org: challenge.poster.orgId }),
                },
                {
                  key: 'applications',
                  label: t('list.colApplications'),
                  children: challenge.applicationCount,
                },
                {
                  key: 'skills',
                  label: t('edit.fieldSkills'),
                  span: 'filled' as const,
                  children: challenge.requiredSkills.length ? (
                    <Flex gap={4} wrap>
                      {challenge.requiredSkills.map((s) => (
                        <Tag key={s}>{s}</Tag>
                      ))}
                    </Flex>
                  ) : (
                    t('manage.none')
                  ),
                },
                {
                  key: 'terms',
                  label: t('edit.sectionTerms'),
                  span: 'filled' as const,
                  children: (
                    <Flex vertical gap={2}>
                      <span>
                        {t(`ip.${challenge.terms.ip}`)} ·{' '}
                        {challenge.terms.confidentiality
                          ? t('manage.confidentialYes')
                          : t('manage.confidentialNo')}
                      </span>
                      {challenge.terms.note && (
                        <Typography.Text type="secondary">{challenge.terms.note}</Typography.Text>
                      )}
                    </Flex>
                  ),
                },
                {
                  key: 'summary',
                  label: t('edit.fieldSummary'),
                  span: 'filled' as const,
                  children: <span style={{ whiteSpace: 'pre-wrap' }}>{challenge.publicSummary}</span>,
                },
                ...(challenge.canSeeConfidential && challenge.confidentialDetails
                  ? [
                      {
                        key: 'confidential',
                        label: t('edit.fieldConfidential'),
                        span: 'filled' as const,
                        children: (
                          <span style={{ whiteSpace: 'pre-wrap' }}>{challenge.confidentialDetails}</span>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('manage.history')}>
            <History challenge={challenge} />
          </Card>
        </Col>
      </Row>

      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'applications',
              label: t('manage.tabApplications', { count: challenge.applicationCount }),
              children: (
                <ApplicationsTab
                  challenge={challenge}
                  awardPending={pendingStep === 'award'}
                  onAward={(applicationId) => step.mutate({ step: 'award', body: { applicationId } })}
                />
              ),
            },
            {
              key: 'matches',
              label: t('manage.tabMatches'),
              children: <MatchesTab challengeId={challenge.id} />,
            },
          ]}
        />
      </Card>

      <ReasonModal
        open={cancelOpen}
        formName="cancelChallenge"
        form={cancelForm}
        title={t('manage.cancelTitle')}
        intro={t('manage.cancelIntro')}
        okText={t('manage.actions.cancel')}
        pending={pendingStep === 'cancel'}
        onClose={() => {
          setCancelOpen(false);
          cancelForm.resetFields();
        }}
        onSubmit={(reason) => step.mutate({ step: 'cancel', body: { reason } })}
      />
      <AwardModal
        open={award.open}
        form={awardForm}
        options={awardOptions}
        initial={award.initial}
        pending={pendingStep === 'award'}
        onClose={() => setAward({ open: false })}
        onSubmit={(applicationId) => step.mutate({ step: 'award', body: { applicationId } })}
      />
    </Flex>
  );
}
