import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** One advisory lock serialises every writer of the rollups (job ticks on every process, rebuilds). */
const ROLLUP_LOCK = "hashtext('soundlink.analytics.rollups')";

/** Both grains of every rollup: the UTC hour and the UTC day. */
export const GRAINS = `(VALUES ('h', 'hour'), ('d', 'day')) AS g(grain, unit)`;
/** A credit (a fraction of a play) in integer millionths, as the rollups sum it. */
export const MICROS = (column: string) => `round(${column}::numeric * 1000000)::bigint`;

/**
 * What every rollup writer shares: the rollup lock, the rebuilds' untimed transactions, the queues' backlog and
 * the tables' sizes. The click and play rollups have repositories of their own
 * (analytics-click-rollups.repository.ts, analytics-play-rollups.repository.ts).
 */
@Injectable()
export class AnalyticsRollupsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Takes the rollup lock until `manager`'s transaction ends, if no other transaction holds it. */
  async tryLock(manager: EntityManager): Promise<boolean> {
    const [row] = (await manager.query(
      `SELECT pg_try_advisory_xact_lock(${ROLLUP_LOCK}) AS locked`,
    )) as Array<{
      locked: boolean;
    }>;
    return row?.locked === true;
  }

  /** Waits for the rollup lock and holds it until `manager`'s transaction ends. */
  async lock(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(${ROLLUP_LOCK})`);
  }

  /**
   * A rebuild reads whole tables: it is maintenance, not a request, so the pool's statement timeout
   * (DATABASE_STATEMENT_TIMEOUT_MS) does not apply to its transaction.
   */
  async untimed(manager: EntityManager): Promise<void> {
    await manager.query('SET LOCAL statement_timeout = 0');
  }

  /** Campaigns among these ids that still exist (queued changes of deleted campaigns are dropped). */
  async existingCampaigns(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = (await manager.query('SELECT id FROM campaigns WHERE id = ANY($1::uuid[])', [
      [...new Set(ids)],
    ])) as Array<{ id: string }>;
    return new Set(rows.map((r) => r.id));
  }

  /** Changes waiting in the queues, in clicks and attribution changes. */
  async backlog(): Promise<{ clicks: number; attributions: number }> {
    const [row] = (await this.dataSource.query(
      `SELECT (SELECT coalesce(sum(abs(clicks)), 0) FROM analytics_click_queue)::int AS clicks,
              (SELECT count(*) FROM analytics_attribution_queue)::int AS attributions`,
    )) as Array<{ clicks: number; attributions: number }>;
    return row ?? { clicks: 0, attributions: 0 };
  }

  /** Rows in each rollup table (what `npm run analytics:rebuild` reports). */
  async rowCounts(): Promise<Record<string, number>> {
    const [counts] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM analytics_click_rollups)::int AS clicks,
              (SELECT count(*) FROM analytics_play_rollups)::int AS plays,
              (SELECT count(*) FROM analytics_track_rollups)::int AS tracks,
              (SELECT count(*) FROM analytics_connects)::int AS connects,
              (SELECT count(*) FROM analytics_listener_firsts)::int AS listeners`,
    )) as Array<Record<string, number>>;
    return counts ?? {};
  }
}
