import { CheckCircleOutlined, LockOutlined, SettingOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Col,
  Collapse,
  Descriptions,
  Flex,
  Form,
  Input,
  Progress,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type {
  ApplicationList,
  ApplicationView,
  ChallengeView,
  ExpertSearchResultPage,
} from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { useAuth, usePrincipal } from '../../auth/AuthProvider';
import { ErrorState } from '../../components/ErrorState';
import { PresenceAvatars } from '../../components/PresenceAvatars';
import { formatDate, formatDateTime, formatYuan } from '../../i18n/format';
import { useRoom } from '../../realtime/RealtimeProvider';
import { useMatches, useMyExpert } from '../expert/useMyExpert';
import { MatchExplanation, scorePoints } from './MatchExplanation';
import { APPLICATION_STATUS_COLOR, CHALLENGE_STATUS_COLOR } from './statusColors';

interface ApplicationForm {
  proposal?: string;
  teamExpertIds?: { value: string; label: string }[];
}

/** A search over the expert pool for team members (GET /experts/search). */
function TeamSelect({
  value,
  onChange,
  id,
  excludeId,
  disabled,
}: {
  value?: ApplicationForm['teamExpertIds'];
  onChange?: (value: ApplicationForm['teamExpertIds']) => void;
  id?: string;
  excludeId: string | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation('expert');
  const [q, setQ] = useState('');
  const search = useQuery({
    queryKey: ['experts', 'search', q],
    queryFn: () => api.get<ExpertSearchResultPage>('/experts/search', { ...(q ? { q } : {}), pageSize: 20 }),
    staleTime: 60_000,
  });
  const options = (search.data?.items ?? [])
    .filter((item) => item.expert.id !== excludeId)
    .map((item) => ({
      value: item.expert.id,
      label: `${item.expert.name} · ${item.expert.institution} · ${item.expert.title}`,
    }));
  return (
    <Select
      id={id}
      mode="multiple"
      labelInValue
      value={value}
      onChange={(next) => onChange?.(next as ApplicationForm['teamExpertIds'])}
      showSearch={{ filterOption: false, onSearch: (text) => setQ(text.trim()) }}
      options={options}
      loading={search.isFetching}
      placeholder={t('challenge.teamPlaceholder')}
      notFoundContent={search.isFetching ? t('challenge.searching') : t('challenge.noExperts')}
      disabled={disabled}
      maxCount={20}
    />
  );
}

function ApplySection({ challenge }: { challenge: ChallengeView }) {
  const { t } = useTranslation('expert');
  const principal = usePrincipal();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ApplicationForm>();
  const mine = useMyExpert();
  const applications = useQuery({
    queryKey: ['applications', challenge.id],
    queryFn: () => api.get<ApplicationList>(`/challenges/${challenge.id}/applications`),
  });
  const apply = useApiMutation(
    (values: ApplicationForm) =>
      api.post<ApplicationView>(`/challenges/${challenge.id}/applications`, {
        proposal: values.proposal ?? '',
        teamExpertIds: (values.teamExpertIds ?? []).map((v) => v.value),
      }),
    {
      form,
      invalidates: ['applications', 'challenges'],
      success: t('challenge.applied'),
      onSuccess: (reply) =>
        queryClient.setQueryData<ApplicationList>(['applications', challenge.id], (current) => ({
          items: [...(current?.items ?? []).filter((a) => a.id !== reply.id), reply],
        })),
    },
  );
  const acceptTerms = useApiMutation(
    () => api.post<ChallengeView>(`/challenges/${challenge.id}/terms/accept`),
    {
      invalidates: ['challenges'],
      success: t('challenge.termsAcceptedToast'),
      onSuccess: (reply) => queryClient.setQueryData(['challenges', challenge.id], reply),
    },
  );
  const myApplication = applications.data?.items.find(
    (a) => a.leaderUserId === principal.userId || a.userIds.includes(principal.userId),
  );
  const needsTerms = challenge.terms.confidentiality && !challenge.termsAccepted;

  let content;
  if (mine.isPending || applications.isPending) content = <Skeleton active />;
  else if (applications.isError)
    content = <ErrorState error={applications.error} onRetry={() => void applications.refetch()} />;
  else if (myApplication)
    content = (
      <Result
        status="success"
        icon={<CheckCircleOutlined />}
        title={<span data-testid="applied">{t('challenge.appliedTitle')}</span>}
        subTitle={
          <Space orientation="vertical" size={4}>
            <span>
              {t('challenge.applicationStatus')}：
              <Tag color={APPLICATION_STATUS_COLOR[myApplication.status]} data-testid="application-status">
                {t(`common:applicationStatus.${myApplication.status}`)}
              </Tag>
            </span>
            <span>{t('challenge.submittedAt', { at: formatDateTime(myApplication.submittedAt) })}</span>
            {myApplication.expertIds.length > 1 && (
              <span>{t('challenge.teamSize', { n: myApplication.expertIds.length })}</span>
            )}
            {myApplication.leaderUserId !== principal.userId && <span>{t('challenge.asTeamMember')}</span>}
            {myApplication.reason && <span>{t('challenge.reason', { reason: myApplication.reason })}</span>}
          </Space>
        }
        extra={<Link to="/expert/applications">{t('challenge.toMyApplications')}</Link>}
      >
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
          {myApplication.proposal}
        </Typography.Paragraph>
      </Result>
    );
  else if (mine.data === null)
    content = (
      <Alert
        type="info"
        showIcon
        title={t('challenge.needProfile')}
        action={<Link to="/expert/profile">{t('challenge.toProfile')}</Link>}
      />
    );
  else if (challenge.status !== 'published')
    content = <Alert type="info" showIcon title={t('challenge.notOpen')} />;
  else
    content = (
      <>
        {needsTerms && (
          <Alert
            type="warning"
            showIcon
            icon={<LockOutlined />}
            title={t('challenge.termsFirst')}
            style={{ marginBottom: 16 }}
            action={
              <Button
                type="primary"
                size="small"
                loading={acceptTerms.isPending}
                onClick={() => acceptTerms.mutate()}
                data-testid="accept-terms-inline"
              >
                {t('challenge.acceptTerms')}
              </Button>
            }
          />
        )}
        <Form<ApplicationForm>
          form={form}
          name="application"
          layout="vertical"
          onFinish={(values) => apply.mutate(values)}
          disabled={needsTerms}
        >
          <Form.Item
            name="proposal"
            label={t('challenge.proposal')}
            extra={t('challenge.proposalHint')}
            rules={[{ required: true, message: t('challenge.proposalRequired') }]}
          >
            <Input.TextArea
              rows={6}
              showCount
              maxLength={10000}
              placeholder={t('challenge.proposalPlaceholder')}
            />
          </Form.Item>
          <Form.Item name="teamExpertIds" label={t('challenge.team')} extra={t('challenge.teamHint')}>
            <TeamSelect excludeId={mine.data?.id} disabled={needsTerms} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={apply.isPending} data-testid="apply-submit">
            {t('challenge.submit')}
          </Button>
        </Form>
      </>
    );
  return (
    <Card title={t('challenge.applyTitle')} style={{ marginTop: 16 }}>
      {content}
      {!myApplication && !needsTerms && challenge.status === 'published' && mine.data && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
          {t('challenge.leaderNote', { name: mine.data.name })}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function MyMatch({ challengeId }: { challengeId: string }) {
  const { t } = useTranslation('expert');
  const mine = useMyExpert();
  const matches = useMatches(mine.data?.id, 100);
  if (!mine.data || !matches.data) return null;
  const match = matches.data.items.find((m) => m.challenge.id === challengeId);
  const excluded = matches.data.excluded.find((e) => e.challenge.id === challengeId);
  return (
    <Card title={t('challenge.matchTitle')} size="small" style={{ marginTop: 16 }} data-testid="my-match">
      {excluded ? (
        <Alert
          type="warning"
          showIcon
          title={t('challenge.excluded')}
          description={excluded.detail || excluded.reason}
        />
      ) : match ? (
        <Flex vertical gap={8}>
          <Flex align="center" gap={12}>
            <Progress
              type="circle"
              size={56}
              percent={scorePoints(match.score)}
              format={(v) => v}
              aria-label={t('challenge.matchScore', { points: scorePoints(match.score) })}
            />
            <Typography.Text>
              {t('challenge.matchScore', { points: scorePoints(match.score) })}
            </Typography.Text>
          </Flex>
          <Collapse
            size="small"
            items={[
              {
                key: 'why',
                label: t('challenge.matchWhy'),
                children: <MatchExplanation explanation={match} headingLevel={4} />,
              },
            ]}
          />
        </Flex>
      ) : (
        <Typography.Text type="secondary">{t('challenge.notMatched')}</Typography.Text>
      )}
    </Card>
  );
}

export default function ChallengePage() {
  const { t } = useTranslation('expert');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const auth = useAuth();
  const isExpert = auth.hasRole('expert');
  useRoom(id ? `challenge:${id}` : undefined);
  const query = useQuery({
    queryKey: ['challenges', id],
    queryFn: () => api.get<ChallengeView>(`/challenges/${id}`),
    enabled: Boolean(id),
  });
  const acceptTerms = useApiMutation(() => api.post<ChallengeView>(`/challenges/${id}/terms/accept`), {
    invalidates: ['challenges'],
    success: t('challenge.termsAcceptedToast'),
  });

  if (query.isError)
    return (
      <>
        <Typography.Title level={2}>{t('challenge.pageTitle')}</Typography.Title>
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  if (!query.data)
    return (
      <>
        <Typography.Title level={2}>{t('challenge.pageTitle')}</Typography.Title>
        <Skeleton active paragraph={{ rows: 12 }} />
      </>
    );
  const c = query.data;
  const terms = c.terms;
  return (
    <>
      <Flex justify="space-between" align="flex-start" gap={16} wrap>
        <div>
          <Typography.Text type="secondary">{t('challenge.pageTitle')}</Typography.Text>
          <Typography.Title level={2} style={{ marginTop: 4 }}>
            {c.title}
          </Typography.Title>
          <Space wrap size={[8, 8]}>
            <Tag color={CHALLENGE_STATUS_COLOR[c.status]} data-testid="challenge-status">
              {t(`common:challengeStatus.${c.status}`)}
            </Tag>
            <Tag color="blue">{t(`common:fields.${c.field}`)}</Tag>
            <Typography.Text type="secondary">
              {t('challenge.where', { county: regionName(c.county), district: regionName(c.pairedDistrict) })}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('challenge.deadlineOn', { date: formatDateTime(c.deadline) })}
            </Typography.Text>
          </Space>
        </div>
        <Space>
          <PresenceAvatars room={`challenge:${c.id}`} />
          <Button onClick={() => navigate(-1)}>{t('common:actions.back')}</Button>
          {c.canManage && (
            <Button
              type="primary"
              icon={<SettingOutlined />}
              onClick={() => navigate(`/enterprise/challenges/${c.id}`)}
              data-testid="manage-challenge"
            >
              {t('challenge.manage')}
            </Button>
          )}
        </Space>
      </Flex>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} xl={16}>
          <Card title={t('challenge.summaryTitle')}>
            <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', fontSize: 15 }}>
              {c.publicSummary}
            </Typography.Paragraph>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              size="small"
              items={[
                {
                  key: 'skills',
                  label: t('challenge.requiredSkills'),
                  span: 'filled' as const,
                  children:
                    c.requiredSkills.length > 0 ? (
                      <Space size={[4, 8]} wrap>
                        {c.requiredSkills.map((s) => (
                          <Tag key={s}>{s}</Tag>
                        ))}
                      </Space>
                    ) : (
                      t('challenge.none')
                    ),
                },
                {
                  key: 'reward',
                  label: t('challenge.reward'),
                  children:
                    c.reward.amountYuan !== undefined
                      ? formatYuan(c.reward.amountYuan)
                      : t('challenge.rewardNone'),
                },
                { key: 'budget', label: t('challenge.budgetNote'), children: c.reward.budgetNote ?? '—' },
                {
                  key: 'poster',
                  label: t('challenge.poster'),
                  children: t(`challenge.posterKind.${c.poster.kind}`, { org: c.poster.orgId }),
                },
                { key: 'count', label: t('challenge.applicationCount'), children: c.applicationCount },
                {
                  key: 'published',
                  label: t('challenge.publishedAt'),
                  children: formatDateTime(c.publishedAt) || '—',
                },
                { key: 'updated', label: t('challenge.updatedAt'), children: formatDateTime(c.updatedAt) },
              ]}
            />
          </Card>
          <Card
            title={
              <span>
                <LockOutlined aria-hidden style={{ marginInlineEnd: 8 }} />
                {t('challenge.confidentialTitle')}
              </span>
            }
            style={{ marginTop: 16 }}
          >
            {c.confidentialDetails !== undefined && c.canSeeConfidential ? (
              <Typography.Paragraph
                style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}
                data-testid="confidential"
              >
                {c.confidentialDetails || t('challenge.confidentialEmpty')}
              </Typography.Paragraph>
            ) : (
              <Typography.Text type="secondary">
                {isExpert ? t('challenge.confidentialLockedExpert') : t('challenge.confidentialLocked')}
              </Typography.Text>
            )}
          </Card>
          {isExpert && <ApplySection challenge={c} />}
        </Col>
        <Col xs={24} xl={8}>
          <Card title={t('challenge.termsTitle')} size="small">
            <Descriptions
              column={1}
              size="small"
              items={[
                { key: 'ip', label: t('challenge.ip'), children: t(`challenge.ipTerms.${terms.ip}`) },
                {
                  key: 'conf',
                  label: t('challenge.confidentiality'),
                  children: terms.confidentiality
                    ? t('challenge.confidentialYes')
                    : t('challenge.confidentialNo'),
                },
                ...(terms.note
                  ? [{ key: 'note', label: t('challenge.termsNote'), children: terms.note }]
                  : []),
                ...(isExpert
                  ? [
                      {
                        key: 'accepted',
                        label: t('challenge.termsAccepted'),
                        children: c.termsAccepted ? (
                          <Tag color="success" icon={<CheckCircleOutlined />} data-testid="terms-accepted">
                            {t('challenge.accepted')}
                          </Tag>
                        ) : (
                          <Tag>{t('challenge.notAccepted')}</Tag>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            {isExpert && !c.termsAccepted && c.status === 'published' && (
              <Button
                type={terms.confidentiality ? 'primary' : 'default'}
                block
                loading={acceptTerms.isPending}
                onClick={() => acceptTerms.mutate()}
                data-testid="accept-terms"
                style={{ marginTop: 12 }}
              >
                {t('challenge.acceptTerms')}
              </Button>
            )}
          </Card>
          {isExpert && <MyMatch challengeId={c.id} />}
          <Card title={t('challenge.historyTitle')} size="small" style={{ marginTop: 16 }}>
            <Timeline
              items={c.history.map((h, i) => ({
                key: `${h.at}-${i}`,
                title: formatDateTime(h.at),
                content: (
                  <span>
                    {t(`common:challengeStatus.${h.to}`)}
                    {h.reason ? ` · ${h.reason}` : ''}
                  </span>
                ),
                color: h.to === 'cancelled' ? 'gray' : 'blue',
              }))}
            />
            <Typography.Text type="secondary">
              {t('challenge.createdAt', { at: formatDate(c.createdAt) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
    </>
  );
}
