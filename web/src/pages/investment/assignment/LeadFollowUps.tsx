import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LeadFollowUps as FollowUps, ReminderView } from '@qingshui/contracts';
import { api, isApiError } from '../../../api/client';
import { ErrorState } from '../../../components/ErrorState';
import { formatDateTime } from '../../../i18n/format';
import { useEvents } from '../../../realtime/RealtimeProvider';

const STATE_COLOR: Record<ReminderView['state'], string> = {
  upcoming: 'blue',
  fired: 'orange',
  escalated: 'red',
  resolved: 'default',
};

function Reminder({ reminder }: { reminder: ReminderView }) {
  const { t } = useTranslation('investment-assignment');
  return (
    <Flex vertical gap={2} data-testid={`reminder-${reminder.id}`}>
      <span>
        <Tag color={STATE_COLOR[reminder.state]}>{t(`state.${reminder.state}`)}</Tag>
        {t(`kind.${reminder.kind}`, { days: reminder.days, task: reminder.taskTitle })}
      </span>
      <Typography.Text type="secondary">
        {reminder.firedAt
          ? t('followUps.firedAt', { at: formatDateTime(reminder.firedAt) })
          : t('followUps.dueAt', { at: formatDateTime(reminder.dueAt) })}
        {reminder.escalatesAt &&
          ` · ${t('followUps.escalatesAt', { at: formatDateTime(reminder.escalatesAt) })}`}
        {reminder.escalatedAt &&
          ` · ${t('followUps.escalatedAt', { at: formatDateTime(reminder.escalatedAt) })}`}
      </Typography.Text>
    </Flex>
  );
}

/**
 * A lead's follow-up reminders and deadlines, shown on the lead page (leads part): what is coming,
 * what fired and to whom it escalated. Refreshed when the lead changes or a reminder of it is announced.
 */
export function LeadFollowUps({ leadId }: { leadId: string }) {
  const { t } = useTranslation('investment-assignment');
  const client = useQueryClient();
  const key = ['investment', 'follow-ups', leadId];
  const followUps = useQuery({
    queryKey: key,
    retry: (count, error) => !(isApiError(error) && error.status === 404) && count < 2,
    queryFn: ({ signal }) => api.get<FollowUps>(`/investment/leads/${leadId}/follow-ups`, undefined, signal),
  });
  // A reminder of the lead, or a change of the lead itself (a move, a landing, a closing re-plans it).
  useEvents(['investment.lead.'], (_topic, envelope) => {
    const payload = (envelope as { payload?: { reminder?: { leadId?: string }; lead?: { id?: string } } })
      .payload;
    if (payload?.reminder?.leadId === leadId || payload?.lead?.id === leadId)
      void client.invalidateQueries({ queryKey: key });
  });
  const notYet = isApiError(followUps.error) && followUps.error.status === 404;
  if (followUps.error && !notYet)
    return <ErrorState error={followUps.error} onRetry={() => void followUps.refetch()} />;
  const data = followUps.data;
  return (
    <Card
      size="small"
      title={t('followUps.title')}
      loading={followUps.isLoading}
      data-testid="lead-follow-ups"
    >
      {!data || (data.upcoming.length === 0 && data.history.length === 0) ? (
        <Empty description={t('followUps.empty')} />
      ) : (
        <Flex vertical gap={12}>
          <Typography.Text strong>{t('followUps.upcoming')}</Typography.Text>
          {data.upcoming.length === 0 ? (
            <Typography.Text type="secondary">{t('followUps.none')}</Typography.Text>
          ) : (
            <Timeline
              items={data.upcoming.map((r) => ({
                key: r.id,
                color: 'blue',
                children: <Reminder reminder={r} />,
              }))}
            />
          )}
          <Typography.Text strong>{t('followUps.history')}</Typography.Text>
          {data.history.length === 0 ? (
            <Typography.Text type="secondary">{t('followUps.none')}</Typography.Text>
          ) : (
            <Timeline
              items={data.history.map((r) => ({
                key: `${r.id}-${r.firedAt ?? ''}`,
                color: r.state === 'escalated' ? 'red' : r.state === 'resolved' ? 'gray' : 'orange',
                children: <Reminder reminder={r} />,
              }))}
            />
          )}
        </Flex>
      )}
    </Card>
  );
}
