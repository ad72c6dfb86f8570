import {
  afterPauseDelayMs,
  errorBackoffMs,
  IDLE_DIVISOR,
  MIN_DELAY_MS,
  nextPollDelayMs,
  SCHEDULE_JITTER,
} from './poll-schedule';

const MIN = 60_000;
const policy = { activeMs: 2 * MIN, maxMs: 20 * MIN };
const mid = () => 0.5; // no jitter: the factor is exactly 1
const now = Date.UTC(2026, 5, 1, 12);

describe('nextPollDelayMs (the adaptive schedule)', () => {
  it('polls a listener who is playing right now at the active interval', () => {
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 30_000 }, policy, mid)).toBe(2 * MIN);
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 8 * MIN }, policy, mid)).toBe(2 * MIN);
  });

  it('backs off with the idle time: a quarter of it, between the active and the maximum interval', () => {
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 20 * MIN }, policy, mid)).toBe(5 * MIN);
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 40 * MIN }, policy, mid)).toBe(10 * MIN);
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 80 * MIN }, policy, mid)).toBe(20 * MIN);
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - 3 * 24 * 60 * MIN }, policy, mid)).toBe(
      20 * MIN,
    );
    expect(IDLE_DIVISOR).toBe(4);
  });

  it('treats a listener with no play ever seen as long idle', () => {
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: null }, policy, mid)).toBe(20 * MIN);
  });

  it('grows monotonically with the idle time', () => {
    let previous = 0;
    for (let idle = 0; idle <= 200 * MIN; idle += MIN) {
      const delay = nextPollDelayMs({ nowMs: now, lastPlayAtMs: now - idle }, policy, mid);
      expect(delay).toBeGreaterThanOrEqual(previous);
      previous = delay;
    }
  });

  it('never waits longer than the maximum, jitter included, so the 50-play window is never outrun', () => {
    const worst = nextPollDelayMs({ nowMs: now, lastPlayAtMs: null }, policy, () => 0.999999);
    expect(worst).toBe(20 * MIN);
    // 50 plays of at least 30 s need 25 minutes: the default maximum keeps a 5-minute margin.
    expect(worst).toBeLessThan(50 * 30_000);
  });

  it('spreads listeners by ±10 % so that they do not stay in lock-step', () => {
    const low = nextPollDelayMs({ nowMs: now, lastPlayAtMs: now }, policy, () => 0);
    const high = nextPollDelayMs({ nowMs: now, lastPlayAtMs: now }, policy, () => 0.999999);
    expect(low).toBe(Math.round(2 * MIN * (1 - SCHEDULE_JITTER)));
    expect(high).toBeGreaterThan(2 * MIN * 1.09);
    expect(high).toBeLessThanOrEqual(2 * MIN * (1 + SCHEDULE_JITTER));
  });

  it('copes with a play in the future (clock skew) and with odd policies', () => {
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now + MIN }, policy, mid)).toBe(2 * MIN);
    expect(nextPollDelayMs({ nowMs: now, lastPlayAtMs: now }, { activeMs: 0, maxMs: 0 }, mid)).toBe(
      MIN_DELAY_MS,
    );
    expect(
      nextPollDelayMs({ nowMs: now, lastPlayAtMs: now }, { activeMs: 10 * MIN, maxMs: 5 * MIN }, mid),
    ).toBe(5 * MIN);
  });
});

describe('errorBackoffMs (per-listener back-off after failures)', () => {
  const backoff = { baseMs: 30_000, capMs: 20 * MIN };

  it('doubles per consecutive failure, with equal jitter in [ceiling/2, ceiling)', () => {
    expect(errorBackoffMs(1, backoff, () => 0)).toBe(15_000);
    expect(errorBackoffMs(1, backoff, () => 0.999999)).toBeLessThanOrEqual(30_000);
    expect(errorBackoffMs(2, backoff, () => 0)).toBe(30_000);
    expect(errorBackoffMs(3, backoff, () => 0)).toBe(60_000);
    expect(errorBackoffMs(4, backoff, mid)).toBe(180_000);
  });

  it('is capped', () => {
    expect(errorBackoffMs(10, backoff, () => 0.999999)).toBeLessThanOrEqual(20 * MIN);
    expect(errorBackoffMs(1000, backoff, () => 0)).toBe(10 * MIN);
  });

  it('never retries at once', () => {
    expect(errorBackoffMs(0, { baseMs: 1, capMs: 1 }, () => 0)).toBeGreaterThanOrEqual(MIN_DELAY_MS / 2);
  });

  it('spreads retries of listeners that failed together', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = new Set(Array.from({ length: 50 }, () => errorBackoffMs(3, backoff, random)));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe('afterPauseDelayMs (after Spotify paused every call)', () => {
  it('waits for the pause to end, then spreads the listeners over a second', () => {
    expect(afterPauseDelayMs(now, now + 5000, 1000, () => 0)).toBe(5000);
    expect(afterPauseDelayMs(now, now + 5000, 1000, () => 0.5)).toBe(5500);
    expect(afterPauseDelayMs(now, now - 5000, 1000, () => 0)).toBe(MIN_DELAY_MS);
  });
});
