import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { scheduleListenerReattribution } from '../attribution/attribution-jobs.repository';
import type { HistoryImportDto } from './dto/history-import.dto';
import type { HistoryImportStatus } from './history-import.entity';
import {
  historyImportInProgress,
  historyImportNotFound,
  historyImportQueueFull,
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
/** Plays written per transaction (one multi-row INSERT each): the most plays an import holds in memory. */
export const IMPORT_BATCH = 1_000;
/**
 * An imported play is the same play as one already read from Spotify (poll, baseline) when that one is of the
 * same track and lies between the imported start and end, give or take this much: Spotify's played_at is
 * close to the end of playback, the history's start is ts − ms_played.
 */
const SAME_PLAY_SLACK_MS = 30_000;
/** A queued or running import whose row has not moved for this long was cut off (its process stopped). */
const STALE_AFTER_MS = 10 * 60_000;
/**
 * Uploads being received plus imports waiting their turn, at most: each is a spool file of up to
 * IMPORT_MAX_BYTES on disk, so the queue is bounded (503 beyond it).
 */
export const IMPORT_QUEUE_MAX = 20;
/** A spooled upload left by a process that stopped while receiving it is removed after this long. */
const PART_LEFTOVER_MS = 60 * 60_000;

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

/** An import of this process, waiting for a slot or being written. */
interface LiveJob {
  id: string;
  listenerId: string;
  /** The spooled upload, read again (and only then, batch by batch) when the job's turn comes. */
  path: string;
  fileName: string;
  state: 'queued' | 'running';
  /** Bytes of the spooled upload read into the database so far. */
  bytesRead: number;
}

/**
 * Imports a listener's extended streaming history (docs/insights.md). The upload is validated as it streams
 * in and spooled to a file under DATA_DIR (413 past IMPORT_MAX_BYTES, 422 naming the file and entry that
 * failed; nothing is written to the database then, and only the entry being read is held in memory); a job
 * row is created and answered with 202, `queued` while IMPORTS_CONCURRENCY imports are being written. When
 * its turn comes the spooled file is read again and its plays written batch by batch, never more than one
 * batch in memory, the job's counts moving after each. Idempotent: plays are unique on (listener,
 * played_at), played_at = ts − ms_played every time (so an instant repeated in the file, or imported
 * before, is a conflict the database skips), and a play already read from Spotify is recognised and skipped.
 * Imported plays carry source 'import': never attributed to campaigns, but part of the listener's history.
 */
@Injectable()
export class HistoryImportService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('HistoryImport');
  /** Listeners with an upload being received in this process (the job row does not exist yet). */
  private readonly reading = new Set<string>();
  /** Jobs of this process: waiting (in order) or being written. */
  private readonly live = new Map<string, LiveJob>();
  private readonly waiting: LiveJob[] = [];
  private readonly writing = new Map<string, Promise<void>>();
  private readonly spoolDir: string;
  private stopping = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.spoolDir =
      config.DATA_DIR === ':memory:'
        ? join(tmpdir(), `soundlink-imports-${process.pid}`)
        : join(config.DATA_DIR, 'imports');
  }

  /** Removes spooled uploads nobody will read: of jobs no longer waiting, or cut off while uploading. */
  async onModuleInit(): Promise<void> {
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    const names = await readdir(this.spoolDir).catch(() => [] as string[]);
    const uploads = names.filter((n) => n.endsWith('.upload')).map((n) => n.slice(0, -'.upload'.length));
    const pending = new Set(
      uploads.length === 0
        ? []
        : (
            (await this.dataSource.query(
              `SELECT id::text FROM listening_history_imports
                WHERE id::text = ANY($1::text[]) AND status IN ('queued', 'running')`,
              [uploads],
            )) as Array<{ id: string }>
          ).map((r) => r.id),
    );
    for (const name of names) {
      const path = join(this.spoolDir, name);
      const leftover = name.endsWith('.upload')
        ? !pending.has(name.slice(0, -'.upload'.length))
        : Date.now() - (await stat(path).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs > PART_LEFTOVER_MS;
      if (leftover) await rm(path, { force: true });
    }
  }

  async startImport(listenerId: string, upload: HistoryUpload): Promise<HistoryImportDto> {
    const type = upload.contentType?.split(';')[0]?.trim().toLowerCase();
    if (!type || !ACCEPTED_TYPES.has(type)) throw historyUnsupportedType(type);
    const limit = this.config.IMPORT_MAX_BYTES;
    const declared = Number(upload.contentLength);
    if (upload.contentLength !== undefined && Number.isFinite(declared) && declared > limit) {
      throw historyTooLarge(limit, 'upload');
    }
    if (this.reading.has(listenerId) || (await this.pendingJob(listenerId))) throw historyImportInProgress();
    if (this.reading.size + this.waiting.length >= IMPORT_QUEUE_MAX) throw historyImportQueueFull();

    const zipType = type === 'application/zip' || type === 'application/x-zip-compressed';
    const fileName = upload.fileName ?? (zipType ? 'upload.zip' : 'upload.json');
    await mkdir(this.spoolDir, { recursive: true, mode: 0o700 });
    const part = join(this.spoolDir, `${randomUUID()}.part`);
    let spooled = false;
    this.reading.add(listenerId);
    try {
      let result: HistoryReadResult;
      try {
        result = await this.receive(upload, fileName, part);
      } finally {
        this.reading.delete(listenerId);
      }
      if (await this.pendingJob(listenerId)) throw historyImportInProgress();

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
      const job = row as JobRow;
      if (done) return this.toDto(job);
      const path = join(this.spoolDir, `${job.id}.upload`);
      await rename(part, path);
      spooled = true;
      const entry: LiveJob = { id: job.id, listenerId, path, fileName, state: 'queued', bytesRead: 0 };
      this.live.set(job.id, entry);
      this.waiting.push(entry);
      this.pump();
      return this.toDto(job);
    } finally {
      if (!spooled) await rm(part, { force: true });
    }
  }

  async getImport(listenerId: string, id: string): Promise<HistoryImportDto> {
    const [row] = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE id = $1 AND listener_id = $2`,
      [id, listenerId],
    )) as JobRow[];
    if (!row) throw historyImportNotFound();
    return this.toDto(await this.settleIfStale(row));
  }

  async listImports(listenerId: string): Promise<HistoryImportDto[]> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 ORDER BY created_at DESC, id LIMIT 50`,
      [listenerId],
    )) as JobRow[];
    return Promise.all(rows.map(async (row) => this.toDto(await this.settleIfStale(row))));
  }

  /**
   * Lets running imports stop between batches, and fails the queued ones; their jobs say so (plays written
   * so far stay; uploading again is safe).
   */
  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const job of this.waiting.splice(0)) {
      this.live.delete(job.id);
      await this.finish(job.id, 'failed', STOPPED).catch(() => undefined);
      await rm(job.path, { force: true });
    }
    await Promise.allSettled([...this.writing.values()]);
  }

  /** Starts waiting jobs while fewer than IMPORTS_CONCURRENCY are being written. */
  private pump(): void {
    while (!this.stopping && this.writing.size < this.config.IMPORTS_CONCURRENCY && this.waiting.length > 0) {
      const job = this.waiting.shift() as LiveJob;
      job.state = 'running';
      const work = this.run(job)
        .catch((error: unknown) => this.fail(job.id, error))
        .finally(async () => {
          await rm(job.path, { force: true }).catch(() => undefined);
          this.writing.delete(job.id);
          this.live.delete(job.id);
          this.pump();
        });
      this.writing.set(job.id, work);
    }
  }

  /**
   * Receives the upload: each chunk is appended to the spool file and fed to a reader that validates it and
   * counts (it keeps no play). The request body is drained whatever happens, so an error answer reaches the
   * client.
   */
  private async receive(upload: HistoryUpload, fileName: string, path: string): Promise<HistoryReadResult> {
    const reader = new StreamingHistoryReader({
      fileName,
      maxBytes: this.config.IMPORT_MAX_BYTES,
      maxUnzippedBytes: this.config.IMPORT_MAX_UNZIPPED_BYTES,
    });
    const file = await open(path, 'wx', 0o600);
    try {
      return await new Promise<HistoryReadResult>((resolve, reject) => {
        let failed = false;
        let ended = false;
        /** Chunks are handled one after the other; 'end' may come while the last one is still handled. */
        let handling: Promise<void> = Promise.resolve();
        const fail = (error: unknown) => {
          if (failed) return;
          failed = true;
          // Keep reading (and dropping) the rest, so the error answer reaches the client.
          reject(this.toDomainError(error));
        };
        upload.body.on('data', (chunk: Buffer) => {
          if (failed) return;
          // A ZIP chunk can inflate to megabytes of JSON: read it in slices, yielding in between, with the
          // request paused meanwhile (and while the chunk goes to disk).
          upload.body.pause();
          handling = handling.then(async () => {
            try {
              for (let offset = 0; offset < chunk.length && !failed; offset += READ_SLICE) {
                if (offset > 0) await yieldToEventLoop();
                reader.push(chunk.subarray(offset, offset + READ_SLICE));
              }
              if (!failed) await file.write(chunk);
            } catch (error) {
              fail(error);
            }
            upload.body.resume();
          });
        });
        upload.body.once('end', () => {
          ended = true;
          void handling.then(() => {
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
    } finally {
      await file.close();
    }
  }

  private toDomainError(error: unknown): unknown {
    if (error instanceof HistoryTooLargeError) return historyTooLarge(error.limitBytes, error.what);
    if (error instanceof HistoryInvalidError) return historyInvalid(error);
    return error;
  }

  /**
   * Writes a job's plays: the spooled upload is read again and cut into batches of IMPORT_BATCH, each written
   * before more of the file is read (so no more than one batch, plus what one slice of the file unpacks to,
   * is held). One transaction per batch: the job row locked first (an erase deletes it before the plays, so
   * a batch either lands before the erase or finds the job gone and stops), the batch's tracks upserted
   * (names only; richer rows from Spotify are kept), then one multi-row INSERT of the plays, then the job's
   * counts.
   */
  private async run(job: LiveJob): Promise<void> {
    const started = (await this.dataSource.query(
      `UPDATE listening_history_imports SET status = 'running', updated_at = now()
        WHERE id = $1 AND status = 'queued' RETURNING id`,
      [job.id],
    )) as [unknown[], number] | unknown[];
    // The job was erased (or settled) while it waited.
    if (rowsOf(started).length === 0) return;

    let pending: Array<{ play: HistoryPlay; track: HistoryTrack }> = [];
    const reader = new StreamingHistoryReader({
      fileName: job.fileName,
      maxBytes: Number.MAX_SAFE_INTEGER,
      maxUnzippedBytes: Number.MAX_SAFE_INTEGER,
      onPlay: (play, track) => pending.push({ play, track }),
    });
    /** Writes full batches (all of `pending` when `all`); false once the job is gone or the server stops. */
    const flush = async (all: boolean): Promise<boolean> => {
      while (pending.length >= IMPORT_BATCH || (all && pending.length > 0)) {
        if (this.stopping) {
          await this.finish(job.id, 'failed', STOPPED);
          return false;
        }
        const batch = pending.slice(0, IMPORT_BATCH);
        pending = pending.slice(IMPORT_BATCH);
        if (!(await this.writeBatch(job, batch))) return false;
        await yieldToEventLoop();
      }
      return true;
    };
    const stream = createReadStream(job.path, { highWaterMark: 64 * 1024 });
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let offset = 0; offset < chunk.length; offset += READ_SLICE) {
          const slice = chunk.subarray(offset, offset + READ_SLICE);
          reader.push(slice);
          job.bytesRead += slice.length;
          if (!(await flush(false))) return;
          await yieldToEventLoop();
        }
      }
    } finally {
      stream.destroy();
    }
    reader.finish();
    if (!(await flush(true))) return;
    if (this.stopping) {
      await this.finish(job.id, 'failed', STOPPED);
      return;
    }
    await this.finish(job.id, 'completed', null);
  }

  private async writeBatch(
    job: LiveJob,
    batch: Array<{ play: HistoryPlay; track: HistoryTrack }>,
  ): Promise<boolean> {
    // The batch's tracks, each once (the first entry naming it names it), in id order (lock order).
    const tracks = new Map<string, HistoryTrack>();
    for (const { track } of batch) {
      const known = tracks.get(track.id);
      if (!known) tracks.set(track.id, track);
      else if (!known.name && track.name) tracks.set(track.id, { ...known, name: track.name });
    }
    return this.dataSource.transaction(async (manager) => {
      const locked = (await manager.query(
        `SELECT id FROM listening_history_imports WHERE id = $1 AND status = 'running' FOR UPDATE`,
        [job.id],
      )) as unknown[];
      if (locked.length === 0) return false;
      await this.upsertTracks(
        manager,
        [...tracks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      );
      const inserted = await this.insertPlays(
        manager,
        job.listenerId,
        batch.map((b) => b.play),
      );
      await manager.query(
        `UPDATE listening_history_imports
            SET plays_processed = plays_processed + $2, imported = imported + $3, duplicates = duplicates + $4,
                updated_at = now()
          WHERE id = $1`,
        [job.id, batch.length, inserted, batch.length - inserted],
      );
      // Plays before the listener's clicks are their baseline: attributions may change (docs/attribution.md).
      if (inserted > 0) await scheduleListenerReattribution(manager, job.listenerId, 'history-import');
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
        WHERE id = $1 AND status IN ('queued', 'running')`,
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

  /** The listener's queued or running import, unless it went stale (then it is marked failed here). */
  private async pendingJob(listenerId: string): Promise<JobRow | undefined> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM listening_history_imports WHERE listener_id = $1 AND status IN ('queued', 'running')`,
      [listenerId],
    )) as JobRow[];
    for (const row of rows) {
      const settled = await this.settleIfStale(row);
      if (settled.status === 'queued' || settled.status === 'running') return row;
    }
    return undefined;
  }

  /** A queued or running job no process of ours knows, whose row has not moved for a while, was cut off. */
  private async settleIfStale(row: JobRow): Promise<JobRow> {
    if ((row.status !== 'running' && row.status !== 'queued') || this.live.has(row.id)) return row;
    if (Date.now() - new Date(row.updated_at).getTime() < STALE_AFTER_MS) return row;
    const error =
      'The import was cut off (the server stopped). Upload the file again: plays already imported are recognised.';
    await this.finish(row.id, 'failed', error);
    await rm(join(this.spoolDir, `${row.id}.upload`), { force: true });
    return { ...row, status: 'failed', error, finished_at: new Date() };
  }

  /** The row as the API shows it; a job of this process says where it is (queue position, bytes read). */
  private toDto(row: JobRow): HistoryImportDto {
    const live = this.live.get(row.id);
    let status = row.status;
    if (live && (status === 'queued' || status === 'running')) status = live.state;
    const position = live?.state === 'queued' ? this.waiting.indexOf(live) + 1 : 0;
    return {
      ...toDto(row),
      status,
      queuePosition: status === 'queued' && position > 0 ? position : null,
      bytesProcessed:
        status === 'completed'
          ? Number(row.upload_bytes)
          : status === 'queued'
            ? 0
            : live
              ? live.bytesRead
              : null,
    };
  }
}

const STOPPED =
  'The server stopped during the import. Upload the file again: plays already imported are recognised.';

/** TypeORM answers an UPDATE … RETURNING with [rows, count] on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}

function toDto(row: JobRow): Omit<HistoryImportDto, 'queuePosition' | 'bytesProcessed'> {
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
