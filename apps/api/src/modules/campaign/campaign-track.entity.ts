import { CampaignEntity } from './campaign.entity';
import { Column, JoinColumn, ManyToOne, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The target track set over time: a track is in the set from `addedAt` until `removedAt` (null: still
 * in). Playlist edits close and open rows, so attribution can ask what was in the set at a play's time.
 */
@Entity('campaign_tracks')
@Index('IX_campaign_tracks_lookup', ['campaignId', 'trackId', 'addedAt'])
export class CampaignTrackEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @ManyToOne(() => CampaignEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'campaign_id' })
  campaign?: CampaignEntity;

  @Column({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  /** The playlist snapshot in which the track was first seen (null for albums, tracks, artists). */
  @Column({ name: 'snapshot_id', type: 'varchar', length: 100, nullable: true })
  snapshotId: string | null;
}
