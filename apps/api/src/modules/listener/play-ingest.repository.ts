import { DataSource, EntityManager } from 'typeorm';
import type { SpotifyPlay, SpotifyRecentlyPlayedPage } from '../spotify/spotify.types';
import type { PlaySource } from './play.entity';
import { SAME_PLAY_SLACK_MS } from './source-plays';

/** Spotify catalog ids: what `plays.track_id` and `tracks.id` hold (local files have none and are skipped). */
const TRACK_ID = /^[0-9A-Za-z]{22}$/;
/** Spotify never returns more than 50 recently played items per request. */
export const RECENTLY_PLAYED_MAX = 50;

export interface IngestInput {
  listenerId: string;
  /** A recently-played page (or its items), newest first or in any order. */
  page: Pick<SpotifyRecentlyPlayedPage, 'items'> & { limit?: number };
  /** Stored on each new play: 'baseline' at connect, 'poll' for the polling service and manual sync. */
  source?: PlaySource;
  /** The `limit` the request asked for; a page this full may not have reached back to the cursor. Default 50. */
  requestedLimit?: number;
  /** When given, written to listeners.last_polled_at in the same transaction. */
  polledAt?: Date;
  /** When given (null too), written to listeners.next_poll_at in the same transaction. */
  nextPollAt?: Date | null;
  /**
   * The caller's own statement in this transaction already locked the listener's row and advanced its cursor
   * to `newestPlayedAtMs(page.items)` (the poller does, with the poll's bookkeeping): no second update.
   */
  cursorAdvanced?: boolean;
  /**
   * Called in the storing transaction once the plays are stored (only when some were): `stored` are the new
   * plays' ids, `later` the ids of this listener's plays already stored of the same tracks played after one
   * of them (a play committed late can change how those score: `played_before_click`). Answers how many of
   * the stored plays were attributed. The attribution module passes its service here.
   */
  attribute?: (manager: EntityManager, plays: StoredPlays) => Promise<number>;
  /**
   * With `attribute`: the SQL expression that takes the attribution writers' lock (the attribution module's).
   * The plays' insert evaluates it before storing a play, and `attribute` is told the lock is held.
   */
  writersLock?: string;
}

/** What a caller that attributes the plays it stores passes (the attribution module's `atIngest()`). */
export type IngestAttributing = Pick<IngestInput, 'attribute' | 'writersLock'>;

export interface StoredPlays {
  stored: string[];
  later: string[];
  /**
   * Bounds on the played_at of every play in `stored` and `later` (playSpan): the queries that read these
   * plays again name them, so PostgreSQL plans them over the month partitions they lie in only.
   */
  span: PlaySpan;
  /** The insert took the attribution writers' lock (`writersLock`): attribution need not take it again. */
  writersLocked: boolean;
}

export interface IngestResult {
  /** Plays stored by this call (plays seen before are not counted). */
  inserted: number;
  /** Of those, how many were attributed to some campaign in the storing transaction (0 without `attribute`). */
  attributed: number;
  /** The newest played_at in the page (null when it was empty). */
  newestPlayedAt: Date | null;
  /**
   * The page was as full as the request allowed: plays between the cursor and the oldest item may exist
   * that Spotify no longer returns (only the last 50 exist). The caller decides whether that is a gap.
   */
  full: boolean;
}

interface PlayRow {
  playedAt: string;
  trackId: string;
  contextType: string | null;
  contextUri: string | null;
  /** The track's length (ms; 0 unknown): a copy reported by another source is looked for around the play. */
  durationMs: number;
}

interface TrackRow {
  id: string;
  name: string;
  artistIds: string[];
  artistNames: string[];
  albumId: string | null;
  albumName: string | null;
  imageUrl: string | null;
  durationMs: number | null;
  isrc: string | null;
}

const clip = (value: string | null | undefined, max: number): string | null =>
  value ? value.slice(0, max) : null;

function rowsOf(items: readonly SpotifyPlay[]): { plays: PlayRow[]; tracks: TrackRow[] } {
  const plays = new Map<number, PlayRow>();
  const tracks = new Map<string, TrackRow>();
  for (const item of items) {
    const track = item.track;
    if (!TRACK_ID.test(track.id) || !Number.isFinite(item.playedAtMs)) continue;
    // Unique on (listener, played_at): the first item for an instant wins, as the database would decide.
    if (!plays.has(item.playedAtMs)) {
      plays.set(item.playedAtMs, {
        playedAt: new Date(item.playedAtMs).toISOString(),
        trackId: track.id,
        contextType: clip(item.context?.type, 20),
        contextUri: clip(item.context?.uri, 200),
        durationMs: track.durationMs > 0 ? Math.round(track.durationMs) : 0,
      });
    }
    const albumId = track.album?.id && TRACK_ID.test(track.album.id) ? track.album.id : null;
    tracks.set(track.id, {
      id: track.id,
      name: clip(track.name, 500) ?? '',
      artistIds: track.artists.map((a) => a.id),
      artistNames: track.artists.map((a) => a.name),
      albumId,
      albumName: clip(track.album?.name, 500),
      imageUrl: clip(track.album?.imageUrl, 500),
      durationMs: track.durationMs > 0 ? Math.round(track.durationMs) : null,
      isrc: clip(track.isrc?.toUpperCase(), 12),
    });
  }
  // Tracks are upserted in one global order (by id), so concurrent ingests never lock them crosswise.
  const sorted = [...tracks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { plays: [...plays.values()], tracks: sorted };
}

/** A range of played_at holding some plays (see playSpan). */
export interface PlaySpan {
  from: Date;
  to: Date;
}

/** How far ahead of the storing process's clock (or of the newest play it stores) a later play is looked for. */
const LATER_PLAYS_AHEAD_MS = 24 * 3_600_000;

/**
 * The played_at range a storing statement reads plays in, as constants its plan can prune \`plays\`'s month
 * partitions by (a bound computed in SQL, like now(), prunes only once the plan runs, after every partition
 * and index was locked: issue 20's polling figures). From \`earliestMs\` (the earliest a copy of one of the
 * plays, or a play it makes count again, can lie) to a day past the later of the clock and \`latestMs\`: the
 * listener's later plays of the same tracks are found up to there; a play dated further ahead is a clock
 * error of its source and is not scored again by an earlier one.
 */
export function playSpan(earliestMs: number, latestMs: number): PlaySpan {
  return { from: new Date(earliestMs), to: new Date(Math.max(Date.now(), latestMs) + LATER_PLAYS_AHEAD_MS) };
}

/** The newest played_at (ms) among the items that are stored as plays; null when none is. */
export function newestPlayedAtMs(items: readonly SpotifyPlay[]): number | null {
  return rowsOf(items).plays.reduce<number | null>(
    (max, p) => Math.max(max ?? 0, Date.parse(p.playedAt)),
    null,
  );
}

/**
 * SQL `SET` items advancing a listener's cursor (`cursor_ms`, `last_play_at`) to the newest played_at given
 * as the parameter `$n` (ms, or null: unchanged), never backwards, whoever wrote last.
 */
export function cursorAdvance(n: number): string[] {
  return [
    `cursor_ms = CASE WHEN $${n}::bigint IS NULL THEN cursor_ms ELSE GREATEST(COALESCE(cursor_ms, 0), $${n}::bigint) END`,
    `last_play_at = CASE WHEN $${n}::bigint IS NULL THEN last_play_at
       ELSE GREATEST(COALESCE(last_play_at, to_timestamp(0)), to_timestamp($${n}::bigint / 1000.0)) END`,
  ];
}

async function write(manager: EntityManager, input: IngestInput): Promise<IngestResult> {
  const { plays, tracks } = rowsOf(input.page.items);
  const limit = Math.min(
    input.requestedLimit || input.page.limit || RECENTLY_PLAYED_MAX,
    RECENTLY_PLAYED_MAX,
  );
  const full = input.page.items.length >= limit;
  const newestMs = plays.reduce<number | null>((max, p) => Math.max(max ?? 0, Date.parse(p.playedAt)), null);

  // The listener's row first: its lock makes every transaction that stores this listener's plays (polls,
  // syncs, the connect flow's baseline) run one after the other, so each one's attribution sees the plays
  // the others stored (issue 16, defect 13). The cursor only moves forward, whoever wrote last.
  if (!input.cursorAdvanced) {
    const sets = cursorAdvance(2);
    const params: unknown[] = [input.listenerId, newestMs];
    if (input.polledAt) {
      params.push(input.polledAt);
      sets.push(`last_polled_at = $${params.length}`);
    }
    if (input.nextPollAt !== undefined) {
      params.push(input.nextPollAt);
      sets.push(`next_poll_at = $${params.length}`);
    }
    await manager.query(`UPDATE listeners SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
  }

  // Metadata comes with the plays: no extra Spotify call. The newest answer that differs wins: a track whose
  // row already says the same is not written again, so polls of popular tracks do not queue on their rows
  // (an upsert locks the row until the transaction ends) nor run the catalog trigger for nothing. The upsert
  // is a CTE of the plays' insert: one round trip to the database for both (issue 16, defect 12).
  const upsertTracks =
    tracks.length === 0
      ? ''
      : `tracks_upserted AS (
      INSERT INTO tracks (id, name, artist_ids, artist_names, album_id, album_name, image_url, duration_ms, isrc,
                          updated_at)
       SELECT n.id, n.name, n.artist_ids, n.artist_names, n.album_id, n.album_name, n.image_url, n.duration_ms,
              n.isrc, now()
         FROM (SELECT t.id, t.name, ARRAY(SELECT json_array_elements_text(t."artistIds")) AS artist_ids,
                      ARRAY(SELECT json_array_elements_text(t."artistNames")) AS artist_names, t."albumId" AS album_id,
                      t."albumName" AS album_name, t."imageUrl" AS image_url, t."durationMs" AS duration_ms, t.isrc
                 FROM json_to_recordset($6::json) AS t(id varchar, name varchar, "artistIds" json, "artistNames" json,
                      "albumId" varchar, "albumName" varchar, "imageUrl" varchar, "durationMs" integer,
                      isrc varchar)) n
        WHERE NOT EXISTS (
                SELECT 1 FROM tracks x
                 WHERE x.id = n.id AND x.name = n.name AND x.artist_ids = n.artist_ids::text[]
                   AND x.artist_names = n.artist_names::text[]
                   AND x.album_id IS NOT DISTINCT FROM coalesce(n.album_id, x.album_id)
                   AND x.album_name IS NOT DISTINCT FROM coalesce(n.album_name, x.album_name)
                   AND x.image_url IS NOT DISTINCT FROM coalesce(n.image_url, x.image_url)
                   AND x.duration_ms IS NOT DISTINCT FROM coalesce(n.duration_ms, x.duration_ms)
                   AND x.isrc IS NOT DISTINCT FROM coalesce(n.isrc, x.isrc))
       ORDER BY n.id
       ON CONFLICT (id) DO UPDATE SET
         name = EXCLUDED.name, artist_ids = EXCLUDED.artist_ids, artist_names = EXCLUDED.artist_names,
         album_id = COALESCE(EXCLUDED.album_id, tracks.album_id),
         album_name = COALESCE(EXCLUDED.album_name, tracks.album_name),
         image_url = COALESCE(EXCLUDED.image_url, tracks.image_url),
         duration_ms = COALESCE(EXCLUDED.duration_ms, tracks.duration_ms),
         isrc = COALESCE(EXCLUDED.isrc, tracks.isrc),
         updated_at = now())`;

  let inserted = 0;
  let attributed = 0;
  if (plays.length > 0) {
    // Every copy reported elsewhere and every later play lies in the span; the plays themselves too.
    const span = playSpan(
      Math.min(...plays.map((p) => Date.parse(p.playedAt) - p.durationMs - SAME_PLAY_SLACK_MS)),
      Math.max(...plays.map((p) => Date.parse(p.playedAt) + p.durationMs + SAME_PLAY_SLACK_MS)),
    );
    const params = [input.listenerId, JSON.stringify(plays), input.source ?? 'poll', span.from, span.to];
    if (tracks.length > 0) params.push(JSON.stringify(tracks));
    // The attribution writers' lock, when the caller attributes and says how to take it, is taken by this
    // statement before it stores a play (a one-time filter), saving attribution a statement of its own.
    const writersLocked = input.attribute !== undefined && input.writersLock !== undefined;
    // A play Last.fm or ListenBrainz reported first is stored already (same track, its start within the
    // track's length and a minute): Spotify's report is not stored again, the stored play notes it.
    const reportedElsewhere = `reported_elsewhere AS (
      SELECT p."playedAt" AS played_at, d.id
        FROM json_to_recordset($2::json) AS p("playedAt" timestamptz, "trackId" varchar, "durationMs" integer)
        JOIN plays d ON d.listener_id = $1::uuid AND d.track_id = p."trackId" AND d.origin <> 'spotify'
         AND d.played_at BETWEEN $4::timestamptz AND $5::timestamptz
         AND d.played_at BETWEEN p."playedAt" - (p."durationMs" + ${SAME_PLAY_SLACK_MS}) * interval '1 millisecond'
                             AND p."playedAt" + (p."durationMs" + ${SAME_PLAY_SLACK_MS}) * interval '1 millisecond'),
    noted AS (
      UPDATE plays SET also_reported_by = array_append(also_reported_by, 'spotify')
       WHERE id IN (SELECT id FROM reported_elsewhere) AND played_at BETWEEN $4::timestamptz AND $5::timestamptz
         AND NOT ('spotify' = ANY (also_reported_by))
      RETURNING id)`;
    const insert = `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source)
       SELECT $1::uuid, p."playedAt", p."trackId", p."contextType", p."contextUri", $3
         FROM json_to_recordset($2::json) AS p("playedAt" timestamptz, "trackId" varchar,
              "contextType" varchar, "contextUri" varchar)
        WHERE NOT EXISTS (SELECT 1 FROM reported_elsewhere r WHERE r.played_at = p."playedAt")
        ${writersLocked ? `AND (SELECT ${input.writersLock}::text) IS NOT NULL` : ''}
       ON CONFLICT (listener_id, played_at) DO NOTHING`;
    const ctes = [upsertTracks, reportedElsewhere].filter((cte) => cte !== '').join(',\n');
    if (input.attribute) {
      // One statement: the new plays, and the listener's stored plays of the same tracks played after one of
      // them (the statement's snapshot does not hold the new rows, so those are the older transactions' rows).
      const rows = (await manager.query(
        `WITH ${ctes}, ins AS (${insert} RETURNING id, track_id, played_at)
         SELECT id::text AS id, false AS later FROM ins
         UNION ALL
         SELECT DISTINCT p.id::text, true FROM ins
           JOIN plays p ON p.listener_id = $1::uuid AND p.track_id = ins.track_id AND p.played_at > ins.played_at
            AND p.played_at BETWEEN $4::timestamptz AND $5::timestamptz`,
        params,
      )) as Array<{ id: string; later: boolean }>;
      const stored = rows.filter((r) => !r.later).map((r) => r.id);
      inserted = stored.length;
      if (inserted > 0) {
        attributed = await input.attribute(manager, {
          stored,
          later: rows.filter((r) => r.later).map((r) => r.id),
          span,
          writersLocked,
        });
      }
    } else {
      const rows: unknown[] = await manager.query(`WITH ${ctes} ${insert} RETURNING id`, params);
      inserted = rows.length;
    }
  }

  return { inserted, attributed, newestPlayedAt: newestMs === null ? null : new Date(newestMs), full };
}

/**
 * Stores a recently-played page for a listener, idempotently, in ONE transaction:
 * upserts the tracks' metadata, inserts the plays (`ON CONFLICT (listener_id, played_at) DO NOTHING`, so
 * overlapping `after` windows and concurrent pollers store each play once) and advances the listener's
 * cursor (`cursor_ms`, `last_play_at`) to the newest played_at, never backwards.
 *
 * Pass the DataSource to get a transaction of its own, or the EntityManager of a transaction already open
 * (the connect callback stores the listener, links the clicks and imports the baseline together).
 * It makes no Spotify call: fetch the page first, so no transaction waits on the network.
 */
export async function ingestRecentlyPlayed(
  db: DataSource | EntityManager,
  input: IngestInput,
): Promise<IngestResult> {
  if (db instanceof DataSource) return db.transaction((manager) => write(manager, input));
  if (db.queryRunner?.isTransactionActive) return write(db, input);
  return db.transaction((manager) => write(manager, input));
}
