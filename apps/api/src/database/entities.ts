import { AttributionQueueEntity } from '../modules/attribution/attribution-queue.entity';
import { AttributionJobEntity } from '../modules/attribution/attribution-job.entity';
import { AttributionEntity } from '../modules/attribution/attribution.entity';
import { analyticsEntities } from '../modules/analytics/analytics.entities';
import { AuditLogEntity } from '../modules/audit/audit-log.entity';
import { HistoryImportEntity } from '../modules/insights/history-import.entity';
import { ApiKeyEntity } from '../modules/auth/api-key.entity';
import { OAuthStateEntity } from '../modules/auth/oauth-state.entity';
import { OwnerEntity } from '../modules/auth/owner.entity';
import { PasswordResetEntity } from '../modules/auth/password-reset.entity';
import { ListenerEntity } from '../modules/listener/listener.entity';
import { ObservationGapEntity } from '../modules/listener/observation-gap.entity';
import { PlayEntity } from '../modules/listener/play.entity';
import { TrackEntity } from '../modules/listener/track.entity';
import { UnmatchedPlayEntity } from '../modules/listener/unmatched-play.entity';
import { OwnerSpotifyAccountEntity } from '../modules/owner-spotify/owner-spotify-account.entity';
import { SessionEntity } from '../modules/auth/session.entity';
import { CampaignStatusPeriodEntity } from '../modules/campaign/campaign-status-period.entity';
import { CampaignTrackEntity } from '../modules/campaign/campaign-track.entity';
import { CampaignVisitorEntity } from '../modules/campaign/campaign-visitor.entity';
import { CampaignEntity } from '../modules/campaign/campaign.entity';
import { ClickEntity } from '../modules/campaign/click.entity';
import { OrphanVisitCountEntity } from '../modules/campaign/orphan-visit-count.entity';
import { LinkCacheChangeEntity } from '../modules/campaign/redirect/link-cache-change.entity';
import { TrackerLinkEntity } from '../modules/campaign/tracker-link.entity';
import { ListeningSourceEntity } from '../modules/sources/listening-source.entity';
import { trendsEntities } from '../modules/trends/trends.entities';
import { WebhookDeliveryEntity } from '../modules/webhooks/webhook-delivery.entity';
import { WebhookEndpointEntity } from '../modules/webhooks/webhook-endpoint.entity';

// Every TypeORM entity of the application. Each module owns its entities; this list only wires them into the data source.
export const entities: Array<new (...args: never[]) => unknown> = [
  OwnerEntity,
  SessionEntity,
  PasswordResetEntity,
  ApiKeyEntity,
  AuditLogEntity,
  CampaignEntity,
  CampaignTrackEntity,
  CampaignStatusPeriodEntity,
  TrackerLinkEntity,
  ClickEntity,
  CampaignVisitorEntity,
  OrphanVisitCountEntity,
  LinkCacheChangeEntity,
  OAuthStateEntity,
  OwnerSpotifyAccountEntity,
  ListenerEntity,
  PlayEntity,
  TrackEntity,
  UnmatchedPlayEntity,
  ObservationGapEntity,
  HistoryImportEntity,
  ListeningSourceEntity,
  AttributionEntity,
  AttributionJobEntity,
  AttributionQueueEntity,
  ...analyticsEntities,
  ...trendsEntities,
  WebhookEndpointEntity,
  WebhookDeliveryEntity,
];
