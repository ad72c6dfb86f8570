import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PlayOrigin } from './play.entity';

/**
 * A play from Last.fm or ListenBrainz that matched no Spotify track Soundlink knows: kept with its names for
 * the listener's own insights, never attributed. Stored once per (listener, source, start).
 */
@Entity('unmatched_plays')
@Index('UQ_unmatched_plays_listener_start', ['listenerId', 'origin', 'startedAt'], { unique: true })
export class UnmatchedPlayEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ type: 'varchar', length: 12 })
  origin: PlayOrigin;

  /** When playback started (what Last.fm and ListenBrainz report). */
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Column({ name: 'artist_name', type: 'varchar', length: 500 })
  artistName: string;

  @Column({ name: 'track_name', type: 'varchar', length: 500 })
  trackName: string;

  @Column({ name: 'album_name', type: 'varchar', length: 500, nullable: true })
  albumName: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
