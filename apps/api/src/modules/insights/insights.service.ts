import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { listenerNotConnected } from '../listener/listener.errors';
import { SpotifyClient } from '../spotify/spotify.client';
import type { SpotifyTimeRange } from '../spotify/spotify.types';
import { ListenerTokens } from '../listener/listener-tokens.service';
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
import { computeStreaks, everyDay, SESSION_GAP_MINUTES } from './listening-patterns';

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
 * everything), $3 the end (now, or the listener's latest play when that ended after now: see rangeEnd).
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
    private readonly tokens: ListenerTokens,
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
    const now = new Date();
    const days = RANGE_DAYS[range];
    const from = days === null ? null : new Date(now.getTime() - days * 86_400_000);

    // One snapshot for every section, on one connection (the pool is shared with polling). Three passes over
    // the plays of the range (time, tracks, sessions) instead of one per section: an all-time page of 100,000
    // plays takes a fraction of a second (docs/insights.md).
    const sections = await this.dataSource.transaction('REPEATABLE READ', async (db) => {
      const to = await this.rangeEnd(db, listenerId, now);
      const params = [listenerId, from, to];
      const time = await this.timeSections(db, params, tz);
      const tracks = await this.trackSections(db, params, limit);
      const sessions = await this.sessions(db, params);
      // Streaks look at every day ever; for all time those are the days just counted.
      const activeDays = range === 'all' ? time.activeDays : await this.activeDaysEver(db, listenerId, tz);
      const campaigns = await this.campaigns(db, listenerId);
      return { to, time, tracks, sessions, activeDays, campaigns };
    });
    const { to, time, tracks, sessions, activeDays, campaigns } = sections;
    const spotifyTop = await this.spotifyTop(listenerId, listener, range, limit);
    const streaks = computeStreaks(activeDays, time.today);
    return {
      range,
      timeZone: tz,
      from: from?.toISOString() ?? null,
      to: to.toISOString(),
      totals: { ...time.totals, distinctTracks: tracks.distinctTracks },
      topTracks: tracks.topTracks,
      topArtists: tracks.topArtists,
      topAlbums: tracks.topAlbums,
      spotifyTop,
      listeningPerDay: time.perDay,
      clock: time.clock,
      sessions: { gapMinutes: SESSION_GAP_MINUTES, ...sessions },
      streaks,
      newTracks: tracks.newTracks,
      campaigns,
    };
  }

  /**
   * The end of the range: now, or the end of the listener's latest play when Spotify reported one that ended
   * after our clock's now (a clock ahead of ours: the sandbox's, moved ahead by its play page). A play that
   * Sync now just recorded is in the listener's insights at once, never hidden until our clock catches up.
   */
  private async rangeEnd(db: EntityManager, listenerId: string, now: Date): Promise<Date> {
    const [row] = (await db.query(
      `SELECT max(played_at) AS latest FROM plays WHERE listener_id = $1 AND played_at > $2::timestamptz`,
      [listenerId, now],
    )) as Array<{ latest: Date | null }>;
    return row?.latest ? new Date(row.latest) : now;
  }

  /**
   * Plays and listening time per calendar day, per weekday × hour and in all, in the listener's time zone: one
   * pass over the plays (GROUPING SETS). Days without plays are filled in here, from the range's first day (for
   * all time: the first day with plays) to today.
   */
  private async timeSections(
    db: EntityManager,
    params: unknown[],
    tz: string,
  ): Promise<{
    totals: Omit<ListenerInsightsDto['totals'], 'distinctTracks'>;
    perDay: ListenerInsightsDto['listeningPerDay'];
    clock: ClockCellDto[];
    activeDays: string[];
    today: string;
  }> {
    const rows = (await db.query(
      `WITH ${PLAYS_CTE},
       l AS (SELECT played_at AT TIME ZONE $4 AS local, ms FROM p)
       SELECT to_char(local::date, 'YYYY-MM-DD') AS day, extract(isodow FROM local)::int AS weekday,
              extract(hour FROM local)::int AS hour, count(*)::int AS plays, COALESCE(sum(ms), 0)::bigint AS ms,
              GROUPING(local::date) = 0 AS by_day, GROUPING(extract(isodow FROM local)) = 0 AS by_hour
         FROM l
        GROUP BY GROUPING SETS ((local::date), (extract(isodow FROM local), extract(hour FROM local)), ())`,
      [...params, tz],
    )) as Array<{
      day: string | null;
      weekday: number | null;
      hour: number | null;
      plays: number;
      ms: string;
      by_day: boolean;
      by_hour: boolean;
    }>;
    const [bounds] = (await db.query(
      `SELECT to_char(($1::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS first,
              to_char(($2::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS last`,
      [params[1], params[2], tz],
    )) as Array<{ first: string | null; last: string }>;
    const today = (bounds as { last: string }).last;

    const days = new Map<string, { plays: number; ms: number }>();
    const clock: ClockCellDto[] = [];
    for (let weekday = 1; weekday <= 7; weekday++) {
      for (let hour = 0; hour < 24; hour++) clock.push({ weekday, hour, plays: 0, listeningMs: 0 });
    }
    let total = { plays: 0, ms: 0 };
    for (const r of rows) {
      if (r.by_day && r.day !== null) days.set(r.day, { plays: r.plays, ms: num(r.ms) });
      else if (r.by_hour && r.weekday !== null && r.hour !== null) {
        const cell = clock[(r.weekday - 1) * 24 + r.hour];
        if (cell) {
          cell.plays = r.plays;
          cell.listeningMs = num(r.ms);
        }
      } else total = { plays: r.plays, ms: num(r.ms) };
    }
    const activeDays = [...days.keys()].sort();
    // All time without a single play has no days at all.
    const first = bounds?.first ?? activeDays[0];
    return {
      totals: { plays: total.plays, listeningMs: total.ms, activeDays: days.size },
      perDay: (first ? everyDay(first, today) : []).map((date) => ({
        date,
        plays: days.get(date)?.plays ?? 0,
        listeningMs: days.get(date)?.ms ?? 0,
      })),
      clock,
      activeDays,
      today,
    };
  }

  /**
   * Top tracks, artists and albums, the number of different tracks and the tracks new to the listener: one pass
   * over the plays, grouped by track; the rest works on those few rows. An artist gets the plays of every track
   * crediting them and albums go by name and first artist (imported history names both without ids).
   */
  private async trackSections(
    db: EntityManager,
    params: unknown[],
    limit: number,
  ): Promise<{
    distinctTracks: number;
    topTracks: ListenerTopTrackDto[];
    topArtists: TopArtistDto[];
    topAlbums: TopAlbumDto[];
    newTracks: ListenerInsightsDto['newTracks'];
  }> {
    const [row] = (await db.query(
      `WITH ${PLAYS_CTE},
       per_track AS MATERIALIZED (SELECT track_id, count(*)::int AS plays, sum(ms)::bigint AS ms FROM p GROUP BY track_id),
       info AS MATERIALIZED (
         SELECT pt.track_id, pt.plays, pt.ms, t.name, t.artist_names, t.artist_ids, t.album_id, t.album_name, t.image_url
           FROM per_track pt LEFT JOIN tracks t ON t.id = pt.track_id),
       firsts AS (SELECT track_id, min(played_at) AS first_at FROM plays
                   WHERE listener_id = $1 AND track_id IN (SELECT track_id FROM per_track) GROUP BY track_id)
       SELECT
         (SELECT count(*)::int FROM per_track) AS distinct_tracks,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT track_id, plays, ms, COALESCE(name, '') AS name, COALESCE(artist_names, '{}') AS artist_names,
                   album_name, image_url
              FROM info ORDER BY plays DESC, ms DESC, track_id LIMIT $4) x) AS top_tracks,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT a.name, max(NULLIF(a.id, '')) AS artist_id, sum(i.plays)::int AS plays, sum(i.ms)::bigint AS ms
              FROM info i CROSS JOIN LATERAL unnest(i.artist_names, i.artist_ids) AS a(name, id)
             WHERE a.name IS NOT NULL AND a.name <> ''
             GROUP BY a.name
             ORDER BY plays DESC, ms DESC, a.name LIMIT $4) x) AS top_artists,
         (SELECT COALESCE(json_agg(x), '[]') FROM (
            SELECT album_name AS name, artist_names[1] AS artist_name, max(album_id) AS album_id,
                   max(image_url) AS image_url, sum(plays)::int AS plays, sum(ms)::bigint AS ms
              FROM info WHERE album_name IS NOT NULL AND album_name <> ''
             GROUP BY album_name, artist_names[1]
             ORDER BY plays DESC, ms DESC, album_name, artist_names[1] LIMIT $4) x) AS top_albums,
         (SELECT json_build_object(
                   'total', COALESCE(sum(pt.plays), 0),
                   'plays', COALESCE(sum(pt.plays) FILTER (WHERE $2::timestamptz IS NULL OR f.first_at >= $2::timestamptz), 0),
                   'tracks', count(*) FILTER (WHERE $2::timestamptz IS NULL OR f.first_at >= $2::timestamptz))
            FROM per_track pt JOIN firsts f ON f.track_id = pt.track_id) AS new_tracks`,
      [...params, limit],
    )) as Array<{
      distinct_tracks: number;
      top_tracks: Array<{
        track_id: string;
        plays: number;
        ms: number;
        name: string;
        artist_names: string[];
        album_name: string | null;
        image_url: string | null;
      }>;
      top_artists: Array<{ name: string; artist_id: string | null; plays: number; ms: number }>;
      top_albums: Array<{
        name: string;
        artist_name: string | null;
        album_id: string | null;
        image_url: string | null;
        plays: number;
        ms: number;
      }>;
      new_tracks: { total: number; plays: number; tracks: number };
    }>;
    const r = row as NonNullable<typeof row>;
    const total = num(r.new_tracks.total);
    const newPlays = num(r.new_tracks.plays);
    return {
      distinctTracks: num(r.distinct_tracks),
      topTracks: r.top_tracks.map((t) => ({
        trackId: t.track_id,
        name: t.name,
        artistNames: t.artist_names,
        albumName: t.album_name,
        imageUrl: t.image_url,
        plays: t.plays,
        listeningMs: num(t.ms),
      })),
      topArtists: r.top_artists.map((a) => ({
        name: a.name,
        artistId: a.artist_id,
        plays: a.plays,
        listeningMs: num(a.ms),
      })),
      topAlbums: r.top_albums.map((a) => ({
        name: a.name,
        artistName: a.artist_name,
        albumId: a.album_id,
        imageUrl: a.image_url,
        plays: a.plays,
        listeningMs: num(a.ms),
      })),
      newTracks: {
        tracks: num(r.new_tracks.tracks),
        plays: newPlays,
        share: total === 0 ? 0 : Math.round((newPlays / total) * 10_000) / 10_000,
      },
    };
  }

  /**
   * Sessions, cut and summarised in SQL: in start order, a play opens a new session when it starts more than
   * SESSION_GAP_MINUTES after the latest end of the plays before it (end = start + listening time). The longest
   * is the one of longest duration; on a tie the one with more plays, then the earliest.
   */
  private async sessions(
    db: EntityManager,
    params: unknown[],
  ): Promise<Omit<ListenerInsightsDto['sessions'], 'gapMinutes'>> {
    const [row] = (await db.query(
      `WITH ${PLAYS_CTE},
       timed AS (SELECT played_at, ms, played_at + ms * interval '1 millisecond' AS ended_at FROM p),
       marked AS (
         SELECT played_at, ended_at, ms,
                CASE WHEN played_at - max(ended_at) OVER (ORDER BY played_at ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                          <= make_interval(mins => $4) THEN 0 ELSE 1 END AS opens
           FROM timed),
       numbered AS (SELECT *, sum(opens) OVER (ORDER BY played_at ROWS UNBOUNDED PRECEDING) AS session FROM marked),
       s AS MATERIALIZED (
         SELECT min(played_at) AS started_at, max(ended_at) AS ended_at, count(*)::int AS plays, sum(ms)::bigint AS ms
           FROM numbered GROUP BY session)
       SELECT (SELECT count(*)::int FROM s) AS count,
              (SELECT COALESCE(sum(extract(epoch FROM ended_at - started_at) * 1000), 0) FROM s)::float8 AS total_ms,
              l.started_at, l.ended_at, l.plays, l.ms
         FROM (SELECT 1) AS one
         LEFT JOIN LATERAL (SELECT * FROM s ORDER BY ended_at - started_at DESC, plays DESC, started_at LIMIT 1) l ON true`,
      [...params, SESSION_GAP_MINUTES],
    )) as Array<{
      count: number;
      total_ms: number;
      started_at: Date | null;
      ended_at: Date | null;
      plays: number | null;
      ms: string | null;
    }>;
    const r = row as NonNullable<typeof row>;
    const count = num(r.count);
    return {
      count,
      averageDurationMs: count === 0 ? 0 : Math.round(num(r.total_ms) / count),
      longest:
        r.started_at && r.ended_at
          ? {
              startedAt: iso(r.started_at),
              endedAt: iso(r.ended_at),
              durationMs: new Date(r.ended_at).getTime() - new Date(r.started_at).getTime(),
              plays: num(r.plays),
              listeningMs: num(r.ms),
            }
          : null,
    };
  }

  /** Every day (in tz) the listener ever played something, the input of the streaks (ranges shorter than all). */
  private async activeDaysEver(db: EntityManager, listenerId: string, tz: string): Promise<string[]> {
    const rows = (await db.query(
      `SELECT DISTINCT to_char((played_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day
         FROM plays WHERE listener_id = $1 ORDER BY 1`,
      [listenerId, tz],
    )) as Array<{ day: string }>;
    return rows.map((r) => r.day);
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

    const auth = this.tokens.auth({
      listenerId,
      accessTokenEnc: listener.access_token_enc,
      refreshTokenEnc: listener.refresh_token_enc,
      tokenExpiresAt: listener.token_expires_at,
    });
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
