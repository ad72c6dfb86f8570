/** Retry timing for Spotify calls: capped exponential backoff with full jitter, and Retry-After parsing. */

export interface BackoffOptions {
  /** Delay cap of the first retry (ms). */
  baseMs: number;
  /** No delay is ever longer than this (ms). */
  capMs: number;
}

/** The ceiling of the delay before retry number `retry` (1-based): min(cap, base * 2^(retry-1)). */
export function backoffCeilingMs(retry: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.min(30, Math.floor(retry) - 1));
  return Math.min(options.capMs, options.baseMs * 2 ** exponent);
}

/**
 * "Full jitter" (AWS architecture blog): a uniformly random delay in [0, ceiling), so clients that failed
 * together do not retry together. `random` returns [0, 1) like Math.random.
 */
export function backoffDelayMs(
  retry: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * backoffCeilingMs(retry, options));
}

/**
 * A Retry-After header in milliseconds from `now`: delta-seconds (Spotify's form) or an HTTP date.
 * null when absent or unusable; never negative.
 */
export function parseRetryAfterMs(
  header: string | null | undefined,
  now: number = Date.now(),
): number | null {
  if (header === null || header === undefined) return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  if (!/[a-z]/i.test(value)) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
