import { Module } from '@nestjs/common';
import { EventPartitionsModule } from '../../database/partitions/event-partitions.module';
import { TtlCacheService } from '../../common/cache/ttl-cache.service';
import { ListenerGuard } from '../listener/listener.guard';
import { ListenerModule } from '../listener/listener.module';
import { HistoryImportRepository } from './history-import.repository';
import { HistoryImportService } from './history-import.service';
import { InsightsController } from './insights.controller';
import { InsightsRepository } from './insights.repository';
import { InsightsService } from './insights.service';
import { SpotifyTopService } from './spotify-top.service';

/**
 * A connected listener's own insights (GET /listeners/me/insights) and the import of their Spotify extended
 * streaming history (/listeners/me/imports). Reads plays, tracks, clicks and attributions with its own SQL
 * (InsightsRepository); writes only tracks, plays (source 'import') and its listening_history_imports jobs
 * (HistoryImportRepository). Spotify's /me/top goes through the listener module's ListenerTokens
 * (SpotifyTopService). docs/insights.md.
 */
@Module({
  imports: [ListenerModule, EventPartitionsModule],
  controllers: [InsightsController],
  providers: [
    InsightsService,
    InsightsRepository,
    SpotifyTopService,
    TtlCacheService,
    HistoryImportService,
    HistoryImportRepository,
    ListenerGuard,
  ],
})
export class InsightsModule {}
