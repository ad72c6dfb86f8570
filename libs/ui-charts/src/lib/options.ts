import type { ChartConfiguration, ChartDataset, ChartOptions } from 'chart.js';
import { CHART_COLORS, withAlpha } from './palette';

/** What every builder needs to know about the reader. */
export interface ChartEnvironment {
  /** prefers-reduced-motion: reduce → no animation at all. */
  readonly reducedMotion: boolean;
}

/** One series: a label and one value per category. */
export interface Series {
  readonly label: string;
  readonly data: readonly number[];
  readonly color: string;
}

/** How numbers on an axis and in tooltips are written. */
export type ValueFormat = 'count' | 'percent' | 'decimal';

export function formatValue(value: number, format: ValueFormat): string {
  if (!Number.isFinite(value)) return '–';
  switch (format) {
    case 'percent':
      return `${(Math.round(value * 1000) / 10).toLocaleString('en')} %`;
    case 'decimal':
      return (Math.round(value * 100) / 100).toLocaleString('en');
    case 'count':
      return Math.round(value).toLocaleString('en');
  }
}

/** Options shared by every chart: responsive, readable fonts and colours, animation per the reader. */
export function baseOptions(env: ChartEnvironment): ChartOptions {
  return {
    responsive: true,
    maintainAspectRatio: false,
    animation: env.reducedMotion ? false : { duration: 300 },
    interaction: { mode: 'index', intersect: false },
    color: CHART_COLORS.text,
    plugins: {
      legend: {
        position: 'bottom',
        labels: { color: CHART_COLORS.text, boxWidth: 12, boxHeight: 12, font: { size: 12 } },
      },
      tooltip: { enabled: true },
    },
  };
}

const valueAxis = (format: ValueFormat, stacked: boolean) => ({
  beginAtZero: true,
  stacked,
  grid: { color: CHART_COLORS.grid },
  ticks: {
    color: CHART_COLORS.text,
    precision: format === 'count' ? 0 : undefined,
    callback: (value: string | number) => formatValue(Number(value), format),
  },
  ...(format === 'percent' ? { max: 1 } : {}),
});

const categoryAxis = (stacked: boolean) => ({
  stacked,
  grid: { display: false },
  ticks: { color: CHART_COLORS.text, maxRotation: 0, autoSkip: true, autoSkipPadding: 12 },
});

const tooltipLabel =
  (format: ValueFormat) =>
  (item: { dataset: { label?: string }; raw: unknown }): string =>
    `${item.dataset.label ?? ''}: ${formatValue(Number(item.raw), format)}`;

/**
 * A time axis of buckets with bars stacked on it (attributed plays by confidence tier) and lines over the same
 * buckets (clicks, connects). One value axis: every series is a count per bucket.
 */
export function timeSeriesChart(
  input: { labels: readonly string[]; stacked: readonly Series[]; lines: readonly Series[] },
  env: ChartEnvironment,
): ChartConfiguration<'bar' | 'line'> {
  const base = baseOptions(env);
  const bars: ChartDataset<'bar' | 'line'>[] = input.stacked.map((s) => ({
    type: 'bar' as const,
    label: s.label,
    data: [...s.data],
    backgroundColor: s.color,
    borderColor: s.color,
    stack: 'plays',
    order: 2,
    maxBarThickness: 28,
  }));
  const lines: ChartDataset<'bar' | 'line'>[] = input.lines.map((s) => ({
    type: 'line' as const,
    label: s.label,
    data: [...s.data],
    borderColor: s.color,
    backgroundColor: withAlpha(s.color, 0.12),
    pointBackgroundColor: s.color,
    pointRadius: input.labels.length > 60 ? 0 : 2,
    borderWidth: 2,
    tension: 0.25,
    fill: false,
    order: 1,
  }));
  return {
    type: 'bar',
    data: { labels: [...input.labels], datasets: [...bars, ...lines] },
    options: {
      ...base,
      scales: { x: categoryAxis(true), y: valueAxis('count', true) },
      plugins: {
        ...base.plugins,
        tooltip: { callbacks: { label: tooltipLabel('count') } },
      },
    } as ChartOptions<'bar' | 'line'>,
  };
}

/**
 * Categories compared side by side (links, tracks, funnel steps, retention windows): horizontal bars,
 * which keep long names readable on a phone. Several series group per category.
 */
export function barChart(
  input: {
    labels: readonly string[];
    series: readonly Series[];
    format?: ValueFormat;
    horizontal?: boolean;
    stacked?: boolean;
  },
  env: ChartEnvironment,
): ChartConfiguration<'bar'> {
  const base = baseOptions(env);
  const format = input.format ?? 'count';
  const horizontal = input.horizontal ?? true;
  const stacked = input.stacked ?? false;
  const valueKey = horizontal ? 'x' : 'y';
  const categoryKey = horizontal ? 'y' : 'x';
  return {
    type: 'bar',
    data: {
      labels: [...input.labels],
      datasets: input.series.map((s) => ({
        label: s.label,
        data: [...s.data],
        backgroundColor: s.color,
        borderColor: s.color,
        maxBarThickness: 32,
        ...(stacked ? { stack: 'all' } : {}),
      })),
    },
    options: {
      ...base,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'nearest', axis: categoryKey, intersect: false },
      scales: { [valueKey]: valueAxis(format, stacked), [categoryKey]: categoryAxis(stacked) },
      plugins: {
        ...base.plugins,
        legend: { ...base.plugins?.legend, display: input.series.length > 1 },
        tooltip: { callbacks: { label: tooltipLabel(format) } },
      },
    } as ChartOptions<'bar'>,
  };
}

/** The funnel as one bar per step, darkening towards the plays; rates belong in the text beside it. */
export function funnelChart(
  steps: readonly { label: string; value: number }[],
  env: ChartEnvironment,
): ChartConfiguration<'bar'> {
  const colors = [
    CHART_COLORS.clicks,
    CHART_COLORS.muted,
    CHART_COLORS.connects,
    CHART_COLORS.listeners,
    CHART_COLORS.high,
  ];
  const config = barChart(
    {
      labels: steps.map((s) => s.label),
      series: [{ label: 'Count', data: steps.map((s) => s.value), color: colors[0] }],
    },
    env,
  );
  config.data.datasets[0].backgroundColor = steps.map((_, i) => colors[i % colors.length]);
  config.data.datasets[0].borderColor = steps.map((_, i) => colors[i % colors.length]);
  return config;
}
