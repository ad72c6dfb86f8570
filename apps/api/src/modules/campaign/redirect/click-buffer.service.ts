import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppConfig } from '../../../config/app-config';
import { LiveEvents } from '../../analytics/live-events.service';
import { MetricsService } from '../../metrics/metrics.service';
import { ClickRow, ClicksRepository } from '../clicks.repository';
import { ClickBufferMetrics, clickBufferMetrics } from './click-buffer-metrics';
import { ClickJournal } from './click-journal';
import { OrphanCount, OrphanVisitsRepository } from './orphan-visits.repository';

/** A visit to /l/{path} that led nowhere (unknown, disabled, expired link or archived campaign). */
export interface OrphanVisit {
  /** The slug or path as asked, at most ORPHAN_PATH_MAX characters. */
  path: string;
  reason: string;
  visitedAt: number;
  isBot: boolean;
}

export const FLUSH_INTERVAL_MS = 100;
export const BATCH_SIZE = 1_000;
/** Longest path kept for an orphan visit: a slug is at most 64 characters; anything longer is junk. */
export const ORPHAN_PATH_MAX = 100;
const MAX_BACKOFF_MS = 5_000;
const HOUR_MS = 3_600_000;

/**
 * What a waiting click costs in memory, about: the row object, its Date and its ids (~400 bytes measured with
 * V8's heap snapshots for a click without optional values) plus the request's own values.
 */
function clickBytes(row: ClickRow): number {
  return (
    400 +
    (row.userAgent?.length ?? 0) +
    (row.referrer?.length ?? 0) +
    (row.utmSource?.length ?? 0) +
    (row.utmMedium?.length ?? 0) +
    (row.utmCampaign?.length ?? 0) +
    (row.utmContent?.length ?? 0) +
    (row.utmTerm?.length ?? 0)
  );
}

const orphanBytes = (count: OrphanCount) => 200 + count.path.length;

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation): the row, not the connection, is wrong. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * Clicks wait here for at most ~100 ms and are written with one multi-row INSERT per batch, so the
 * redirect never waits for the database. While the database is unreachable the batch is kept and
 * retried with backoff; the buffer is flushed on shutdown. Writes are idempotent (click ids are made
 * here), so a retry after a commit whose answer was lost stores nothing twice.
 *
 * Crash safety (docs/campaigns.md): with a data directory, every click is also appended to the click journal
 * before its 302 is sent — the redirect hands its answer to `answer()`, which sends the 302s of one event-loop
 * turn right after that turn's single journal write. A process killed with clicks in memory leaves them in the
 * journal; the next start replays them.
 *
 * Bounded by bytes (CLICK_BUFFER_MAX_BYTES, estimated per row): past it, new clicks and new orphan-visit paths
 * are refused, counted in soundlink_clicks_dropped_total and logged every 10 s; the redirect still answers.
 * Orphan visits are kept as counts per path, reason and hour, not as rows.
 */
@Injectable()
export class ClickBuffer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClickBuffer.name);
  private clicks: ClickRow[] = [];
  private orphans = new Map<string, OrphanCount>();
  private bytes = 0;
  private readonly maxBytes: number;
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;
  private retryAt = 0;
  private lastOverflowLog = 0;
  /** How many clicks at the front of the queue an earlier, failed attempt may have stored after all. */
  private maybeStored = 0;

  private journal?: ClickJournal;
  /** Clicks queued since the last journal write, and the 302s waiting for it: [response, headers, …]. */
  private unjournaled: ClickRow[] = [];
  private held: Array<ServerResponse | string[]> = [];
  private journalScheduled = false;
  private lastJournalErrorLog = 0;

  private readonly metrics: ClickBufferMetrics;

  constructor(
    private readonly clickRows: ClicksRepository,
    private readonly orphanVisits: OrphanVisitsRepository,
    metrics: MetricsService,
    config: AppConfig,
    @Optional() private readonly live?: LiveEvents,
  ) {
    this.maxBytes = config.CLICK_BUFFER_MAX_BYTES;
    if (config.DATA_DIR !== ':memory:') this.journal = new ClickJournal(config.DATA_DIR);
    this.metrics = clickBufferMetrics(
      metrics.registry,
      () => this.size,
      () => this.bytes,
      this.maxBytes,
    );
  }

  onModuleInit(): void {
    if (this.journal) {
      try {
        const rows = this.journal.open();
        if (rows.length > 0) {
          // In front, flagged as possibly stored: the batch skips the ones that are.
          this.clicks = rows.concat(this.clicks);
          this.maybeStored += rows.length;
          for (const row of rows) this.bytes += clickBytes(row);
          this.metrics.replayed.inc(rows.length);
          this.logger.warn(
            `Replaying ${rows.length} clicks from the journal of a process that stopped without writing them.`,
          );
        }
      } catch (error) {
        this.journal = undefined;
        this.logger.error(
          `The click journal cannot be used (${String(error)}): clicks are kept in memory only until written.`,
        );
      }
    }
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before the database closes (TypeORM closes in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.writeJournal();
    await this.drain(10_000);
    this.journal?.close(this.clicks.length === 0);
  }

  get size(): number {
    return this.clicks.length + this.orphans.size;
  }

  /** Queues a click; false when the buffer is full (the click is counted as dropped and logged). */
  push(click: ClickRow): boolean {
    const bytes = clickBytes(click);
    if (!this.hasRoom(bytes)) return false;
    this.bytes += bytes;
    this.clicks.push(click);
    if (this.journal) {
      this.unjournaled.push(click);
      if (!this.journalScheduled) {
        this.journalScheduled = true;
        setImmediate(this.writeJournal);
      }
    }
    if (this.clicks.length >= BATCH_SIZE) setImmediate(() => void this.flush());
    return true;
  }

  /**
   * Sends a 302 once the clicks queued so far are in the journal: at the end of this event-loop turn, after its
   * one journal write (at once without a journal, or when nothing is waiting for it).
   */
  answer(res: ServerResponse, headers: string[]): void {
    if (!this.journalScheduled) {
      res.writeHead(302, headers).end();
      return;
    }
    this.held.push(res, headers);
  }

  /** Counts a visit that led nowhere, in its path's count for the hour; false when the buffer is full. */
  pushOrphan(visit: OrphanVisit): boolean {
    const hour = visit.visitedAt - (visit.visitedAt % HOUR_MS);
    const key = `${hour} ${visit.reason} ${visit.path}`;
    let count = this.orphans.get(key);
    if (!count) {
      count = { path: visit.path, reason: visit.reason, hour, visits: 0, botVisits: 0 };
      const bytes = orphanBytes(count);
      if (!this.hasRoom(bytes)) return false;
      this.bytes += bytes;
      this.orphans.set(key, count);
    }
    count.visits += 1;
    if (visit.isBot) count.botVisits += 1;
    return true;
  }

  /** Writes everything waiting, retrying until done or until the deadline passes. */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    this.retryAt = 0;
    while (this.size > 0 && Date.now() < deadline) {
      await this.flush();
      if (this.size > 0)
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(200, Math.max(0, this.retryAt - Date.now()))),
        );
    }
    if (this.size > 0) {
      this.logger.error(
        `Shutdown with ${this.size} clicks not written: the database is unreachable.${this.journal ? ' They stay in the click journal and are written at the next start.' : ''}`,
      );
    }
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.size === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.writeBatches().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** The one write of an event-loop turn: its clicks into the journal, then the 302s that waited for it. */
  private readonly writeJournal = (): void => {
    this.journalScheduled = false;
    const rows = this.unjournaled;
    const held = this.held;
    if (rows.length > 0) {
      this.unjournaled = [];
      try {
        this.journal?.append(rows);
      } catch (error) {
        this.metrics.journalErrors.inc();
        const now = Date.now();
        if (now - this.lastJournalErrorLog > 10_000) {
          this.lastJournalErrorLog = now;
          this.logger.error(
            `Writing the click journal failed (${String(error)}): clicks stay in memory only.`,
          );
        }
      }
    }
    if (held.length > 0) {
      this.held = [];
      for (let i = 0; i < held.length; i += 2) {
        (held[i] as ServerResponse).writeHead(302, held[i + 1] as string[]).end();
      }
    }
  };

  private hasRoom(bytes: number): boolean {
    if (this.bytes + bytes <= this.maxBytes) return true;
    this.metrics.dropped.inc();
    const now = Date.now();
    if (now - this.lastOverflowLog > 10_000) {
      this.lastOverflowLog = now;
      this.logger.error(
        `Click buffer full (${this.maxBytes} bytes, CLICK_BUFFER_MAX_BYTES): new clicks are not recorded until the database is reachable again.`,
      );
    }
    return false;
  }

  private async writeBatches(): Promise<void> {
    // The journal's segments so far hold only clicks now in the queue (or already written): once the first
    // `waiting` of the queue are committed, they can go.
    let release = this.journal ? { seq: this.journal.rotate(), waiting: this.clicks.length } : undefined;
    const committed = (count: number) => {
      if (!release) return;
      release.waiting -= count;
      if (release.waiting > 0) return;
      this.journal?.release(release.seq);
      release = undefined;
    };
    committed(0);
    while (this.size > 0) {
      const clicks = this.clicks.splice(0, BATCH_SIZE);
      const orphans = this.takeOrphans();
      const maybeStored = this.maybeStored;
      const stop = this.metrics.flushSeconds.startTimer();
      let clicksStored = clicks.length === 0;
      try {
        if (clicks.length > 0) {
          await this.clickRows.insertBatch(clicks, maybeStored > 0);
          clicksStored = true;
          this.maybeStored = Math.max(0, maybeStored - clicks.length);
          this.forget(clicks);
          committed(clicks.length);
          this.publish(clicks);
        }
        if (orphans.length > 0) {
          await this.orphanVisits.addCounts(orphans);
          for (const count of orphans) this.bytes -= orphanBytes(count);
        }
        stop();
        this.metrics.written.inc({ kind: 'click' }, clicks.length);
        this.metrics.written.inc({ kind: 'orphan' }, orphans.length);
        if (this.failures > 0)
          this.logger.log(`Click writes recovered after ${this.failures} failed attempt(s).`);
        this.failures = 0;
      } catch (error) {
        if (isDataError(error)) {
          // A row the database refuses (not an outage): write the rest one by one, log and drop the bad ones.
          await this.writeOneByOne(clicksStored ? [] : clicks, orphans);
          if (!clicksStored) {
            this.maybeStored = Math.max(0, maybeStored - clicks.length);
            this.forget(clicks);
            committed(clicks.length);
          }
          for (const count of orphans) this.bytes -= orphanBytes(count);
          continue;
        }
        // Put the batch back in front, in order, and retry later. It may have been stored (a commit whose
        // answer was lost): the retry skips rows that exist.
        if (!clicksStored) {
          this.clicks = clicks.concat(this.clicks);
          this.maybeStored = Math.max(maybeStored, clicks.length);
        }
        this.putBackOrphans(orphans);
        this.failures += 1;
        this.metrics.flushErrors.inc();
        this.retryAt =
          Date.now() + Math.min(MAX_BACKOFF_MS, FLUSH_INTERVAL_MS * 2 ** Math.min(this.failures, 6));
        if (this.failures === 1 || this.failures % 20 === 0) {
          this.logger.warn(
            `Writing clicks failed (${String(error)}); ${this.size} kept in memory, retrying.`,
          );
        }
        return;
      }
    }
  }

  private forget(clicks: readonly ClickRow[]): void {
    for (const row of clicks) this.bytes -= clickBytes(row);
  }

  private takeOrphans(): OrphanCount[] {
    if (this.orphans.size === 0) return [];
    const counts = [...this.orphans.values()];
    this.orphans = new Map();
    return counts;
  }

  /** A failed write's counts go back, merged with what came in meanwhile (their bytes are still counted). */
  private putBackOrphans(counts: readonly OrphanCount[]): void {
    for (const count of counts) {
      const key = `${count.hour} ${count.reason} ${count.path}`;
      const newer = this.orphans.get(key);
      if (newer) {
        newer.visits += count.visits;
        newer.botVisits += count.botVisits;
        this.bytes -= orphanBytes(count);
      } else {
        this.orphans.set(key, count);
      }
    }
  }

  /** Live dashboards (analytics' SSE stream) hear of stored clicks at once. */
  private publish(rows: ClickRow[]): void {
    if (!this.live) return;
    for (const row of rows) {
      if (!this.live.isHeard(row.campaignId)) continue;
      this.live.publish(row.campaignId, {
        type: 'click',
        clickId: row.id,
        linkId: row.linkId,
        at: row.clickedAt.toISOString(),
        utmSource: row.utmSource,
        bot: row.isBot || row.isHead,
      });
    }
  }

  private async writeOneByOne(clicks: ClickRow[], orphans: OrphanCount[]): Promise<void> {
    const attempts: Array<[() => Promise<void>, string]> = [
      ...clicks.map(
        (row) =>
          [() => this.clickRows.insertBatch([row], true), `click ${row.id}`] as [() => Promise<void>, string],
      ),
      ...orphans.map(
        (count) =>
          [() => this.orphanVisits.addCounts([count]), `orphan visits of ${JSON.stringify(count.path)}`] as [
            () => Promise<void>,
            string,
          ],
      ),
    ];
    for (const [attempt, what] of attempts) {
      try {
        await attempt();
      } catch (error) {
        this.metrics.rejected.inc();
        this.logger.error(`The database refused ${what}: ${String(error)}. It is dropped.`);
      }
    }
  }
}
