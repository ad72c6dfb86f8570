import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AttributionModule } from '../attribution/attribution.module';
import { AuthModule } from '../auth/auth.module';
import { CampaignModule } from '../campaign/campaign.module';
import { ListenerModule } from '../listener/listener.module';
import { LastfmClient } from './lastfm/lastfm.client';
import { LastfmSource } from './lastfm/lastfm.source';
import { ListenBrainzClient } from './listenbrainz/listenbrainz.client';
import { ListenBrainzSource } from './listenbrainz/listenbrainz.source';
import { ListeningSourcesRepository } from './listening-sources.repository';
import { LISTENING_SOURCES } from './listening-sources.token';
import { SourceEndpoints } from './source-endpoints.service';
import { SourceRateGate } from './source-rate-gate.service';
import { SourcesAdminController } from './sources-admin.controller';
import { SourcesConnectController } from './sources-connect.controller';
import { SourcesConnectService } from './sources-connect.service';
import { SourcesCsrfGuard } from './sources-csrf.guard';
import { SourcesMetrics } from './sources-metrics.service';
import { SourcesPollingService } from './sources-polling.service';
import { SourcesPollingWorker } from './sources-polling.worker';
import { SourcesController } from './sources.controller';
import { SourcesService } from './sources.service';

/**
 * Listening sources beside Spotify (issue 18): Last.fm and ListenBrainz, each a folder implementing
 * ListeningSource (listening-source.ts) listed in LISTENING_SOURCES below. Owns listening_sources: the
 * connected accounts with their encrypted credentials, cursors and poll schedule. Connects from a tracker
 * link, polls (worker, roles worker/all), stores plays through the listener module's ingestSourcePlays, and
 * takes part in the listener's page, sync, export and erasure (ListenerSourceHooks).
 */
@Module({
  imports: [AnalyticsModule, AttributionModule, AuthModule, CampaignModule, ListenerModule],
  controllers: [SourcesAdminController, SourcesConnectController, SourcesController],
  providers: [
    SourceEndpoints,
    SourcesMetrics,
    SourceRateGate,
    LastfmClient,
    ListenBrainzClient,
    {
      provide: LISTENING_SOURCES,
      useFactory: (lastfm: LastfmClient, listenbrainz: ListenBrainzClient) => [
        new LastfmSource(lastfm),
        new ListenBrainzSource(listenbrainz),
      ],
      inject: [LastfmClient, ListenBrainzClient],
    },
    ListeningSourcesRepository,
    SourcesPollingService,
    SourcesPollingWorker,
    SourcesConnectService,
    SourcesService,
    SourcesCsrfGuard,
  ],
  exports: [SourcesPollingService, SourceRateGate],
})
export class SourcesModule {}
