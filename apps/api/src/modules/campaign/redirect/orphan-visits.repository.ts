import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pgColumn } from '../../../database/pg-array';

/** Visits of one path that led nowhere, for one reason, in one hour (hour: epoch ms of its start). */
export interface OrphanCount {
  path: string;
  reason: string;
  hour: number;
  visits: number;
  botVisits: number;
}

/** `orphan_visit_counts`: visits of unknown, disabled or expired links, counted per path, reason and hour. */
@Injectable()
export class OrphanVisitsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deletes the hourly counts older than `days`; answers how many rows went. */
  async deleteOlderThan(days: number): Promise<number> {
    const [, deleted] = (await this.dataSource.query(
      `DELETE FROM orphan_visit_counts WHERE hour < now() - make_interval(days => $1)`,
      [days],
    )) as [unknown, number];
    return deleted;
  }

  /**
   * Adds the counts to their path's row for the hour. Not idempotent: a retry after a commit whose answer was
   * lost counts that batch twice (an outage's rare edge, for a figure that is only ever shown approximately).
   */
  async addCounts(counts: OrphanCount[]): Promise<void> {
    const column = (value: (count: OrphanCount) => string) => pgColumn(counts, value);
    await this.dataSource.query(
      `INSERT INTO orphan_visit_counts (path, reason, hour, visits, bot_visits)
       SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::timestamptz[], $4::int[], $5::int[])
       ON CONFLICT (path, reason, hour) DO UPDATE
         SET visits = orphan_visit_counts.visits + EXCLUDED.visits,
             bot_visits = orphan_visit_counts.bot_visits + EXCLUDED.bot_visits`,
      [
        column((count) => count.path),
        column((count) => count.reason),
        column((count) => new Date(count.hour).toISOString()),
        column((count) => String(count.visits)),
        column((count) => String(count.botVisits)),
      ],
    );
  }
}
