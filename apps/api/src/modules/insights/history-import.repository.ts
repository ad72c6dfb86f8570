import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { scheduleListenerReattribution } from '../attribution/attribution-jobs.repository';
import type { HistoryImportStatus } from './history-import.entity';
import type { HistoryPlay, HistoryTrack } from './streaming-history-entry';
import type { HistoryReadResult } from './streaming-history.reader';

/**
 * An imported play is the same play as one already read from Spotify (poll, baseline) when that one is of the
 * same track and lies between the imported start and end, give or take this much: Spotify's played_at is
 * close to the end of playback, the history's start is ts − ms_played.
 */
const SAME_PLAY_SLACK_MS = 30_000;

/** A row of listening_history_imports. */
export interface JobRow {
  id: string;
  listener_id: string;
  status: HistoryImportStatus;
  file_names: string[];
  upload_bytes: string;
  entries: number;
  plays_total: number;
  plays_processed: number;
  imported: number;
  duplicates: number;
  podcasts_skipped: number;
  short_plays_skipped: number;
  other_skipped: number;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

/** TypeORM answers an UPDATE … RETURNING with [rows, count] on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}

/**
 * The streaming-history import's tables (docs/insights.md): its jobs (listening_history_imports), and what
 * an import writes: tracks (names only, never over richer rows) and plays of source 'import'.
 */
@Injectable()
export class HistoryImportRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Of these job ids, those still queued or running. */
  async pendingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await this.dataSource.query(
      `SELECT id::text FROM listening_history_imports
        WHERE id::text = ANY($1::text[]) AND status IN ('queued', 'running')`,
      [ids],
    )) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  /** The job of a validated upload: queued, or completed at once when it holds no play. */
  async create(listenerId: string, result: HistoryReadResult): Promise<JobRow> {
    const done = result.plays === 0;
    const [row] = (await this.dataSource.query(
      `INSERT INTO listening_history_imports (listener_id, status, file_names, upload_bytes, entries, plays_total,
              plays_processed, imported, duplicates, podcasts_skipped, short_plays_skipped, other_skipped, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, $7, $8, $9, $10)
       RETURNING *`,
      [
        listenerId,
        done ? 'completed' : 'queued',
        result.fileNames.map((n) => n.slice(0, 200)),
        result.uploadBytes,
        result.entries,
        result.plays,
        result.podcasts,
        result.shortPlays,
        result.other,
        done ? new Date() : null,
      ],
    )) as JobRow[];
    if (!row) throw new Error('INSERT … RETURNING answered no row');
    return row;
  }

  async find(listenerId: string, id: string): Promise<JobRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE id = $1 AND listener_id = $2`,
      [id, listenerId],
    )) as JobRow[];
    return row ?? null;
  }

  /** The listener's latest 50 jobs, newest first. */
  async list(listenerId: string): Promise<JobRow[]> {
    return (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 ORDER BY created_at DESC, id LIMIT 50`,
      [listenerId],
    )) as JobRow[];
  }

  async pendingOf(listenerId: string): Promise<JobRow[]> {
    return (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 AND status IN ('queued', 'running')`,
      [listenerId],
    )) as JobRow[];
  }

  /** Moves a queued job to running; false when it is no longer queued (erased, or settled meanwhile). */
  async start(jobId: string): Promise<boolean> {
    const started = (await this.dataSource.query(
      `UPDATE listening_history_imports SET status = 'running', updated_at = now()
        WHERE id = $1 AND status = 'queued' RETURNING id`,
      [jobId],
    )) as [unknown[], number] | unknown[];
    return rowsOf(started).length > 0;
  }

  /** Ends a queued or running job (a job already ended keeps its outcome). */
  async finish(jobId: string, status: HistoryImportStatus, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE listening_history_imports SET status = $2, error = $3, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running')`,
      [jobId, status, error],
    );
  }

  /**
   * One batch in one transaction: the job row locked first (an erase deletes it before the plays, so a batch
   * either lands before the erase or finds the job gone: false), the batch's tracks upserted (in the order
   * given: id order, the lock order), then one multi-row INSERT of the plays, then the job's counts; and the
   * listener's attributions scheduled for recomputation when plays were added.
   */
  async writeBatch(
    jobId: string,
    listenerId: string,
    tracks: HistoryTrack[],
    plays: HistoryPlay[],
  ): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await manager.query(
        `SELECT id FROM listening_history_imports WHERE id = $1 AND status = 'running' FOR UPDATE`,
        [jobId],
      )) as unknown[];
      if (locked.length === 0) return false;
      await this.upsertTracks(manager, tracks);
      const inserted = await this.insertPlays(manager, listenerId, plays);
      await manager.query(
        `UPDATE listening_history_imports
            SET plays_processed = plays_processed + $2, imported = imported + $3, duplicates = duplicates + $4,
                updated_at = now()
          WHERE id = $1`,
        [jobId, plays.length, inserted, plays.length - inserted],
      );
      // Plays before the listener's clicks are their baseline: attributions may change (docs/attribution.md).
      if (inserted > 0) await scheduleListenerReattribution(manager, listenerId, 'history-import');
      return true;
    });
  }

  private async upsertTracks(manager: EntityManager, tracks: HistoryTrack[]): Promise<void> {
    if (tracks.length === 0) return;
    // The history names tracks, artists and albums but gives no artist or album ids: ids stay empty.
    await manager.query(
      `INSERT INTO tracks (id, name, artist_ids, artist_names, album_id, album_name, image_url, duration_ms, updated_at)
       SELECT t.id, t.name, '{}', CASE WHEN t.artist IS NULL THEN '{}'::text[] ELSE ARRAY[t.artist] END, NULL,
              t.album, NULL, NULL, now()
         FROM unnest($1::varchar[], $2::varchar[], $3::text[], $4::varchar[]) AS t(id, name, artist, album)
       ON CONFLICT (id) DO NOTHING`,
      [
        tracks.map((t) => t.id),
        tracks.map((t) => t.name),
        tracks.map((t) => t.artistName),
        tracks.map((t) => t.albumName),
      ],
    );
  }

  /**
   * One multi-row INSERT; returns how many plays were new. A play already read from Spotify is recognised
   * (SAME_PLAY_SLACK_MS) and skipped, and so is one at an instant already stored.
   */
  private async insertPlays(
    manager: EntityManager,
    listenerId: string,
    batch: HistoryPlay[],
  ): Promise<number> {
    const rows = (await manager.query(
      `INSERT INTO plays (listener_id, played_at, track_id, context_type, context_uri, source, ms_played)
       SELECT $1::uuid, b.started_at, b.track_id, NULL, NULL, 'import', b.ms_played
         FROM unnest($2::timestamptz[], $3::varchar[], $4::int[]) AS b(started_at, track_id, ms_played)
        WHERE NOT EXISTS (
                SELECT 1 FROM plays q
                 WHERE q.listener_id = $1::uuid AND q.track_id = b.track_id AND q.source <> 'import'
                   AND q.played_at BETWEEN b.started_at - $5::int * interval '1 millisecond'
                                       AND b.started_at + (b.ms_played + $5::int) * interval '1 millisecond')
       ON CONFLICT (listener_id, played_at) DO NOTHING
       RETURNING id`,
      [
        listenerId,
        batch.map((p) => new Date(p.startMs).toISOString()),
        batch.map((p) => p.trackId),
        batch.map((p) => p.msPlayed),
        SAME_PLAY_SLACK_MS,
      ],
    )) as unknown[];
    return rows.length;
  }
}
