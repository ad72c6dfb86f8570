import { Injectable, Logger } from '@nestjs/common';
import { TtlCache, TtlCacheService } from '../../common/cache/ttl-cache.service';
import { ListenerTokens, StoredListenerTokens } from '../listener/listener-tokens.service';
import { SpotifyClient } from '../spotify/spotify.client';
import type { SpotifyTimeRange } from '../spotify/spotify.types';
import type { InsightRange, SpotifyTopDto } from './dto/insights.dto';

const SPOTIFY_RANGE: Record<InsightRange, SpotifyTimeRange> = {
  '4w': 'short_term',
  '6m': 'medium_term',
  all: 'long_term',
};
/** Spotify's /me/top answers are cached this long per listener and range (they change slowly). */
const SPOTIFY_TOP_TTL_MS = 10 * 60_000;
const SPOTIFY_TOP_CACHE_MAX = 5_000;
/** Insights never wait longer than this on Spotify; past it the section says unavailable. */
const SPOTIFY_TOP_TIMEOUT_MS = 4_000;

/** What the listener's row says about their Spotify connection. */
export interface SpotifyTopListener extends StoredListenerTokens {
  scope: string | null;
  status: string;
}

/**
 * Spotify's own top lists (/me/top) for the insights page, when the listener granted user-top-read and is
 * connected: the tokens come from ListenerTokens (which stores any refresh), answers are cached per listener,
 * range and limit in this process, and a slow or failing Spotify never fails the page (status unavailable).
 */
@Injectable()
export class SpotifyTopService {
  private readonly logger = new Logger('Insights');
  private readonly cache: TtlCache<SpotifyTopDto>;

  constructor(
    private readonly tokens: ListenerTokens,
    private readonly client: SpotifyClient,
    caches: TtlCacheService,
  ) {
    this.cache = caches.create({ ttlMs: SPOTIFY_TOP_TTL_MS, maxEntries: SPOTIFY_TOP_CACHE_MAX });
  }

  async top(listener: SpotifyTopListener, range: InsightRange, limit: number): Promise<SpotifyTopDto> {
    const timeRange = SPOTIFY_RANGE[range];
    const empty = (status: SpotifyTopDto['status']): SpotifyTopDto => ({
      status,
      timeRange,
      tracks: [],
      artists: [],
    });
    const granted = (listener.scope ?? '').split(/\s+/).includes('user-top-read');
    if (
      !granted ||
      listener.status === 'disconnected' ||
      !listener.accessTokenEnc ||
      !listener.refreshTokenEnc
    ) {
      return empty('not_granted');
    }
    const key = `${listener.listenerId}:${timeRange}:${limit}`;
    const cached = this.cache.get(key);
    if (cached) return cached;

    // Tokens this key cannot decrypt (ListenerTokensUnavailableError) are not caught: they fail the page.
    const auth = this.tokens.auth(listener);
    try {
      const [tracks, artists] = await withTimeout(
        Promise.all([
          this.client.getTopItems(auth, 'tracks', { timeRange, limit }),
          this.client.getTopItems(auth, 'artists', { timeRange, limit }),
        ]),
        SPOTIFY_TOP_TIMEOUT_MS,
      );
      const value: SpotifyTopDto = {
        status: 'ok',
        timeRange,
        tracks: tracks.items.map((t) => ({
          trackId: t.id,
          name: t.name,
          artistNames: t.artists.map((a) => a.name),
          albumName: t.album?.name ?? null,
          imageUrl: t.album?.imageUrl ?? null,
        })),
        artists: artists.items.map((a) => ({
          artistId: a.id,
          name: a.name,
          imageUrl: a.imageUrl,
          genres: a.genres,
        })),
      };
      this.cache.set(key, value);
      return value;
    } catch (error) {
      this.logger.debug(
        `Listener ${listener.listenerId}: Spotify top items unavailable (${(error as Error).message})`,
      );
      return empty('unavailable');
    }
  }
}

/** `work`'s answer, or an Error('timeout') after `ms` (work goes on, its answer is then dropped). */
async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
