import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { LiveEvents } from '../../analytics/live-events';
import { MetricsService } from '../../metrics/metrics.service';
import { pgColumn } from '../../../database/pg-array';

export interface ClickRow {
  id: string;
  linkId: string;
  campaignId: string;
  clickedAt: Date;
  visitorId: string;
  ipHash: string;
  userAgent: string | null;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  utmContent: string | null;
  utmTerm: string | null;
  isBot: boolean;
  isHead: boolean;
  /** Known at click time when the browser carries a valid listener cookie. */
  listenerId: string | null;
}

export interface OrphanRow {
  id: string;
  slug: string;
  reason: string;
  linkId: string | null;
  visitedAt: Date;
  ipHash: string;
  userAgent: string | null;
  referrer: string | null;
  isBot: boolean;
}

export const FLUSH_INTERVAL_MS = 100;
export const BATCH_SIZE = 1_000;
/** Overflow policy: past this many waiting clicks (the database has been down a long time), new ones are refused, counted and logged. */
export const MAX_BUFFERED = 1_000_000;
const MAX_BACKOFF_MS = 5_000;

/** SQLSTATE classes 22 (data exception) and 23 (integrity violation): the row, not the connection, is wrong. */
function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

const CLICK_COLUMNS = `id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, referrer,
  utm_source, utm_medium, utm_campaign, utm_content, utm_term, is_bot, is_head, listener_id`;

/**
 * Clicks wait here for at most ~100 ms and are written with one multi-row INSERT per batch, so the
 * redirect never waits for the database. While the database is unreachable the batch is kept and
 * retried with backoff; the buffer is flushed on shutdown. Writes are idempotent (click ids are made
 * here), so a retry after a commit whose answer was lost stores nothing twice.
 */
@Injectable()
export class ClickBuffer implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ClickBuffer.name);
  private clicks: ClickRow[] = [];
  private orphans: OrphanRow[] = [];
  private timer?: NodeJS.Timeout;
  private flushing?: Promise<void>;
  private failures = 0;
  private retryAt = 0;
  private lastOverflowLog = 0;
  /** How many clicks at the front of the queue an earlier, failed attempt may have stored after all. */
  private maybeStored = 0;

  private readonly buffered: Gauge;
  private readonly written: Counter;
  private readonly dropped: Counter;
  private readonly flushErrors: Counter;
  private readonly rejected: Counter;
  private readonly flushSeconds: Histogram;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    metrics: MetricsService,
    @Optional() private readonly live?: LiveEvents,
  ) {
    const registers = [metrics.registry];
    this.buffered = new Gauge({
      name: 'soundlink_click_buffer_size',
      help: 'Clicks and orphan visits waiting to be written.',
      registers,
      collect: () => this.buffered.set(this.clicks.length + this.orphans.length),
    });
    this.written = new Counter({
      name: 'soundlink_clicks_written_total',
      help: 'Click rows written.',
      labelNames: ['kind'],
      registers,
    });
    this.dropped = new Counter({
      name: 'soundlink_clicks_dropped_total',
      help: 'Clicks refused because the buffer was full (the database was unreachable for long).',
      registers,
    });
    this.rejected = new Counter({
      name: 'soundlink_clicks_rejected_total',
      help: 'Rows the database refused as invalid (logged and dropped; never seen in practice).',
      registers,
    });
    this.flushErrors = new Counter({
      name: 'soundlink_click_flush_errors_total',
      help: 'Failed batch writes (retried).',
      registers,
    });
    this.flushSeconds = new Histogram({
      name: 'soundlink_click_flush_duration_seconds',
      help: 'Time to write one batch.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
  }

  onModuleInit(): void {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  /** Before the database closes (TypeORM closes in onApplicationShutdown). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.drain(10_000);
  }

  get size(): number {
    return this.clicks.length + this.orphans.length;
  }

  /** Queues a click; false when the buffer is full (the click is counted as dropped and logged). */
  push(click: ClickRow): boolean {
    if (!this.hasRoom()) return false;
    this.clicks.push(click);
    if (this.clicks.length >= BATCH_SIZE) setImmediate(() => void this.flush());
    return true;
  }

  pushOrphan(visit: OrphanRow): boolean {
    if (!this.hasRoom()) return false;
    this.orphans.push(visit);
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
    if (this.size > 0)
      this.logger.error(`Shutdown with ${this.size} clicks not written: the database is unreachable.`);
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.size === 0 || Date.now() < this.retryAt) return Promise.resolve();
    this.flushing = this.writeBatches().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private hasRoom(): boolean {
    if (this.size < MAX_BUFFERED) return true;
    this.dropped.inc();
    const now = Date.now();
    if (now - this.lastOverflowLog > 10_000) {
      this.lastOverflowLog = now;
      this.logger.error(
        `Click buffer full (${MAX_BUFFERED}): new clicks are dropped until the database is reachable again.`,
      );
    }
    return false;
  }

  private async writeBatches(): Promise<void> {
    while (this.size > 0) {
      const clicks = this.clicks.splice(0, BATCH_SIZE);
      const orphans = this.orphans.splice(0, BATCH_SIZE);
      const maybeStored = this.maybeStored;
      const stop = this.flushSeconds.startTimer();
      try {
        if (clicks.length > 0) {
          await this.insertClicks(clicks, maybeStored > 0);
          this.maybeStored = Math.max(0, maybeStored - clicks.length);
          this.publish(clicks);
        }
        if (orphans.length > 0) await this.insertOrphans(orphans);
        stop();
        this.written.inc({ kind: 'click' }, clicks.length);
        this.written.inc({ kind: 'orphan' }, orphans.length);
        if (this.failures > 0)
          this.logger.log(`Click writes recovered after ${this.failures} failed attempt(s).`);
        this.failures = 0;
      } catch (error) {
        if (isDataError(error)) {
          // A row the database refuses (not an outage): write the rest one by one, log and drop the bad ones.
          await this.writeOneByOne(clicks, orphans);
          this.maybeStored = Math.max(0, maybeStored - clicks.length);
          continue;
        }
        // Put the batch back in front, in order, and retry later. It may have been stored (a commit whose
        // answer was lost): the retry skips rows that exist.
        this.clicks = clicks.concat(this.clicks);
        this.maybeStored = Math.max(maybeStored, clicks.length);
        this.orphans = orphans.concat(this.orphans);
        this.failures += 1;
        this.flushErrors.inc();
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

  private async writeOneByOne(clicks: ClickRow[], orphans: OrphanRow[]): Promise<void> {
    const attempts: Array<[() => Promise<void>, string]> = [
      ...clicks.map(
        (row) => [() => this.insertClicks([row], true), `click ${row.id}`] as [() => Promise<void>, string],
      ),
      ...orphans.map(
        (row) => [() => this.insertOrphans([row]), `orphan visit ${row.id}`] as [() => Promise<void>, string],
      ),
    ];
    for (const [attempt, what] of attempts) {
      try {
        await attempt();
      } catch (error) {
        this.rejected.inc();
        this.logger.error(`The database refused ${what}: ${String(error)}. It is dropped.`);
      }
    }
  }

  /**
   * One statement per batch: the campaign_visitors rows of first visits, then the clicks, flagged first visit
   * when their own id came back from that insert. One array literal per column (pgColumn; none for a column
   * with nothing in it): cheap to build here and to parse in PostgreSQL, in its own process. `mayExist` is for
   * batches an earlier attempt may have stored (its answer was lost): those rows are skipped; a first
   * attempt's ids are new, so it does without the conflict check.
   */
  private async insertClicks(rows: ClickRow[], mayExist: boolean): Promise<void> {
    const column = (value: (row: ClickRow) => string | boolean | null) => pgColumn(rows, value);
    await this.dataSource.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::uuid[], $6::varchar[],
                              $7::varchar[], $8::varchar[], $9::varchar[], $10::varchar[], $11::varchar[],
                              $12::varchar[], $13::varchar[], $14::boolean[], $15::boolean[], $16::uuid[])
           AS t(id, link_id, campaign_id, clicked_at, visitor_id, ip_hash, user_agent, referrer, utm_source,
                utm_medium, utm_campaign, utm_content, utm_term, is_bot, is_head, listener_id)
       ), first_visits AS (
         INSERT INTO campaign_visitors (campaign_id, visitor_id, first_click_id, first_seen_at)
         SELECT DISTINCT ON (campaign_id, visitor_id) campaign_id, visitor_id, id, clicked_at
           FROM input WHERE NOT is_bot AND NOT is_head
          ORDER BY campaign_id, visitor_id, clicked_at, id
         ON CONFLICT DO NOTHING
         RETURNING first_click_id
       )
       INSERT INTO clicks (${CLICK_COLUMNS}, is_first_visit)
       SELECT i.id, i.link_id, i.campaign_id, i.clicked_at, i.visitor_id, i.ip_hash, i.user_agent, i.referrer,
              i.utm_source, i.utm_medium, i.utm_campaign, i.utm_content, i.utm_term, i.is_bot, i.is_head,
              -- a listener cookie outliving its listener (erased from another browser) links the click to nobody
              CASE WHEN i.listener_id IS NOT NULL THEN (SELECT l.id FROM listeners l WHERE l.id = i.listener_id) END,
              -- a visitor already known to the campaign (an earlier batch, or an earlier try of this one) adds no row
              f.first_click_id IS NOT NULL
         FROM input i
         LEFT JOIN first_visits f ON f.first_click_id = i.id
       ${mayExist ? 'ON CONFLICT (id) DO NOTHING' : ''}`,
      [
        column((row) => row.id),
        column((row) => row.linkId),
        column((row) => row.campaignId),
        column((row) => row.clickedAt.toISOString()),
        column((row) => row.visitorId),
        column((row) => row.ipHash),
        column((row) => row.userAgent),
        column((row) => row.referrer),
        column((row) => row.utmSource),
        column((row) => row.utmMedium),
        column((row) => row.utmCampaign),
        column((row) => row.utmContent),
        column((row) => row.utmTerm),
        column((row) => row.isBot),
        column((row) => row.isHead),
        column((row) => row.listenerId),
      ],
    );
  }

  private async insertOrphans(rows: OrphanRow[]): Promise<void> {
    const column = (value: (row: OrphanRow) => string | boolean | null) => pgColumn(rows, value);
    await this.dataSource.query(
      `INSERT INTO orphan_visits (id, slug, reason, link_id, visited_at, ip_hash, user_agent, referrer, is_bot)
       SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::varchar[], $4::uuid[], $5::timestamptz[], $6::varchar[],
                            $7::varchar[], $8::varchar[], $9::boolean[])
       ON CONFLICT (id) DO NOTHING`,
      [
        column((row) => row.id),
        column((row) => row.slug),
        column((row) => row.reason),
        column((row) => row.linkId),
        column((row) => row.visitedAt.toISOString()),
        column((row) => row.ipHash),
        column((row) => row.userAgent),
        column((row) => row.referrer),
        column((row) => row.isBot),
      ],
    );
  }
}
