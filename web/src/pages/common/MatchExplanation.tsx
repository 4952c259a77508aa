import { CheckCircleOutlined, CloseCircleOutlined, RiseOutlined } from '@ant-design/icons';
import { Descriptions, Empty, Flex, Progress, Space, Tag, Typography } from 'antd';
import ReactEChartsCore from 'echarts-for-react/lib/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import type { ChallengesForExpert } from '@qingshui/contracts';
import { formatDate } from '../../i18n/format';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

/** One score explained: the parts, the skills matched and missing, what would raise it. */
export type Explanation = Omit<ChallengesForExpert['items'][number], 'challenge'>;

const PARTS = [
  'skills',
  'text',
  'field',
  'pairing',
  'availability',
  'trackRecord',
  'verified',
  'academician',
] as const;

/** Visible to screen readers only. */
const SR_ONLY = {
  position: 'absolute',
  width: 1,
  height: 1,
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const percent = (value: number) => Math.round(value * 1000) / 10;

/** The score as a whole number of points out of 100. */
export function scorePoints(score: number): number {
  return Math.round(score * 100);
}

function Suggestion({ suggestion }: { suggestion: Explanation['suggestions'][number] }) {
  const { t } = useTranslation('expert');
  const extra = suggestion as Record<string, unknown>;
  const gain = t('explain.gain', { points: (suggestion.gain * 100).toFixed(1) });
  let text: string;
  switch (suggestion.kind) {
    case 'add-skill':
      text = t('explain.suggest.addSkill', { skill: String(extra['skill'] ?? '') });
      break;
    case 'mark-availability':
      text = t('explain.suggest.markAvailability', { date: formatDate(String(extra['before'] ?? '')) });
      break;
    case 'get-verified':
      text = t('explain.suggest.getVerified');
      break;
    case 'add-field':
      text = t('explain.suggest.addField', {
        field: extra['field'] ? t(`common:fields.${String(extra['field'])}`) : '',
      });
      break;
    default:
      text = suggestion.text;
  }
  return (
    <Flex justify="space-between" gap={12} style={{ width: '100%' }}>
      <span>
        <RiseOutlined aria-hidden style={{ color: '#389e0d', marginInlineEnd: 8 }} />
        {text}
      </span>
      <Tag color="green">{gain}</Tag>
    </Flex>
  );
}

/** The explanation of one match, as the matching service gave it. */
export function MatchExplanation({
  explanation,
  headingLevel = 3,
}: {
  explanation: Explanation;
  /** The level of the section headings (the drawer's sections are 3, a page's subsection 4). */
  headingLevel?: 3 | 4;
}) {
  const { t } = useTranslation('expert');
  const labels = PARTS.map((part) => t(`explain.parts.${part}`));
  const values = PARTS.map((part) => percent(explanation.parts[part]));
  const option = {
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: labels, inverse: true, axisTick: { show: false } },
    series: [
      {
        type: 'bar',
        data: values,
        barMaxWidth: 16,
        itemStyle: { color: '#0b6bcb', borderRadius: [0, 4, 4, 0] },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  };
  const availability =
    explanation.availableBeforeDeadline === null
      ? t('explain.availability.unknown')
      : explanation.availableBeforeDeadline
        ? t('explain.availability.yes')
        : t('explain.availability.no');
  return (
    <Flex vertical gap={20}>
      <Flex align="center" gap={24}>
        <Progress
          type="circle"
          percent={scorePoints(explanation.score)}
          format={(value) => t('explain.points', { points: value })}
          aria-label={t('explain.points', { points: scorePoints(explanation.score) })}
          size={96}
        />
        <Descriptions
          column={1}
          size="small"
          items={[
            {
              key: 'pairing',
              label: t('explain.pairingLabel'),
              children: t(`explain.pairing.${explanation.pairing}`),
            },
            { key: 'availability', label: t('explain.availabilityLabel'), children: availability },
          ]}
        />
      </Flex>
      <section aria-labelledby="explain-parts">
        <Typography.Title level={headingLevel} id="explain-parts" style={{ fontSize: 15 }}>
          {t('explain.partsTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
          {t('explain.partsHint')}
        </Typography.Paragraph>
        <ReactEChartsCore
          echarts={echarts}
          option={option}
          style={{ height: 260 }}
          notMerge
          opts={{ renderer: 'canvas' }}
        />
        {/* The same numbers as text, for screen readers and for copying. */}
        <ul style={SR_ONLY}>
          {PARTS.map((part, i) => (
            <li key={part}>
              {labels[i]}: {values[i]}%
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="explain-skills">
        <Typography.Title level={headingLevel} id="explain-skills" style={{ fontSize: 15 }}>
          {t('explain.skillsTitle')}
        </Typography.Title>
        <Flex vertical gap={8}>
          <div>
            <Typography.Text type="secondary">{t('explain.matchedSkills')}：</Typography.Text>
            {explanation.matchedSkills.length === 0 ? (
              <Typography.Text type="secondary">{t('explain.none')}</Typography.Text>
            ) : (
              <Space size={[4, 8]} wrap data-testid="matched-skills">
                {explanation.matchedSkills.map((skill) => (
                  <Tag key={skill} color="success" icon={<CheckCircleOutlined />}>
                    {skill}
                  </Tag>
                ))}
              </Space>
            )}
          </div>
          <div>
            <Typography.Text type="secondary">{t('explain.missingSkills')}：</Typography.Text>
            {explanation.missingSkills.length === 0 ? (
              <Typography.Text type="secondary">{t('explain.none')}</Typography.Text>
            ) : (
              <Space size={[4, 8]} wrap data-testid="missing-skills">
                {explanation.missingSkills.map((skill) => (
                  <Tag key={skill} color="warning" icon={<CloseCircleOutlined />}>
                    {skill}
                  </Tag>
                ))}
              </Space>
            )}
          </div>
          {explanation.matchedTerms.length > 0 && (
            <div>
              <Typography.Text type="secondary">{t('explain.matchedTerms')}：</Typography.Text>
              <Space size={[4, 8]} wrap>
                {explanation.matchedTerms.map((term) => (
                  <Tag key={term}>{term}</Tag>
                ))}
              </Space>
            </div>
          )}
        </Flex>
      </section>
      <section aria-labelledby="explain-suggestions">
        <Typography.Title level={headingLevel} id="explain-suggestions" style={{ fontSize: 15 }}>
          {t('explain.suggestionsTitle')}
        </Typography.Title>
        {explanation.suggestions.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('explain.noSuggestions')} />
        ) : (
          <ul
            data-testid="suggestions"
            style={{ listStyle: 'none', margin: 0, padding: 0, border: '1px solid #f0f0f0', borderRadius: 8 }}
          >
            {explanation.suggestions.map((suggestion, i) => (
              <li
                key={`${suggestion.kind}-${i}`}
                style={{ padding: '8px 12px', borderTop: i === 0 ? 'none' : '1px solid #f0f0f0' }}
              >
                <Suggestion suggestion={suggestion} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Flex>
  );
}
