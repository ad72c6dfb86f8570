import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TokenCipher } from '../../common/security/token-cipher';
import { listenerNotConnected } from '../listener/listener.errors';
import { SpotifyClient } from '../spotify/spotify.client';
import type { SpotifyTimeRange, SpotifyTokenSet, SpotifyUserAuth } from '../spotify/spotify.types';
import type {
  ClockCellDto,
  InsightCampaignDto,
  InsightRange,
  ListenerInsightsDto,
  SpotifyTopDto,
  TopAlbumDto,
  TopArtistDto,
  ListenerTopTrackDto,
} from './dto/insights.dto';
import { invalidTimeZone } from './insights.errors';
import { computeStreaks, Session, SESSION_GAP_MINUTES, summarizeSessions } from './listening-patterns';

const RANGE_DAYS: Record<InsightRange, number | null> = { '4w': 28, '6m': 182, all: null };
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

/**
 * The plays of the listener in the range, each with what it contributes to listening time: ms_played when
 * the play says (imported history), else the track's length. Parameters: $1 listener, $2 range start (null:
 * everything), $3 the end (now).
 */
const PLAYS_CTE = `
  p AS (
    SELECT p.played_at, p.track_id, COALESCE(p.ms_played, t.duration_ms, 0)::bigint AS ms
      FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
     WHERE p.listener_id = $1 AND ($2::timestamptz IS NULL OR p.played_at >= $2::timestamptz)
       AND p.played_at <= $3::timestamptz
  )`;

interface ListenerRow {
  timezone: string;
  scope: string | null;
  status: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
const iso = (value: Date | string): string => new Date(value).toISOString();

/**
 * A connected listener's own insights (docs/insights.md): top tracks, artists and albums, listening time per
 * day, the listening clock, sessions, streaks, the share of new tracks and their campaigns, from the plays
 * Soundlink stored (polled, baseline and imported), plus Spotify's own /me/top when the scope was granted.
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger('Insights');
  private readonly spotifyTopCache = new Map<string, { at: number; value: SpotifyTopDto }>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: TokenCipher,
    private readonly client: SpotifyClient,
  ) {}

  async insights(
    listenerId: string,
    options: { range?: InsightRange; tz?: string; limit?: number },
  ): Promise<ListenerInsightsDto> {
    const listener = await this.listener(listenerId);
    const range = options.range ?? '4w';
    const tz = options.tz ?? listener.timezone ?? 'UTC';
    await this.checkTimeZone(tz);
    const limit = options.limit ?? 10;
    const to = new Date();
    const days = RANGE_DAYS[range];
    const from = days === null ? null : new Date(to.getTime() - days * 86_400_000);
    const params = [listenerId, from, to];

    // One snapshot for every section, on one connection (the pool is shared with polling).
    const sections = await this.dataSource.transaction('REPEATABLE READ', async (db) => ({
      totals: await this.totals(db, params, tz),
      topTracks: await this.topTracks(db, params, limit),
      topArtists: await this.topArtists(db, params, limit),
      topAlbums: await this.topAlbums(db, params, limit),
      perDay: await this.perDay(db, params, tz),
      clock: await this.clock(db, params, tz),
      sessions: await this.sessions(db, params),
      activeDays: await this.activeDaysEver(db, listenerId, tz),
      newTracks: await this.newTracks(db, params),
      campaigns: await this.campaigns(db, listenerId),
    }));
    const {
      totals,
      topTracks,
      topArtists,
      topAlbums,
      perDay,
      clock,
      sessions,
      activeDays,
      newTracks,
      campaigns,
    } = sections;
    const spotifyTop = await this.spotifyTop(listenerId, listener, range, limit);
    const streaks = computeStreaks(activeDays.days, activeDays.today);
    return {
      range,
      timeZone: tz,
      from: from?.toISOString() ?? null,
      to: to.toISOString(),
      totals,
      topTracks,
      topArtists,
      topAlbums,
      spotifyTop,
      listeningPerDay: perDay,
      clock,
      sessions: (() => {
        const summary = summarizeSessions(sessions);
        return {
          gapMinutes: SESSION_GAP_MINUTES,
          count: summary.count,
          averageDurationMs: summary.averageDurationMs,
          longest: summary.longest && {
            startedAt: summary.longest.startedAt.toISOString(),
            endedAt: summary.longest.endedAt.toISOString(),
            durationMs: summary.longest.durationMs,
            plays: summary.longest.plays,
            listeningMs: summary.longest.listeningMs,
          },
        };
      })(),
      streaks,
      newTracks,
      campaigns,
    };
  }

  private async totals(
    db: EntityManager,
    params: unknown[],
    tz: string,
  ): Promise<ListenerInsightsDto['totals']> {
    const [row] = (await db.query(
      `WITH ${PLAYS_CTE}
       SELECT count(*)::int AS plays, COALESCE(sum(ms), 0)::bigint AS ms, count(DISTINCT track_id)::int AS tracks,
              count(DISTINCT (played_at AT TIME ZONE $4)::date)::int AS days
         FROM p`,
      [...params, tz],
    )) as Array<{ plays: number; ms: string; tracks: number; days: number }>;
    return {
      plays: num(row?.plays),
      listeningMs: num(row?.ms),
      distinctTracks: num(row?.tracks),
      activeDays: num(row?.days),
    };
  }

  private async topTracks(
    db: EntityManager,
    params: unknown[],
    limit: number,
  ): Promise<ListenerTopTrackDto[]> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE},
       top AS (SELECT track_id, count(*)::int AS plays, sum(ms)::bigint AS ms FROM p GROUP BY track_id)
       SELECT top.track_id, top.plays, top.ms, COALESCE(t.name, '') AS name, COALESCE(t.artist_names, '{}') AS artist_names,
              t.album_name, t.image_url
         FROM top LEFT JOIN tracks t ON t.id = top.track_id
        ORDER BY top.plays DESC, top.ms DESC, top.track_id
        LIMIT $4`,
      [...params, limit],
    )) as Array<{
      track_id: string;
      plays: number;
      ms: string;
      name: string;
      artist_names: string[];
      album_name: string | null;
      image_url: string | null;
    }>;
    return rows.map((r) => ({
      trackId: r.track_id,
      name: r.name,
      artistNames: r.artist_names,
      albumName: r.album_name,
      imageUrl: r.image_url,
      plays: r.plays,
      listeningMs: num(r.ms),
    }));
  }

  /** Every credited artist of a track gets the play; grouped by name (imported history has no artist ids). */
  private async topArtists(db: EntityManager, params: unknown[], limit: number): Promise<TopArtistDto[]> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE}
       SELECT a.name, max(NULLIF(a.id, '')) AS artist_id, count(*)::int AS plays, sum(p.ms)::bigint AS ms
         FROM p JOIN tracks t ON t.id = p.track_id
        CROSS JOIN LATERAL unnest(t.artist_names, t.artist_ids) AS a(name, id)
        WHERE a.name IS NOT NULL AND a.name <> ''
        GROUP BY a.name
        ORDER BY plays DESC, ms DESC, a.name
        LIMIT $4`,
      [...params, limit],
    )) as Array<{ name: string; artist_id: string | null; plays: number; ms: string }>;
    return rows.map((r) => ({ name: r.name, artistId: r.artist_id, plays: r.plays, listeningMs: num(r.ms) }));
  }

  /** Albums by name and first artist (imported history names albums without ids). */
  private async topAlbums(db: EntityManager, params: unknown[], limit: number): Promise<TopAlbumDto[]> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE}
       SELECT t.album_name AS name, t.artist_names[1] AS artist_name, max(t.album_id) AS album_id,
              max(t.image_url) AS image_url, count(*)::int AS plays, sum(p.ms)::bigint AS ms
         FROM p JOIN tracks t ON t.id = p.track_id
        WHERE t.album_name IS NOT NULL AND t.album_name <> ''
        GROUP BY t.album_name, t.artist_names[1]
        ORDER BY plays DESC, ms DESC, t.album_name, t.artist_names[1]
        LIMIT $4`,
      [...params, limit],
    )) as Array<{
      name: string;
      artist_name: string | null;
      album_id: string | null;
      image_url: string | null;
      plays: number;
      ms: string;
    }>;
    return rows.map((r) => ({
      name: r.name,
      artistName: r.artist_name,
      albumId: r.album_id,
      imageUrl: r.image_url,
      plays: r.plays,
      listeningMs: num(r.ms),
    }));
  }

  /** Every calendar day of the range in tz (from the first play for all), zeros included. */
  private async perDay(
    db: EntityManager,
    params: unknown[],
    tz: string,
  ): Promise<ListenerInsightsDto['listeningPerDay']> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE},
       d AS (SELECT (played_at AT TIME ZONE $4)::date AS day, count(*)::int AS plays, sum(ms)::bigint AS ms
               FROM p GROUP BY 1),
       bounds AS (SELECT COALESCE(($2::timestamptz AT TIME ZONE $4)::date, (SELECT min(day) FROM d)) AS first,
                         ($3::timestamptz AT TIME ZONE $4)::date AS last)
       SELECT to_char(s.day, 'YYYY-MM-DD') AS date, COALESCE(d.plays, 0) AS plays, COALESCE(d.ms, 0) AS ms
         FROM bounds, generate_series(bounds.first, bounds.last, interval '1 day') AS s(day)
         LEFT JOIN d ON d.day = s.day::date
        ORDER BY s.day`,
      [...params, tz],
    )) as Array<{ date: string; plays: number; ms: string }>;
    return rows.map((r) => ({ date: r.date, plays: num(r.plays), listeningMs: num(r.ms) }));
  }

  private async clock(db: EntityManager, params: unknown[], tz: string): Promise<ClockCellDto[]> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE}
       SELECT extract(isodow FROM played_at AT TIME ZONE $4)::int AS weekday,
              extract(hour FROM played_at AT TIME ZONE $4)::int AS hour, count(*)::int AS plays, sum(ms)::bigint AS ms
         FROM p GROUP BY 1, 2`,
      [...params, tz],
    )) as Array<{ weekday: number; hour: number; plays: number; ms: string }>;
    const cells: ClockCellDto[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) cells.push({ weekday, hour, plays: 0, listeningMs: 0 });
    }
    for (const r of rows) {
      const cell = cells[(r.weekday - 1) * 24 + r.hour];
      if (cell) {
        cell.plays = r.plays;
        cell.listeningMs = num(r.ms);
      }
    }
    return cells;
  }

  /**
   * Sessions, cut in SQL: in start order, a play opens a new session when it starts more than
   * SESSION_GAP_MINUTES after the latest end of the plays before it (end = start + listening time).
   */
  private async sessions(db: EntityManager, params: unknown[]): Promise<Session[]> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE},
       timed AS (SELECT played_at, ms, played_at + ms * interval '1 millisecond' AS ended_at FROM p),
       marked AS (
         SELECT played_at, ended_at, ms,
                CASE WHEN played_at - max(ended_at) OVER (ORDER BY played_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                          <= make_interval(mins => $4) THEN 0 ELSE 1 END AS opens
           FROM timed),
       numbered AS (SELECT *, sum(opens) OVER (ORDER BY played_at ROWS UNBOUNDED PRECEDING) AS session FROM marked)
       SELECT min(played_at) AS started_at, max(ended_at) AS ended_at, count(*)::int AS plays, sum(ms)::bigint AS ms
         FROM numbered GROUP BY session ORDER BY session`,
      [...params, SESSION_GAP_MINUTES],
    )) as Array<{ started_at: Date; ended_at: Date; plays: number; ms: string }>;
    return rows.map((r) => ({
      startedAt: new Date(r.started_at),
      endedAt: new Date(r.ended_at),
      plays: r.plays,
      listeningMs: num(r.ms),
    }));
  }

  /** Every day (in tz) the listener ever played something, and today there: the input of the streaks. */
  private async activeDaysEver(
    db: EntityManager,
    listenerId: string,
    tz: string,
  ): Promise<{ days: string[]; today: string }> {
    const rows = (await db.query(
      `SELECT DISTINCT to_char((played_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day
         FROM plays WHERE listener_id = $1 ORDER BY 1`,
      [listenerId, tz],
    )) as Array<{ day: string }>;
    const [today] = (await db.query(`SELECT to_char((now() AT TIME ZONE $1)::date, 'YYYY-MM-DD') AS day`, [
      tz,
    ])) as Array<{ day: string }>;
    return { days: rows.map((r) => r.day), today: (today as { day: string }).day };
  }

  /** Plays in the range of tracks whose first play ever (as far as Soundlink knows) falls in the range. */
  private async newTracks(db: EntityManager, params: unknown[]): Promise<ListenerInsightsDto['newTracks']> {
    const [row] = (await db.query(
      `WITH ${PLAYS_CTE},
       firsts AS (SELECT track_id, min(played_at) AS first_at FROM plays
                   WHERE listener_id = $1 AND track_id IN (SELECT track_id FROM p) GROUP BY track_id)
       SELECT count(*)::int AS total,
              count(*) FILTER (WHERE $2::timestamptz IS NULL OR f.first_at >= $2::timestamptz)::int AS plays,
              count(DISTINCT p.track_id) FILTER (WHERE $2::timestamptz IS NULL OR f.first_at >= $2::timestamptz)::int AS tracks
         FROM p JOIN firsts f ON f.track_id = p.track_id`,
      params,
    )) as Array<{ total: number; plays: number; tracks: number }>;
    const total = num(row?.total);
    const plays = num(row?.plays);
    return {
      tracks: num(row?.tracks),
      plays,
      share: total === 0 ? 0 : Math.round((plays / total) * 10_000) / 10_000,
    };
  }

  private async campaigns(db: EntityManager, listenerId: string): Promise<InsightCampaignDto[]> {
    const rows = (await db.query(
      `SELECT c.name, c.destination_type, c.destination_name, count(*)::int AS clicks, min(k.clicked_at) AS first_click_at,
              (SELECT count(*) FROM attributions a
                WHERE a.listener_id = $1 AND a.campaign_id = c.id AND a.generation = c.attribution_generation)::int
                AS attributed_plays
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1
        GROUP BY c.id, c.name, c.destination_type, c.destination_name, c.attribution_generation
        ORDER BY min(k.clicked_at), c.name`,
      [listenerId],
    )) as Array<{
      name: string;
      destination_type: string;
      destination_name: string | null;
      clicks: number;
      first_click_at: Date;
      attributed_plays: number;
    }>;
    return rows.map((r) => ({
      name: r.name,
      destinationType: r.destination_type,
      destinationName: r.destination_name,
      clicks: r.clicks,
      firstClickAt: iso(r.first_click_at),
      attributedPlays: r.attributed_plays,
    }));
  }

  /** Spotify's own top lists, when the listener granted user-top-read and is connected; never fails the page. */
  private async spotifyTop(
    listenerId: string,
    listener: ListenerRow,
    range: InsightRange,
    limit: number,
  ): Promise<SpotifyTopDto> {
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
      !listener.access_token_enc ||
      !listener.refresh_token_enc
    ) {
      return empty('not_granted');
    }
    const key = `${listenerId}:${timeRange}:${limit}`;
    const cached = this.spotifyTopCache.get(key);
    if (cached && Date.now() - cached.at < SPOTIFY_TOP_TTL_MS) return cached.value;

    const auth: SpotifyUserAuth = {
      accessToken: this.cipher.decrypt(listener.access_token_enc),
      refreshToken: this.cipher.decrypt(listener.refresh_token_enc),
      expiresAt: listener.token_expires_at ?? 0,
      onRefreshed: async (tokens: SpotifyTokenSet) => {
        await this.dataSource.query(
          `UPDATE listeners SET access_token_enc = $2, refresh_token_enc = $3, token_expires_at = $4, updated_at = now()
            WHERE id = $1 AND status <> 'disconnected'`,
          [
            listenerId,
            this.cipher.encrypt(tokens.accessToken),
            this.cipher.encrypt(tokens.refreshToken),
            tokens.expiresAt,
          ],
        );
      },
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_resolve, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), SPOTIFY_TOP_TIMEOUT_MS);
      });
      const [tracks, artists] = await Promise.race([
        Promise.all([
          this.client.getTopItems(auth, 'tracks', { timeRange, limit }),
          this.client.getTopItems(auth, 'artists', { timeRange, limit }),
        ]),
        timeout,
      ]);
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
      if (this.spotifyTopCache.size >= SPOTIFY_TOP_CACHE_MAX) this.spotifyTopCache.clear();
      this.spotifyTopCache.set(key, { at: Date.now(), value });
      return value;
    } catch (error) {
      this.logger.debug(
        `Listener ${listenerId}: Spotify top items unavailable (${(error as Error).message})`,
      );
      return empty('unavailable');
    } finally {
      clearTimeout(timer);
    }
  }

  /** PostgreSQL's time zone names are not exactly the runtime's: a name it does not know answers 400. */
  private async checkTimeZone(tz: string): Promise<void> {
    try {
      await this.dataSource.query(`SELECT now() AT TIME ZONE $1`, [tz]);
    } catch {
      throw invalidTimeZone(tz);
    }
  }

  private async listener(listenerId: string): Promise<ListenerRow> {
    const [row] = (await this.dataSource.query(
      `SELECT timezone, scope, status, access_token_enc, refresh_token_enc, token_expires_at FROM listeners WHERE id = $1`,
      [listenerId],
    )) as ListenerRow[];
    if (!row) throw listenerNotConnected();
    return row;
  }
}
