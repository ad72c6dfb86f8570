import { Injectable } from '@nestjs/common';
import type { CampaignEntity } from '../campaign/campaign.entity';
import type { ResolvedRange } from './analytics-range';
import { AnalyticsLiftRepository, LiftListenerRow } from './analytics-lift.repository';
import type { LiftDto, LiftGroupDto } from './dto/analytics.dto';

/** The before period: up to this many days before the anchor. */
export const LIFT_BEFORE_DAYS = 28;
/** Bootstrap resamples, and the seed of their draws (so the same data always gives the same interval). */
export const LIFT_RESAMPLES = 1_000;
export const LIFT_SEED = 16;
/**
 * At most this many control listeners (a fixed pseudo-random sample, by a hash of listener and campaign id, when
 * more connected listeners did not click): keeps the SQL and the bootstrap within a second or two.
 */
export const LIFT_CONTROL_SAMPLE = 5_000;
/** Below these, the endpoint answers "not enough data": per group and per period. */
export const LIFT_MIN_LISTENERS = 10;
export const LIFT_MIN_OBSERVED_DAYS = 7;

/** Sums of a group, or of one bootstrap resample of it. */
interface Sums {
  beforePlays: number;
  beforeDays: number;
  afterPlays: number;
  afterDays: number;
}

/** A group's listeners, 4 numbers each, side by side (one typed array: the bootstrap reads it millions of times). */
interface Columns {
  n: number;
  values: Float64Array;
}

/** mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The lower median of sorted instants (an actual click time; for 2 clicks, the earlier). */
export function lowerMedian(sorted: Date[]): Date | null {
  if (sorted.length === 0) return null;
  return sorted[Math.ceil(sorted.length / 2) - 1] as Date;
}

/** Quantile q of sorted numbers, interpolating linearly between neighbours (type 7, as R and NumPy). */
export function quantile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

const rate = (plays: number, days: number): number | null => (days > 0 ? plays / days : null);

/** The difference in differences of two groups' sums; null when a period of a group has no observed day. */
export function differenceInDifferences(exposed: Sums, control: Sums): number | null {
  const eb = rate(exposed.beforePlays, exposed.beforeDays);
  const ea = rate(exposed.afterPlays, exposed.afterDays);
  const cb = rate(control.beforePlays, control.beforeDays);
  const ca = rate(control.afterPlays, control.afterDays);
  if (eb === null || ea === null || cb === null || ca === null) return null;
  return ea - eb - (ca - cb);
}

function columns(rows: LiftListenerRow[]): Columns {
  const values = new Float64Array(rows.length * 4);
  rows.forEach((r, i) => {
    values[i * 4] = r.beforePlays;
    values[i * 4 + 1] = r.beforeDays;
    values[i * 4 + 2] = r.afterPlays;
    values[i * 4 + 3] = r.afterDays;
  });
  return { n: rows.length, values };
}

function sums(rows: LiftListenerRow[]): Sums {
  const s: Sums = { beforePlays: 0, beforeDays: 0, afterPlays: 0, afterDays: 0 };
  for (const r of rows) {
    s.beforePlays += r.beforePlays;
    s.beforeDays += r.beforeDays;
    s.afterPlays += r.afterPlays;
    s.afterDays += r.afterDays;
  }
  return s;
}

/** One resample of a group: as many listeners as it has, drawn with replacement. */
function resample(c: Columns, random: () => number): Sums {
  let beforePlays = 0;
  let beforeDays = 0;
  let afterPlays = 0;
  let afterDays = 0;
  const v = c.values;
  for (let k = 0; k < c.n; k++) {
    const i = Math.floor(random() * c.n) * 4;
    beforePlays += v[i] as number;
    beforeDays += v[i + 1] as number;
    afterPlays += v[i + 2] as number;
    afterDays += v[i + 3] as number;
  }
  return { beforePlays, beforeDays, afterPlays, afterDays };
}

/**
 * The percentile bootstrap 95 % interval of the difference in differences: `resamples` times, resample the
 * listeners of each group with replacement (seeded), recompute the estimate, and take the 2.5th and 97.5th
 * percentiles. Resamples in which a period of a group has no observed day are left out. Null when none remains.
 */
export function bootstrapInterval(
  exposed: LiftListenerRow[],
  control: LiftListenerRow[],
  resamples = LIFT_RESAMPLES,
  seed = LIFT_SEED,
): { low: number; high: number } | null {
  if (exposed.length === 0 || control.length === 0) return null;
  const random = seededRandom(seed);
  const e = columns(exposed);
  const c = columns(control);
  const estimates: number[] = [];
  for (let b = 0; b < resamples; b++) {
    const d = differenceInDifferences(resample(e, random), resample(c, random));
    if (d !== null) estimates.push(d);
  }
  if (estimates.length === 0) return null;
  estimates.sort((x, y) => x - y);
  return { low: quantile(estimates, 0.025), high: quantile(estimates, 0.975) };
}

const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 1e6) / 1e6);

function groupDto(rows: LiftListenerRow[]): LiftGroupDto {
  const s = sums(rows);
  const before = rate(s.beforePlays, s.beforeDays);
  const after = rate(s.afterPlays, s.afterDays);
  return {
    listeners: rows.length,
    beforeListeners: rows.filter((r) => r.beforeDays > 0).length,
    afterListeners: rows.filter((r) => r.afterDays > 0).length,
    beforeObservedDays: round(s.beforeDays) as number,
    afterObservedDays: round(s.afterDays) as number,
    beforePlays: s.beforePlays,
    afterPlays: s.afterPlays,
    beforePerDay: round(before),
    afterPerDay: round(after),
    changePerDay: before === null || after === null ? null : round(after - before),
  };
}

/** Why there is not enough data, in words (null when there is). */
function shortfall(exposed: LiftGroupDto, control: LiftGroupDto): string | null {
  for (const [name, g] of [
    ['exposed', exposed],
    ['control', control],
  ] as const) {
    for (const period of ['before', 'after'] as const) {
      const listeners = period === 'before' ? g.beforeListeners : g.afterListeners;
      const days = period === 'before' ? g.beforeObservedDays : g.afterObservedDays;
      if (listeners < LIFT_MIN_LISTENERS) {
        return `The ${name} group has ${listeners} listener${listeners === 1 ? '' : 's'} observed ${period} the anchor; at least ${LIFT_MIN_LISTENERS} are needed.`;
      }
      if (days < LIFT_MIN_OBSERVED_DAYS) {
        return `The ${name} group has ${days} observed listener-days ${period} the anchor; at least ${LIFT_MIN_OBSERVED_DAYS} are needed.`;
      }
    }
  }
  return null;
}

/**
 * Lift against a control group, by difference in differences (docs/analytics.md, "Lift"). The repository
 * gives per-listener aggregates; the estimate, its bootstrap interval and the minimums are applied here.
 */
@Injectable()
export class AnalyticsLiftService {
  constructor(private readonly repository: AnalyticsLiftRepository) {}

  async lift(
    campaign: CampaignEntity,
    range: ResolvedRange,
    now = new Date(),
  ): Promise<Omit<LiftDto, 'range' | 'completeness'>> {
    const cohort = {
      campaignId: campaign.id,
      from: range.from,
      to: range.to,
      linkId: range.linkId,
      utmSource: range.utmSource,
    };
    const controlAnchor = lowerMedian(await this.repository.exposedAnchors(cohort));
    const rows = await this.repository.listenerPeriods({
      ...cohort,
      controlAnchor,
      controlSample: LIFT_CONTROL_SAMPLE,
      beforeDays: LIFT_BEFORE_DAYS,
      afterHours: campaign.attributionWindowHours,
      now,
    });
    const exposedRows = rows.filter((r) => r.group === 'exposed');
    const controlRows = rows.filter((r) => r.group === 'control');
    const exposed = groupDto(exposedRows);
    const control = groupDto(controlRows);
    const method = {
      beforeDays: LIFT_BEFORE_DAYS,
      afterHours: campaign.attributionWindowHours,
      controlAnchor: controlAnchor?.toISOString() ?? null,
      controlPool: controlRows[0]?.pool ?? 0,
      controlSample: LIFT_CONTROL_SAMPLE,
      resamples: LIFT_RESAMPLES,
      seed: LIFT_SEED,
      minListeners: LIFT_MIN_LISTENERS,
      minObservedDays: LIFT_MIN_OBSERVED_DAYS,
    };
    const reason =
      exposedRows.length === 0
        ? 'No connected listener clicked the campaign in the range.'
        : shortfall(exposed, control);
    if (reason !== null) {
      return {
        status: 'notEnoughData',
        reason,
        estimatePerDay: null,
        interval: null,
        counterfactualPerDay: null,
        relative: null,
        exposed,
        control,
        method,
      };
    }
    const e = sums(exposedRows);
    const c = sums(controlRows);
    const estimate = differenceInDifferences(e, c) as number;
    // What the exposed group would have played after without the campaign: its before rate moved as the control's.
    const counterfactual =
      e.beforePlays / e.beforeDays + (c.afterPlays / c.afterDays - c.beforePlays / c.beforeDays);
    const interval = bootstrapInterval(exposedRows, controlRows);
    return {
      status: 'ok',
      reason: null,
      estimatePerDay: round(estimate),
      interval: interval && { low: round(interval.low) as number, high: round(interval.high) as number },
      counterfactualPerDay: round(counterfactual),
      relative: counterfactual > 0 ? round(estimate / counterfactual) : null,
      exposed,
      control,
      method,
    };
  }
}
