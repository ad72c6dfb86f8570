import type { ParamMap, Params } from '@angular/router';
import { isoToZonedLocal, zonedLocalToIso } from '../campaign-model';

export const RANGE_PRESETS = ['24h', '7d', '28d', '90d', 'custom'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const PRESET_LABELS: Record<RangePreset, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '28d': 'Last 28 days',
  '90d': 'Last 90 days',
  custom: 'Custom dates',
};

export const GRANULARITIES = ['hour', 'day', 'week'] as const;
export type Granularity = (typeof GRANULARITIES)[number];
export const GRANULARITY_LABELS: Record<Granularity, string> = { hour: 'Hour', day: 'Day', week: 'Week' };

export const TIERS = ['high', 'medium', 'low'] as const;
export type Tier = (typeof TIERS)[number];
export const TIER_LABELS: Record<Tier, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export const DEFAULT_PRESET: RangePreset = '28d';

/**
 * What the dashboard shows, as kept in the URL (`?range=7d&granularity=hour&tz=…&link=…&utm=…&tier=…`, with
 * `from`/`to` as dates for a custom range) so a view can be shared, bookmarked and reloaded. Defaults are
 * left out of the URL; `tz` empty means the campaign's time zone.
 */
export interface DashboardQuery {
  readonly range: RangePreset;
  /** Custom range: first and last day (inclusive), `YYYY-MM-DD`, in the time zone. */
  readonly from: string;
  readonly to: string;
  readonly granularity: Granularity;
  readonly tz: string;
  readonly linkId: string;
  readonly utmSource: string;
  readonly tier: Tier | '';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null): value is T =>
  value !== null && (values as readonly string[]).includes(value);

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The granularity that suits a range when none is chosen: hours for a day, weeks for a quarter. */
export function defaultGranularity(range: RangePreset): Granularity {
  return range === '24h' ? 'hour' : range === '90d' ? 'week' : 'day';
}

/** Reads the URL; anything unknown or malformed falls back to its default, never to an error. */
export function parseDashboardQuery(params: ParamMap): DashboardQuery {
  const rawRange = params.get('range');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const customOk = DATE.test(from) && DATE.test(to) && from <= to;
  let range: RangePreset = oneOf(RANGE_PRESETS, rawRange) ? rawRange : DEFAULT_PRESET;
  if (range === 'custom' && !customOk) range = DEFAULT_PRESET;
  const granularity = params.get('granularity');
  const tz = params.get('tz') ?? '';
  const link = params.get('link') ?? '';
  const utm = (params.get('utm') ?? '').trim().slice(0, 100);
  const tier = params.get('tier');
  return {
    range,
    from: range === 'custom' ? from : '',
    to: range === 'custom' ? to : '',
    granularity: oneOf(GRANULARITIES, granularity) ? granularity : defaultGranularity(range),
    tz: tz && isTimeZone(tz) ? tz : '',
    linkId: UUID.test(link) ? link.toLowerCase() : '',
    utmSource: utm,
    tier: oneOf(TIERS, tier) ? tier : '',
  };
}

/** The query params for `router.navigate` (null removes a param, so defaults leave the URL clean). */
export function dashboardQueryParams(query: DashboardQuery): Params {
  const custom = query.range === 'custom';
  return {
    range: query.range === DEFAULT_PRESET ? null : query.range,
    from: custom ? query.from : null,
    to: custom ? query.to : null,
    granularity: query.granularity === defaultGranularity(query.range) ? null : query.granularity,
    tz: query.tz || null,
    link: query.linkId || null,
    utm: query.utmSource || null,
    tier: query.tier || null,
  };
}

export function sameQuery(a: DashboardQuery, b: DashboardQuery): boolean {
  return (
    a.range === b.range &&
    a.from === b.from &&
    a.to === b.to &&
    a.granularity === b.granularity &&
    a.tz === b.tz &&
    a.linkId === b.linkId &&
    a.utmSource === b.utmSource &&
    a.tier === b.tier
  );
}

export function hasFilters(query: DashboardQuery): boolean {
  return !!(query.linkId || query.utmSource || query.tier);
}

const HOUR = 3_600_000;

/** `YYYY-MM-DD` plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today's date in the time zone, `YYYY-MM-DD`. */
export function todayIn(tz: string, now: Date): string {
  return isoToZonedLocal(now.toISOString(), tz).slice(0, 10);
}

/** The parameters every analytics endpoint takes. */
export interface AnalyticsParams {
  from: string;
  to: string;
  tz: string;
  granularity: Granularity;
  linkId?: string;
  utmSource?: string;
  tier?: Tier;
}

/**
 * The instants the API is asked for: the last 24 hours up to the end of the current hour; whole days in the
 * time zone for the other presets (today included) and for custom dates (both days included).
 */
export function resolveRange(query: DashboardQuery, campaignTz: string, now: Date): AnalyticsParams {
  const tz = query.tz || campaignTz;
  let from: string;
  let to: string;
  if (query.range === '24h') {
    const end = Math.ceil((now.getTime() + 1) / HOUR) * HOUR;
    from = new Date(end - 24 * HOUR).toISOString();
    to = new Date(end).toISOString();
  } else {
    const days = { '7d': 7, '28d': 28, '90d': 90 } as const;
    const today = todayIn(tz, now);
    const first = query.range === 'custom' ? query.from : addDays(today, 1 - days[query.range]);
    const last = query.range === 'custom' ? query.to : today;
    from = zonedLocalToIso(`${first}T00:00`, tz) ?? `${first}T00:00:00.000Z`;
    to = zonedLocalToIso(`${addDays(last, 1)}T00:00`, tz) ?? `${addDays(last, 1)}T00:00:00.000Z`;
  }
  return {
    from,
    to,
    tz,
    granularity: query.granularity,
    ...(query.linkId ? { linkId: query.linkId } : {}),
    ...(query.utmSource ? { utmSource: query.utmSource } : {}),
    ...(query.tier ? { tier: query.tier } : {}),
  };
}

/** A bucket's start as a short axis label in the time zone: "14:00", "3 Mar", "w/c 2 Mar". */
export function bucketLabel(iso: string, granularity: Granularity, tz: string, spansDays: boolean): string {
  const date = new Date(iso);
  const format = (options: Intl.DateTimeFormatOptions) => {
    try {
      return new Intl.DateTimeFormat('en-GB', { ...options, timeZone: tz }).format(date);
    } catch {
      return new Intl.DateTimeFormat('en-GB', options).format(date);
    }
  };
  if (granularity === 'hour') {
    return format(
      spansDays
        ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    );
  }
  const day = format({ day: 'numeric', month: 'short' });
  return granularity === 'week' ? `w/c ${day}` : day;
}
