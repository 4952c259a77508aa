import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { COUNTY_IDS } from '@qingshui/regions';
import type { ChallengeStatus, ChallengeView } from '@qingshui/contracts';
import { regionName } from '../../app/regionName';
import { CHALLENGE_STATUS_IDS } from '../enterprise/challengeUi';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const STATUS_COLOUR: Record<ChallengeStatus, string> = {
  draft: '#bfbfbf',
  published: '#1677ff',
  closed: '#faad14',
  awarded: '#722ed1',
  delivered: '#13c2c2',
  completed: '#52c41a',
  cancelled: '#ff4d4f',
};

/** Challenges per county, stacked by status. */
export function CountyStatusChart({ challenges }: { challenges: readonly ChallengeView[] }) {
  const { t } = useTranslation('admin');
  const counties = COUNTY_IDS.filter((c) => challenges.some((ch) => ch.county === c));
  const statuses = CHALLENGE_STATUS_IDS.filter((s) => challenges.some((ch) => ch.status === s));
  const count = (county: string, status: ChallengeStatus) =>
    challenges.filter((c) => c.county === county && c.status === status).length;
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 40, bottom: 60 },
    xAxis: {
      type: 'category',
      data: counties.map((c) => regionName(c)),
      axisLabel: { interval: 0, rotate: counties.length > 10 ? 30 : 0 },
    },
    yAxis: { type: 'value', minInterval: 1 },
    series: statuses.map((status) => ({
      name: t(`common:challengeStatus.${status}`),
      type: 'bar',
      stack: 'status',
      itemStyle: { color: STATUS_COLOUR[status] },
      emphasis: { focus: 'series' },
      data: counties.map((county) => count(county, status)),
    })),
  };
  const summary = counties
    .map((c) =>
      t('challenges.chartSummaryItem', {
        county: regionName(c),
        count: challenges.filter((ch) => ch.county === c).length,
      }),
    )
    .join('；');
  return (
    <div role="img" aria-label={t('challenges.chartLabel', { summary })}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320 }} />
    </div>
  );
}
