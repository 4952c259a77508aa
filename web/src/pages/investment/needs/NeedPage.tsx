import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Pagination,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { NeedMatches, NeedView } from '@qingshui/contracts';
import { api } from '../../../api/client';
import { useApiMutation } from '../../../api/useApiMutation';
import { regionName } from '../../../app/regionName';
import { ErrorState } from '../../../components/ErrorState';
import { PresenceAvatars } from '../../../components/PresenceAvatars';
import { formatDateTime, formatNumber } from '../../../i18n/format';
import { MatchList, NeedStatusTag, ProjectStatusTag, useAmountText } from './investUi';

export default function NeedPage() {
  const { id } = useParams() as { id: string };
  const { t } = useTranslation('investment-needs');
  const navigate = useNavigate();
  const { modal } = App.useApp();
  const amountText = useAmountText();
  const [page, setPage] = useState(1);
  // Read when the dialog's OK is pressed (the dialog keeps the render it was opened from).
  const closeReason = useRef('fulfilled');
  const query = useQuery({
    queryKey: ['investment-needs', id],
    queryFn: ({ signal }) => api.getVersioned<NeedView>(`/investment/needs/${id}`, signal),
  });
  const need = query.data?.data;
  // A need's matches are for those who read all of it (the API answers 403 to the rest).
  const matches = useQuery({
    queryKey: ['investment-needs', id, 'matches', page],
    queryFn: ({ signal }) =>
      api.get<NeedMatches>(`/investment/needs/${id}/matches`, { page, pageSize: 10 }, signal),
    enabled: Boolean(need?.canSeeConfidential),
  });
  const close = useApiMutation(
    () =>
      api.post<NeedView>(
        `/investment/needs/${id}/close`,
        { reason: closeReason.current },
        {
          ...(query.data?.etag ? { ifMatch: query.data.etag } : {}),
        },
      ),
    { success: t('detail.closed'), invalidates: ['investment-needs'] },
  );

  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (!need) return <Card loading />;
  const resources = [
    need.landMu !== undefined && t('detail.land', { value: formatNumber(need.landMu) }),
    need.energy?.kwhPerYear !== undefined && t('detail.kwh', { value: formatNumber(need.energy.kwhPerYear) }),
    need.energy?.kw !== undefined && t('detail.kw', { value: formatNumber(need.energy.kw) }),
    need.waterM3PerDay !== undefined && t('detail.water', { value: formatNumber(need.waterM3PerDay) }),
    need.workforce !== undefined && t('detail.workforce', { value: formatNumber(need.workforce) }),
  ].filter(Boolean);

  return (
    <Flex vertical gap={16}>
      <Flex justify="space-between" align="center" wrap gap={12}>
        <div>
          <Typography.Title level={2} style={{ marginBottom: 4 }}>
            {need.title} <NeedStatusTag status={need.status} />
          </Typography.Title>
          <Space wrap>
            <Typography.Text type="secondary">
              {need.enterpriseName} · {regionName(need.region)}
            </Typography.Text>
            <PresenceAvatars room={`need:${id}`} />
          </Space>
        </div>
        {need.canEdit && (
          <Space>
            <Button data-testid="need-edit" onClick={() => navigate(`/investment/needs/${id}/edit`)}>
              {t('common:actions.edit')}
            </Button>
            <Button
              danger
              data-testid="need-close"
              loading={close.isPending}
              onClick={() =>
                modal.confirm({
                  title: t('detail.closeTitle'),
                  content: (
                    <Select
                      style={{ width: '100%' }}
                      defaultValue="fulfilled"
                      onChange={(value: string) => (closeReason.current = value)}
                      options={['fulfilled', 'withdrawn', 'other'].map((r) => ({
                        value: r,
                        label: t(`closeReason.${r}`),
                      }))}
                    />
                  ),
                  onOk: () => close.mutateAsync(),
                })
              }
            >
              {t('detail.close')}
            </Button>
          </Space>
        )}
      </Flex>
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('form.fields')}>
            {need.fields.map((f) => (
              <Tag key={f}>{t(`field.${f}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('list.colAmount')}>{amountText(need.amount)}</Descriptions.Item>
          <Descriptions.Item label={t('form.counties')}>
            {need.counties === 'any' ? t('form.anyCounty') : need.counties.map(regionName).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.timeline')}>
            {t('detail.timelineText', { startBy: need.timeline.startBy, years: need.timeline.years })}
          </Descriptions.Item>
          <Descriptions.Item label={t('detail.resources')} span={2}>
            {resources.length ? resources.join('；') : t('detail.noResources')}
          </Descriptions.Item>
          <Descriptions.Item label={t('form.publicSummary')} span={2}>
            {need.publicSummary}
          </Descriptions.Item>
          {need.closeReason && (
            <Descriptions.Item label={t('detail.closeReason')}>
              {t(`closeReason.${need.closeReason}`)}
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('list.colUpdated')}>{formatDateTime(need.updatedAt)}</Descriptions.Item>
        </Descriptions>
      </Card>
      {need.canSeeConfidential ? (
        <Alert
          type="warning"
          showIcon
          data-testid="need-confidential"
          message={t('detail.confidential')}
          description={need.confidentialDetails || t('detail.noConfidential')}
        />
      ) : (
        <Alert type="info" showIcon message={t('detail.confidentialHidden')} />
      )}
      {need.canSeeConfidential && (
        <Card
          title={t('detail.matches')}
          extra={matches.data && t('detail.matchCount', { count: matches.data.total })}
        >
          {matches.isError ? (
            <ErrorState error={matches.error} onRetry={() => void matches.refetch()} />
          ) : (
            <Flex vertical gap={12}>
              <MatchList
                testId="need-matches"
                loading={matches.isPending}
                matches={matches.data?.items ?? []}
                title={(m) => (
                  <Space wrap>
                    <Link to={`/investment/projects/${m.project.id}`}>{m.project.title}</Link>
                    <Tag>{regionName(m.project.county)}</Tag>
                    <ProjectStatusTag status={m.project.status} />
                  </Space>
                )}
                extra={(m) => amountText(m.project.investmentSought)}
              />
              {(matches.data?.total ?? 0) > 10 && (
                <Pagination
                  current={page}
                  pageSize={10}
                  total={matches.data?.total ?? 0}
                  onChange={setPage}
                  showSizeChanger={false}
                />
              )}
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}
