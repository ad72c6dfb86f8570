import { Inject, Injectable } from '@nestjs/common';
import { SpotifyUnavailableError } from './spotify.errors';
import { SpotifyAccountsClient } from './spotify-accounts.client';
import { SpotifyApiExchange } from './spotify-api.exchange';
import { SPOTIFY_CLIENT_OPTIONS, SpotifyClientOptions } from './spotify-client.options';
import { SpotifyApiTarget, SpotifyEndpoints } from './spotify-endpoints.service';
import { SpotifyHttpRetrier } from './spotify-http.retrier';
import { SpotifyMetrics } from './spotify-metrics.service';
import {
  normalizeAlbum,
  normalizeArtist,
  normalizePlaylist,
  normalizePlaylistItem,
  normalizeRecentlyPlayed,
  normalizeTrack,
  normalizeUser,
} from './spotify.normalizer';
import { SpotifyRateLimiter } from './spotify-rate-limiter.service';
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
  SpotifyUserProfile,
} from './spotify.types';

/** The development-mode refusal (moved to spotify.errors; kept here for its importers). */
export { DEV_MODE_REFUSAL } from './spotify.errors';

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

/**
 * Soundlink's Spotify Web API client: plain fetch, typed and normalised answers, and Spotify's fault
 * handling in one place (SpotifyHttpRetrier, one retry loop for the Web API and the token endpoint):
 *
 * - 401: the token is refreshed (user) or renewed (app) once and the call retried once.
 * - 429: every call of every process pauses for Retry-After through the SpotifyRateLimiter (shared through
 *   the SpotifyRequestBudget's store);
 *   `QUOTA_EXCEEDED` pauses for max(Retry-After, quotaPauseMs) and fails calls fast meanwhile.
 * - 5xx, network errors, timeouts (AbortSignal.timeout): retried with capped exponential backoff and full jitter.
 * - invalid_grant on refresh → SpotifyReconnectRequiredError (never retried); the development-mode 403 →
 *   SpotifyDevModeCapError; other 403/404 → SpotifyForbiddenError/SpotifyNotFoundError with Spotify's message.
 *
 * Tokens (SpotifyAccountsClient): refreshes are single-flight per refresh token: concurrent calls of one
 * listener share one token request; refreshed user tokens are written into the caller's SpotifyUserAuth.
 */
@Injectable()
export class SpotifyClient {
  private readonly accounts: SpotifyAccountsClient;
  private readonly http: SpotifyHttpRetrier;
  private readonly api: SpotifyApiExchange;

  constructor(
    @Inject(SpotifyEndpoints) private readonly target: SpotifyApiTarget,
    limiter: SpotifyRateLimiter,
    metrics: SpotifyMetrics,
    @Inject(SPOTIFY_CLIENT_OPTIONS) options: SpotifyClientOptions,
  ) {
    this.http = new SpotifyHttpRetrier(limiter, metrics, options);
    this.accounts = new SpotifyAccountsClient(target, this.http, options);
    this.api = new SpotifyApiExchange(limiter, this.accounts, options);
  }

  // ---------------------------------------------------------------- accounts service

  /** Exchanges an authorization code (the OAuth callback's `code`) for the user's tokens. */
  exchangeCode(code: string, redirectUri: string, codeVerifier?: string): Promise<SpotifyTokenSet> {
    return this.accounts.exchangeCode(code, redirectUri, codeVerifier);
  }

  /**
   * New tokens for a refresh token. Keeps the old refresh token when Spotify sends none. Concurrent calls
   * with the same refresh token share one request. invalid_grant (expired after 6 months, revoked) →
   * SpotifyReconnectRequiredError.
   */
  refresh(refreshToken: string): Promise<SpotifyTokenSet> {
    return this.accounts.refresh(refreshToken);
  }

  /** An app-only access token (client credentials), cached until shortly before it expires. */
  clientCredentialsToken(): Promise<string> {
    return this.accounts.clientCredentialsToken();
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

  private request<T>(auth: SpotifyAuth, spec: CallSpec): Promise<T> {
    const url = new URL(`${this.target.apiUrl}${spec.path}`);
    for (const [key, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return this.http.run(this.api, SpotifyApiExchange.call(spec.endpoint, url, auth)) as Promise<T>;
  }
}
