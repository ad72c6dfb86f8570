import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One row per (campaign, visitor) that has made a counted visit: what makes a visit a first visit. */
@Entity('campaign_visitors')
export class CampaignVisitorEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'visitor_id', type: 'uuid' })
  visitorId: string;

  @Column({ name: 'first_click_id', type: 'uuid' })
  firstClickId: string;

  @Column({ name: 'first_seen_at', type: 'timestamptz' })
  firstSeenAt: Date;
}
