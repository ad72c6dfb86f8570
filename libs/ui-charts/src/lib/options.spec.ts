import { barChart, baseOptions, formatValue, funnelChart, timeSeriesChart } from './options';
import { CHART_COLORS } from './palette';

const motion = { reducedMotion: false };
const still = { reducedMotion: true };

describe('chart option builders', () => {
  it('turn animation off entirely when the reader prefers reduced motion', () => {
    expect(baseOptions(still).animation).toBe(false);
    expect(baseOptions(motion).animation).toEqual({ duration: 300 });
    expect(timeSeriesChart({ labels: [], stacked: [], lines: [] }, still).options?.animation).toBe(false);
    expect(barChart({ labels: [], series: [] }, still).options?.animation).toBe(false);
  });

  it('stack the tiers as bars and draw clicks and connects as lines on the same buckets', () => {
    const config = timeSeriesChart(
      {
        labels: ['1 Mar', '2 Mar'],
        stacked: [
          { label: 'High', data: [1, 2], color: CHART_COLORS.high },
          { label: 'Low', data: [0, 1], color: CHART_COLORS.low },
        ],
        lines: [{ label: 'Clicks', data: [5, 7], color: CHART_COLORS.clicks }],
      },
      motion,
    );
    expect(config.type).toBe('bar');
    expect(config.data.labels).toEqual(['1 Mar', '2 Mar']);
    const [high, low, clicks] = config.data.datasets;
    expect(high).toMatchObject({
      type: 'bar',
      stack: 'plays',
      data: [1, 2],
      backgroundColor: CHART_COLORS.high,
    });
    expect(low).toMatchObject({ type: 'bar', stack: 'plays' });
    expect(clicks).toMatchObject({ type: 'line', data: [5, 7], borderColor: CHART_COLORS.clicks });
    // Lines are drawn over the bars.
    expect((clicks as { order: number }).order).toBeLessThan((high as { order: number }).order);
    const scales = config.options?.scales as Record<string, { stacked?: boolean; beginAtZero?: boolean }>;
    expect(scales['x']?.stacked).toBe(true);
    expect(scales['y']).toMatchObject({ stacked: true, beginAtZero: true });
  });

  it('draw comparisons as horizontal bars, with a legend only for several series', () => {
    const one = barChart(
      { labels: ['Instagram', 'Newsletter'], series: [{ label: 'Clicks', data: [3, 1], color: '#000000' }] },
      motion,
    );
    expect(one.options?.indexAxis).toBe('y');
    expect(one.options?.plugins?.legend?.display).toBe(false);
    const two = barChart(
      {
        labels: ['A'],
        series: [
          { label: 'Clicks', data: [1], color: '#000000' },
          { label: 'Plays', data: [2], color: '#111111' },
        ],
        horizontal: false,
      },
      motion,
    );
    expect(two.options?.indexAxis).toBe('x');
    expect(two.options?.plugins?.legend?.display).toBe(true);
    expect(two.data.datasets.map((d) => d.label)).toEqual(['Clicks', 'Plays']);
  });

  it('write percentages on a 0–100 % axis and in tooltips', () => {
    const config = barChart(
      {
        labels: ['Days 1–7'],
        series: [{ label: 'Retained', data: [0.25], color: '#000000' }],
        format: 'percent',
      },
      motion,
    );
    const x = (
      config.options?.scales as Record<string, { max?: number; ticks: { callback: (v: number) => string } }>
    )['x']!;
    expect(x.max).toBe(1);
    expect(x.ticks.callback(0.5)).toBe('50 %');
    const label = (config.options?.plugins?.tooltip?.callbacks as { label: (item: unknown) => string }).label;
    expect(label({ dataset: { label: 'Retained' }, raw: 0.25 })).toBe('Retained: 25 %');
  });

  it('give each funnel step its own colour, in order', () => {
    const config = funnelChart(
      [
        { label: 'Clicks', value: 10 },
        { label: 'Unique visitors', value: 8 },
        { label: 'Connects', value: 3 },
      ],
      motion,
    );
    expect(config.data.labels).toEqual(['Clicks', 'Unique visitors', 'Connects']);
    expect(config.data.datasets[0]?.data).toEqual([10, 8, 3]);
    expect(config.data.datasets[0]?.backgroundColor).toEqual([
      CHART_COLORS.clicks,
      CHART_COLORS.muted,
      CHART_COLORS.connects,
    ]);
  });

  it('format values for people', () => {
    expect(formatValue(1234.4, 'count')).toBe('1,234');
    expect(formatValue(0.1234, 'percent')).toBe('12.3 %');
    expect(formatValue(1.005, 'decimal')).toBe('1');
    expect(formatValue(Number.NaN, 'count')).toBe('–');
  });
});
