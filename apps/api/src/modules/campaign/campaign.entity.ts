import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'ended', 'archived'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const DESTINATION_TYPES = ['playlist', 'album', 'track', 'artist'] as const;
export type DestinationType = (typeof DESTINATION_TYPES)[number];

/** resolved: the target track set is known; pending: Spotify was unreachable, a scheduled job retries. */
export type ResolutionState = 'resolved' | 'pending';

@Entity('campaigns')
@Index('IX_campaigns_owner_created', ['ownerId', 'createdAt'])
// The artist campaigns of an artist: a track first seen with that artist joins their target sets (migration ArtistCampaignTracks).
@Index('IX_campaigns_artist', ['destinationId'], { where: "destination_type = 'artist'" })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ type: 'varchar', length: 120 })
  name: string;

  @Column({ type: 'varchar', length: 2000, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 10, default: 'draft' })
  status: CampaignStatus;

  /** What the owner pasted, kept to show it back. */
  @Column({ name: 'destination_input', type: 'varchar', length: 500 })
  destinationInput: string;

  @Column({ name: 'destination_type', type: 'varchar', length: 10 })
  destinationType: DestinationType;

  @Column({ name: 'destination_id', type: 'varchar', length: 22 })
  destinationId: string;

  @Column({ name: 'destination_name', type: 'varchar', length: 300, nullable: true })
  destinationName: string | null;

  @Column({ name: 'destination_image_url', type: 'varchar', length: 500, nullable: true })
  destinationImageUrl: string | null;

  @Column({ name: 'destination_owner_name', type: 'varchar', length: 300, nullable: true })
  destinationOwnerName: string | null;

  /** The playlist's snapshot_id when its tracks were last read. */
  @Column({ name: 'snapshot_id', type: 'varchar', length: 100, nullable: true })
  snapshotId: string | null;

  @Column({ name: 'track_count', type: 'integer', default: 0 })
  trackCount: number;

  @Column({ name: 'resolution_state', type: 'varchar', length: 10, default: 'pending' })
  resolutionState: ResolutionState;

  @Column({ name: 'resolution_error', type: 'varchar', length: 500, nullable: true })
  resolutionError: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'attribution_window_hours', type: 'integer', default: 168 })
  attributionWindowHours: number;

  /**
   * Days this campaign's raw clicks are kept; null: the owner's account default, else the operator's
   * CLICK_RETENTION_DAYS (which also caps both).
   */
  @Column({ name: 'click_retention_days', type: 'integer', nullable: true })
  clickRetentionDays: number | null;

  /** Which generation of attributions is current (re-attribution writes the next, then switches). */
  @Column({ name: 'attribution_generation', type: 'integer', default: 1 })
  attributionGeneration: number;

  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true })
  startsAt: Date | null;

  @Column({ name: 'ends_at', type: 'timestamptz', nullable: true })
  endsAt: Date | null;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
