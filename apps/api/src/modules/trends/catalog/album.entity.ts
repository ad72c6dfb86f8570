import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * One row per album heard in plays or imports (kept by the trigger on `tracks`, like `artists`). An album
 * known only by name gets a provisional id: `~` + 21 hex characters of the md5 of its normalised name and
 * its first artist's normalised name.
 */
@Entity('albums')
export class AlbumEntity {
  @PrimaryColumn({ type: 'varchar', length: 22 })
  id: string;

  /** The newest name given for this id. */
  @Column({ type: 'varchar', length: 500 })
  name: string;

  /** The first artist of the newest track naming the album (a catalog id of `artists`). */
  @Column({ name: 'artist_id', type: 'varchar', length: 22, nullable: true })
  artistId: string | null;

  @Column({ name: 'image_url', type: 'varchar', length: 500, nullable: true })
  imageUrl: string | null;

  @Column({ type: 'boolean', default: false })
  provisional: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
