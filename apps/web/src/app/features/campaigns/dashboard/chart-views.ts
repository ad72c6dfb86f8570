import {
  barChart,
  Cell,
  CHART_COLORS,
  ChartEnvironment,
  funnelChart,
  PanelChart,
  seriesTable,
  timeSeriesChart,
} from '@soundlink/ui-charts';
import type { Funnel, Lift, LinkStats, Retention, Timeseries, TopTracks } from './analytics-api';
import { bucketLabel, Granularity } from './dashboard-query';

/** What one chart panel needs: the chart and its numbers (shown as a table, downloaded as CSV). */
export interface ChartView {
  readonly chart: PanelChart;
  readonly table: Cell[][];
  /** Nothing to draw yet (every value zero or no rows). */
  readonly empty: boolean;
}

const rate = (value: number | null | undefined): Cell =>
  value === null || value === undefined ? null : Math.round(value * 1000) / 1000;

/** The steps, each with what it counts (docs/analytics.md, "Definitions"), shown as the step's tooltip. */
export const FUNNEL_STEPS = [
  {
    key: 'clicks',
    label: 'Clicks',
    help: 'Clicks on the tracker links in the range, bots and link previews left out.',
  },
  {
    key: 'uniqueVisitors',
    label: 'Unique visitors',
    help: 'Browsers visiting the campaign for the first time in the range.',
  },
  {
    key: 'connects',
    label: 'Connects',
    help: 'Listeners who connected Spotify through a click in the range. Listeners already connected when they clicked are not connects.',
  },
  {
    key: 'listeners',
    label: 'Listeners',
    help: 'Listeners reached: their first attributed play is in the range. The rate: of the connects in the range, the share with an attributed play so far.',
  },
  {
    key: 'attributedPlays',
    label: 'Attributed plays',
    help: 'Plays in the range credited to the campaign. The rate: plays per listener who made them in the range.',
  },
] as const;

/** The step-to-step rates, in the order of the steps after the first. */
export function funnelRates(funnel: Funnel): (number | null)[] {
  return [
    funnel.rates.visitorsPerClick,
    funnel.rates.connectsPerVisitor,
    funnel.rates.listenersPerConnect,
    funnel.rates.playsPerListener,
  ];
}

export const RATE_LABELS = [
  'visitors per click',
  'connects per visitor',
  'of connects reached',
  'plays per active listener',
];

export function funnelView(funnel: Funnel, env: ChartEnvironment): ChartView {
  const steps = FUNNEL_STEPS.map((s) => ({ label: s.label, value: funnel[s.key] }));
  const rates = funnelRates(funnel);
  return {
    chart: funnelChart(steps, env),
    table: [
      ['Step', 'Count', 'Rate from the step before'],
      ...steps.map((s, i): Cell[] => [s.label, s.value, i === 0 ? null : rate(rates[i - 1])]),
    ],
    empty: steps.every((s) => s.value === 0),
  };
}

/** Attributed plays stacked by tier, with clicks and connects as lines on the same buckets. */
export function timeseriesView(
  series: Timeseries,
  granularity: Granularity,
  tz: string,
  env: ChartEnvironment,
): ChartView {
  const points = series.points;
  const first = points.at(0)?.start;
  const last = points.at(-1)?.start;
  const spansDays = !!first && !!last && new Date(last).getTime() - new Date(first).getTime() >= 86_400_000;
  const labels = points.map((p) => bucketLabel(p.start, granularity, tz, spansDays));
  const high = points.map((p) => p.attributedPlaysByTier.high);
  const medium = points.map((p) => p.attributedPlaysByTier.medium);
  const low = points.map((p) => p.attributedPlaysByTier.low);
  const clicks = points.map((p) => p.clicks);
  const connects = points.map((p) => p.connects);
  return {
    chart: timeSeriesChart(
      {
        labels,
        stacked: [
          { label: 'Plays, high confidence', data: high, color: CHART_COLORS.high },
          { label: 'Plays, medium confidence', data: medium, color: CHART_COLORS.medium },
          { label: 'Plays, low confidence', data: low, color: CHART_COLORS.low },
        ],
        lines: [
          { label: 'Clicks', data: clicks, color: CHART_COLORS.clicks },
          { label: 'Connects', data: connects, color: CHART_COLORS.connects },
        ],
      },
      env,
    ),
    table: [
      [
        'Period',
        'Start',
        'Clicks',
        'Connects',
        'Plays (high)',
        'Plays (medium)',
        'Plays (low)',
        'Attributed plays',
      ],
      ...points.map((p, i): Cell[] => [
        labels[i],
        p.start,
        p.clicks,
        p.connects,
        p.attributedPlaysByTier.high,
        p.attributedPlaysByTier.medium,
        p.attributedPlaysByTier.low,
        p.attributedPlays,
      ]),
    ],
    empty: points.every((p) => p.clicks === 0 && p.connects === 0 && p.attributedPlays === 0),
  };
}

const STAT_HEADER = [
  'Clicks',
  'Unique visitors',
  'Connects',
  'Connect rate',
  'Listeners',
  'Attributed plays',
  'Plays per click',
];

type Stats = LinkStats['links'][number] | LinkStats['channels'][number];
const statCells = (s: Stats): Cell[] => [
  s.clicks,
  s.uniqueVisitors,
  s.connects,
  rate(s.connectRate),
  s.listeners,
  s.attributedPlays,
  rate(s.playsPerClick),
];

function compareView(
  header: string,
  labels: string[],
  rows: readonly Stats[],
  env: ChartEnvironment,
): ChartView {
  const series = [
    { label: 'Clicks', data: rows.map((r) => r.clicks), color: CHART_COLORS.clicks },
    { label: 'Connects', data: rows.map((r) => r.connects), color: CHART_COLORS.connects },
    { label: 'Attributed plays', data: rows.map((r) => r.attributedPlays), color: CHART_COLORS.high },
  ];
  return {
    chart: barChart({ labels, series }, env),
    table: [[header, ...STAT_HEADER], ...rows.map((r, i): Cell[] => [labels[i], ...statCells(r)])],
    empty: rows.length === 0 || rows.every((r) => r.clicks === 0 && r.attributedPlays === 0),
  };
}

export function linksView(stats: LinkStats, env: ChartEnvironment): ChartView {
  return compareView(
    'Link',
    stats.links.map((l) => l.label),
    stats.links,
    env,
  );
}

export function channelsView(stats: LinkStats, env: ChartEnvironment): ChartView {
  return compareView(
    'Channel (utm_source)',
    stats.channels.map((c) => c.utmSource ?? '(none)'),
    stats.channels,
    env,
  );
}

export function topTracksView(tracks: TopTracks, env: ChartEnvironment): ChartView {
  const names = tracks.items.map((t) => {
    const name = t.name ?? t.trackId;
    return t.artistNames.length ? `${name} — ${t.artistNames.join(', ')}` : name;
  });
  return {
    chart: barChart(
      {
        labels: names,
        series: [
          {
            label: 'Attributed plays',
            data: tracks.items.map((t) => t.attributedPlays),
            color: CHART_COLORS.high,
          },
        ],
      },
      env,
    ),
    table: [
      ['Track', 'Spotify track id', 'Attributed plays', 'Credited plays', 'Share'],
      ...tracks.items.map((t, i): Cell[] => [
        names[i],
        t.trackId,
        t.attributedPlays,
        rate(t.creditedPlays),
        rate(t.share),
      ]),
    ],
    empty: tracks.items.length === 0,
  };
}

export function listenerTypesView(funnel: Funnel, env: ChartEnvironment): ChartView {
  const labels = ['New to the music', 'Had played it before'];
  const values = [funnel.listenerTypes.new, funnel.listenerTypes.existing];
  return {
    chart: barChart(
      { labels, series: [{ label: 'Listeners', data: values, color: CHART_COLORS.listeners }] },
      env,
    ),
    table: seriesTable('Listeners', labels, [{ label: 'Count', data: values }]),
    empty: values.every((v) => v === 0),
  };
}

export const RETENTION_LABELS: Record<string, string> = {
  days1to7: 'Days 1–7',
  days8to14: 'Days 8–14',
  days15to28: 'Days 15–28',
};

export function retentionView(retention: Retention, env: ChartEnvironment): ChartView {
  const labels = retention.windows.map((w) => RETENTION_LABELS[w.window] ?? `Days ${w.fromDay}–${w.toDay}`);
  return {
    chart: barChart(
      {
        labels,
        series: [
          {
            label: 'Played again',
            data: retention.windows.map((w) => w.share ?? 0),
            color: CHART_COLORS.listeners,
          },
        ],
        format: 'percent',
      },
      env,
    ),
    table: [
      ['Window after the click', 'Listeners whose window has passed', 'Played again', 'Share'],
      ...retention.windows.map((w, i): Cell[] => [labels[i], w.eligible, w.retained, rate(w.share)]),
    ],
    empty: retention.windows.every((w) => w.eligible === 0),
  };
}

/**
 * Lift against a control group: campaign-track plays per observed listener-day of the listeners who clicked
 * and of those who did not, before and after; the table adds the estimate (difference in differences) and its
 * 95 % interval.
 */
export function liftView(lift: Lift, env: ChartEnvironment): ChartView {
  const labels = [
    `Before (up to ${lift.method.beforeDays} days)`,
    `After (${lift.method.afterHours} h window)`,
  ];
  const e = lift.exposed;
  const c = lift.control;
  const group = (name: string, g: Lift['exposed']): Cell[] => [
    name,
    g.listeners,
    rate(g.beforeObservedDays),
    g.beforePlays,
    rate(g.beforePerDay),
    rate(g.afterObservedDays),
    g.afterPlays,
    rate(g.afterPerDay),
    rate(g.changePerDay),
  ];
  return {
    chart: barChart(
      {
        labels,
        series: [
          {
            label: 'Clicked the campaign',
            data: [e.beforePerDay ?? 0, e.afterPerDay ?? 0],
            color: CHART_COLORS.medium,
          },
          {
            label: 'Did not click (control)',
            data: [c.beforePerDay ?? 0, c.afterPerDay ?? 0],
            color: CHART_COLORS.muted,
          },
        ],
        format: 'decimal',
        horizontal: false,
      },
      env,
    ),
    table: [
      [
        'Group',
        'Listeners',
        'Observed listener-days before',
        'Plays before',
        'Plays per listener-day before',
        'Observed listener-days after',
        'Plays after',
        'Plays per listener-day after',
        'Change per listener-day',
      ],
      group('Clicked the campaign', e),
      group('Did not click (control)', c),
      [
        'Lift (difference in differences)',
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        rate(lift.estimatePerDay),
      ],
      ['95 % interval, low', null, null, null, null, null, null, null, rate(lift.interval?.low)],
      ['95 % interval, high', null, null, null, null, null, null, null, rate(lift.interval?.high)],
    ],
    empty: e.listeners === 0,
  };
}
