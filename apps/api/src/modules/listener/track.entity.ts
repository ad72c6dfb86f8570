import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Track metadata seen in plays (upserted from the plays themselves: no extra Spotify calls). */
@Entity('tracks')
// Plays from Last.fm and ListenBrainz find their track by normalised artist and title: an index on the SQL
// function `soundlink_match_key` (migration SourcePlays), which TypeORM cannot express (so not synchronised).
@Index('IX_tracks_match_key', { synchronize: false })
@Index('IX_tracks_isrc', ['isrc'])
export class TrackEntity {
  @PrimaryColumn({ type: 'varchar', length: 22 })
  id: string;

  @Column({ type: 'varchar', length: 500 })
  name: string;

  @Column({ name: 'artist_ids', type: 'text', array: true, default: '{}' })
  artistIds: string[];

  @Column({ name: 'artist_names', type: 'text', array: true, default: '{}' })
  artistNames: string[];

  @Column({ name: 'album_id', type: 'varchar', length: 22, nullable: true })
  albumId: string | null;

  @Column({ name: 'album_name', type: 'varchar', length: 500, nullable: true })
  albumName: string | null;

  @Column({ name: 'image_url', type: 'varchar', length: 500, nullable: true })
  imageUrl: string | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs: number | null;

  /** The recording's ISRC (Spotify's external_ids.isrc): how a ListenBrainz listen can name it. */
  @Column({ type: 'varchar', length: 12, nullable: true })
  isrc: string | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
