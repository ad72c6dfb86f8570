import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  SpotifyAuthFailedError,
  SpotifyBadRequestError,
  SpotifyDevModeCapError,
  SpotifyError,
  SpotifyForbiddenError,
  SpotifyNotFoundError,
  SpotifyQuotaExceededError,
  SpotifyRateLimitedError,
  SpotifyReconnectRequiredError,
  SpotifyUnavailableError,
} from './spotify.errors';
import { SPOTIFY_CLIENT_OPTIONS, SpotifyClientOptions } from './spotify-client.options';
import { SpotifyApiTarget, SpotifyEndpoints } from './spotify.endpoints';
import { SpotifyMetrics } from './spotify.metrics';
import {
  normalizeAlbum,
  normalizeArtist,
  normalizePlaylist,
  normalizePlaylistItem,
  normalizeRecentlyPlayed,
  normalizeTokenResponse,
  normalizeTrack,
  normalizeUser,
} from './spotify.normalizer';
import { SpotifyRateLimiter } from './spotify-rate.limiter';
import { backoffDelayMs, parseRetryAfterMs, sleep } from './spotify-retry.policy';
import type {
  SpotifyAlbum,
  SpotifyArtist,
  SpotifyAuth,
  SpotifyPage,
  SpotifyPlaylist,
  SpotifyPlaylistItem,
  SpotifyRecentlyPlayedPage,
  SpotifyTimeRange,
  SpotifyTokenSet,
  SpotifyTrack,
  SpotifyUserAuth,
  SpotifyUserProfile,
} from './spotify.types';

/** The development-mode refusal, answered as plain text (not JSON) by Spotify. */
export const DEV_MODE_REFUSAL = 'User not registered in the Developer Dashboard';

type Query = Record<string, string | number | undefined>;
type Json = Record<string, unknown>;

interface CallSpec {
  /** The endpoint pattern, for metrics: `/playlists/{id}/items`. */
  endpoint: string;
  path: string;
  query?: Query;
}

/** Largest page sizes Spotify allows per endpoint. */
const PLAYLIST_PAGE = 100;
const ALBUM_TRACKS_PAGE = 50;
/** Safety stop for paging (10 000 playlist entries, Spotify's maximum). */
const MAX_PAGES = 100;

/** A timeout from AbortSignal.timeout (a DOMException: duck-typed, it may come from another realm). */
const isAbort = (error: unknown) => {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'TimeoutError' || name === 'AbortError';
};

function errorMessage(body: string, fallback: string): { message: string; reason?: string } {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown; reason?: unknown } | string };
    const error = parsed.error;
    if (error && typeof error === 'object') {
      return {
        message: typeof error.message === 'string' ? error.message : fallback,
        reason: typeof error.reason === 'string' ? error.reason : undefined,
      };
    }
  } catch {
    // not JSON
  }
  const text = body.trim();
  return { message: text && text.length < 300 ? text : fallback };
}

/**
 * Soundlink's Spotify Web API client: plain fetch, typed and normalised answers, and Spotify's fault
 * handling in one place.
 *
 * - 401: the token is refreshed (user) or renewed (app) once and the call retried once.
 * - 429: every call of every process pauses for Retry-After through the SpotifyRateLimiter (shared through
 *   the SpotifyRequestBudget's store);
 *   `QUOTA_EXCEEDED` pauses for max(Retry-After, quotaPauseMs) and fails calls fast meanwhile.
 * - 5xx, network errors, timeouts (AbortSignal.timeout): retried with capped exponential backoff and full jitter.
 * - invalid_grant on refresh → SpotifyReconnectRequiredError (never retried); the development-mode 403 →
 *   SpotifyDevModeCapError; other 403/404 → SpotifyForbiddenError/SpotifyNotFoundError with Spotify's message.
 *
 * Refreshes are single-flight per refresh token: concurrent calls of one listener share one token request.
 */
@Injectable()
export class SpotifyClient {
  private readonly logger = new Logger('SpotifyClient');
  private appToken: { token: string; expiresAtMs: number } | undefined;
  private appTokenRequest: Promise<string> | undefined;
  private readonly refreshes = new Map<string, Promise<SpotifyTokenSet>>();

  constructor(
    @Inject(SpotifyEndpoints) private readonly target: SpotifyApiTarget,
    private readonly limiter: SpotifyRateLimiter,
    private readonly metrics: SpotifyMetrics,
    @Inject(SPOTIFY_CLIENT_OPTIONS) private readonly options: SpotifyClientOptions,
  ) {}

  // ---------------------------------------------------------------- accounts service

  /** Exchanges an authorization code (the OAuth callback's `code`) for the user's tokens. */
  async exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<SpotifyTokenSet> {
    const form: Record<string, string> = {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    };
    if (codeVerifier) form['code_verifier'] = codeVerifier;
    const { refreshTokenRotated: _, ...tokens } = normalizeTokenResponse(
      await this.tokenRequest(form),
      Date.now(),
    );
    return tokens;
  }

  /**
   * New tokens for a refresh token. Keeps the old refresh token when Spotify sends none. Concurrent calls
   * with the same refresh token share one request. invalid_grant (expired after 6 months, revoked) →
   * SpotifyReconnectRequiredError.
   */
  refresh(refreshToken: string): Promise<SpotifyTokenSet> {
    const running = this.refreshes.get(refreshToken);
    if (running) return running;
    const request = (async () => {
      try {
        const raw = await this.tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken });
        const { refreshTokenRotated: _, ...tokens } = normalizeTokenResponse(raw, Date.now(), refreshToken);
        return tokens;
      } finally {
        this.refreshes.delete(refreshToken);
      }
    })();
    this.refreshes.set(refreshToken, request);
    return request;
  }

  /** An app-only access token (client credentials), cached until shortly before it expires. */
  clientCredentialsToken(): Promise<string> {
    if (this.appToken && this.appToken.expiresAtMs - this.options.tokenExpirySkewMs > Date.now()) {
      return Promise.resolve(this.appToken.token);
    }
    this.appTokenRequest ??= (async () => {
      try {
        const tokens = normalizeTokenResponse(
          await this.tokenRequest({ grant_type: 'client_credentials' }),
          Date.now(),
        );
        this.appToken = { token: tokens.accessToken, expiresAtMs: tokens.expiresAt.getTime() };
        return tokens.accessToken;
      } finally {
        this.appTokenRequest = undefined;
      }
    })();
    return this.appTokenRequest;
  }

  // ---------------------------------------------------------------- Web API

  getMe(auth: SpotifyAuth): Promise<SpotifyUserProfile> {
    return this.get(auth, { endpoint: '/me', path: '/me' }).then(normalizeUser);
  }

  /** The last plays (at most 50 exist); `after` and `before` are epoch ms cursors, never both. */
  async getRecentlyPlayed(
    auth: SpotifyAuth,
    options: { after?: number | Date; before?: number | Date; limit?: number } = {},
  ): Promise<SpotifyRecentlyPlayedPage> {
    if (options.after !== undefined && options.before !== undefined) {
      throw new RangeError('getRecentlyPlayed takes after or before, not both');
    }
    const ms = (v: number | Date | undefined) => (v instanceof Date ? v.getTime() : v);
    const body = await this.get(auth, {
      endpoint: '/me/player/recently-played',
      path: '/me/player/recently-played',
      query: { limit: options.limit ?? 50, after: ms(options.after), before: ms(options.before) },
    });
    return normalizeRecentlyPlayed(body);
  }

  getTopItems(
    auth: SpotifyAuth,
    type: 'tracks',
    options?: { timeRange?: SpotifyTimeRange; limit?: number; offset?: number },
  ): Promise<SpotifyPage<SpotifyTrack>>;
  getTopItems(
    auth: SpotifyAuth,
    type: 'artists',
    options?: { timeRange?: SpotifyTimeRange; limit?: number; offset?: number },
  ): Promise<SpotifyPage<SpotifyArtist>>;
  async getTopItems(
    auth: SpotifyAuth,
    type: 'tracks' | 'artists',
    options: { timeRange?: SpotifyTimeRange; limit?: number; offset?: number } = {},
  ): Promise<SpotifyPage<SpotifyTrack> | SpotifyPage<SpotifyArtist>> {
    const body = await this.get(auth, {
      endpoint: `/me/top/${type}`,
      path: `/me/top/${type}`,
      query: { time_range: options.timeRange, limit: options.limit, offset: options.offset },
    });
    const page = (items: unknown[]) => ({
      total: Number(body['total'] ?? 0),
      limit: Number(body['limit'] ?? 0),
      offset: Number(body['offset'] ?? 0),
      items,
    });
    const raw = Array.isArray(body['items']) ? (body['items'] as unknown[]) : [];
    return type === 'tracks'
      ? (page(
          raw.map(normalizeTrack).filter((t): t is SpotifyTrack => t !== null),
        ) as SpotifyPage<SpotifyTrack>)
      : (page(raw.map(normalizeArtist)) as SpotifyPage<SpotifyArtist>);
  }

  async getPlaylist(auth: SpotifyAuth, id: string): Promise<SpotifyPlaylist> {
    return normalizePlaylist(await this.getPlaylistFields(auth, id));
  }

  /** `GET /playlists/{id}` raw, restricted to Spotify's `fields` filter when given. */
  getPlaylistFields(auth: SpotifyAuth, id: string, fields?: string): Promise<Json> {
    return this.get(auth, {
      endpoint: '/playlists/{id}',
      path: `/playlists/${encodeURIComponent(id)}`,
      query: { fields },
    });
  }

  /** The playlist's current snapshot id (a cheap `fields=snapshot_id` request). */
  async getPlaylistSnapshotId(auth: SpotifyAuth, id: string): Promise<string> {
    const body = await this.getPlaylistFields(auth, id, 'snapshot_id');
    return typeof body['snapshot_id'] === 'string' ? body['snapshot_id'] : '';
  }

  /**
   * Every entry of a playlist (all pages). Spotify answers 403 unless the token's user owns or collaborates
   * on it. Parses both `items[].item` and the legacy `items[].track`.
   */
  async getPlaylistItems(auth: SpotifyAuth, id: string): Promise<SpotifyPlaylistItem[]> {
    const entries = await this.allPages(
      auth,
      { endpoint: '/playlists/{id}/items', path: `/playlists/${encodeURIComponent(id)}/items` },
      PLAYLIST_PAGE,
    );
    return entries.map(normalizePlaylistItem).filter((e): e is SpotifyPlaylistItem => e !== null);
  }

  async getTrack(auth: SpotifyAuth, id: string): Promise<SpotifyTrack> {
    const body = await this.get(auth, {
      endpoint: '/tracks/{id}',
      path: `/tracks/${encodeURIComponent(id)}`,
    });
    const track = normalizeTrack(body);
    if (!track) throw new SpotifyUnavailableError('bad-response', `No track in the answer for ${id}`);
    return track;
  }

  async getAlbum(auth: SpotifyAuth, id: string): Promise<SpotifyAlbum> {
    return normalizeAlbum(
      await this.get(auth, { endpoint: '/albums/{id}', path: `/albums/${encodeURIComponent(id)}` }),
    );
  }

  /** Every track of an album (all pages), as simplified tracks (no album, no popularity). */
  async getAlbumTracks(auth: SpotifyAuth, id: string): Promise<SpotifyTrack[]> {
    const raw = await this.allPages(
      auth,
      { endpoint: '/albums/{id}/tracks', path: `/albums/${encodeURIComponent(id)}/tracks` },
      ALBUM_TRACKS_PAGE,
    );
    return raw.map(normalizeTrack).filter((t): t is SpotifyTrack => t !== null);
  }

  async getArtist(auth: SpotifyAuth, id: string): Promise<SpotifyArtist> {
    return normalizeArtist(
      await this.get(auth, { endpoint: '/artists/{id}', path: `/artists/${encodeURIComponent(id)}` }),
    );
  }

  async getArtistTopTracks(auth: SpotifyAuth, id: string): Promise<SpotifyTrack[]> {
    const body = await this.get(auth, {
      endpoint: '/artists/{id}/top-tracks',
      path: `/artists/${encodeURIComponent(id)}/top-tracks`,
    });
    const tracks = Array.isArray(body['tracks']) ? (body['tracks'] as unknown[]) : [];
    return tracks.map(normalizeTrack).filter((t): t is SpotifyTrack => t !== null);
  }

  /** Whether the user's library holds each URI (tracks, albums, followed artists/playlists); at most 40. */
  async libraryContains(auth: SpotifyAuth, uris: string[]): Promise<boolean[]> {
    if (uris.length === 0) return [];
    if (uris.length > 40) throw new RangeError('libraryContains takes at most 40 URIs');
    const body = await this.request<unknown>(auth, {
      endpoint: '/me/library/contains',
      path: '/me/library/contains',
      query: { uris: uris.join(',') },
    });
    return Array.isArray(body) ? body.map((v) => v === true) : [];
  }

  // ---------------------------------------------------------------- plumbing

  private async get(auth: SpotifyAuth, spec: CallSpec): Promise<Json> {
    const body = await this.request<unknown>(auth, spec);
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new SpotifyUnavailableError('bad-response', `Unexpected answer from ${spec.endpoint}`);
    }
    return body as Json;
  }

  private async allPages(auth: SpotifyAuth, spec: CallSpec, limit: number): Promise<unknown[]> {
    const all: unknown[] = [];
    for (let page = 0, offset = 0; page < MAX_PAGES; page++) {
      const body = await this.get(auth, { ...spec, query: { ...spec.query, limit, offset } });
      const items = Array.isArray(body['items']) ? (body['items'] as unknown[]) : [];
      all.push(...items);
      offset += items.length;
      const total = typeof body['total'] === 'number' ? body['total'] : offset;
      if (items.length === 0 || offset >= total) break;
    }
    return all;
  }

  private async request<T>(auth: SpotifyAuth, spec: CallSpec): Promise<T> {
    const url = new URL(`${this.target.apiUrl}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    let failures = 0;
    let reauthorized = false;
    for (;;) {
      await this.limiter.acquire();
      const token = await this.accessTokenFor(auth);
      let res: Response;
      try {
        res = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
      } catch (error) {
        const reason = isAbort(error) ? 'timeout' : 'network';
        this.metrics.requests.inc({ endpoint: spec.endpoint, status: reason });
        failures = await this.backoffOrThrow(failures, reason, () => this.unavailable(reason, spec, error));
        continue;
      }
      this.metrics.requests.inc({ endpoint: spec.endpoint, status: String(res.status) });
      let body: string;
      try {
        body = await res.text();
      } catch (error) {
        const reason = isAbort(error) ? 'timeout' : 'network';
        failures = await this.backoffOrThrow(failures, reason, () => this.unavailable(reason, spec, error));
        continue;
      }
      if (res.ok) {
        if (res.status === 204 || body === '') return undefined as T;
        try {
          return JSON.parse(body) as T;
        } catch {
          throw new SpotifyUnavailableError('bad-response', `Invalid JSON from ${spec.endpoint}`, res.status);
        }
      }
      const { message, reason } = errorMessage(body, res.statusText || `HTTP ${res.status}`);
      if (res.status === 401) {
        if (reauthorized) throw new SpotifyAuthFailedError('invalid_token', message, 401);
        reauthorized = true;
        this.metrics.retries.inc({ reason: 'unauthorized' });
        await this.renewAfter401(auth, token);
        continue;
      }
      if (res.status === 429) {
        const retryAfter = parseRetryAfterMs(res.headers.get('retry-after'));
        if (reason === 'QUOTA_EXCEEDED') {
          await this.limiter.pause(Math.max(retryAfter ?? 0, this.options.quotaPauseMs), {
            quotaExceeded: true,
          });
          this.metrics.pauses.inc({ reason: 'quota_exceeded' });
          this.logger.warn(`Spotify quota exceeded: pausing all Spotify calls until ${this.pausedUntil()}`);
          throw new SpotifyQuotaExceededError(this.limiter.status().pausedUntil ?? new Date());
        }
        failures++;
        const pauseMs = retryAfter ?? backoffDelayMs(failures, this.backoff(), this.options.random);
        await this.limiter.pause(pauseMs);
        this.metrics.pauses.inc({ reason: 'rate_limit' });
        if (failures >= this.options.maxAttempts) {
          throw new SpotifyRateLimitedError(this.limiter.status().pausedUntil ?? new Date());
        }
        this.metrics.retries.inc({ reason: 'rate_limit' });
        continue; // acquire() waits for the pause
      }
      if (res.status >= 500) {
        const retryAfter = parseRetryAfterMs(res.headers.get('retry-after'));
        failures = await this.backoffOrThrow(
          failures,
          'server_error',
          () => new SpotifyUnavailableError('server-error', `${res.status} ${message}`, res.status),
          retryAfter,
        );
        continue;
      }
      throw this.clientError(res.status, body, message);
    }
  }

  private clientError(status: number, body: string, message: string): SpotifyError {
    if (status === 403 && body.includes(DEV_MODE_REFUSAL)) return new SpotifyDevModeCapError();
    if (status === 403) return new SpotifyForbiddenError(message);
    if (status === 404) return new SpotifyNotFoundError(message);
    return new SpotifyBadRequestError(message, status);
  }

  private unavailable(reason: 'timeout' | 'network', spec: CallSpec, error: unknown): SpotifyError {
    const detail =
      error instanceof Error ? `${error.message}${error.cause ? ` (${String(error.cause)})` : ''}` : '';
    return new SpotifyUnavailableError(reason, `${spec.endpoint}: ${detail}`);
  }

  private backoff() {
    return { baseMs: this.options.backoffBaseMs, capMs: this.options.backoffCapMs };
  }

  private pausedUntil(): string {
    return this.limiter.status().pausedUntil?.toISOString() ?? 'now';
  }

  /** Counts a retryable failure; sleeps the backoff and returns the new count, or throws when out of attempts. */
  private async backoffOrThrow(
    failures: number,
    reason: string,
    error: () => Error,
    minDelayMs: number | null = null,
  ): Promise<number> {
    const count = failures + 1;
    if (count >= this.options.maxAttempts) throw error();
    this.metrics.retries.inc({ reason });
    const delay = Math.max(backoffDelayMs(count, this.backoff(), this.options.random), minDelayMs ?? 0);
    await sleep(Math.min(delay, this.options.backoffCapMs));
    return count;
  }

  private async accessTokenFor(auth: SpotifyAuth): Promise<string> {
    if (auth === 'app') return this.clientCredentialsToken();
    const expiresAt = auth.expiresAt instanceof Date ? auth.expiresAt.getTime() : auth.expiresAt;
    if (expiresAt - this.options.tokenExpirySkewMs <= Date.now()) await this.refreshUser(auth);
    return auth.accessToken;
  }

  private async renewAfter401(auth: SpotifyAuth, failedToken: string): Promise<void> {
    if (auth === 'app') {
      if (this.appToken?.token === failedToken) this.appToken = undefined;
      await this.clientCredentialsToken();
      return;
    }
    if (auth.accessToken === failedToken) await this.refreshUser(auth);
  }

  /**
   * Refreshes a user's tokens (single-flight), updates the object in place and reports them once. With a
   * token owner (`renew`), the owner refreshes and persists; the client only takes what it answers.
   */
  private async refreshUser(auth: SpotifyUserAuth): Promise<void> {
    const before = auth.accessToken;
    if (auth.renew) {
      const renewed = await auth.renew(before);
      if (auth.accessToken !== before) return; // a concurrent call of this object applied them already
      auth.accessToken = renewed.accessToken;
      auth.refreshToken = renewed.refreshToken;
      auth.expiresAt = renewed.expiresAt;
      return;
    }
    const tokens = await this.refresh(auth.refreshToken);
    if (auth.accessToken !== before || auth.accessToken === tokens.accessToken) return; // already applied
    auth.accessToken = tokens.accessToken;
    auth.refreshToken = tokens.refreshToken;
    auth.expiresAt = tokens.expiresAt;
    await auth.onRefreshed?.(tokens);
  }

  /** POST /api/token with the app's credentials; retries 5xx, network errors and timeouts with backoff. */
  private async tokenRequest(form: Record<string, string>): Promise<unknown> {
    const url = `${this.target.accountsUrl}/api/token`;
    const basic = Buffer.from(`${this.target.clientId}:${this.target.clientSecret}`).toString('base64');
    const endpoint = `/api/token:${form['grant_type']}`;
    let failures = 0;
    for (;;) {
      let res: Response;
      let body: string;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${basic}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: new URLSearchParams(form).toString(),
          signal: AbortSignal.timeout(this.options.timeoutMs),
        });
        body = await res.text();
      } catch (error) {
        const reason = isAbort(error) ? 'timeout' : 'network';
        this.metrics.requests.inc({ endpoint, status: reason });
        failures = await this.backoffOrThrow(failures, reason, () =>
          this.unavailable(reason, { endpoint, path: '/api/token' }, error),
        );
        continue;
      }
      this.metrics.requests.inc({ endpoint, status: String(res.status) });
      if (res.status >= 500 || res.status === 429) {
        failures = await this.backoffOrThrow(
          failures,
          'server_error',
          () => new SpotifyUnavailableError('server-error', `token endpoint ${res.status}`, res.status),
          parseRetryAfterMs(res.headers.get('retry-after')),
        );
        continue;
      }
      let json: Json = {};
      try {
        json = JSON.parse(body) as Json;
      } catch {
        // handled below
      }
      if (res.ok) {
        if (typeof json['access_token'] !== 'string') {
          throw new SpotifyUnavailableError('bad-response', 'token answer without access_token', res.status);
        }
        return json;
      }
      const error = typeof json['error'] === 'string' ? json['error'] : `http_${res.status}`;
      const description =
        typeof json['error_description'] === 'string' ? json['error_description'] : body.slice(0, 200);
      if (error === 'invalid_grant' && form['grant_type'] === 'refresh_token') {
        throw new SpotifyReconnectRequiredError(description);
      }
      const callerFault = form['grant_type'] === 'authorization_code' && error === 'invalid_grant';
      throw new SpotifyAuthFailedError(error, description, res.status, callerFault ? 400 : 502);
    }
  }
}
