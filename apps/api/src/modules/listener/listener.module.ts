import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AnalyticsModule } from '../analytics/analytics.module';
import { AttributionModule } from '../attribution/attribution.module';
import { AuthModule } from '../auth/auth.module';
import { CampaignModule } from '../campaign/campaign.module';
import { ListenerConnectController } from './listener-connect.controller';
import { ListenerConnectService } from './listener-connect.service';
import { ListenerSpotifyLogin } from './listener-spotify-login.service';
import { PollerLocator } from './listener-sync.service';
import { ListenerController } from './listener.controller';
import { ListenerGuard } from './listener.guard';
import { ListenerService } from './listener.service';
import { ListenerErasureRepository } from './listener-erasure.repository';
import { ListenerReconnectRepository } from './listener-reconnect.repository';
import { ListenerRepository } from './listener.repository';
import { ListenerTokensRepository } from './listener-tokens.repository';
import { ListenerTokens } from './listener-tokens.service';
import { ListenerSourceHooks } from './listener-source-hooks.service';

/**
 * Listeners: the connect flow from a tracker link (Spotify authorization, baseline import, cookie) and the
 * listener's own privacy API (see, sync, export, disconnect, erase). The schema (listeners, plays, tracks,
 * observation_gaps) is shared with the polling module; `ingestRecentlyPlayed` (play-ingest.repository.ts) is the one
 * way plays are stored. ListenerTokens is the one owner of listeners' Spotify tokens: every module that calls
 * Spotify for a listener gets its tokens there, and every refresh is stored there (compare-and-swap).
 */
@Module({
  imports: [AnalyticsModule, AttributionModule, AuthModule, CampaignModule, DiscoveryModule],
  controllers: [ListenerConnectController, ListenerController],
  providers: [
    ListenerConnectService,
    ListenerSpotifyLogin,
    ListenerService,
    ListenerGuard,
    PollerLocator,
    ListenerTokensRepository,
    ListenerTokens,
    ListenerReconnectRepository,
    ListenerRepository,
    ListenerErasureRepository,
    ListenerSourceHooks,
  ],
  exports: [
    ListenerService,
    ListenerTokens,
    ListenerRepository,
    ListenerReconnectRepository,
    ListenerSourceHooks,
    ListenerConnectService,
  ],
})
export class ListenerModule {}
