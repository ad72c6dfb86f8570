import { Module } from '@nestjs/common';
import { TrendsController } from './trends.controller';
import { TrendsRepository } from './trends.repository';
import { TrendsScheduler } from './trends.scheduler';
import { TrendsService } from './trends.service';

/**
 * Public trends (docs/trends.md): the catalog (artists, albums, track_artists) and the anonymised daily
 * counts are kept by database triggers on `tracks` and `plays` (migration PublicTrends); this module reads
 * them, applies the privacy threshold and the rising test, caches the charts (common/cache), forgets them
 * when a listener is erased, and prunes old private presence rows (TrendsScheduler).
 */
@Module({
  controllers: [TrendsController],
  providers: [TrendsRepository, TrendsService, TrendsScheduler],
  exports: [TrendsService],
})
export class TrendsModule {}
