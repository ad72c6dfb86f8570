import { Injectable, Logger } from '@nestjs/common';
import { EventPartitionsRepository } from './event-partitions.repository';
import { PARTITIONED_TABLES, PartitionedTable, rangeForStrayMonth, rangesAhead } from './partition-ranges';

/**
 * Keeps the partitions of clicks and plays ahead of the clock: the current month and the next three exist,
 * and rows that landed in a DEFAULT partition (a clock skewed ahead, a streaming history years old, a month
 * not created in time) move into a partition of their own, a month or, for old years, a year (partition-ranges.ts).
 */
@Injectable()
export class EventPartitions {
  private readonly logger = new Logger('EventPartitions');

  constructor(private readonly partitions: EventPartitionsRepository) {}

  /** Creates what is missing at `now`; returns the names of the partitions created. */
  async ensure(now: Date): Promise<string[]> {
    const created: string[] = [];
    for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
      for (const range of rangesAhead(table, now)) {
        if (await this.partitions.create(table, range)) created.push(range.name);
      }
      for (const month of await this.partitions.defaultMonths(table)) {
        const existing = (await this.partitions.list(table)).flatMap((p) =>
          p.from && p.to ? [{ from: p.from, to: p.to }] : [],
        );
        const range = rangeForStrayMonth(table, month, now, existing);
        if (range && (await this.partitions.create(table, range))) created.push(range.name);
      }
    }
    if (created.length > 0) this.logger.log(`Created partitions: ${created.join(', ')}`);
    return created;
  }

  /** See EventPartitionsRepository.dropPartitionsOlderThan; logs what it dropped. */
  async dropPartitionsOlderThan(table: PartitionedTable, cutoff: Date): Promise<string[]> {
    const dropped = await this.partitions.dropPartitionsOlderThan(table, cutoff);
    if (dropped.length > 0) {
      this.logger.log(`Dropped partitions ending before ${cutoff.toISOString()}: ${dropped.join(', ')}`);
    }
    return dropped;
  }
}
