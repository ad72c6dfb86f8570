import { Module } from '@nestjs/common';
import { EventPartitionsModule } from '../../database/partitions/event-partitions.module';
import { RetentionClock } from './retention-clock.service';
import { RetentionScheduler } from './retention.scheduler';
import { RetentionService } from './retention.service';

/**
 * Data retention: removes expired raw clicks and plays and clears old clicks' personal data, keeping every
 * figure (docs/operations.md, "Retention"). Owns no table: its statements live with the tables' owners
 * (campaign/click-retention.repository.ts, listener/play-retention.repository.ts).
 */
@Module({
  imports: [EventPartitionsModule],
  providers: [RetentionClock, RetentionService, RetentionScheduler],
  exports: [RetentionClock, RetentionService],
})
export class RetentionModule {}
