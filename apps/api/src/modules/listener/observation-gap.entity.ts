import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A stretch of a listener's time we could not observe: a poll came back full (50 plays) without reaching
 * the cursor, so plays between `from` and `to` may be missing. Analytics report completeness from these.
 */
@Entity('observation_gaps')
@Index('IX_observation_gaps_listener', ['listenerId', 'gapFrom'])
export class ObservationGapEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ name: 'gap_from', type: 'timestamptz' })
  gapFrom: Date;

  @Column({ name: 'gap_to', type: 'timestamptz' })
  gapTo: Date;

  @CreateDateColumn({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;
}
