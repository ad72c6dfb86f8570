import fc from 'fast-check';
import { backoffCeilingMs, backoffDelayMs, parseRetryAfterMs } from './spotify-retry.policy';

const policy = { baseMs: 500, capMs: 20_000 };

describe('capped exponential backoff with full jitter', () => {
  it('doubles the ceiling per retry from the base, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffCeilingMs(n, policy))).toEqual([
      500, 1000, 2000, 4000, 8000, 16000, 20000, 20000,
    ]);
    expect(backoffCeilingMs(1000, policy)).toBe(20_000);
  });

  it('always waits between 0 and the ceiling, never beyond the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 120_000 }),
        (retry, r, baseMs, capMs) => {
          const options = { baseMs, capMs };
          const delay = backoffDelayMs(retry, options, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThan(Math.max(1, backoffCeilingMs(retry, options)));
          expect(delay).toBeLessThanOrEqual(capMs);
        },
      ),
    );
  });

  it('spreads delays over the whole window (full jitter, not equal jitter)', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(1000);
    expect(backoffDelayMs(3, policy, () => 0.999999)).toBe(1999);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-06-01T12:00:00Z');

  it('reads delta-seconds, as Spotify sends it', () => {
    expect(parseRetryAfterMs('3', now)).toBe(3000);
    expect(parseRetryAfterMs(' 0 ', now)).toBe(0);
    expect(parseRetryAfterMs('1.5', now)).toBe(1500);
  });

  it('reads an HTTP date, never giving a negative delay', () => {
    expect(parseRetryAfterMs('Mon, 01 Jun 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfterMs('Mon, 01 Jun 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or unusable header', () => {
    expect(parseRetryAfterMs(null, now)).toBeNull();
    expect(parseRetryAfterMs(undefined, now)).toBeNull();
    expect(parseRetryAfterMs('-5', now)).toBeNull();
    expect(parseRetryAfterMs('soon', now)).toBeNull();
  });
});
