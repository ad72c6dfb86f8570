import type { ApiSchema } from '@soundlink/api-client';

export type PollingSummary = ApiSchema<'PollingSummaryDto'>;

/** Poll lag from which the poller counts as behind (the active interval is well under a minute). */
export const LAG_WARNING_S = 60;

export type VerdictLevel = 'ok' | 'warning' | 'danger';

/** The page's one-line answer to "is polling all right?", with the reasons when it isn't. */
export interface Verdict {
  readonly level: VerdictLevel;
  readonly headline: string;
  readonly reasons: readonly string[];
}

/** "0 s", "45 s", "3 min 20 s", "2 h 5 min": durations as people read them. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.floor((s % 3600) / 60);
  return minutes ? `${Math.floor(s / 3600)} h ${minutes} min` : `${Math.floor(s / 3600)} h`;
}

/** "14:05:12" in the owner's time zone (the browser's when the zone is unknown). */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const options: Intl.DateTimeFormatOptions = { timeStyle: 'medium' };
  try {
    return new Intl.DateTimeFormat(undefined, { ...options, timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat(undefined, options).format(date);
  }
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function pollingVerdict(summary: PollingSummary, timeZone?: string): Verdict {
  const reasons: string[] = [];
  let level: VerdictLevel = 'ok';
  const { spotify } = summary;
  if (spotify.paused) {
    level = 'danger';
    const until = spotify.pausedUntil ? ` until ${formatTime(spotify.pausedUntil, timeZone)}` : '';
    reasons.push(
      spotify.quotaExceeded
        ? `The Spotify app's quota is used up: every Spotify call is paused${until}.`
        : `Spotify answered 429 (too many requests): every Spotify call is paused${until}.`,
    );
  }
  if (summary.pollLagS >= LAG_WARNING_S) {
    if (level === 'ok') level = 'warning';
    reasons.push(
      `Polling is behind: the most overdue listener has waited ${formatDuration(summary.pollLagS)} ` +
        `(${plural(summary.due, 'listener', 'listeners')} due now).`,
    );
  }
  if (summary.failing > 0) {
    if (level === 'ok') level = 'warning';
    reasons.push(
      `${plural(summary.failing, "listener's", "listeners'")} last poll failed; they are retried with back-off.`,
    );
  }
  if (summary.gapsLast24h > 0) {
    if (level === 'ok') level = 'warning';
    reasons.push(
      `${plural(summary.gapsLast24h, 'observation gap', 'observation gaps')} in the last 24 h: ` +
        'some plays may be missing.',
    );
  }
  const headline =
    level === 'danger'
      ? 'Spotify calls are paused'
      : level === 'warning'
        ? 'Polling needs attention'
        : summary.listeners.active === 0
          ? 'Nothing to poll yet'
          : 'Polling is keeping up';
  return { level, headline, reasons };
}
