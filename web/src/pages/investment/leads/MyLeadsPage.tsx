import { useQuery } from '@tanstack/react-query';
import { Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { LeadCard, LeadCardPage } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { useUrlFilters } from '../../../components/useUrlFilters';
import { formatDate, formatYuan } from '../../../i18n/format';
import { NS, QUERY_GROUP, StageTag, StatusTag, useLeadEvents } from './leadUi';

/** My leads (我的对接): an enterprise's own leads, a cadre's owned ones, newest activity first. */
export default function MyLeadsPage() {
  const { t } = useTranslation(NS);
  useLeadEvents();
  const { filters, update } = useUrlFilters([] as const);
  const page = filters.page;
  const query = useQuery({
    queryKey: [QUERY_GROUP, 'mine', page],
    queryFn: ({ signal }) => api.get<LeadCardPage>('/investment/my-leads', { page, pageSize: 20 }, signal),
  });
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return (
    <LeadTable
      title={t('mine.title')}
      loading={query.isPending}
      data={query.data}
      onPage={(p) => update({ page: p })}
    />
  );
}

/** A page of lead cards as a table (my leads, the verification queue). */
export function LeadTable(props: {
  title: string;
  loading: boolean;
  data: LeadCardPage | undefined;
  onPage: (page: number) => void;
  testId?: string;
}) {
  const { t } = useTranslation(NS);
  return (
    <Flex vertical gap={16} data-testid={props.testId ?? 'my-leads'}>
      <Typography.Title level={2} style={{ margin: 0 }}>
        {props.title}
      </Typography.Title>
      <Table<LeadCard>
        rowKey="id"
        loading={props.loading}
        dataSource={props.data?.items ?? []}
        pagination={{
          current: props.data?.page ?? 1,
          pageSize: props.data?.pageSize ?? 20,
          total: props.data?.total ?? 0,
          onChange: props.onPage,
        }}
        columns={[
          {
            title: t('fields.title'),
            dataIndex: 'title',
            render: (title: string, card) => <Link to={`/investment/leads/${card.id}`}>{title}</Link>,
          },
          { title: t('fields.enterprise'), dataIndex: 'enterpriseName' },
          { title: t('fields.county'), dataIndex: 'county', render: (c: string) => regionName(c) },
          {
            title: t('lead.stage'),
            dataIndex: 'stage',
            render: (_s, card) => <StageTag stage={card.stage} />,
          },
          {
            title: t('lead.status'),
            dataIndex: 'status',
            render: (_s, card) => <StatusTag status={card.status} />,
          },
          { title: t('lead.amount'), dataIndex: 'amountYuan', render: (a?: number) => formatYuan(a) },
          {
            title: t('lead.next'),
            dataIndex: 'missingForNext',
            render: (missing: string[], card) =>
              card.nextStage && missing.length
                ? t('lead.missingFor', {
                    stage: t(`stage.${card.nextStage}`),
                    fields: missing.map((f) => t(`fields.${f}`)).join('、'),
                  })
                : '',
          },
          {
            title: t('lead.lastActivity'),
            dataIndex: 'lastActivityAt',
            render: (at: string) => formatDate(at),
          },
        ]}
      />
    </Flex>
  );
}
