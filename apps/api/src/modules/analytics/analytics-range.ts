import { DomainError, ErrorCode, ErrorDetailDto } from '../../common/errors/api-error';
import type { AnalyticsQueryDto, Granularity } from './dto/analytics-query.dto';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const DEFAULT_DAYS = 28;
export const MAX_HOURLY_DAYS = 400;
export const MAX_DAYS = 3_660;

/** A request's range, rounded to whole hours, with its time zone, granularity and filters. */
export interface ResolvedRange {
  /** Inclusive, a whole UTC hour. */
  from: Date;
  /** Exclusive, a whole UTC hour. */
  to: Date;
  /** The whole UTC days inside [from, to): read from the day rows; the ends from the hour rows. */
  dayFrom: Date;
  dayTo: Date;
  tz: string;
  granularity: Granularity;
  linkId?: string;
  utmSource?: string;
  tier?: string;
}

/** Zones whose offset is always zero: their days are UTC days, so day rows can serve day buckets. */
const UTC_ZONES = new Set([
  'UTC',
  'Etc/UTC',
  'Etc/UCT',
  'UCT',
  'GMT',
  'Etc/GMT',
  'Etc/GMT0',
  'Etc/GMT+0',
  'Etc/GMT-0',
  'GMT0',
  'GMT+0',
  'GMT-0',
  'Etc/Greenwich',
  'Greenwich',
  'Etc/Universal',
  'Universal',
  'Etc/Zulu',
  'Zulu',
]);

export function isUtcZone(tz: string): boolean {
  return UTC_ZONES.has(tz);
}

/** The zone's offset from UTC at an instant, in ms (positive east of Greenwich). */
export function zoneOffsetMs(tz: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant the local day containing `at` starts, in the zone. */
export function startOfZonedDay(tz: string, at: Date): Date {
  const local = new Date(at.getTime() + zoneOffsetMs(tz, at));
  const midnightAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  let guess = midnightAsUtc - zoneOffsetMs(tz, new Date(midnightAsUtc));
  guess = midnightAsUtc - zoneOffsetMs(tz, new Date(guess));
  return new Date(guess);
}

const floorTo = (t: number, unit: number) => Math.floor(t / unit) * unit;
const ceilTo = (t: number, unit: number) => Math.ceil(t / unit) * unit;

function invalid(details: ErrorDetailDto[]): DomainError {
  return new DomainError(
    ErrorCode.ValidationFailed,
    400,
    details.length === 1
      ? `${details[0].field} ${details[0].reason}.`
      : 'The request is not valid: see details.',
    details,
  );
}

/**
 * Resolves the range of a request: defaults (the last 28 days, whole days in the time zone), rounding to
 * whole UTC hours (the finest grain of the rollups), and the checks that need several fields at once.
 */
export function resolveRange(query: AnalyticsQueryDto, campaignTz: string, now = new Date()): ResolvedRange {
  const tz = query.tz ?? campaignTz;
  const granularity = query.granularity ?? 'day';
  const endOfToday = new Date(startOfZonedDay(tz, new Date(now.getTime() + DAY)).getTime());
  let to = query.to ? new Date(query.to) : undefined;
  let from = query.from ? new Date(query.from) : undefined;
  const details: ErrorDetailDto[] = [];
  if (from && Number.isNaN(from.getTime()))
    details.push({ field: 'from', reason: 'is not a valid date-time' });
  if (to && Number.isNaN(to.getTime())) details.push({ field: 'to', reason: 'is not a valid date-time' });
  if (details.length > 0) throw invalid(details);
  to ??=
    from && from.getTime() >= endOfToday.getTime()
      ? new Date(from.getTime() + DEFAULT_DAYS * DAY)
      : endOfToday;
  from ??= startOfZonedDay(tz, new Date(to.getTime() - DEFAULT_DAYS * DAY + HOUR));
  const fromMs = floorTo(from.getTime(), HOUR);
  const toMs = ceilTo(to.getTime(), HOUR);
  if (fromMs >= toMs || from.getTime() >= to.getTime()) {
    throw invalid([{ field: 'from', reason: 'must be before to' }]);
  }
  const days = (toMs - fromMs) / DAY;
  if (granularity === 'hour' && days > MAX_HOURLY_DAYS) {
    throw invalid([
      {
        field: 'granularity',
        reason: `hour allows ranges of at most ${MAX_HOURLY_DAYS} days (this one has ${Math.ceil(days)})`,
      },
    ]);
  }
  if (days > MAX_DAYS) {
    throw invalid([{ field: 'to', reason: `must be at most ${MAX_DAYS} days after from` }]);
  }
  let dayFrom = ceilTo(fromMs, DAY);
  let dayTo = floorTo(toMs, DAY);
  if (dayFrom >= dayTo) dayFrom = dayTo = toMs;
  return {
    from: new Date(fromMs),
    to: new Date(toMs),
    dayFrom: new Date(dayFrom),
    dayTo: new Date(dayTo),
    tz,
    granularity,
    linkId: query.linkId,
    utmSource: query.utmSource,
    tier: query.tier,
  };
}
