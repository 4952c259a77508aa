import ReactEChartsCore from 'echarts-for-react/lib/core';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** A doughnut of counts by category (the chart is described in words by `label` for screen readers). */
export function DonutChart({
  data,
  label,
  height = 260,
}: {
  data: { name: string; value: number; color?: string }[];
  label: string;
  height?: number;
}) {
  const option = {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        label: { show: true, position: 'inside', formatter: '{c}', color: '#fff', fontWeight: 600 },
        data: data.map((d) => ({
          name: d.name,
          value: d.value,
          ...(d.color ? { itemStyle: { color: d.color } } : {}),
        })),
      },
    ],
  };
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />
    </div>
  );
}

/** Stacked horizontal bars: seats taken and left per slot. */
export function SeatBarChart({
  rows,
  takenLabel,
  leftLabel,
  label,
}: {
  rows: { name: string; taken: number; left: number }[];
  takenLabel: string;
  leftLabel: string;
  label: string;
}) {
  const height = Math.max(180, rows.length * 36 + 70);
  const option = {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0 },
    grid: { left: 8, right: 16, top: 8, bottom: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.name),
      axisLabel: { width: 150, overflow: 'truncate' },
    },
    series: [
      {
        name: takenLabel,
        type: 'bar',
        stack: 'seats',
        data: rows.map((r) => r.taken),
        itemStyle: { color: '#0b6bcb' },
      },
      {
        name: leftLabel,
        type: 'bar',
        stack: 'seats',
        data: rows.map((r) => r.left),
        itemStyle: { color: '#b7d7f5' },
      },
    ],
  };
  return (
    <div role="img" aria-label={label}>
      <ReactEChartsCore echarts={echarts} option={option} style={{ height }} notMerge />
    </div>
  );
}
