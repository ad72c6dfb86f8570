import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A change that makes cached links stale (a link changed, a campaign changed or went), written by the process
 * that made it and read every second by the others, so a link switched off through one API process stops
 * redirecting in all of them at once instead of when their cached entry expires. Rows older than an hour go.
 */
@Entity('link_cache_changes')
@Index('IX_link_cache_changes_time', ['changedAt'])
export class LinkCacheChangeEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  seq: string;

  /** The link's slug, or null for a whole campaign. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  slug: string | null;

  @Column({ name: 'campaign_id', type: 'uuid', nullable: true })
  campaignId: string | null;

  /** The process that made the change (it has invalidated its own cache already). */
  @Column({ type: 'uuid' })
  origin: string;

  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}
