import { Inject, Injectable, Optional } from '@nestjs/common';
import { SpotifyQuotaExceededError, SpotifyRateLimitedError } from './spotify.errors';
import {
  DEFAULT_SPOTIFY_CLIENT_OPTIONS,
  SPOTIFY_CLIENT_OPTIONS,
  SpotifyClientOptions,
} from './spotify-client.options';
import { sleep } from './spotify-retry.policy';

export interface SpotifyRateLimitStatus {
  /** Whether Spotify calls are paused right now. */
  paused: boolean;
  /** When the pause ends; null when not paused. */
  pausedUntil: Date | null;
  /** The pause comes from a 429 QUOTA_EXCEEDED (the app's quota is used up). */
  quotaExceeded: boolean;
}

export type PauseListener = (event: { untilMs: number; quotaExceeded: boolean }) => void;

/**
 * One gate for every Spotify Web API call of this process. Spotify's rate limit is per app, so a 429's
 * Retry-After pauses all calls, not just the one that got it: calls issued during a pause wait until it
 * ends (none is sent early); a pause longer than `maxPauseWaitMs`, or a QUOTA_EXCEEDED pause, fails them at
 * once instead of holding them for minutes.
 */
@Injectable()
export class SpotifyRateLimiter {
  private pausedUntilMs = 0;
  private quota = false;
  private readonly listeners: PauseListener[] = [];
  private readonly maxPauseWaitMs: number;

  constructor(
    @Optional() @Inject(SPOTIFY_CLIENT_OPTIONS) options?: Pick<SpotifyClientOptions, 'maxPauseWaitMs'>,
  ) {
    this.maxPauseWaitMs = options?.maxPauseWaitMs ?? DEFAULT_SPOTIFY_CLIENT_OPTIONS.maxPauseWaitMs;
  }

  private now(): number {
    return Date.now();
  }

  /** Resolves when a call may be sent; throws SpotifyRateLimitedError / SpotifyQuotaExceededError instead of a long wait. */
  async acquire(): Promise<void> {
    for (;;) {
      const wait = this.pausedUntilMs - this.now();
      if (wait <= 0) return;
      if (this.quota) throw new SpotifyQuotaExceededError(new Date(this.pausedUntilMs));
      if (wait > this.maxPauseWaitMs) throw new SpotifyRateLimitedError(new Date(this.pausedUntilMs));
      await sleep(wait);
      // Loop: the pause may have been extended while we slept.
    }
  }

  /** Pauses every call for `ms` from now (never shortens a running pause). */
  pause(ms: number, options: { quotaExceeded?: boolean } = {}): void {
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

  /** Ends any pause (operators, tests). */
  reset(): void {
    this.pausedUntilMs = 0;
    this.quota = false;
  }

  onPause(listener: PauseListener): void {
    this.listeners.push(listener);
  }
}
