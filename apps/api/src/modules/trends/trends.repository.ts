import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PlaySource } from '../listener/play.entity';
import type { TrendType } from './dto/trends-query.dto';

/** The days of a window and of the one before it, as ISO dates (YYYY-MM-DD), all inclusive. */
export interface WindowDays {
  previousStart: string;
  previousEnd: string;
  start: string;
  end: string;
  /** 1 for 24h: one day's distinct listeners are the day rows' own. */
  days: number;
}

/** An item's counts in the window and the previous one. Listener counts are exact distinct counts. */
export interface ItemCounts {
  id: string;
  listeners: number;
  plays: number;
  previousListeners: number;
  previousPlays: number;
}

export interface TrackMeta {
  id: string;
  name: string;
  albumName: string | null;
  imageUrl: string | null;
  artists: Array<{ id: string; name: string; provisional: boolean }>;
}

export interface ArtistMeta {
  id: string;
  name: string;
  provisional: boolean;
}

const TABLES: Record<TrendType, { days: string; windows: string; item: string }> = {
  track: { days: 'trends_track_days', windows: 'trends_track_windows', item: 'track_id' },
  artist: { days: 'trends_artist_days', windows: 'trends_artist_windows', item: 'artist_id' },
};

/**
 * The plays public trends count: those observed from a connected Spotify account (polls, the baseline read at
 * connect). Imported streaming history never counts: it is a file the listener writes (docs/trends.md, "What
 * counts"). The counting triggers on `plays` (migration TrendsObservedPlaysOnly) hold the same list.
 */
export const COUNTED_SOURCES: readonly PlaySource[] = ['poll', 'baseline'];

/** Presence rows are kept this many days before today: the longest window and the one before it. */
export const PRESENCE_DAYS = 56;
/** The window lengths with rows in trends_*_windows. */
const SPANS = [7, 28];
/** Queue rows one fold transaction takes (TrendsPlayQueue migration, `trends_fold`). */
export const FOLD_BATCH = 5_000;
/** Serialises every fold and the repair (the same key as `trends_fold`). */
const FOLD_LOCK = `hashtext('soundlink.trends.fold')`;

/**
 * The only reader of the trends tables (docs/trends.md). A chart reads, per item, one public row for the
 * window and one for the previous window: day rows for 24h, rolling window rows (kept by the triggers with
 * exact distinct listeners) for 7 and 28 days. It never reads the private presence rows.
 */
@Injectable()
export class TrendsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async itemCounts(type: TrendType, w: WindowDays, minListeners: number): Promise<ItemCounts[]> {
    const { days, windows, item } = TABLES[type];
    // One row per item and window: the day rows for one day, the rolling window rows for 7 and 28 days.
    const [source, where, params] =
      w.days === 1
        ? [days, `day IN ($1, $2)`, [w.previousEnd, w.end]]
        : [windows, `span = $3 AND end_day IN ($1, $2)`, [w.previousEnd, w.end, w.days]];
    const at = w.days === 1 ? 'day' : 'end_day';
    return (await this.dataSource.query(
      `SELECT ${item} AS id,
              coalesce(max(listeners) FILTER (WHERE ${at} = $2), 0)::int AS listeners,
              coalesce(max(plays) FILTER (WHERE ${at} = $2), 0)::int AS plays,
              coalesce(max(listeners) FILTER (WHERE ${at} = $1), 0)::int AS "previousListeners",
              coalesce(max(plays) FILTER (WHERE ${at} = $1), 0)::int AS "previousPlays"
         FROM ${source}
        WHERE ${where}
        GROUP BY ${item}
       HAVING max(listeners) >= $${params.length + 1}`,
      [...params, minListeners],
    )) as ItemCounts[];
  }

  /** Distinct listeners who played anything in the window and in the previous one. */
  async platformListeners(w: WindowDays): Promise<{ current: number; previous: number }> {
    const [row] = (await this.dataSource.query(
      w.days === 1
        ? `SELECT coalesce(max(listeners) FILTER (WHERE day = $2), 0)::int AS current,
                  coalesce(max(listeners) FILTER (WHERE day = $1), 0)::int AS previous
             FROM trends_platform_days WHERE day IN ($1, $2)`
        : `SELECT coalesce(max(listeners) FILTER (WHERE end_day = $2), 0)::int AS current,
                  coalesce(max(listeners) FILTER (WHERE end_day = $1), 0)::int AS previous
             FROM trends_platform_windows WHERE span = $3 AND end_day IN ($1, $2)`,
      w.days === 1 ? [w.previousEnd, w.end] : [w.previousEnd, w.end, w.days],
    )) as Array<{ current: number; previous: number }>;
    return row ?? { current: 0, previous: 0 };
  }

  /**
   * Counts what the triggers on `plays` queued (trends_play_queue): `batch` rows per transaction, oldest
   * first, until the queue is empty or `maxBatches` were taken (the next fold goes on). Returns the rows taken.
   */
  async fold(batch = FOLD_BATCH, maxBatches = 20): Promise<number> {
    let taken = 0;
    for (let i = 0; i < maxBatches; i++) {
      const [row] = (await this.dataSource.query(`SELECT trends_fold($1) AS n`, [batch])) as Array<{
        n: number;
      }>;
      taken += row?.n ?? 0;
      if ((row?.n ?? 0) < batch) break;
    }
    return taken;
  }

  /**
   * Deletes the private presence rows of days no window that matters can contain any more (older than
   * PRESENCE_DAYS before today), and window rows of windows that ended before the previous window of their
   * length. `today` (YYYY-MM-DD, UTC) for tests; default: the database's today.
   */
  async prune(today?: string): Promise<{ presence: number; windows: number }> {
    const day = today ? '$1::date' : `(now() AT TIME ZONE 'UTC')::date`;
    const params = today ? [today] : [];
    const count = async (sql: string) =>
      (
        (await this.dataSource.query(
          `WITH gone AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM gone`,
          params,
        )) as [{ n: number }]
      )[0].n;
    let presence = 0;
    let windows = 0;
    for (const level of ['track', 'artist', 'platform']) {
      presence += await count(`DELETE FROM trends_${level}_presence WHERE day < ${day} - ${PRESENCE_DAYS}`);
      for (const span of SPANS) {
        windows += await count(
          `DELETE FROM trends_${level}_windows WHERE span = ${span} AND end_day < ${day} - ${1 + span}`,
        );
      }
    }
    return { presence, windows };
  }

  /**
   * Recomputes every count table (day, presence and window rows) from the counted `plays` and
   * `track_artists`, and empties the queue (the triggers and folds keep the counts current; this is the
   * repair, and what a bulk load with triggers off runs after). Writers of plays and folds wait meanwhile.
   */
  async rebuildCounts(): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Maintenance reads every play: the pool's statement timeout (DATABASE_STATEMENT_TIMEOUT_MS) is for
      // requests, not for this (5 M plays take longer than its 30 s).
      await manager.query('SET LOCAL statement_timeout = 0');
      await manager.query('LOCK TABLE plays, track_artists IN SHARE MODE');
      // No fold runs meanwhile, and what is queued is in the plays counted below.
      await manager.query(`SELECT pg_advisory_xact_lock(${FOLD_LOCK})`);
      await manager.query(`TRUNCATE trends_play_queue, trends_track_presence, trends_artist_presence, trends_platform_presence,
                                    trends_track_days, trends_artist_days, trends_platform_days`);
      // The presence tables' secondary indexes are built once after the load (far faster than row by row).
      const indexes = (await manager.query(
        `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
          WHERE schemaname = current_schema() AND tablename LIKE 'trends\\_%\\_presence'
            AND indexname NOT IN (SELECT conname FROM pg_constraint)`,
      )) as Array<{ name: string; definition: string }>;
      for (const index of indexes) await manager.query(`DROP INDEX "${index.name}"`);
      await manager.query(
        `INSERT INTO trends_track_presence (day, track_id, listener_key, plays)
         SELECT (p.played_at AT TIME ZONE 'UTC')::date, p.track_id, md5(s.salt || p.listener_id::text)::uuid,
                count(*)::int
           FROM plays p CROSS JOIN trends_salt s
          WHERE s.id = 1 AND p.played_at <= p.created_at + interval '1 day' AND p.source = ANY($1::varchar[])
          GROUP BY 1, 2, 3`,
        [COUNTED_SOURCES],
      );
      await manager.query(
        `INSERT INTO trends_artist_presence (day, artist_id, listener_key, plays)
         SELECT p.day, ta.artist_id, p.listener_key, sum(p.plays)::int
           FROM trends_track_presence p
           JOIN (SELECT DISTINCT track_id, artist_id FROM track_artists) ta ON ta.track_id = p.track_id
          GROUP BY 1, 2, 3`,
      );
      await manager.query(
        `INSERT INTO trends_platform_presence (day, listener_key, plays)
         SELECT day, listener_key, sum(plays)::int FROM trends_track_presence GROUP BY 1, 2`,
      );
      for (const index of indexes) await manager.query(index.definition);
      for (const [level, keys] of [
        ['track', 'day, track_id'],
        ['artist', 'day, artist_id'],
        ['platform', 'day'],
      ]) {
        await manager.query(
          `INSERT INTO trends_${level}_days (${keys}, plays, listeners)
           SELECT ${keys}, sum(plays)::int, count(*)::int FROM trends_${level}_presence GROUP BY ${keys}`,
        );
      }
      await manager.query('SELECT trends_rebuild_windows()');
    });
  }

  async tracks(ids: string[]): Promise<TrackMeta[]> {
    if (ids.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT t.id, t.name, t.album_name AS "albumName", t.image_url AS "imageUrl",
              coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'provisional', a.provisional)
                                ORDER BY ta.position) FILTER (WHERE a.id IS NOT NULL), '[]') AS artists
         FROM tracks t
         LEFT JOIN track_artists ta ON ta.track_id = t.id
         LEFT JOIN artists a ON a.id = ta.artist_id
        WHERE t.id = ANY($1::varchar[])
        GROUP BY t.id`,
      [ids],
    )) as TrackMeta[];
  }

  async artists(ids: string[]): Promise<ArtistMeta[]> {
    if (ids.length === 0) return [];
    return (await this.dataSource.query(
      `SELECT id, name, provisional FROM artists WHERE id = ANY($1::varchar[])`,
      [ids],
    )) as ArtistMeta[];
  }
}
