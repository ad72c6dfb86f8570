import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One visit of a tracker link. Append-mostly and large: written in batches by the click buffer, ids are
 * time-ordered UUIDs made in the process (so the redirect knows the id before the row is written).
 * Range-partitioned by month on clicked_at (migration PartitionClicksAndPlays, database/partitions): the
 * primary key carries the partition key, as PostgreSQL requires of a partitioned table's unique keys.
 */
@Entity('clicks')
@Index('IX_clicks_campaign_time', ['campaignId', 'clickedAt'])
@Index('IX_clicks_link_time', ['linkId', 'clickedAt'])
@Index('IX_clicks_visitor', ['visitorId', 'clickedAt'])
@Index('IX_clicks_listener', ['listenerId', 'clickedAt'], { where: 'listener_id IS NOT NULL' })
/** Clicks whose hashed IP the retention job has yet to clear: about CLICK_PII_RETENTION_DAYS of clicks. */
@Index('IX_clicks_pii_due', ['clickedAt'], { where: 'ip_hash IS NOT NULL' })
export class ClickEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'link_id', type: 'uuid' })
  linkId: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'clicked_at', type: 'timestamptz' })
  clickedAt: Date;

  /** The first-party visitor cookie (random, long-lived). */
  @Column({ name: 'visitor_id', type: 'uuid' })
  visitorId: string;

  /**
   * HMAC of the IP address with a secret salt; the address itself is never stored. Cleared (with the user
   * agent) after CLICK_PII_RETENTION_DAYS by the retention job, while the click stays.
   */
  @Column({ name: 'ip_hash', type: 'varchar', length: 32, nullable: true })
  ipHash: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 400, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  referrer: string | null;

  @Column({ name: 'utm_source', type: 'varchar', length: 100, nullable: true })
  utmSource: string | null;

  @Column({ name: 'utm_medium', type: 'varchar', length: 100, nullable: true })
  utmMedium: string | null;

  @Column({ name: 'utm_campaign', type: 'varchar', length: 100, nullable: true })
  utmCampaign: string | null;

  @Column({ name: 'utm_content', type: 'varchar', length: 100, nullable: true })
  utmContent: string | null;

  @Column({ name: 'utm_term', type: 'varchar', length: 100, nullable: true })
  utmTerm: string | null;

  /** A crawler, link-preview fetcher or HEAD request: stored, never counted as a visitor. */
  @Column({ name: 'is_bot', type: 'boolean' })
  isBot: boolean;

  @Column({ name: 'is_head', type: 'boolean', default: false })
  isHead: boolean;

  /** The first counted visit of this visitor to this campaign (unique-visitor de-duplication). */
  @Column({ name: 'is_first_visit', type: 'boolean', default: false })
  isFirstVisit: boolean;

  /** The listener this browser turned out to be, once they connected Spotify. */
  @Column({ name: 'listener_id', type: 'uuid', nullable: true })
  listenerId: string | null;
}
