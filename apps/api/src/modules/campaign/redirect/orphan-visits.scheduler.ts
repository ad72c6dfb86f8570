import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppConfig } from '../../../config/app-config';
import { OrphanVisitsRepository } from './orphan-visits.repository';

/** Every hour: orphan-visit counts older than ORPHAN_VISITS_RETENTION_DAYS are deleted. */
@Injectable()
export class OrphanVisitsScheduler {
  private readonly logger = new Logger(OrphanVisitsScheduler.name);
  private running = false;

  constructor(
    private readonly orphanVisits: OrphanVisitsRepository,
    private readonly config: AppConfig,
  ) {}

  @Interval('orphan-visits-prune', 3_600_000)
  async prune(): Promise<number> {
    if (this.running || this.config.SOUNDLINK_ROLE === 'api') return 0;
    this.running = true;
    try {
      const deleted = await this.orphanVisits.deleteOlderThan(this.config.ORPHAN_VISITS_RETENTION_DAYS);
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
