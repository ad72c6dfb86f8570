import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { ListenerStatus } from '../listener/listener.entity';
import {
  cursorAdvance,
  IngestAttributing,
  ingestRecentlyPlayed,
  newestPlayedAtMs,
  RECENTLY_PLAYED_MAX,
} from '../listener/play-ingest.repository';
import type { SpotifyRecentlyPlayedPage } from '../spotify/spotify.types';
import { updatedRows } from '../../database/updated-rows';
import { LONGEST_ATTRIBUTION_WINDOW_HOURS } from '../../config/retention-config';

/** A listener this process holds the lease of, with what a poll needs. */
export interface ClaimedListener {
  id: string;
  accessTokenEnc: string | null;
  refreshTokenEnc: string | null;
  tokenExpiresAt: Date | null;
  /** The `after` cursor: newest played_at seen, unix ms. */
  cursorMs: number | null;
  lastPlayAt: Date | null;
  /**
   * The listener's latest click in the longest attribution window (null: none): a listener who just clicked a
   * tracker link is about to listen, and one without a click there has no play a poll could attribute.
   */
  lastClickAt: Date | null;
  errorCount: number;
}

export interface StoreResult {
  /** false: the listener stopped being active during the poll (e.g. disconnected); nothing was stored. */
  stored: boolean;
  inserted: number;
  /** Of the plays stored, those attributed to some campaign in the same transaction. */
  attributed: number;
  /** The gap recorded, when the page was full and did not reach back to the cursor. */
  gap: { from: Date; to: Date } | null;
  lastPlayAt: Date | null;
}

interface ListenerRow {
  id: string;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
  cursor_ms: string | null;
  last_play_at: Date | null;
  last_click_at: Date | null;
  error_count: number;
}

/**
 * What a claim answers. The latest click is looked for between `$from` and `$to` (clickSpan: the longest
 * attribution window back, a day ahead), constants the plan prunes \`clicks\`'s month partitions by.
 */
const returning = (
  from: number,
  to: number,
) => `l.id, l.access_token_enc, l.refresh_token_enc, l.token_expires_at,
  l.cursor_ms, l.last_play_at, l.error_count,
  (SELECT max(k.clicked_at) FROM clicks k
    WHERE k.listener_id = l.id AND k.clicked_at BETWEEN $${from}::timestamptz AND $${to}::timestamptz) AS last_click_at`;

/** Clicks older than the longest attribution window can credit no play a poll stores now (nor schedule it). */
function clickSpan(): [Date, Date] {
  const now = Date.now();
  return [new Date(now - LONGEST_ATTRIBUTION_WINDOW_HOURS * 3_600_000), new Date(now + 24 * 3_600_000)];
}
/** PostgreSQL: deadlock detected / serialization failure. Both are safe to retry. */
const RETRYABLE = new Set(['40P01', '40001']);
const STORE_ATTEMPTS = 3;

const toClaimed = (row: ListenerRow): ClaimedListener => ({
  id: row.id,
  accessTokenEnc: row.access_token_enc,
  refreshTokenEnc: row.refresh_token_enc,
  tokenExpiresAt: row.token_expires_at,
  cursorMs: row.cursor_ms === null ? null : Number(row.cursor_ms),
  lastPlayAt: row.last_play_at,
  lastClickAt: row.last_click_at,
  errorCount: row.error_count,
});

/**
 * The poller's SQL: leases, scheduling, status changes and the transaction that stores a poll.
 * Every statement is short; none waits on the network (the embedded PGlite runs one query at a time, so a
 * transaction must never wait on anything but its own queries).
 */
@Injectable()
export class PollingRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims up to `limit` due listeners for `owner`: one statement (its own short transaction) that picks
   * active listeners with Spotify tokens (a Last.fm- or ListenBrainz-only listener has none) whose next_poll_at has passed and whose lease is free or expired, oldest due first,
   * skipping rows another process is claiming at the same moment (FOR UPDATE SKIP LOCKED).
   */
  async claimDue(owner: string, limit: number, leaseS: number): Promise<ClaimedListener[]> {
    const result: unknown = await this.dataSource.query(
      `UPDATE listeners l
          SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
         FROM (SELECT id FROM listeners
                WHERE status = 'active' AND next_poll_at <= now() AND refresh_token_enc IS NOT NULL
                  AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_poll_at
                LIMIT $3
                FOR UPDATE SKIP LOCKED) due
        WHERE l.id = due.id
      RETURNING ${returning(4, 5)}`,
      [owner, leaseS, limit, ...clickSpan()],
    );
    return updatedRows<ListenerRow>(result).map(toClaimed);
  }

  /** Claims one listener whatever its next_poll_at ("sync now"), if it is active and its lease is free. */
  async claimOne(id: string, owner: string, leaseS: number): Promise<ClaimedListener | null> {
    const result: unknown = await this.dataSource.query(
      `UPDATE listeners l
          SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
        WHERE l.id = $1 AND l.status = 'active' AND l.refresh_token_enc IS NOT NULL
          AND (l.lease_until IS NULL OR l.lease_until < now())
      RETURNING ${returning(4, 5)}`,
      [id, owner, leaseS, ...clickSpan()],
    );
    const rows = updatedRows<ListenerRow>(result);
    return rows[0] ? toClaimed(rows[0]) : null;
  }

  /** Status and lease of one listener (null: no such listener). */
  async stateOf(id: string): Promise<{ status: ListenerStatus; leased: boolean } | null> {
    const rows: Array<{ status: ListenerStatus; leased: boolean }> = await this.dataSource.query(
      `SELECT status, (lease_until IS NOT NULL AND lease_until >= now()) AS leased FROM listeners WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Stores one poll in ONE transaction: locks the listener (nothing is stored if it is no longer active),
   * inserts the plays idempotently, upserts their tracks and advances the cursor (ingestRecentlyPlayed),
   * attributes the new plays (`attribute`, the attribution module's, in this same transaction), records the
   * observation gap, resets the error count, sets next_poll_at and releases the lease (if this process still
   * holds it). Retried on a deadlock or serialization failure.
   */
  async store(
    listener: ClaimedListener,
    owner: string,
    page: SpotifyRecentlyPlayedPage,
    nextPollInMs: number,
    attribution?: IngestAttributing,
  ): Promise<StoreResult> {
    // Upserting tracks in one global order (by id) means two transactions never lock them crosswise.
    const items = [...page.items].sort((a, b) =>
      a.track.id < b.track.id ? -1 : a.track.id > b.track.id ? 1 : 0,
    );
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction((manager) =>
          this.storeIn(manager, listener, owner, { ...page, items }, nextPollInMs, attribution),
        );
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= STORE_ATTEMPTS || !code || !RETRYABLE.has(code)) throw error;
      }
    }
  }

  private async storeIn(
    manager: EntityManager,
    listener: ClaimedListener,
    owner: string,
    page: SpotifyRecentlyPlayedPage,
    nextPollInMs: number,
    attribution: IngestAttributing | undefined,
  ): Promise<StoreResult> {
    // The listener's row first, in one statement: it locks the row (every transaction storing this listener's
    // plays waits here for the one before), checks the listener is still active, records the poll and
    // advances the cursor to the page's newest play (so the ingest below writes the row no second time).
    const polled = updatedRows<{ id: string }>(
      await manager.query(
        `UPDATE listeners
            SET last_polled_at = now(), error_count = 0, last_error = NULL, updated_at = now(),
                ${cursorAdvance(4).join(',\n                ')},
                next_poll_at = CASE WHEN lease_owner = $2
                                    THEN now() + make_interval(secs => $3 / 1000.0) ELSE next_poll_at END,
                lease_until = CASE WHEN lease_owner = $2 THEN NULL ELSE lease_until END,
                lease_owner = CASE WHEN lease_owner = $2 THEN NULL ELSE lease_owner END
          WHERE id = $1 AND status = 'active'
      RETURNING id`,
        [listener.id, owner, nextPollInMs, newestPlayedAtMs(page.items)],
      ),
    );
    if (polled.length === 0) {
      return { stored: false, inserted: 0, attributed: 0, gap: null, lastPlayAt: listener.lastPlayAt };
    }
    let gap: StoreResult['gap'] = null;
    const full = page.items.length >= RECENTLY_PLAYED_MAX;
    if (full && listener.cursorMs !== null) {
      const oldest = Math.min(...page.items.map((item) => item.playedAtMs));
      if (oldest > listener.cursorMs) {
        gap = { from: new Date(listener.cursorMs), to: new Date(oldest) };
        await manager.query(
          `INSERT INTO observation_gaps (listener_id, gap_from, gap_to) VALUES ($1, $2, $3)`,
          [listener.id, gap.from, gap.to],
        );
      }
    }
    const result = await ingestRecentlyPlayed(manager, {
      listenerId: listener.id,
      page,
      source: 'poll',
      requestedLimit: RECENTLY_PLAYED_MAX,
      attribute: attribution?.attribute,
      writersLock: attribution?.writersLock,
      cursorAdvanced: true,
    });
    const newest = result.newestPlayedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
    const lastPlayAt = Math.max(listener.lastPlayAt?.getTime() ?? Number.NEGATIVE_INFINITY, newest);
    return {
      stored: true,
      inserted: result.inserted,
      attributed: result.attributed,
      gap,
      lastPlayAt: Number.isFinite(lastPlayAt) ? new Date(lastPlayAt) : null,
    };
  }

  /**
   * Releases the lease and sets the next poll after a failed poll. `countError` adds one to error_count
   * (failures of this listener; a global pause is not one) and keeps `lastError`.
   */
  async reschedule(
    id: string,
    owner: string,
    delayMs: number,
    failure: { countError: boolean; lastError: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE listeners
          SET next_poll_at = now() + make_interval(secs => $3 / 1000.0),
              error_count = error_count + $4, last_error = $5,
              lease_owner = NULL, lease_until = NULL, updated_at = now()
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, delayMs, failure.countError ? 1 : 0, failure.lastError.slice(0, 300)],
    );
  }

  /**
   * Moves an active listener to `status` (needs_reconnect, dev_mode_blocked): not polled any more until the
   * listener module makes it active again. True when this call changed it.
   */
  async changeStatus(id: string, status: ListenerStatus, lastError: string): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE listeners
            SET status = $2, last_error = $3, next_poll_at = NULL, lease_owner = NULL, lease_until = NULL,
                last_polled_at = now(), updated_at = now()
          WHERE id = $1 AND status = 'active'
      RETURNING id`,
        [id, status, lastError.slice(0, 300)],
      ),
    );
    return rows.length > 0;
  }

  /** Releases the leases `owner` holds on these listeners without polling them (shutdown). */
  async release(owner: string, ids: string[]): Promise<void> {
    await this.dataSource.query(
      `UPDATE listeners SET lease_owner = NULL, lease_until = NULL WHERE id = ANY($2::uuid[]) AND lease_owner = $1`,
      [owner, ids],
    );
  }

  /** Poll lag: how overdue the most overdue active listener is (due, not leased), and how many are due. */
  async lag(): Promise<{ lagMs: number; due: number; oldestDueAt: Date | null }> {
    const rows: Array<{ lag_ms: number | null; due: string; oldest: Date | null }> = await this.dataSource
      .query(`SELECT EXTRACT(EPOCH FROM (now() - min(next_poll_at))) * 1000 AS lag_ms, count(*) AS due,
                     min(next_poll_at) AS oldest
                FROM listeners
               WHERE status = 'active' AND next_poll_at <= now()
                 AND (lease_until IS NULL OR lease_until < now())`);
    const row = rows[0];
    return {
      lagMs: Math.max(0, Math.round(Number(row?.lag_ms ?? 0))),
      due: Number(row?.due ?? 0),
      oldestDueAt: row?.oldest ?? null,
    };
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows: Array<{ status: string; count: string }> = await this.dataSource.query(
      `SELECT status, count(*) AS count FROM listeners GROUP BY status`,
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Figures for the admin view that are not in lag() / countByStatus(). */
  async overview(): Promise<{
    leased: number;
    failing: number;
    gapsLast24h: number;
    listenersWithGaps: number;
  }> {
    const [listeners]: Array<{ leased: string; failing: string }> = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE lease_until >= now()) AS leased,
              count(*) FILTER (WHERE status = 'active' AND error_count > 0) AS failing
         FROM listeners`,
    );
    const [gaps]: Array<{ gaps: string; listeners: string }> = await this.dataSource.query(
      `SELECT count(*) AS gaps, count(DISTINCT listener_id) AS listeners
         FROM observation_gaps WHERE detected_at >= now() - interval '24 hours'`,
    );
    return {
      leased: Number(listeners?.leased ?? 0),
      failing: Number(listeners?.failing ?? 0),
      gapsLast24h: Number(gaps?.gaps ?? 0),
      listenersWithGaps: Number(gaps?.listeners ?? 0),
    };
  }
}
