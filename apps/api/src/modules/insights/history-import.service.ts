import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import type { HistoryImportDto } from './dto/history-import.dto';
import type { HistoryImportStatus } from './history-import.entity';
import { HistoryImportRepository, JobRow } from './history-import.repository';
import {
  historyImportInProgress,
  historyImportNotFound,
  historyImportQueueFull,
  historyInvalid,
  historyTooLarge,
  historyUnsupportedType,
} from './insights.errors';
import type { HistoryPlay, HistoryTrack } from './streaming-history-entry';
import { EventPartitions } from '../../database/partitions/event-partitions.service';
import { HistoryInvalidError, HistoryTooLargeError } from './streaming-history.errors';
import { HistoryReadResult, StreamingHistoryReader } from './streaming-history.reader';
import { READ_SLICE, spoolHistoryUpload } from './spool-history-upload';

/** Plays written per transaction (one multi-row INSERT each): the most plays an import holds in memory. */
export const IMPORT_BATCH = 1_000;
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
    private readonly repository: HistoryImportRepository,
    private readonly config: AppConfig,
    private readonly partitions: EventPartitions,
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
    const pending = await this.repository.pendingIds(uploads);
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

      const job = await this.repository.create(listenerId, result);
      if (job.status === 'completed') return this.toDto(job);
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
    const row = await this.repository.find(listenerId, id);
    if (!row) throw historyImportNotFound();
    return this.toDto(await this.settleIfStale(row));
  }

  async listImports(listenerId: string): Promise<HistoryImportDto[]> {
    const rows = await this.repository.list(listenerId);
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

  /** Receives the upload into the spool file, validated and counted as it streams in (history-upload.ts). */
  private receive(upload: HistoryUpload, fileName: string, path: string): Promise<HistoryReadResult> {
    const reader = new StreamingHistoryReader({
      fileName,
      maxBytes: this.config.IMPORT_MAX_BYTES,
      maxUnzippedBytes: this.config.IMPORT_MAX_UNZIPPED_BYTES,
    });
    return spoolHistoryUpload(upload.body, reader, path, (error) => this.toDomainError(error));
  }

  private toDomainError(error: unknown): unknown {
    if (error instanceof HistoryTooLargeError) return historyTooLarge(error.limitBytes, error.what);
    if (error instanceof HistoryInvalidError) return historyInvalid(error);
    return error;
  }

  /**
   * Writes a job's plays: the spooled upload is read again and cut into batches of IMPORT_BATCH, each written
   * before more of the file is read (so no more than one batch, plus what one slice of the file unpacks to,
   * is held). One transaction per batch (HistoryImportRepository.writeBatch): the job row locked first (an erase deletes it before the plays, so
   * a batch either lands before the erase or finds the job gone and stops), the batch's tracks upserted
   * (names only; richer rows from Spotify are kept), then one multi-row INSERT of the plays, then the job's
   * counts.
   */
  private async run(job: LiveJob): Promise<void> {
    // The job was erased (or settled) while it waited.
    if (!(await this.repository.start(job.id))) return;

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
    // Years of history: the plays' months and years get their partitions first (not DEFAULT).
    await this.partitions.ensureCovering(
      'plays',
      batch.map((b) => new Date(b.play.startMs)),
      new Date(),
    );
    return this.repository.writeBatch(
      job.id,
      job.listenerId,
      [...tracks.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
      batch.map((b) => b.play),
    );
  }

  private async finish(jobId: string, status: HistoryImportStatus, error: string | null): Promise<void> {
    await this.repository.finish(jobId, status, error);
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
    for (const row of await this.repository.pendingOf(listenerId)) {
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
