import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { TrendsRepository } from './trends.repository';

/**
 * Every few seconds: the plays queued by the triggers on `plays` are folded into the counts (one process at
 * a time: `trends_fold` takes an advisory lock). Every hour: private presence rows older than any window that
 * matters are deleted (docs/trends.md).
 */
@Injectable()
export class TrendsScheduler {
  private readonly logger = new Logger(TrendsScheduler.name);
  private running = false;
  private folding = false;

  constructor(
    private readonly repository: TrendsRepository,
    private readonly config: AppConfig,
  ) {}

  @Interval('trends-fold', 2_000)
  async fold(): Promise<void> {
    if (this.folding || this.config.SOUNDLINK_ROLE === 'api') return;
    this.folding = true;
    try {
      await this.repository.fold();
    } catch (error) {
      this.logger.warn(`Trends fold failed: ${String(error)}`);
    } finally {
      this.folding = false;
    }
  }

  @Interval('trends-prune', 3_600_000)
  async prune(): Promise<void> {
    if (this.running || this.config.SOUNDLINK_ROLE === 'api') return;
    this.running = true;
    try {
      const { presence, windows } = await this.repository.prune();
      if (presence + windows > 0) {
        this.logger.log(`Pruned ${presence} presence rows and ${windows} window rows`);
      }
    } catch (error) {
      this.logger.warn(`Trends prune failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
