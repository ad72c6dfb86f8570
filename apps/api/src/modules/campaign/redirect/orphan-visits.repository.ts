import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

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
}
