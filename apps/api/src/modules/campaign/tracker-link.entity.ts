import { CampaignEntity } from './campaign.entity';
import {
  Column,
  JoinColumn,
  ManyToOne,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('tracker_links')
@Index('IX_tracker_links_campaign', ['campaignId', 'createdAt'])
export class TrackerLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  /** Copied from the campaign so every query can be scoped to the owner cheaply. */
  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Index('UQ_tracker_links_slug', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  slug: string;

  /** The channel: "Instagram bio", "Newsletter #12". */
  @Column({ type: 'varchar', length: 100 })
  label: string;

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

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
