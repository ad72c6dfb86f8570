import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import type { HistoryImportDto } from './dto/history-import.dto';
import type { HistoryImportStatus } from './history-import.entity';
import {
  historyImportInProgress,
  historyImportNotFound,
  historyInvalid,
  historyTooLarge,
  historyUnsupportedType,
} from './insights.errors';
import {
  HistoryInvalidError,
  HistoryPlay,
  HistoryReadResult,
  HistoryTooLargeError,
  HistoryTrack,
  StreamingHistoryReader,
} from './streaming-history.reader';

/** The upload is read this many bytes at a time, yielding to the event loop in between. */
const READ_SLICE = 4 * 1024;
/** Plays written per transaction (one multi-row INSERT each). */
export const IMPORT_BATCH = 1_000;
/**
 * An imported play is the same play as one already read from Spotify (poll, baseline) when that one is of the
 * same track and lies between the imported start and end, give or take this much: Spotify's played_at is
 * close to the end of playback, the history's start is ts − ms_played.
 */
const SAME_PLAY_SLACK_MS = 30_000;
/** A running import whose row has not moved for this long was cut off (its process stopped). */
const STALE_AFTER_MS = 10 * 60_000;

const ACCEPTED_TYPES = new Set([
  'application/json',
  'application/zip',
  'application/x-zip-compressed',
  'application/octet-stream',
]);

interface JobRow {
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

export interface HistoryUpload {
  body: Readable;
  contentType: string | undefined;
  contentLength: string | undefined;
  fileName: string | undefined;
}

/**
 * Imports a listener's extended streaming history (docs/insights.md). The upload is read and validated as it
 * streams in (413 past IMPORT_MAX_BYTES, 422 naming the file and entry that failed; nothing is written
 * then); a job row is created and answered with 202; the plays are then written in batches in the
 * background, the job's counts moving after each. Idempotent: plays are unique on (listener, played_at) and
 * played_at = ts − ms_played every time, and a play already read from Spotify is recognised and skipped.
 * Imported plays carry source 'import': never attributed to campaigns, but part of the listener's history.
 */
@Injectable()
export class HistoryImportService implements OnModuleDestroy {
  private readonly logger = new Logger('HistoryImport');
  /** Listeners with an upload being read in this process (the job row does not exist yet). */
  private readonly reading = new Set<string>();
  private readonly writing = new Map<string, Promise<void>>();
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  async startImport(listenerId: string, upload: HistoryUpload): Promise<HistoryImportDto> {
    const type = upload.contentType?.split(';')[0]?.trim().toLowerCase();
    if (!type || !ACCEPTED_TYPES.has(type)) throw historyUnsupportedType(type);
    const limit = this.config.IMPORT_MAX_BYTES;
    const declared = Number(upload.contentLength);
    if (upload.contentLength !== undefined && Number.isFinite(declared) && declared > limit) {
      throw historyTooLarge(limit, 'upload');
    }
    if (this.reading.has(listenerId) || (await this.runningJob(listenerId))) throw historyImportInProgress();

    this.reading.add(listenerId);
    let result: HistoryReadResult;
    try {
      result = await this.read(upload, type);
    } finally {
      this.reading.delete(listenerId);
    }
    if (await this.runningJob(listenerId)) throw historyImportInProgress();

    const done = result.plays.length === 0;
    const [job] = (await this.dataSource.query(
      `INSERT INTO listening_history_imports (listener_id, status, file_names, upload_bytes, entries, plays_total,
              plays_processed, imported, duplicates, podcasts_skipped, short_plays_skipped, other_skipped, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, 0, 0, $7, $8, $9, $10, $11)
       RETURNING *`,
      [
        listenerId,
        done ? 'completed' : 'running',
        result.fileNames.map((n) => n.slice(0, 200)),
        result.uploadBytes,
        result.entries,
        result.plays.length,
        result.duplicates,
        result.podcasts,
        result.shortPlays,
        result.other,
        done ? new Date() : null,
      ],
    )) as JobRow[];
    const row = job as JobRow;
    if (!done) {
      const work = this.write(row.id, listenerId, result.plays, result.tracks)
        .catch((error: unknown) => this.fail(row.id, error))
        .finally(() => this.writing.delete(row.id));
      this.writing.set(row.id, work);
    }
    return toDto(row);
  }

  async getImport(listenerId: string, id: string): Promise<HistoryImportDto> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE id = $1 AND listener_id = $2`,
      [id, listenerId],
    )) as JobRow[];
    if (!row) throw historyImportNotFound();
    return toDto(await this.settleIfStale(row));
  }

  async listImports(listenerId: string): Promise<HistoryImportDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 ORDER BY created_at DESC, id LIMIT 50`,
      [listenerId],
    )) as JobRow[];
    return Promise.all(rows.map(async (row) => toDto(await this.settleIfStale(row))));
  }

  /** Lets running imports stop between batches; their jobs say so (plays written so far stay, re-upload). */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled([...this.writing.values()]);
  }

  /** Reads and validates the whole upload as it streams in; the request body is drained whatever happens. */
  private read(upload: HistoryUpload, type: string): Promise<HistoryReadResult> {
    const zipType = type === 'application/zip' || type === 'application/x-zip-compressed';
    const reader = new StreamingHistoryReader({
      fileName: upload.fileName ?? (zipType ? 'upload.zip' : 'upload.json'),
      maxBytes: this.config.IMPORT_MAX_BYTES,
      maxUnzippedBytes: this.config.IMPORT_MAX_UNZIPPED_BYTES,
    });
    return new Promise<HistoryReadResult>((resolve, reject) => {
      let failed = false;
      let ended = false;
      /** Chunks are read one after the other; 'end' may come while the last one is still being read. */
      let reading: Promise<void> = Promise.resolve();
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        // Keep reading (and dropping) the rest, so the error answer reaches the client.
        reject(this.toDomainError(error));
      };
      upload.body.on('data', (chunk: Buffer) => {
        if (failed) return;
        // A ZIP chunk can inflate to megabytes of JSON: read it in slices, yielding in between, with the
        // request paused meanwhile.
        upload.body.pause();
        reading = reading.then(async () => {
          try {
            for (let offset = 0; offset < chunk.length && !failed; offset += READ_SLICE) {
              if (offset > 0) await yieldToEventLoop();
              reader.push(chunk.subarray(offset, offset + READ_SLICE));
            }
          } catch (error) {
            fail(error);
          }
          upload.body.resume();
        });
      });
      upload.body.once('end', () => {
        ended = true;
        void reading.then(() => {
          if (failed) return;
          try {
            resolve(reader.finish());
          } catch (error) {
            fail(error);
          }
        });
      });
      upload.body.once('error', fail);
      upload.body.once('close', () => {
        if (!ended) fail(new Error('The upload was interrupted.'));
      });
    });
  }

  private toDomainError(error: unknown): unknown {
    if (error instanceof HistoryTooLargeError) return historyTooLarge(error.limitBytes, error.what);
    if (error instanceof HistoryInvalidError) return historyInvalid(error);
    return error;
  }

  /**
   * Writes the plays in batches of IMPORT_BATCH, one transaction each: the job row locked first (an erase
   * deletes it before the plays, so a batch either lands before the erase or finds the job gone and stops),
   * the batch's tracks upserted (names only; richer rows from Spotify are kept), then one multi-row INSERT
   * of the plays, then the job's counts.
   */
  private async write(
    jobId: string,
    listenerId: string,
    plays: HistoryPlay[],
    tracks: Map<string, HistoryTrack>,
  ): Promise<void> {
    const written = new Set<string>();
    for (let offset = 0; offset < plays.length; offset += IMPORT_BATCH) {
      if (this.stopping) {
        await this.finish(
          jobId,
          'failed',
          'The server stopped during the import. Upload the file again: plays already imported are recognised.',
        );
        return;
      }
      const batch = plays.slice(offset, offset + IMPORT_BATCH);
      const carryOn = await this.dataSource.transaction(async (manager) => {
        const locked = (await manager.query(
          `SELECT id FROM listening_history_imports WHERE id = $1 AND status = 'running' FOR UPDATE`,
          [jobId],
        )) as unknown[];
        if (locked.length === 0) return false;
        const fresh = [...new Set(batch.map((p) => p.trackId))].filter((id) => !written.has(id)).sort();
        await this.upsertTracks(
          manager,
          fresh.map((id) => tracks.get(id) as HistoryTrack),
        );
        for (const id of fresh) written.add(id);
        const inserted = await this.insertPlays(manager, listenerId, batch);
        await manager.query(
          `UPDATE listening_history_imports
              SET plays_processed = plays_processed + $2, imported = imported + $3, duplicates = duplicates + $4,
                  updated_at = now()
            WHERE id = $1`,
          [jobId, batch.length, inserted, batch.length - inserted],
        );
        return true;
      });
      if (!carryOn) return;
      await yieldToEventLoop();
    }
    await this.finish(jobId, 'completed', null);
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

  /** One multi-row INSERT; returns how many plays were new. */
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

  private async finish(jobId: string, status: HistoryImportStatus, error: string | null): Promise<void> {
    await this.dataSource.query(
      `UPDATE listening_history_imports SET status = $2, error = $3, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'running'`,
      [jobId, status, error],
    );
  }

  private async fail(jobId: string, error: unknown): Promise<void> {
    this.logger.error({ err: error, jobId }, 'Streaming-history import failed');
    await this.finish(
      jobId,
      'failed',
      'The import stopped on an error on our side. Upload the file again.',
    ).catch(() => undefined);
  }

  /** The listener's running import, unless it went stale (then it is marked failed here). */
  private async runningJob(listenerId: string): Promise<JobRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 AND status = 'running'`,
      [listenerId],
    )) as JobRow[];
    for (const row of rows) {
      if ((await this.settleIfStale(row)).status === 'running') return row;
    }
    return undefined;
  }

  private async settleIfStale(row: JobRow): Promise<JobRow> {
    if (row.status !== 'running' || this.writing.has(row.id)) return row;
    if (Date.now() - new Date(row.updated_at).getTime() < STALE_AFTER_MS) return row;
    const error =
      'The import was cut off (the server stopped). Upload the file again: plays already imported are recognised.';
    await this.finish(row.id, 'failed', error);
    return { ...row, status: 'failed', error, finished_at: new Date() };
  }
}

function toDto(row: JobRow): HistoryImportDto {
  return {
    id: row.id,
    status: row.status,
    progress:
      row.plays_total === 0 ? 1 : Math.round((row.plays_processed / row.plays_total) * 10_000) / 10_000,
    fileNames: row.file_names,
    uploadBytes: Number(row.upload_bytes),
    counts: {
      entries: row.entries,
      playsTotal: row.plays_total,
      playsProcessed: row.plays_processed,
      imported: row.imported,
      duplicates: row.duplicates,
      podcastsSkipped: row.podcasts_skipped,
      shortPlaysSkipped: row.short_plays_skipped,
      otherSkipped: row.other_skipped,
    },
    error: row.error,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
