import { Module } from '@nestjs/common';
import { ListenerGuard } from '../listener/listener.guard';
import { ListenerModule } from '../listener/listener.module';
import { HistoryImportService } from './history-import.service';
import { InsightsController } from './insights.controller';
import { InsightsService } from './insights.service';

/**
 * A connected listener's own insights (GET /listeners/me/insights) and the import of their Spotify extended
 * streaming history (/listeners/me/imports). Reads plays, tracks, clicks and attributions with its own SQL;
 * writes only tracks, plays (source 'import') and its listening_history_imports jobs. docs/insights.md.
 */
@Module({
  imports: [ListenerModule],
  controllers: [InsightsController],
  providers: [InsightsService, HistoryImportService, ListenerGuard],
})
export class InsightsModule {}
