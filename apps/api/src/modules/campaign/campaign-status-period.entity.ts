import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CampaignEntity, CampaignStatus } from './campaign.entity';

/**
 * A campaign's status over time: it was in `status` from `since` (null: from its beginning) until `until`
 * (null: still is). Attribution asks what the status was at a click and at a play (docs/attribution.md,
 * "Statuses"); a status change closes the open period and opens the next in the same transaction.
 */
@Entity('campaign_status_periods')
@Index('IX_campaign_status_periods_campaign', ['campaignId', 'since'])
export class CampaignStatusPeriodEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column({ type: 'varchar', length: 10 })
  status: CampaignStatus;

  @Column({ type: 'timestamptz', nullable: true })
  since: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  until: Date | null;
}
