import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { SESSION_GAP_MINUTES } from './listening-patterns';

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

/** The plays an insights page covers: one listener's, from `from` (null: all time) to `to`. */
export interface PlaysRange {
  listenerId: string;
  from: Date | null;
  to: Date;
}

const rangeParams = (range: PlaysRange): unknown[] => [range.listenerId, range.from, range.to];

export interface InsightsListenerRow {
  timezone: string;
  scope: string | null;
  status: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
}

/** A GROUPING SETS row: one day (by_day), one weekday × hour (by_hour), or the total (neither). */
export interface TimeRow {
  day: string | null;
  weekday: number | null;
  hour: number | null;
  plays: number;
  ms: string;
  by_day: boolean;
  by_hour: boolean;
}

export interface TrackSectionsRow {
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
}

/** The number of sessions, their total duration, and the longest one (nulls when there is none). */
export interface SessionsRow {
  count: number;
  total_ms: number;
  started_at: Date | null;
  ended_at: Date | null;
  plays: number | null;
  ms: string | null;
}

export interface CampaignRow {
  name: string;
  destination_type: string;
  destination_name: string | null;
  clicks: number;
  first_click_at: Date;
  attributed_plays: number;
}

/**
 * The insights' reads (docs/insights.md): plays, tracks, clicks, campaigns and attributions of one listener,
 * and the listener's row. Read only. The page's sections are read in one snapshot (`snapshot`), each query
 * on its EntityManager.
 */
@Injectable()
export class InsightsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listener(listenerId: string): Promise<InsightsListenerRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT timezone, scope, status, access_token_enc, refresh_token_enc, token_expires_at FROM listeners WHERE id = $1`,
      [listenerId],
    )) as InsightsListenerRow[];
    return row ?? null;
  }

  /** PostgreSQL's time zone names are not exactly the runtime's: false for a name it does not know. */
  async knowsTimeZone(tz: string): Promise<boolean> {
    try {
      await this.dataSource.query(`SELECT now() AT TIME ZONE $1`, [tz]);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * One snapshot for every section, on one connection (the pool is shared with polling): REPEATABLE READ.
   */
  snapshot<T>(work: (db: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', work);
  }

  /** The end of the listener's latest play that ended after `now`, if any. */
  async latestPlayAfter(db: EntityManager, listenerId: string, now: Date): Promise<Date | null> {
    const [row] = (await db.query(
      `SELECT max(played_at) AS latest FROM plays WHERE listener_id = $1 AND played_at > $2::timestamptz`,
      [listenerId, now],
    )) as Array<{ latest: Date | null }>;
    return row?.latest ? new Date(row.latest) : null;
  }

  /**
   * Plays and listening time per calendar day, per weekday × hour and in all, in the time zone `tz`: one
   * pass over the plays (GROUPING SETS). Days without plays have no row.
   */
  async timeRows(db: EntityManager, range: PlaysRange, tz: string): Promise<TimeRow[]> {
    return (await db.query(
      `WITH ${PLAYS_CTE},
       l AS (SELECT played_at AT TIME ZONE $4 AS local, ms FROM p)
       SELECT to_char(local::date, 'YYYY-MM-DD') AS day, extract(isodow FROM local)::int AS weekday,
              extract(hour FROM local)::int AS hour, count(*)::int AS plays, COALESCE(sum(ms), 0)::bigint AS ms,
              GROUPING(local::date) = 0 AS by_day, GROUPING(extract(isodow FROM local)) = 0 AS by_hour
         FROM l
        GROUP BY GROUPING SETS ((local::date), (extract(isodow FROM local), extract(hour FROM local)), ())`,
      [...rangeParams(range), tz],
    )) as TimeRow[];
  }

  /** The range's first and last calendar days in `tz` (first: null for all time). */
  async rangeDays(
    db: EntityManager,
    range: PlaysRange,
    tz: string,
  ): Promise<{ first: string | null; last: string }> {
    const [bounds] = (await db.query(
      `SELECT to_char(($1::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS first,
              to_char(($2::timestamptz AT TIME ZONE $3)::date, 'YYYY-MM-DD') AS last`,
      [range.from, range.to, tz],
    )) as Array<{ first: string | null; last: string }>;
    if (!bounds) throw new Error('A SELECT without FROM answered no row');
    return bounds;
  }

  /**
   * Top tracks, artists and albums, the number of different tracks and the tracks new to the listener: one pass
   * over the plays, grouped by track; the rest works on those few rows. An artist gets the plays of every track
   * crediting them and albums go by name and first artist (imported history names both without ids).
   */
  async trackSections(db: EntityManager, range: PlaysRange, limit: number): Promise<TrackSectionsRow> {
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
      [...rangeParams(range), limit],
    )) as TrackSectionsRow[];
    if (!row) throw new Error('An aggregate SELECT answered no row');
    return row;
  }

  /**
   * Sessions, cut and summarised in SQL: in start order, a play opens a new session when it starts more than
   * SESSION_GAP_MINUTES after the latest end of the plays before it (end = start + listening time). The longest
   * is the one of longest duration; on a tie the one with more plays, then the earliest.
   */
  async sessions(db: EntityManager, range: PlaysRange): Promise<SessionsRow> {
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
      [...rangeParams(range), SESSION_GAP_MINUTES],
    )) as SessionsRow[];
    if (!row) throw new Error('An aggregate SELECT answered no row');
    return row;
  }

  /** Every day (in tz) the listener ever played something, in order. */
  async activeDaysEver(db: EntityManager, listenerId: string, tz: string): Promise<string[]> {
    const rows = (await db.query(
      `SELECT DISTINCT to_char((played_at AT TIME ZONE $2)::date, 'YYYY-MM-DD') AS day
         FROM plays WHERE listener_id = $1 ORDER BY 1`,
      [listenerId, tz],
    )) as Array<{ day: string }>;
    return rows.map((r) => r.day);
  }

  /** The campaigns the listener clicked, in the order of their first click, with the plays attributed. */
  async campaigns(db: EntityManager, listenerId: string): Promise<CampaignRow[]> {
    return (await db.query(
      `SELECT c.name, c.destination_type, c.destination_name, count(*)::int AS clicks, min(k.clicked_at) AS first_click_at,
              (SELECT count(*) FROM attributions a
                WHERE a.listener_id = $1 AND a.campaign_id = c.id AND a.generation = c.attribution_generation)::int
                AS attributed_plays
         FROM clicks k JOIN campaigns c ON c.id = k.campaign_id
        WHERE k.listener_id = $1
        GROUP BY c.id, c.name, c.destination_type, c.destination_name, c.attribution_generation
        ORDER BY min(k.clicked_at), c.name`,
      [listenerId],
    )) as CampaignRow[];
  }
}
