import { Inject, Injectable, Optional } from '@nestjs/common';
import { SpotifyQuotaExceededError, SpotifyRateLimitedError } from './spotify.errors';
import {
  DEFAULT_SPOTIFY_CLIENT_OPTIONS,
  SPOTIFY_CLIENT_OPTIONS,
  SpotifyClientOptions,
} from './spotify-client.options';
import { sleep } from './spotify-retry.policy';
import { SpotifyRequestBudget } from './spotify-request-budget.service';

export interface SpotifyRateLimitStatus {
  /** Whether Spotify calls are paused right now. */
  paused: boolean;
  /** When the pause ends; null when not paused. */
  pausedUntil: Date | null;
  /** The pause comes from a 429 QUOTA_EXCEEDED (the app's quota is used up). */
  quotaExceeded: boolean;
}

/**
 * A call over the shared budget waits at most this long for the next window, else fails (a poll is then
 * rescheduled after the window instead of holding its lease and a slot).
 */
export const BUDGET_MAX_WAIT_MS = 3_000;

export type PauseListener = (event: { untilMs: number; quotaExceeded: boolean }) => void;

/**
 * One gate for every Spotify Web API call. Spotify's rate limit is per app, so a 429's Retry-After pauses
 * all calls, not just the one that got it: calls issued during a pause wait until it ends (none is sent
 * early); a pause longer than `maxPauseWaitMs`, or a QUOTA_EXCEEDED pause, fails them at once instead of
 * holding them for minutes. With the shared SpotifyRequestBudget (the application), every call also counts
 * against the app's budget of requests per 30 s across all processes, and a pause recorded by another
 * process stops this one too; a call over budget waits for the next window (up to BUDGET_MAX_WAIT_MS).
 */
@Injectable()
export class SpotifyRateLimiter {
  private pausedUntilMs = 0;
  private quota = false;
  /** The shared budget is used up until then (not a pause: nothing went wrong). */
  private budgetUntilMs = 0;
  private readonly listeners: PauseListener[] = [];
  private readonly maxPauseWaitMs: number;

  constructor(
    @Optional() @Inject(SPOTIFY_CLIENT_OPTIONS) options?: Pick<SpotifyClientOptions, 'maxPauseWaitMs'>,
    @Optional() private readonly budget?: SpotifyRequestBudget,
  ) {
    this.maxPauseWaitMs = options?.maxPauseWaitMs ?? DEFAULT_SPOTIFY_CLIENT_OPTIONS.maxPauseWaitMs;
  }

  private now(): number {
    return Date.now();
  }

  /** Resolves when a call may be sent; throws SpotifyRateLimitedError / SpotifyQuotaExceededError instead of a long wait. */
  async acquire(): Promise<void> {
    for (;;) {
      const until = Math.max(this.pausedUntilMs, this.budgetUntilMs);
      const wait = until - this.now();
      if (wait > 0) {
        if (this.quota && this.pausedUntilMs > this.now())
          throw new SpotifyQuotaExceededError(new Date(this.pausedUntilMs));
        const budgetOnly = this.pausedUntilMs <= this.now();
        if (wait > (budgetOnly ? BUDGET_MAX_WAIT_MS : this.maxPauseWaitMs))
          throw new SpotifyRateLimitedError(new Date(until));
        await sleep(wait);
        continue; // the pause may have been extended while we slept
      }
      if (!this.budget) return;
      const verdict = await this.budget.take();
      // A pause that began while the store answered still holds this call (the unit taken is lost).
      if (verdict.waitMs <= 0 && this.pausedUntilMs <= this.now()) return;
      if (verdict.waitMs <= 0) continue;
      if (verdict.paused) this.pauseHere(verdict.waitMs, false);
      else this.budgetUntilMs = Math.max(this.budgetUntilMs, this.now() + verdict.waitMs);
    }
  }

  /** Requests that may be sent now (the shared budget's remainder; unlimited without one). */
  async available(): Promise<number> {
    if (this.status().paused || this.budgetUntilMs > this.now()) return 0;
    return this.budget ? this.budget.available() : Number.POSITIVE_INFINITY;
  }

  /** Pauses every call, of every process when the budget is shared, for `ms` from now (never shortens a running pause). */
  async pause(ms: number, options: { quotaExceeded?: boolean } = {}): Promise<void> {
    this.pauseHere(ms, options.quotaExceeded ?? false);
    await this.budget?.pause(ms);
  }

  private pauseHere(ms: number, quotaExceeded: boolean): void {
    const options = { quotaExceeded };
    const until = this.now() + Math.max(0, ms);
    if (this.pausedUntilMs <= this.now()) this.quota = false;
    if (until > this.pausedUntilMs) this.pausedUntilMs = until;
    if (options.quotaExceeded) this.quota = true;
    for (const listener of this.listeners)
      listener({ untilMs: this.pausedUntilMs, quotaExceeded: this.quota });
  }

  status(): SpotifyRateLimitStatus {
    const paused = this.pausedUntilMs > this.now();
    return {
      paused,
      pausedUntil: paused ? new Date(this.pausedUntilMs) : null,
      quotaExceeded: paused && this.quota,
    };
  }

  /** Ends any pause, the shared one included, and starts a fresh budget window (operators, tests). */
  async reset(): Promise<void> {
    this.pausedUntilMs = 0;
    this.budgetUntilMs = 0;
    this.quota = false;
    await this.budget?.reset();
  }

  onPause(listener: PauseListener): void {
    this.listeners.push(listener);
  }
}
