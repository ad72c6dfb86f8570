import {
  barChart,
  CHART_COLORS,
  type Cell,
  type ChartEnvironment,
  type PanelChart,
} from '@soundlink/ui-charts';
import type { ListenerInsights } from './listener-api';

/** "3 h 25 min", "42 min", "under a minute". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return ms > 0 ? 'under a minute' : '0 min';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours === 0) return `${minutes} min`;
  return rest === 0 ? `${hours.toLocaleString('en')} h` : `${hours.toLocaleString('en')} h ${rest} min`;
}

/** "Nov 20, 2026" (in the browser's language) for a calendar date (YYYY-MM-DD, no time zone of its own). */
export function formatDay(date: string, withYear = true): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!y || !m || !d) return date;
  return new Intl.DateTimeFormat(undefined, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

export interface PerDayView {
  readonly chart: PanelChart;
  readonly table: Cell[][];
  readonly empty: boolean;
}

/** Listening time per day as bars (minutes), with plays and minutes as the panel's table. */
export function perDayView(insights: ListenerInsights, env: ChartEnvironment): PerDayView {
  const days = insights.listeningPerDay;
  const years = new Set(days.map((d) => d.date.slice(0, 4)));
  const labels = days.map((d) => formatDay(d.date, years.size > 1));
  const minutes = days.map((d) => Math.round(d.listeningMs / 6_000) / 10);
  return {
    chart: barChart(
      {
        labels,
        series: [{ label: 'Minutes listened', data: minutes, color: CHART_COLORS.medium }],
        horizontal: false,
        format: 'count',
      },
      env,
    ),
    table: [
      ['Day', 'Plays', 'Minutes listened'],
      ...days.map((d, i): Cell[] => [labels[i] ?? d.date, d.plays, minutes[i] ?? 0]),
    ],
    empty: days.every((d) => d.plays === 0),
  };
}
