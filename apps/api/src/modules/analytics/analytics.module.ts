import { RetentionModule } from '../retention/retention.module';
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { CampaignModule } from '../campaign/campaign.module';
import { AnalyticsExportRepository } from './analytics-export.repository';
import { AnalyticsExportService } from './analytics-export.service';
import { AnalyticsClickRollupsRepository } from './analytics-click-rollups.repository';
import { AnalyticsLiftRepository } from './analytics-lift.repository';
import { AnalyticsLiftService } from './analytics-lift.service';
import { AnalyticsRollups } from './analytics-rollups.service';
import { AnalyticsPlayRollupsRepository } from './analytics-play-rollups.repository';
import { AnalyticsRollupsRepository } from './analytics-rollups.repository';
import { AnalyticsRollupScheduler } from './analytics-rollups.scheduler';
import { AnalyticsSegmentsController } from './analytics-segments.controller';
import { AnalyticsSegmentsRepository } from './analytics-segments.repository';
import { AnalyticsSegmentsService } from './analytics-segments.service';
import { AnalyticsSummaryController } from './analytics-summary.controller';
import { AnalyticsSummaryRepository } from './analytics-summary.repository';
import { AnalyticsSummaryService } from './analytics-summary.service';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRepository } from './analytics.repository';
import { AnalyticsService } from './analytics.service';
import { LiveEventsModule } from './live-events.module';
import { LiveStreams } from './live-streams.service';

/**
 * Campaign analytics (docs/analytics.md): rollups kept current from queued changes, the figure endpoints,
 * streamed exports, and the live event stream. `AnalyticsRollups` and `LiveEvents` are exported for the
 * attribution engine and the connect flow.
 */
@Module({
  imports: [AuthModule, CampaignModule, LiveEventsModule, RetentionModule],
  controllers: [AnalyticsController, AnalyticsSegmentsController, AnalyticsSummaryController],
  providers: [
    AnalyticsRollups,
    AnalyticsRollupsRepository,
    AnalyticsClickRollupsRepository,
    AnalyticsPlayRollupsRepository,
    AnalyticsRollupScheduler,
    AnalyticsService,
    AnalyticsRepository,
    AnalyticsSegmentsService,
    AnalyticsSegmentsRepository,
    AnalyticsSummaryService,
    AnalyticsSummaryRepository,
    AnalyticsExportService,
    AnalyticsExportRepository,
    AnalyticsLiftRepository,
    AnalyticsLiftService,
    LiveStreams,
  ],
  exports: [AnalyticsRollups, LiveEventsModule],
})
export class AnalyticsModule {}
