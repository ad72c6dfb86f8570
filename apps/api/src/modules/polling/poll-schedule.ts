/**
 * When to poll a listener next: pure functions, so the schedule can be read and tested on its own.
 *
 * Spotify keeps only a listener's last 50 plays and a track counts once it played for 30 s, so 50 plays
 * take at least 25 minutes: polling every listener at least every 25 minutes loses nothing even for a
 * listener who skips through tracks at 30 s each. The defaults keep a margin below that (20 minutes at
 * most, jitter included) and poll listeners who are playing music now every 2 minutes, which keeps
 * attribution close to real time without spending the request budget on people who are not listening.
 */

export interface SchedulePolicy {
  /** Interval for a listener who played something recently (default 2 min). */
  activeMs: number;
  /** Longest interval, for a long-idle listener; never exceeded, jitter included (default 20 min). */
  maxMs: number;
}

export interface PollObservation {
  nowMs: number;
  /** The newest played_at known for this listener after this poll; null when none was ever seen. */
  lastPlayAtMs: number | null;
}

/** Spread of the schedule (±10 %), so listeners connected together do not stay in lock-step. */
export const SCHEDULE_JITTER = 0.1;
/** Idle time is divided by this: idle for 40 min → poll in 10 min (within [activeMs, maxMs]). */
export const IDLE_DIVISOR = 4;
/** Nothing is polled again sooner than this. */
export const MIN_DELAY_MS = 1000;

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const unit = (random: () => number) => clamp(random(), 0, 1 - Number.EPSILON);

/**
 * The delay before the next poll after a successful one. Active listeners (a play in the last
 * IDLE_DIVISOR × activeMs) are polled every `activeMs`; the interval then grows with the idle time
 * (a quarter of it) up to `maxMs`. A listener with no play ever seen is treated as long idle.
 */
export function nextPollDelayMs(
  observation: PollObservation,
  policy: SchedulePolicy,
  random: () => number = Math.random,
): number {
  const maxMs = Math.max(policy.maxMs, MIN_DELAY_MS);
  const activeMs = clamp(policy.activeMs, MIN_DELAY_MS, maxMs);
  const idleMs =
    observation.lastPlayAtMs === null
      ? Number.POSITIVE_INFINITY
      : Math.max(0, observation.nowMs - observation.lastPlayAtMs);
  const base = clamp(idleMs / IDLE_DIVISOR, activeMs, maxMs);
  const jittered = base * (1 - SCHEDULE_JITTER + 2 * SCHEDULE_JITTER * unit(random));
  return Math.round(clamp(jittered, MIN_DELAY_MS, maxMs));
}

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay is longer than this. */
  capMs: number;
}

/**
 * Back-off of one listener after its poll failed `errorCount` times in a row (1 = the first failure):
 * exponential (base × 2^(n-1), capped) with "equal jitter", i.e. a uniform delay in [ceiling/2, ceiling),
 * so failed listeners spread out but none is retried at once.
 */
export function errorBackoffMs(
  errorCount: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = clamp(Math.floor(errorCount) - 1, 0, 30);
  const ceiling = Math.max(MIN_DELAY_MS, Math.min(policy.capMs, policy.baseMs * 2 ** exponent));
  return Math.round(ceiling / 2 + (ceiling / 2) * unit(random));
}

/**
 * When to poll again after Spotify paused every call (429 Retry-After, quota): right after the pause,
 * spread over `spreadMs` so the listeners waiting for it do not all fire in the same instant.
 */
export function afterPauseDelayMs(
  nowMs: number,
  pausedUntilMs: number,
  spreadMs = 1000,
  random: () => number = Math.random,
): number {
  return Math.max(MIN_DELAY_MS, pausedUntilMs - nowMs) + Math.round(spreadMs * unit(random));
}
