import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far the incremental attribution has read the plays table (plays.id is increasing). One row. */
@Entity('attribution_cursor')
export class AttributionCursorEntity {
  @PrimaryColumn({ type: 'varchar', length: 20 })
  name: string;

  @Column({ name: 'last_play_id', type: 'bigint', default: 0 })
  lastPlayId: string;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
