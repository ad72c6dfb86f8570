import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config';

/** Every hour: orphan-visit counts older than ORPHAN_VISITS_RETENTION_DAYS are deleted. */
@Injectable()
export class OrphanVisitsScheduler {
  private readonly logger = new Logger(OrphanVisitsScheduler.name);
  private running = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  @Interval('orphan-visits-prune', 3_600_000)
  async prune(): Promise<number> {
    if (this.running || this.config.SOUNDLINK_ROLE === 'api') return 0;
    this.running = true;
    try {
      const [, deleted] = (await this.dataSource.query(
        `DELETE FROM orphan_visit_counts WHERE hour < now() - make_interval(days => $1)`,
        [this.config.ORPHAN_VISITS_RETENTION_DAYS],
      )) as [unknown, number];
      if (deleted > 0) this.logger.log(`Pruned ${deleted} orphan-visit counts`);
      return deleted;
    } catch (error) {
      this.logger.warn(`Orphan-visit prune failed: ${String(error)}`);
      return 0;
    } finally {
      this.running = false;
    }
  }
}
