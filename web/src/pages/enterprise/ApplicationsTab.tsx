import { useQueries, useQuery } from '@tanstack/react-query';
import { Button, Empty, Flex, Form, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApplicationList, ApplicationView, ChallengeView, ExpertProfile } from '@qingshui/contracts';
import { api } from '../../api/client';
import { useApiMutation } from '../../api/useApiMutation';
import { regionName } from '../../app/regionName';
import { ErrorState } from '../../components/ErrorState';
import { formatDateTime } from '../../i18n/format';
import { ReasonModal } from './challengeActions';
import { ApplicationStatusTag } from './challengeUi';

const OPEN_FOR_REVIEW: ChallengeView['status'][] = ['published', 'closed'];

/** The experts of the applications, by id (each profile its own query, shared with other pages). */
function useExperts(ids: string[]) {
  const results = useQueries({
    queries: ids.map((id) => ({
      queryKey: ['experts', id],
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<ExpertProfile>(`/experts/${id}`, undefined, signal),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const byId = new Map<string, ExpertProfile>();
  results.forEach((result, i) => {
    if (result.data) byId.set(ids[i] as string, result.data);
  });
  return byId;
}

export function ApplicationsTab({
  challenge,
  onAward,
  awardPending,
}: {
  challenge: ChallengeView;
  onAward: (applicationId: string) => void;
  awardPending: boolean;
}) {
  const { t } = useTranslation('enterprise');
  const id = challenge.id;
  const query = useQuery({
    queryKey: ['applications', id],
    queryFn: ({ signal }) => api.get<ApplicationList>(`/challenges/${id}/applications`, undefined, signal),
  });
  const items = query.data?.items ?? [];
  const experts = useExperts([...new Set(items.flatMap((a) => a.expertIds))]);
  const [rejecting, setRejecting] = useState<ApplicationView | undefined>();
  const [rejectForm] = Form.useForm<{ reason: string }>();

  const shortlist = useApiMutation(
    (applicationId: string) =>
      api.post<ApplicationView>(`/challenges/${id}/applications/${applicationId}/shortlist`),
    { success: t('applications.shortlisted'), invalidates: ['applications', 'challenges'] },
  );
  const reject = useApiMutation(
    ({ applicationId, reason }: { applicationId: string; reason: string }) =>
      api.post<ApplicationView>(`/challenges/${id}/applications/${applicationId}/reject`, { reason }),
    {
      form: rejectForm,
      success: t('applications.rejected'),
      invalidates: ['applications', 'challenges'],
      onSuccess: () => {
        setRejecting(undefined);
        rejectForm.resetFields();
      },
    },
  );

  const reviewable = challenge.canManage && OPEN_FOR_REVIEW.includes(challenge.status);
  const awardable = challenge.canManage && challenge.status === 'closed';
  const nameOf = (expertId: string) => experts.get(expertId)?.name ?? t('applications.expertLoading');

  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;

  return (
    <>
      <Table<ApplicationView>
        rowKey="id"
        data-testid="applications"
        loading={query.isPending}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20 } : false}
        locale={{
          emptyText: (
            <Empty
              image={Empty.PRESENTED_IMAGE_SIMPLE}
              description={
                !challenge.canManage && challenge.applicationCount > 0
                  ? t('applications.emptyNotManager', { count: challenge.applicationCount })
                  : challenge.status === 'draft'
                    ? t('applications.emptyDraft')
                    : t('applications.empty')
              }
            />
          ),
        }}
        expandable={{
          expandedRowRender: (application) => (
            <Flex vertical gap={8} style={{ padding: '4px 8px' }}>
              <Typography.Text strong>{t('applications.proposal')}</Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginBottom: 0 }}>
                {application.proposal}
              </Typography.Paragraph>
              {application.expertIds.length > 1 && (
                <Flex gap={4} wrap align="center">
                  <Typography.Text strong>{t('applications.team')}</Typography.Text>
                  {application.expertIds.map((expertId, i) => (
                    <Tag key={expertId} color={i === 0 ? 'blue' : undefined}>
                      {nameOf(expertId)}
                      {i === 0 ? ` · ${t('applications.leaderMark')}` : ''}
                    </Tag>
                  ))}
                </Flex>
              )}
              {application.reason && (
                <Typography.Text type="secondary">
                  {t('applications.reasonShown', { reason: application.reason })}
                </Typography.Text>
              )}
            </Flex>
          ),
          expandRowByClick: false,
        }}
        columns={[
          {
            title: t('applications.colLeader'),
            dataIndex: 'leaderExpertId',
            render: (expertId: string) => {
              const expert = experts.get(expertId);
              return (
                <Flex vertical>
                  <span>
                    {nameOf(expertId)}
                    {expert?.academician && (
                      <Tag color="red" style={{ marginInlineStart: 6 }}>
                        {t('applications.academician')}
                      </Tag>
                    )}
                    {expert?.verified && (
                      <Tag color="green" style={{ marginInlineStart: 6 }}>
                        {t('applications.verified')}
                      </Tag>
                    )}
                  </span>
                  {expert && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {[expert.title, expert.institution, regionName(expert.region)]
                        .filter(Boolean)
                        .join(' · ')}
                    </Typography.Text>
                  )}
                </Flex>
              );
            },
          },
          {
            title: t('applications.colTeam'),
            dataIndex: 'expertIds',
            width: 100,
            align: 'right',
            render: (ids: string[]) => t('applications.teamSize', { count: ids.length }),
          },
          {
            title: t('applications.colProposal'),
            dataIndex: 'proposal',
            ellipsis: true,
            render: (proposal: string) => (
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360 }}>
                {proposal}
              </Typography.Text>
            ),
          },
          {
            title: t('applications.colStatus'),
            dataIndex: 'status',
            width: 100,
            render: (status: ApplicationView['status']) => <ApplicationStatusTag status={status} />,
          },
          {
            title: t('applications.colSubmitted'),
            dataIndex: 'submittedAt',
            width: 170,
            render: (at: string) => formatDateTime(at),
          },
          ...(challenge.canManage
            ? [
                {
                  title: t('applications.colActions'),
                  key: 'actions',
                  width: 220,
                  render: (_: unknown, application: ApplicationView) => {
                    const open = application.status === 'submitted' || application.status === 'shortlisted';
                    return (
                      <Space size={4} wrap>
                        {reviewable && application.status === 'submitted' && (
                          <Button
                            size="small"
                            data-testid="application-shortlist"
                            loading={shortlist.isPending && shortlist.variables === application.id}
                            onClick={() => shortlist.mutate(application.id)}
                          >
                            {t('applications.shortlist')}
                          </Button>
                        )}
                        {awardable && open && (
                          <Popconfirm
                            title={t('applications.awardConfirm', {
                              name: nameOf(application.leaderExpertId),
                            })}
                            okText={t('manage.actions.award')}
                            cancelText={t('common:actions.cancel')}
                            onConfirm={() => onAward(application.id)}
                          >
                            <Button
                              size="small"
                              type="primary"
                              data-testid="application-award"
                              loading={awardPending}
                            >
                              {t('manage.actions.award')}
                            </Button>
                          </Popconfirm>
                        )}
                        {reviewable && open && (
                          <Button
                            size="small"
                            danger
                            data-testid="application-reject"
                            onClick={() => setRejecting(application)}
                          >
                            {t('applications.reject')}
                          </Button>
                        )}
                      </Space>
                    );
                  },
                },
              ]
            : []),
        ]}
      />
      <ReasonModal
        open={rejecting !== undefined}
        formName="rejectApplication"
        form={rejectForm}
        title={t('applications.rejectTitle')}
        intro={t('applications.rejectIntro', { name: rejecting ? nameOf(rejecting.leaderExpertId) : '' })}
        okText={t('applications.reject')}
        pending={reject.isPending}
        onClose={() => {
          setRejecting(undefined);
          rejectForm.resetFields();
        }}
        onSubmit={(reason) => rejecting && reject.mutate({ applicationId: rejecting.id, reason })}
      />
    </>
  );
}
