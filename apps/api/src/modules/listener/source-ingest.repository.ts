import { EntityManager } from 'typeorm';
import { IngestAttributing, playSpan } from './play-ingest.repository';
import { MATCH_CONFIDENCE, SAME_PLAY_SLACK_MS, SourceOrigin, SourcePlay } from './source-plays';

export interface SourceIngestInput extends IngestAttributing {
  listenerId: string;
  origin: SourceOrigin;
  plays: readonly SourcePlay[];
}

export interface SourceIngestResult {
  /** Plays stored (matched to a track, not seen before from any source). */
  inserted: number;
  /** Of those, attributed to some campaign in the storing transaction. */
  attributed: number;
  /** Kept in unmatched_plays (no track matched). */
  unmatched: number;
  /** Already stored from another source (or this one): not stored again. */
  duplicates: number;
  /** The newest start among the plays given (the source's cursor), unix ms; null when none was given. */
  newestStartedAtMs: number | null;
}

/**
 * The plays of one statement: each source play matched to a track (Spotify id, then ISRC, then normalised
 * artist and title, the album deciding between equals; `soundlink_match_key`), timed like Spotify's (played_at
 * = start + the track's duration), and compared with the listener's stored plays of the same track: one whose
 * start is within the duration plus a minute is the same play, stored already (the stored one is kept and
 * notes this source). New matched plays go to `plays`, unmatched ones to `unmatched_plays`.
 */
function sourcePlaysSql(writersLock: string | undefined): string {
  return `
    WITH src AS (
      SELECT x.ord, x."startedAt" AS started_at, left(x."artistName", 500) AS artist_name,
             left(x."trackName", 500) AS track_name, left(x."albumName", 500) AS album_name,
             x."durationMs" AS duration_ms, x."spotifyTrackId" AS spotify_id, x.isrc
        FROM json_to_recordset($2::json) AS x(ord int, "startedAt" timestamptz, "artistName" text,
             "trackName" text, "albumName" text, "durationMs" int, "spotifyTrackId" varchar, isrc varchar)),
    matched AS (
      SELECT s.*, m.track_id, m.method, m.confidence,
             coalesce(m.duration_ms, s.duration_ms, 0) AS dur
        FROM src s
        LEFT JOIN LATERAL (
          SELECT * FROM (
            SELECT t.id AS track_id, 'spotify_id' AS method, ${MATCH_CONFIDENCE.spotify_id}::real AS confidence,
                   t.duration_ms, 1 AS rank
              FROM tracks t WHERE t.id = s.spotify_id
            UNION ALL
            SELECT t.id, 'isrc', ${MATCH_CONFIDENCE.isrc}::real, t.duration_ms, 2
              FROM tracks t WHERE s.isrc IS NOT NULL AND t.isrc = upper(s.isrc)
            UNION ALL
            SELECT t.id, 'name',
                   CASE WHEN s.album_name IS NOT NULL
                         AND soundlink_match_name(t.album_name) = soundlink_match_name(s.album_name)
                        THEN ${MATCH_CONFIDENCE.name_album}::real ELSE ${MATCH_CONFIDENCE.name}::real END,
                   t.duration_ms, 3
              FROM tracks t
             WHERE soundlink_match_key(t.artist_names[1], t.name) = soundlink_match_key(s.artist_name, s.track_name)
          ) c ORDER BY c.rank, c.confidence DESC, c.track_id LIMIT 1
        ) m ON true),
    timed AS (
      SELECT *, started_at + dur * interval '1 millisecond' AS played_at FROM matched),
    dup AS (
      SELECT DISTINCT ON (t.ord) t.ord, p.id AS kept_id, p.origin AS kept_origin
        FROM timed t
        JOIN plays p ON p.listener_id = $1::uuid AND p.track_id = t.track_id
         AND p.played_at BETWEEN $4::timestamptz AND $5::timestamptz
         AND p.played_at BETWEEN t.played_at - (t.dur + ${SAME_PLAY_SLACK_MS}) * interval '1 millisecond'
                             AND t.played_at + (t.dur + ${SAME_PLAY_SLACK_MS}) * interval '1 millisecond'
       ORDER BY t.ord, abs(extract(epoch FROM p.played_at - t.played_at))),
    ins AS (
      INSERT INTO plays (listener_id, played_at, track_id, source, origin, match_method, match_confidence)
      SELECT $1::uuid, t.played_at, t.track_id, 'poll', $3, t.method, t.confidence
        FROM timed t
       WHERE t.track_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM dup d WHERE d.ord = t.ord)
         ${writersLock ? `AND (SELECT ${writersLock}::text) IS NOT NULL` : ''}
       ORDER BY t.played_at
      ON CONFLICT (listener_id, played_at) DO NOTHING
      RETURNING id, track_id, played_at),
    noted AS (
      UPDATE plays p SET also_reported_by = array_append(p.also_reported_by, $3::text)
       WHERE p.id IN (SELECT kept_id FROM dup WHERE kept_origin <> $3)
         AND p.played_at BETWEEN $4::timestamptz AND $5::timestamptz
         AND NOT ($3::text = ANY (p.also_reported_by))
      RETURNING p.id),
    unmatched AS (
      INSERT INTO unmatched_plays (listener_id, origin, started_at, artist_name, track_name, album_name)
      SELECT $1::uuid, $3, t.started_at, t.artist_name, t.track_name, t.album_name
        FROM timed t WHERE t.track_id IS NULL
      ON CONFLICT (listener_id, origin, started_at) DO NOTHING
      RETURNING id)
    SELECT 'stored' AS kind, id::text AS id FROM ins
    UNION ALL
    SELECT DISTINCT 'later', p.id::text FROM ins
      JOIN plays p ON p.listener_id = $1::uuid AND p.track_id = ins.track_id AND p.played_at > ins.played_at
       AND p.played_at BETWEEN $4::timestamptz AND $5::timestamptz
    UNION ALL SELECT 'unmatched', NULL FROM unmatched
    UNION ALL SELECT 'duplicate', NULL FROM dup
    UNION ALL SELECT 'noted', NULL FROM noted`;
}

/**
 * Stores plays from Last.fm or ListenBrainz for a listener in the caller's transaction, idempotently: locks
 * the listener's row first (every transaction storing this listener's plays, from any source, runs one after
 * the other, so two sources never both store one play), matches and stores them (`sourcePlaysSql`) and,
 * with `attribute`, attributes the new ones in the same transaction, as a Spotify poll does.
 */
export async function ingestSourcePlays(
  manager: EntityManager,
  input: SourceIngestInput,
): Promise<SourceIngestResult> {
  const plays = input.plays.filter(
    (p) => Number.isFinite(p.startedAtMs) && p.artistName.trim() !== '' && p.trackName.trim() !== '',
  );
  const newestStartedAtMs = input.plays.reduce<number | null>(
    (max, p) => (Number.isFinite(p.startedAtMs) ? Math.max(max ?? 0, p.startedAtMs) : max),
    null,
  );
  const empty = { inserted: 0, attributed: 0, unmatched: 0, duplicates: 0, newestStartedAtMs };
  if (plays.length === 0) return empty;
  await manager.query('SELECT id FROM listeners WHERE id = $1 FOR UPDATE', [input.listenerId]);
  const json = plays.map((p, ord) => ({
    ord,
    startedAt: new Date(p.startedAtMs).toISOString(),
    artistName: p.artistName,
    trackName: p.trackName,
    albumName: p.albumName,
    durationMs: p.durationMs !== null && p.durationMs > 0 ? Math.round(p.durationMs) : null,
    spotifyTrackId: p.spotifyTrackId && /^[0-9A-Za-z]{22}$/.test(p.spotifyTrackId) ? p.spotifyTrackId : null,
    isrc: p.isrc ? p.isrc.slice(0, 12) : null,
  }));
  const writersLock = input.attribute ? input.writersLock : undefined;
  // A stored copy of a play starts within a minute of it; later plays of its track lie after its start.
  const starts = plays.map((p) => p.startedAtMs);
  const span = playSpan(Math.min(...starts) - SAME_PLAY_SLACK_MS, Math.max(...starts) + SAME_PLAY_SLACK_MS);
  const rows = (await manager.query(sourcePlaysSql(writersLock), [
    input.listenerId,
    JSON.stringify(json),
    input.origin,
    span.from,
    span.to,
  ])) as Array<{ kind: 'stored' | 'later' | 'unmatched' | 'duplicate' | 'noted'; id: string | null }>;
  const ids = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => r.id as string);
  const stored = ids('stored');
  let attributed = 0;
  if (stored.length > 0 && input.attribute) {
    attributed = await input.attribute(manager, {
      stored,
      later: ids('later'),
      span,
      writersLocked: writersLock !== undefined,
    });
  }
  return {
    inserted: stored.length,
    attributed,
    unmatched: rows.filter((r) => r.kind === 'unmatched').length,
    duplicates: rows.filter((r) => r.kind === 'duplicate').length,
    newestStartedAtMs,
  };
}
