import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';
import type { SourceKind, SourceStatus } from './listening-source.entity';

/** A source row as the poller and the listener's page read it. */
export interface SourceRow {
  id: string;
  listener_id: string;
  kind: SourceKind;
  account_name: string;
  credential_enc: string | null;
  status: SourceStatus;
  cursor_ms: string | null;
  error_count: number;
  last_error: string | null;
  last_polled_at: Date | null;
  connected_at: Date;
  /** The listener's latest click (campaign's clicks): inside a 28-day window, polled often. */
  last_click_at: Date | null;
}

const COLUMNS = `s.id, s.listener_id, s.kind, s.account_name, s.credential_enc, s.status, s.cursor_ms, s.error_count,
  s.last_error, s.last_polled_at, s.connected_at,
  (SELECT max(k.clicked_at) FROM clicks k WHERE k.listener_id = s.listener_id) AS last_click_at`;

/** listening_sources: connects, the listener's page, leases and the poll's bookkeeping. */
@Injectable()
export class ListeningSourcesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The sources at a glance, per kind (the admin's polling page): connected accounts by status, the active ones
   * due and not leased, those failing, the newest read.
   */
  async summaryByKind(): Promise<
    Array<{
      kind: SourceKind;
      active: number;
      needs_reconnect: number;
      disconnected: number;
      due: number;
      failing: number;
      last_polled_at: Date | null;
    }>
  > {
    return this.dataSource.query(
      `SELECT kind,
              count(*) FILTER (WHERE status = 'active')::int AS active,
              count(*) FILTER (WHERE status = 'needs_reconnect')::int AS needs_reconnect,
              count(*) FILTER (WHERE status = 'disconnected')::int AS disconnected,
              count(*) FILTER (WHERE status = 'active' AND next_poll_at <= now()
                                 AND (lease_until IS NULL OR lease_until < now()))::int AS due,
              count(*) FILTER (WHERE status = 'active' AND error_count > 0)::int AS failing,
              max(last_polled_at) AS last_polled_at
         FROM listening_sources GROUP BY kind ORDER BY kind`,
    );
  }

  /** Seconds since the oldest due active account of each kind was due (metrics); kinds with none due are absent. */
  async lagByKind(): Promise<Array<{ kind: SourceKind; lag_s: number }>> {
    return this.dataSource.query(
      `SELECT kind, extract(epoch FROM now() - min(next_poll_at))::float8 AS lag_s
         FROM listening_sources WHERE status = 'active' AND next_poll_at <= now() GROUP BY kind`,
    );
  }

  /**
   * The account as it was before a connect (locked for the connect's transaction), if any: the listener it
   * follows, its status and when it was last read (its poll history: a refused credential's poll sets it too).
   */
  async previous(
    manager: EntityManager,
    kind: SourceKind,
    accountName: string,
  ): Promise<{ listenerId: string; status: SourceStatus; lastReadAt: Date } | undefined> {
    const [row] = (await manager.query(
      `SELECT listener_id, status, COALESCE(last_polled_at, connected_at) AS last_read_at
         FROM listening_sources WHERE kind = $1 AND account_name = $2 FOR UPDATE`,
      [kind, accountName],
    )) as Array<{ listener_id: string; status: SourceStatus; last_read_at: Date }>;
    return row && { listenerId: row.listener_id, status: row.status, lastReadAt: new Date(row.last_read_at) };
  }

  /** Whether the listener has an active source, other than `except`, connected at or before `since`. */
  async activeSince(
    manager: EntityManager,
    listenerId: string,
    since: Date,
    except?: SourceKind,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM listening_sources
        WHERE listener_id = $1 AND status = 'active' AND connected_at <= $2 AND ($3::text IS NULL OR kind <> $3)
        LIMIT 1`,
      [listenerId, since, except ?? null],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Stores a connected account for `listenerId` (active, new credential, due at `nextPollAt`). */
  async upsertConnected(
    manager: EntityManager,
    source: {
      listenerId: string;
      kind: SourceKind;
      accountName: string;
      credentialEnc: string;
      cursorMs: number;
      nextPollAt: Date;
      /** Read on from the stored cursor (a refused credential renewed), rather than from `cursorMs`. */
      resume: boolean;
    },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO listening_sources (listener_id, kind, account_name, credential_enc, status, cursor_ms, next_poll_at,
                                      error_count, connected_at)
       VALUES ($1, $2, $3, $4, 'active', $5, $6, 0, now())
       ON CONFLICT (kind, account_name) DO UPDATE SET
         listener_id = EXCLUDED.listener_id, credential_enc = EXCLUDED.credential_enc, status = 'active',
         cursor_ms = CASE WHEN $7 THEN COALESCE(listening_sources.cursor_ms, EXCLUDED.cursor_ms) ELSE EXCLUDED.cursor_ms END,
         next_poll_at = EXCLUDED.next_poll_at, error_count = 0, last_error = NULL, connected_at = now()`,
      [
        source.listenerId,
        source.kind,
        source.accountName,
        source.credentialEnc,
        source.cursorMs,
        source.nextPollAt,
        source.resume,
      ],
    );
  }

  async ofListener(listenerId: string): Promise<SourceRow[]> {
    return (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM listening_sources s WHERE s.listener_id = $1 ORDER BY s.connected_at`,
      [listenerId],
    )) as SourceRow[];
  }

  /** Credential deleted, polling stopped. True when the listener had this source. */
  async disconnect(listenerId: string, kind: SourceKind): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await this.dataSource.query(
        `UPDATE listening_sources SET status = 'disconnected', credential_enc = NULL, next_poll_at = NULL,
                lease_owner = NULL, lease_until = NULL
          WHERE listener_id = $1 AND kind = $2 RETURNING id`,
        [listenerId, kind],
      ),
    );
    return rows.length > 0;
  }

  /** The erasure: every source of the listener, credentials included. */
  async deleteOfListener(manager: EntityManager, listenerId: string): Promise<void> {
    await manager.query('DELETE FROM listening_sources WHERE listener_id = $1', [listenerId]);
  }

  /** The listener's export: everything but the credential. */
  async exportOfListener(listenerId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.dataSource.query(
      `SELECT kind, account_name AS "accountName", status, connected_at AS "connectedAt",
              last_polled_at AS "lastPolledAt", last_error AS "lastError"
         FROM listening_sources WHERE listener_id = $1 ORDER BY connected_at`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
  }

  /** Claims up to `limit` due active sources of `kind` (FOR UPDATE SKIP LOCKED), oldest due first. */
  async claimDue(owner: string, limit: number, leaseS: number, kind: SourceKind): Promise<SourceRow[]> {
    const result: unknown = await this.dataSource.query(
      `UPDATE listening_sources s SET lease_owner = $1, lease_until = now() + make_interval(secs => $2)
         FROM (SELECT id FROM listening_sources
                WHERE status = 'active' AND kind = $4 AND next_poll_at <= now()
                  AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_poll_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
        WHERE s.id = due.id
      RETURNING ${COLUMNS}`,
      [owner, leaseS, limit, kind],
    );
    return updatedRows<SourceRow>(result);
  }

  /** Claims the listener's active sources whatever their schedule ("sync now", tests). */
  async claimOfListener(
    listenerId: string,
    owner: string,
    leaseS: number,
    kind?: SourceKind,
  ): Promise<SourceRow[]> {
    const result: unknown = await this.dataSource.query(
      `UPDATE listening_sources s SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
        WHERE s.listener_id = $1 AND s.status = 'active' AND ($4::text IS NULL OR s.kind = $4)
          AND (s.lease_until IS NULL OR s.lease_until < now())
      RETURNING ${COLUMNS}`,
      [listenerId, owner, leaseS, kind ?? null],
    );
    return updatedRows<SourceRow>(result);
  }

  /**
   * In the poll's transaction: the cursor advanced, the poll recorded, the next one scheduled, the lease
   * released. False when the source stopped being active meanwhile (disconnected): nothing is stored then.
   */
  async recordPoll(
    manager: EntityManager,
    id: string,
    owner: string,
    cursorMs: number | null,
    nextPollInMs: number,
  ): Promise<boolean> {
    const rows = updatedRows<{ id: string }>(
      await manager.query(
        `UPDATE listening_sources
            SET cursor_ms = GREATEST(COALESCE(cursor_ms, 0), COALESCE($3::bigint, 0)), last_polled_at = now(),
                error_count = 0, last_error = NULL,
                next_poll_at = now() + make_interval(secs => $4 / 1000.0),
                lease_owner = NULL, lease_until = NULL
          WHERE id = $1 AND status = 'active' AND (lease_owner IS NULL OR lease_owner = $2)
      RETURNING id`,
        [id, owner, cursorMs, nextPollInMs],
      ),
    );
    return rows.length > 0;
  }

  /** After a failed poll: next try in `delayMs`, the lease released; `countError` adds to error_count. */
  async reschedule(
    id: string,
    owner: string,
    delayMs: number,
    countError: boolean,
    lastError: string,
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE listening_sources
          SET next_poll_at = now() + make_interval(secs => $3 / 1000.0), error_count = error_count + $4,
              last_error = $5, lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND lease_owner = $2`,
      [id, owner, delayMs, countError ? 1 : 0, lastError.slice(0, 300)],
    );
  }

  /** The service refused the credential: no more polls until the listener connects again. */
  async needsReconnect(id: string, lastError: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE listening_sources
          SET status = 'needs_reconnect', next_poll_at = NULL, last_error = $2, last_polled_at = now(),
              lease_owner = NULL, lease_until = NULL
        WHERE id = $1 AND status = 'active'`,
      [id, lastError.slice(0, 300)],
    );
  }
}
