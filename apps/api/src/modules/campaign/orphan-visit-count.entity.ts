import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type OrphanReason = 'unknown' | 'disabled' | 'expired' | 'archived';

/**
 * Visits to /l/{path} that led nowhere, counted per path, reason and UTC hour: kept so owners and operators can
 * see broken or mistyped links, without a row per request (junk paths cost a bounded number of rows: the
 * redirect counts them only within the client's click limit). Pruned after ORPHAN_VISITS_RETENTION_DAYS.
 */
@Entity('orphan_visit_counts')
@Index('IX_orphan_visit_counts_hour', ['hour'])
export class OrphanVisitCountEntity {
  /** The slug as asked (lower-cased), at most 100 characters. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  path: string;

  @PrimaryColumn({ type: 'varchar', length: 10 })
  reason: OrphanReason;

  @PrimaryColumn({ type: 'timestamptz' })
  hour: Date;

  @Column({ type: 'integer' })
  visits: number;

  /** Of those, visits by bots, link-preview fetchers and HEAD requests. */
  @Column({ name: 'bot_visits', type: 'integer' })
  botVisits: number;
}
