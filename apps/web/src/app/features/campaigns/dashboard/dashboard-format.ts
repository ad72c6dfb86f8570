import type { Completeness, Funnel, Lift } from './analytics-api';
import { funnelRates } from './chart-views';

/** How the dashboard writes its figures in words. */

export function count(value: number): string {
  return value.toLocaleString('en');
}

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${Math.round(value * 1000) / 10} %`;
}

/** A decimal with its sign (+0.5, −0.25), as differences read. */
export function signed(value: number | null | undefined): string {
  if (value === null || value === undefined) return '–';
  const rounded = Math.round(value * 100) / 100;
  if (rounded === 0) return '0';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded).toLocaleString('en')}`;
}

/** The lift estimate in words, with its interval and the relative change when there is one. */
export function liftText(lift: Lift): string {
  let text = `${signed(lift.estimatePerDay)} campaign-track plays per listener-day`;
  if (lift.interval) {
    text += ` (95 % interval ${signed(lift.interval.low)} to ${signed(lift.interval.high)})`;
  }
  if (lift.relative !== null) {
    text += `: ${signed(lift.relative * 100)} % over what they would have played without the campaign`;
  }
  return text;
}

export function decimal(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : (Math.round(value * 100) / 100).toLocaleString('en');
}

/** The rate under funnel step `index` (plays per active listener for the last, a share for the others). */
export function funnelRate(funnel: Funnel, index: number): string {
  const value = funnelRates(funnel)[index];
  if (value === null || value === undefined) return '–';
  return index === 3 ? decimal(value) : percent(value);
}

export function completenessText(completeness: Completeness | null): string {
  if (!completeness || completeness.share === null) return 'No connected listeners in this range yet.';
  return `${percent(completeness.share)} of connected listener-time observed (${completeness.listeners} listener${completeness.listeners === 1 ? '' : 's'})`;
}

/**
 * The note beside the range when it starts before the campaign's oldest retained raw click (null otherwise):
 * the figures still count the removed clicks (rollups), the raw rows behind them are gone.
 */
export function rawDataText(raw: Funnel['rawData']): string | null {
  if (!raw.rangeBeforeRawClicks) return null;
  const day = raw.rawClicksSince.slice(0, 10);
  return `Raw clicks before ${day} were removed after ${raw.clickRetentionDays} days; totals come from the rollups.`;
}
