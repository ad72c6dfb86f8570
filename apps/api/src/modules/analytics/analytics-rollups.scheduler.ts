import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AnalyticsRollups } from './analytics-rollups.service';

/** How often every process applies the queued changes to the rollups (the advisory lock makes one do it). */
export const ROLLUP_INTERVAL_MS = 1_000;

@Injectable()
export class AnalyticsRollupScheduler implements BeforeApplicationShutdown {
  private readonly logger = new Logger('AnalyticsRollups');
  private running?: Promise<unknown>;
  private stopped = false;
  private failures = 0;

  constructor(private readonly rollups: AnalyticsRollups) {}

  @Interval('analytics-rollups', ROLLUP_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = this.rollups.processPending();
    try {
      await this.running;
      if (this.failures > 0) this.logger.log(`Rollups caught up after ${this.failures} failed run(s).`);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 60 === 0) {
        this.logger.warn(`Applying queued changes to the rollups failed (retried): ${String(error)}`);
      }
    } finally {
      this.running = undefined;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }
}
