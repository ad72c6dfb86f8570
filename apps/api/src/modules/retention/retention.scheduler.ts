import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { RetentionService } from './retention.service';

/**
 * Every hour, on processes that run background work (SOUNDLINK_ROLE all or worker): the retention job
 * (RetentionService). Several processes may run it at once; they share the rows (SKIP LOCKED).
 */
@Injectable()
export class RetentionScheduler {
  private readonly logger = new Logger(RetentionScheduler.name);
  private running = false;

  constructor(
    private readonly retention: RetentionService,
    private readonly config: AppConfig,
  ) {}

  @Interval('retention', 3_600_000)
  async run(): Promise<void> {
    if (this.running || this.config.SOUNDLINK_ROLE === 'api') return;
    this.running = true;
    try {
      await this.retention.run();
    } catch (error) {
      this.logger.warn(`Retention run failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
