import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OrphanReason = 'unknown' | 'disabled' | 'expired' | 'archived';

/** A visit to /l/{slug} that led nowhere: kept so owners can see broken or mistyped links. */
@Entity('orphan_visits')
@Index('IX_orphan_visits_time', ['visitedAt'])
export class OrphanVisitEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'varchar', length: 200 })
  slug: string;

  @Column({ type: 'varchar', length: 10 })
  reason: OrphanReason;

  /** Set when the slug belongs to a link (disabled, expired, archived campaign). */
  @Column({ name: 'link_id', type: 'uuid', nullable: true })
  linkId: string | null;

  @Column({ name: 'visited_at', type: 'timestamptz' })
  visitedAt: Date;

  @Column({ name: 'ip_hash', type: 'varchar', length: 32 })
  ipHash: string;

  @Column({ name: 'user_agent', type: 'varchar', length: 400, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  referrer: string | null;

  @Column({ name: 'is_bot', type: 'boolean' })
  isBot: boolean;
}
