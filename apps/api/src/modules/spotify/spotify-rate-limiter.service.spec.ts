import { SpotifyQuotaExceededError, SpotifyRateLimitedError } from './spotify.errors';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';

describe('SpotifyRateLimiter: one pause for the whole process', () => {
  afterEach(() => jest.useRealTimers());

  it('lets calls through at once when not paused', async () => {
    const limiter = new SpotifyRateLimiter();
    await expect(limiter.acquire()).resolves.toBeUndefined();
    expect(limiter.status()).toEqual({ paused: false, pausedUntil: null, quotaExceeded: false });
  });

  it('holds every call issued during a pause until it ends, none early', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z') });
    const limiter = new SpotifyRateLimiter({ maxPauseWaitMs: 60_000 });
    limiter.pause(2000);
    const released: number[] = [];
    const calls = [1, 2, 3].map((n) => limiter.acquire().then(() => released.push(n)));
    await jest.advanceTimersByTimeAsync(1999);
    expect(released).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await Promise.all(calls);
    expect(released.sort()).toEqual([1, 2, 3]);
  });

  it('keeps waiting when the pause is extended while calls wait, and never shortens a pause', async () => {
    jest.useFakeTimers({ now: 0 });
    const limiter = new SpotifyRateLimiter();
    limiter.pause(1000);
    let released = false;
    const call = limiter.acquire().then(() => (released = true));
    await jest.advanceTimersByTimeAsync(500);
    limiter.pause(1500); // now until 2000
    limiter.pause(100); // shorter: ignored
    await jest.advanceTimersByTimeAsync(1000);
    expect(released).toBe(false);
    await jest.advanceTimersByTimeAsync(500);
    await call;
    expect(released).toBe(true);
  });

  it('fails calls at once instead of holding them through a pause longer than maxPauseWaitMs', async () => {
    const limiter = new SpotifyRateLimiter({ maxPauseWaitMs: 1000 });
    limiter.pause(30_000);
    await expect(limiter.acquire()).rejects.toBeInstanceOf(SpotifyRateLimitedError);
  });

  it('reports a quota pause and fails calls fast until it ends', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-06-01T12:00:00Z') });
    const limiter = new SpotifyRateLimiter();
    limiter.pause(3_600_000, { quotaExceeded: true });
    expect(limiter.status()).toEqual({
      paused: true,
      pausedUntil: new Date('2026-06-01T13:00:00Z'),
      quotaExceeded: true,
    });
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpotifyQuotaExceededError);
    expect((error as SpotifyQuotaExceededError).headers).toEqual({ 'Retry-After': '3600' });
    jest.setSystemTime(Date.parse('2026-06-01T13:00:00Z'));
    expect(limiter.status().quotaExceeded).toBe(false);
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });

  it('tells listeners about pauses (metrics)', () => {
    const limiter = new SpotifyRateLimiter();
    const seen: boolean[] = [];
    limiter.onPause((e) => seen.push(e.quotaExceeded));
    limiter.pause(10);
    limiter.pause(10, { quotaExceeded: true });
    expect(seen).toEqual([false, true]);
  });
});
