import { Injectable, Logger } from '@nestjs/common';
import { EventPartitionsRepository } from './event-partitions.repository';
import {
  monthStart,
  PARTITIONED_TABLES,
  PartitionedTable,
  rangeForStrayMonth,
  rangesAhead,
} from './partition-ranges';

/**
 * Keeps the partitions of clicks and plays ahead of the clock: the current month and the next three exist,
 * and rows that landed in a DEFAULT partition (a clock skewed ahead, a streaming history years old, a month
 * not created in time) move into a partition of their own, a month or, for old years, a year (partition-ranges.ts).
 */
/** PostgreSQL: lock_not_available (a lock_timeout expired). */
const LOCK_NOT_AVAILABLE = '55P03';

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
        const existing = await this.existingRanges(table);
        const range = rangeForStrayMonth(table, month, now, existing);
        if (range && (await this.partitions.create(table, range))) created.push(range.name);
      }
    }
    if (created.length > 0) this.logger.log(`Created partitions: ${created.join(', ')}`);
    return created;
  }

  /**
   * Creates the partitions that rows at `times` need and do not have yet (their month, or their year when older
   * than the previous year), before they are written: a streaming history import writes years of plays, which
   * would otherwise sit in DEFAULT until the job moves them. Creating an empty partition takes milliseconds.
   */
  async ensureCovering(table: PartitionedTable, times: Date[], now: Date): Promise<string[]> {
    const months = [...new Set(times.map((time) => monthStart(time).getTime()))].map((ms) => new Date(ms));
    const covered = (month: Date, ranges: Array<{ from: Date; to: Date }>) =>
      ranges.some((range) => range.from <= month && month < range.to);
    let existing = await this.existingRanges(table);
    const created: string[] = [];
    for (const month of months) {
      if (covered(month, existing)) continue;
      const range = rangeForStrayMonth(table, month, now, existing);
      if (!range) continue;
      try {
        if (await this.partitions.create(table, range)) created.push(range.name);
      } catch (error) {
        // The table was busy (lock_timeout): the rows go to DEFAULT, and the job files them at its next run.
        if ((error as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw error;
        this.logger.warn(`Partition ${range.name} not created now (${table} busy); its rows wait in DEFAULT`);
      }
      existing = await this.existingRanges(table);
    }
    if (created.length > 0) this.logger.log(`Created partitions: ${created.join(', ')}`);
    return created;
  }

  private async existingRanges(table: PartitionedTable): Promise<Array<{ from: Date; to: Date }>> {
    return (await this.partitions.list(table)).flatMap((p) =>
      p.from && p.to ? [{ from: p.from, to: p.to }] : [],
    );
  }

  /** See EventPartitionsRepository.analyzeParents. */
  async analyzeParents(): Promise<void> {
    await this.partitions.analyzeParents();
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
