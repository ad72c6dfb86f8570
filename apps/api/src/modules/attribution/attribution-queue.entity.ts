import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Plays not attributed yet. A trigger on `plays` adds every stored play (imports excepted) in the transaction
 * that stores it, so a play becomes visible here exactly when it commits, whatever its id; the sweep takes
 * rows from here and an attribution run deletes the rows of the plays it attributed. Unlike a cursor over
 * play ids, nothing can be jumped over by a transaction that commits late (docs/attribution.md).
 */
@Entity('attribution_queue')
export class AttributionQueueEntity {
  @PrimaryColumn({ name: 'play_id', type: 'bigint' })
  playId: string;

  /**
   * The play's played_at (null for rows queued before this column): the sweep reads its plays in the span of
   * its batch's times, so PostgreSQL plans it over those months' partitions of plays only.
   */
  @Column({ name: 'played_at', type: 'timestamptz', nullable: true })
  playedAt: Date | null;

  /** When the storing transaction started (the sweep leaves a play to its own ingest for a few seconds). */
  @Column({ name: 'queued_at', type: 'timestamptz', default: () => 'now()' })
  queuedAt: Date;
}
