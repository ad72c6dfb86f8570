import type { AppConfig } from '../../config/app-config';

/** Injection token of the SpotifyClientOptions. */
export const SPOTIFY_CLIENT_OPTIONS = Symbol('SPOTIFY_CLIENT_OPTIONS');

/** Timing and retry settings of the Spotify client and rate limiter (tests shrink them). */
export interface SpotifyClientOptions {
  /** Per request, via AbortSignal.timeout (default 10 s). */
  timeoutMs: number;
  /** Attempts of one call on 5xx, network errors, timeouts and 429s, the first included (default 4). */
  maxAttempts: number;
  /** First retry waits up to this long (full jitter), doubling up to backoffCapMs. */
  backoffBaseMs: number;
  backoffCapMs: number;
  /** How long all calls pause after 429 QUOTA_EXCEEDED (at least Retry-After), default 1 h. */
  quotaPauseMs: number;
  /** A call waits for a rate-limit pause at most this long; a longer pause fails it at once (default 60 s). */
  maxPauseWaitMs: number;
  /** A user token this close to expiry is refreshed before use; the app token renewed (default 60 s). */
  tokenExpirySkewMs: number;
  /** Short-link resolution: whole-resolution timeout and redirect budget. */
  linkTimeoutMs: number;
  linkMaxHops: number;
  /** Items kept by the in-memory catalog cache (tracks; playlists by snapshot). */
  cacheMaxTracks: number;
  cacheMaxPlaylists: number;
  /** Random source for jitter, [0, 1). */
  random: () => number;
  /** Fetch used for short links only (tests route spotify.link to a local server). */
  linkFetch?: typeof fetch;
}

export const DEFAULT_SPOTIFY_CLIENT_OPTIONS: SpotifyClientOptions = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  backoffBaseMs: 500,
  backoffCapMs: 20_000,
  quotaPauseMs: 3_600_000,
  maxPauseWaitMs: 60_000,
  tokenExpirySkewMs: 60_000,
  linkTimeoutMs: 5_000,
  linkMaxHops: 5,
  cacheMaxTracks: 5_000,
  cacheMaxPlaylists: 200,
  random: Math.random,
};

export function spotifyClientOptions(overrides: Partial<SpotifyClientOptions> = {}): SpotifyClientOptions {
  return { ...DEFAULT_SPOTIFY_CLIENT_OPTIONS, ...overrides };
}

/** The options as configured by SPOTIFY_* variables. */
export function spotifyClientOptionsFromConfig(config: AppConfig): SpotifyClientOptions {
  return spotifyClientOptions({
    timeoutMs: config.SPOTIFY_TIMEOUT_MS,
    maxAttempts: config.SPOTIFY_MAX_ATTEMPTS,
    backoffBaseMs: config.SPOTIFY_RETRY_BASE_MS,
    quotaPauseMs: config.SPOTIFY_QUOTA_PAUSE_S * 1000,
  });
}
