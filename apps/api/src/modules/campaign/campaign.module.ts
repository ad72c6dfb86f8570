import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OwnerEntity } from '../auth/owner.entity';
import { OwnerSpotifyModule } from '../owner-spotify/owner-spotify.module';
import { DestinationResolver } from './destination-resolver';
import { SpotifyDestinationResolver } from './spotify-destination-resolver.service';
import { CampaignStatusPeriodEntity } from './campaign-status-period.entity';
import { CampaignTrackEntity } from './campaign-track.entity';
import { CampaignVisitorEntity } from './campaign-visitor.entity';
import { CampaignController } from './campaign.controller';
import { CampaignEntity } from './campaign.entity';
import { CampaignScheduler } from './campaign.scheduler';
import { CampaignService } from './campaign.service';
import { ClickEntity } from './click.entity';
import { ClicksRepository } from './clicks.repository';
import { LinkController } from './link.controller';
import { LinkService } from './link.service';
import { OrphanVisitCountEntity } from './orphan-visit-count.entity';
import { ClickBuffer } from './redirect/click-buffer.service';
import { LinkCache } from './redirect/link-cache.service';
import { LinkCacheChangeEntity } from './redirect/link-cache-change.entity';
import { LinkCacheRepository } from './redirect/link-cache.repository';
import { OrphanVisitsRepository } from './redirect/orphan-visits.repository';
import { OrphanVisitsScheduler } from './redirect/orphan-visits.scheduler';
import { RedirectHandler } from './redirect/redirect.handler';
import { SandboxSamplesController } from './sandbox-samples.controller';
import { TrackerLinkEntity } from './tracker-link.entity';
import { TrackerLinksRepository } from './tracker-links.repository';

/**
 * Campaigns, tracker links, and the redirect hot path with click capture. The destination resolver is
 * the Spotify one (SpotifyDestinationResolver).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CampaignEntity,
      CampaignTrackEntity,
      CampaignStatusPeriodEntity,
      TrackerLinkEntity,
      ClickEntity,
      CampaignVisitorEntity,
      OrphanVisitCountEntity,
      LinkCacheChangeEntity,
      OwnerEntity,
    ]),
    OwnerSpotifyModule,
  ],
  controllers: [CampaignController, LinkController, SandboxSamplesController],
  providers: [
    { provide: DestinationResolver, useClass: SpotifyDestinationResolver },
    CampaignService,
    LinkService,
    LinkCache,
    LinkCacheRepository,
    ClickBuffer,
    ClicksRepository,
    TrackerLinksRepository,
    RedirectHandler,
    CampaignScheduler,
    OrphanVisitsRepository,
    OrphanVisitsScheduler,
  ],
  exports: [
    CampaignService,
    LinkService,
    ClickBuffer,
    ClicksRepository,
    TrackerLinksRepository,
    RedirectHandler,
    LinkCache,
  ],
})
export class CampaignModule {}
