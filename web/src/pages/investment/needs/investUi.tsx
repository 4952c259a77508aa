import { Card, Empty, Flex, List, Progress, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  FundingArea,
  InvestmentField,
  MatchExplanation,
  MatchPart,
  ProjectStatus,
} from '@qingshui/contracts';
import { COUNTY_IDS } from '@qingshui/regions';
import { regionName } from '../../../app/regionName';
import { formatNumber } from '../../../i18n/format';

// What the needs and project-library pages share: option lists from the shared vocabulary,
// amounts written in 万元, status tags, and the explanation of a match part by part.

// The vocabulary as plain values (the contracts give the console types only; `satisfies` keeps
// these lists to the contracts' words).
const INVESTMENT_FIELDS = [
  'environmental-protection',
  'cultural-tourism',
  'solar',
  'wind',
  'drinking-water',
  'new-materials',
  'new-energy',
  'high-end-manufacturing',
  'tcm',
  'health-elderly-care',
  'agriculture-processing',
  'ecological-agriculture',
  'digital-economy',
  'logistics',
  'water-treatment',
  'biomedicine',
  'education-training',
  'consumer-goods',
] as const satisfies readonly InvestmentField[];
const FUNDING_AREAS = [
  'water-quality',
  'public-services',
  'industrial-transformation',
  'rural-revitalisation',
  'cadre-talent-exchange',
  'exchange-cooperation',
] as const satisfies readonly FundingArea[];
const PROJECT_STATUSES = [
  'reserve',
  'preparation',
  'under-construction',
  'done',
] as const satisfies readonly ProjectStatus[];

export interface Option {
  value: string;
  label: string;
}

export function useFieldOptions(): Option[] {
  const { t } = useTranslation('investment-needs');
  return INVESTMENT_FIELDS.map((field) => ({ value: field, label: t(`field.${field}`) }));
}
export function useFundingAreaOptions(): Option[] {
  const { t } = useTranslation('investment-projects');
  return FUNDING_AREAS.map((area) => ({ value: area, label: t(`area.${area}`) }));
}
export function useProjectStatusOptions(): Option[] {
  const { t } = useTranslation('investment-projects');
  return PROJECT_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) }));
}
export const countyOptions = (): Option[] => COUNTY_IDS.map((id) => ({ value: id, label: regionName(id) }));

export const filterByLabel = (input: string, option?: { label?: unknown }): boolean =>
  String(option?.label ?? '')
    .toLowerCase()
    .includes(input.toLowerCase());

/** Yuan as 万元 in forms: people think in 万 (ten thousands). */
export const toWan = (yuan: number): number => Math.round((yuan / 10_000) * 100) / 100;
export const fromWan = (wan: number): number => Math.round(wan * 10_000);

/** 5000–20000 万元 (one figure when both ends are equal). */
export function useAmountText(): (range: { minYuan: number; maxYuan: number }) => string {
  const { t } = useTranslation('investment-needs');
  return ({ minYuan, maxYuan }) =>
    minYuan === maxYuan
      ? t('amount.one', { value: formatNumber(toWan(minYuan)) })
      : t('amount.range', { min: formatNumber(toWan(minYuan)), max: formatNumber(toWan(maxYuan)) });
}

const PROJECT_STATUS_COLOR: Record<string, string> = {
  reserve: 'default',
  preparation: 'processing',
  'under-construction': 'warning',
  done: 'success',
};
export function ProjectStatusTag({ status }: { status: string }) {
  const { t } = useTranslation('investment-projects');
  return (
    <Tag color={PROJECT_STATUS_COLOR[status] ?? 'default'} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
export function NeedStatusTag({ status }: { status: string }) {
  const { t } = useTranslation('investment-needs');
  return (
    <Tag color={status === 'open' ? 'processing' : 'default'} data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}

const scoreColor = (score: number) => (score >= 75 ? '#389e0d' : score >= 50 ? '#1677ff' : '#8c8c8c');

/** A match's score and its parts, each with its points, weight and sentence; then what is missing. */
export function MatchExplanationView({ match }: { match: MatchExplanation }) {
  const { t } = useTranslation('investment-needs');
  return (
    <Flex vertical gap={8} data-testid="match-explanation">
      <Table<MatchPart>
        size="small"
        pagination={false}
        rowKey="part"
        dataSource={match.parts}
        columns={[
          {
            title: t('match.part'),
            dataIndex: 'part',
            width: 110,
            render: (part: string) => t(`match.parts.${part}`),
          },
          {
            title: t('match.points'),
            width: 140,
            render: (_: unknown, p) => (
              <Tooltip title={t('match.weight', { weight: p.weight })}>
                <Progress
                  percent={Math.round(p.score * 100)}
                  size="small"
                  format={() => `${formatNumber(p.points)}/${p.weight}`}
                />
              </Tooltip>
            ),
          },
          { title: t('match.why'), dataIndex: 'note' },
        ]}
      />
      {match.missing.length > 0 && (
        <div>
          <Typography.Text strong>{t('match.missing')}</Typography.Text>
          <List
            size="small"
            dataSource={match.missing}
            renderItem={(gap) => (
              <List.Item data-code={gap.code} style={{ paddingInline: 0 }}>
                <Typography.Text type="warning">{gap.note}</Typography.Text>
              </List.Item>
            )}
          />
        </div>
      )}
    </Flex>
  );
}

/** A ranked list of matches: each a card with its score, its title and its explanation. */
export function MatchList<M extends MatchExplanation>({
  matches,
  loading,
  title,
  extra,
  testId,
}: {
  matches: readonly M[];
  loading: boolean;
  title: (match: M) => React.ReactNode;
  extra?: (match: M) => React.ReactNode;
  testId: string;
}) {
  const { t } = useTranslation('investment-needs');
  if (!loading && matches.length === 0) return <Empty description={t('match.none')} />;
  return (
    <Flex vertical gap={12} data-testid={testId}>
      {matches.map((match, i) => (
        <Card
          key={i}
          size="small"
          loading={loading}
          title={
            <Space>
              <Progress
                type="circle"
                size={40}
                percent={match.score}
                strokeColor={scoreColor(match.score)}
                format={(n) => n}
              />
              {title(match)}
            </Space>
          }
          extra={extra?.(match)}
        >
          <MatchExplanationView match={match} />
        </Card>
      ))}
    </Flex>
  );
}
