import { Module } from '@nestjs/common';
import { EventPartitionsRepository } from './event-partitions.repository';
import { EventPartitionsScheduler } from './event-partitions.scheduler';
import { EventPartitions } from './event-partitions.service';
import { PartitionClock } from './partition-clock.service';

/**
 * The monthly partitions of clicks and plays: created ahead by a job (EventPartitionsScheduler), dropped
 * whole by retention (EventPartitions.dropPartitionsOlderThan). Schema upkeep rather than a capability, so it
 * lives beside the migrations, outside modules/.
 */
@Module({
  providers: [EventPartitionsRepository, EventPartitions, EventPartitionsScheduler, PartitionClock],
  exports: [EventPartitions, PartitionClock, EventPartitionsScheduler],
})
export class EventPartitionsModule {}
