import { Column, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One row per artist heard in plays or imports (the catalog, kept by database triggers on `tracks`:
 * docs/trends.md). `id` is Spotify's artist id; an artist known only by name (streaming-history imports
 * carry names, not ids) gets a provisional id, `~` followed by 21 hex characters of the md5 of its
 * normalised name, until a track with the real id names it (then its tracks and counts move over).
 */
@Entity('artists')
@Index('IX_artists_name_key', ['nameKey'])
export class ArtistEntity {
  @PrimaryColumn({ type: 'varchar', length: 22 })
  id: string;

  /** The newest name Spotify gave for this id. */
  @Column({ type: 'varchar', length: 500 })
  name: string;

  /** The name lower-cased with whitespace collapsed: how name-only artists are matched. */
  @Column({ name: 'name_key', type: 'varchar', length: 500 })
  nameKey: string;

  /** Known only by name (no Spotify id yet). */
  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
