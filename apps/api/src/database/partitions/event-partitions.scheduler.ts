import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { EventPartitions } from './event-partitions.service';
import { PartitionClock } from './partition-clock.service';

/** How often a process running background work checks the partitions (each run is a few catalog reads). */
export const PARTITION_CHECK_INTERVAL_MS = 6 * 3_600_000;

/**
 * Runs the partition job at start (every role, after the migrations: a fresh database, or one that was stopped
 * for months, has its current partitions before the first request) and every six hours on the processes that
 * run background work. A failure (a lock not granted within 2 s) is logged and retried at the next run: the
 * DEFAULT partition takes the rows meanwhile.
 */
@Injectable()
export class EventPartitionsScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger('EventPartitions');
  private running?: Promise<string[]>;

  constructor(
    private readonly partitions: EventPartitions,
    private readonly clock: PartitionClock,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
  }

  @Interval('event-partitions', PARTITION_CHECK_INTERVAL_MS)
  async tick(): Promise<void> {
    if (this.config.SOUNDLINK_ROLE === 'api') return;
    await this.run();
    // Autovacuum never analyzes a partitioned parent: its statistics are refreshed here, every six hours.
    await this.partitions.analyzeParents().catch((error: unknown) => {
      this.logger.warn(`Analyzing clicks and plays failed (retried at the next run): ${String(error)}`);
    });
  }

  /** One run of the job at the clock's time (tests call it after moving the clock). */
  async run(): Promise<string[]> {
    if (this.running) return this.running;
    this.running = this.partitions.ensure(this.clock.now()).catch((error: unknown) => {
      this.logger.warn(`Creating partitions failed (retried at the next run): ${String(error)}`);
      return [];
    });
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }
}
