/** A fixed-window request counter on the sandbox clock, per key (an API key, a token or an address). */
export interface RateLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the current window ends. */
  resetAt: number;
}

export class RateLimiter {
  private windows = new Map<string, { start: number; used: number }>();

  private readonly initial: RateLimit;

  constructor(public config: RateLimit) {
    this.initial = { ...config };
  }

  /** Back to the configured limit, with every window empty. */
  reset(): void {
    this.windows = new Map();
    this.config = { ...this.initial };
  }

  hit(key: string, now: number): RateDecision {
    const { limit, windowMs } = this.config;
    let w = this.windows.get(key);
    if (!w || now >= w.start + windowMs || now < w.start) {
      w = { start: Math.floor(now / windowMs) * windowMs, used: 0 };
      this.windows.set(key, w);
    }
    const allowed = w.used < limit;
    if (allowed) w.used++;
    return { allowed, limit, remaining: Math.max(0, limit - w.used), resetAt: w.start + windowMs };
  }
}

export function validateRateLimit(input: unknown): RateLimit {
  const o = (input ?? {}) as Record<string, unknown>;
  const limit = o['limit'];
  const windowMs = o['windowMs'];
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)
    throw new RangeError('rateLimit.limit must be an integer >= 0');
  if (typeof windowMs !== 'number' || !Number.isInteger(windowMs) || windowMs < 1)
    throw new RangeError('rateLimit.windowMs must be an integer >= 1');
  return { limit, windowMs };
}
