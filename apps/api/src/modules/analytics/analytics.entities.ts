import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { CampaignEntity } from '../campaign/campaign.entity';

/**
 * Rollups hold two grains of the same figures: `h` (the UTC hour) and `d` (the UTC day). A range is read
 * from the day rows for its whole UTC days and from the hour rows for its ragged ends (docs/analytics.md).
 */
export type RollupGrain = 'h' | 'd';

/*
 * Abstract bases (no @Entity, so no tables of their own): TypeORM gives their columns and relations to
 * each entity that extends them. Parent columns come first in the metadata, so a base holds the leading
 * key columns and an entity adds the rest of its key after them: primary keys keep their column order.
 */

/** Rows keyed first by their campaign, and deleted with it. */
abstract class AnalyticsCampaignKeyColumns {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;
}

/** Rollups of attributed plays: keyed by campaign, attribution generation, grain and bucket, then item and tier. */
abstract class AnalyticsAttributedRollupColumns extends AnalyticsCampaignKeyColumns {
  @PrimaryColumn({ type: 'integer' })
  generation: number;

  @PrimaryColumn({ type: 'varchar', length: 1 })
  grain: RollupGrain;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  /** Σ credit in millionths (integers add up exactly, in any order). */
  @Column({ name: 'credit_micros', type: 'bigint', default: 0 })
  creditMicros: string;
}

/** Per campaign, link, utm_source and bucket: clicks, bot/HEAD clicks, first visits, connects. */
@Entity('analytics_click_rollups')
export class AnalyticsClickRollupEntity extends AnalyticsCampaignKeyColumns {
  @PrimaryColumn({ type: 'varchar', length: 1 })
  grain: RollupGrain;

  @PrimaryColumn({ type: 'timestamptz' })
  bucket: Date;

  @PrimaryColumn({ name: 'link_id', type: 'uuid' })
  linkId: string;

  /** The click's utm_source; '' when it had none. */
  @PrimaryColumn({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  /** Counted clicks: neither bots nor HEAD requests. */
  @Column({ type: 'integer', default: 0 })
  clicks: number;

  @Column({ name: 'bot_clicks', type: 'integer', default: 0 })
  botClicks: number;

  @Column({ name: 'first_visits', type: 'integer', default: 0 })
  firstVisits: number;

  /** Listeners who connected through a click of the campaign, counted at their first linked click (docs/analytics.md). */
  @Column({ type: 'integer', default: 0 })
  connects: number;
}

/** Per campaign, attribution generation, link, utm_source, tier and bucket: attributed plays and credit. */
@Entity('analytics_play_rollups')
export class AnalyticsPlayRollupEntity extends AnalyticsAttributedRollupColumns {
  @PrimaryColumn({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @PrimaryColumn({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  tier: string;

  /** Listeners whose first attributed play on the campaign is in this bucket (with this link/utm/tier). */
  @Column({ type: 'integer', default: 0 })
  listeners: number;

  /** Of those, listeners who had played a campaign track before their click (not new reach). */
  @Column({ name: 'existing_listeners', type: 'integer', default: 0 })
  existingListeners: number;
}

/** Per campaign, attribution generation, track, tier and bucket: attributed plays and credit. */
@Entity('analytics_track_rollups')
export class AnalyticsTrackRollupEntity extends AnalyticsAttributedRollupColumns {
  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @PrimaryColumn({ type: 'varchar', length: 6 })
  tier: string;
}

/** Counted clicks that name a listener: what the first connect of a (campaign, listener) is computed from. */
@Entity('analytics_linked_clicks')
@Index('IX_analytics_linked_clicks_first', ['campaignId', 'listenerId', 'clickedAt', 'clickId'])
export class AnalyticsLinkedClickEntity {
  @PrimaryColumn({ name: 'click_id', type: 'uuid' })
  clickId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;
}

/** First-event table: each listener's first linked click on a campaign (a connect unless already_connected). */
@Entity('analytics_connects')
@Index('IX_analytics_connects_time', ['campaignId', 'clickedAt'])
export class AnalyticsConnectEntity extends AnalyticsCampaignKeyColumns {
  @PrimaryColumn({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'click_id', type: 'uuid' })
  clickId: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;

  /**
   * This first linked click came after the listener first connected (a connected browser's click): the row
   * stays (completeness covers the listener) but it is not counted as a connect.
   */
  @Column({ name: 'already_connected', type: 'boolean', default: false })
  alreadyConnected: boolean;
}

/** First-event table: each listener's first attributed play on a campaign, per attribution generation. */
@Entity('analytics_listener_firsts')
@Index('IX_analytics_listener_firsts_time', ['campaignId', 'generation', 'playedAt'])
export class AnalyticsListenerFirstEntity extends AnalyticsCampaignKeyColumns {
  @PrimaryColumn({ type: 'integer' })
  generation: number;

  @PrimaryColumn({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'attribution_id', type: 'bigint' })
  attributionId: string;

  @Column({ name: 'played_at', type: 'timestamptz' })
  playedAt: Date;

  /** The credited click of that first play: retention and lift count days from it. */
  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  @Column({ type: 'varchar', length: 6 })
  tier: string;

  /** Played a campaign track before that click (observed plays, baseline included). */
  @Column({ type: 'boolean' })
  existing: boolean;
}

/**
 * Changes to `clicks`, queued by database triggers (inserts, and updates of listener_id) in the writing
 * transaction itself, and consumed by the rollup job: nothing is missed whatever order writers commit in.
 * Inserted clicks that name no listener are queued as counts (one row per campaign, link, channel, UTC hour
 * and kind of a written batch); the others one row per click.
 */
@Entity('analytics_click_queue')
export class AnalyticsClickQueueEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  /** The click, for rows of one click; null for a count of inserted clicks. */
  @Column({ name: 'click_id', type: 'uuid', nullable: true })
  clickId: string | null;

  /** How many clicks the row stands for (1 for a row of one click). */
  @Column({ type: 'integer', default: 1 })
  clicks: number;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  /** The click's time; for a count, the start of its UTC hour. */
  @Column({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;

  /** Neither a bot nor a HEAD request. */
  @Column({ type: 'boolean' })
  counted: boolean;

  @Column({ name: 'first_visit', type: 'boolean' })
  firstVisit: boolean;

  /** true: the click was inserted; false: its listener_id changed. */
  @Column({ type: 'boolean' })
  inserted: boolean;

  @Column({ name: 'old_listener_id', type: 'uuid', nullable: true })
  oldListenerId: string | null;

  @Column({ name: 'new_listener_id', type: 'uuid', nullable: true })
  newListenerId: string | null;
}

/** Changes to `attributions` (+1 inserted, -1 deleted; an update is both), queued by database triggers. */
@Entity('analytics_attribution_queue')
export class AnalyticsAttributionQueueEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  @Column({ type: 'smallint' })
  sign: number;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @Column({ type: 'integer' })
  generation: number;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'utm_source', type: 'varchar', length: 100 })
  utmSource: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ name: 'played_at', type: 'timestamptz' })
  playedAt: Date;

  @Column({ type: 'varchar', length: 6 })
  tier: string;

  @Column({ name: 'credit_micros', type: 'bigint' })
  creditMicros: string;
}

export const analyticsEntities = [
  AnalyticsClickRollupEntity,
  AnalyticsPlayRollupEntity,
  AnalyticsTrackRollupEntity,
  AnalyticsLinkedClickEntity,
  AnalyticsConnectEntity,
  AnalyticsListenerFirstEntity,
  AnalyticsClickQueueEntity,
  AnalyticsAttributionQueueEntity,
];
