import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * queued: validated and spooled, waiting for one of the IMPORTS_CONCURRENCY slots; running: plays being
 * written; completed: all written; failed: stopped (see `error`), nothing rolled back.
 */
export type HistoryImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/**
 * One upload of a listener's extended streaming history. Created once the upload has been read and every
 * entry validated; the plays are then written in batches and the counts below move as they are.
 */
@Entity('listening_history_imports')
@Index('IX_listening_history_imports_listener', ['listenerId', 'createdAt'])
export class HistoryImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ type: 'varchar', length: 10, default: 'running' })
  status: HistoryImportStatus;

  /** The JSON files read (the upload's name, or the history files inside the ZIP). */
  @Column({ name: 'file_names', type: 'text', array: true, default: '{}' })
  fileNames: string[];

  @Column({ name: 'upload_bytes', type: 'bigint', default: 0 })
  uploadBytes: string;

  /** Every entry of every file read. */
  @Column({ type: 'integer', default: 0 })
  entries: number;

  /** Plays to write (track entries of 30 s or more; an instant repeated in the upload counts each time). */
  @Column({ name: 'plays_total', type: 'integer', default: 0 })
  playsTotal: number;

  /** Of playsTotal, how many have been written or found already stored. */
  @Column({ name: 'plays_processed', type: 'integer', default: 0 })
  playsProcessed: number;

  @Column({ type: 'integer', default: 0 })
  imported: number;

  /** Plays for an instant already stored (an earlier import, polling, or earlier in the upload). */
  @Column({ type: 'integer', default: 0 })
  duplicates: number;

  @Column({ name: 'podcasts_skipped', type: 'integer', default: 0 })
  podcastsSkipped: number;

  @Column({ name: 'short_plays_skipped', type: 'integer', default: 0 })
  shortPlaysSkipped: number;

  /** Entries with neither a track nor an episode (audiobooks, local files, videos). */
  @Column({ name: 'other_skipped', type: 'integer', default: 0 })
  otherSkipped: number;

  @Column({ type: 'varchar', length: 500, nullable: true })
  error: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
