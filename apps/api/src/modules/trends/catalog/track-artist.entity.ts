import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { ArtistEntity } from './artist.entity';

/** A track's credited artists in order (from `tracks.artist_ids`, or resolved from its names). */
@Entity('track_artists')
@Index('IX_track_artists_artist', ['artistId'])
export class TrackArtistEntity {
  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  /** 1 for the first credited artist. */
  @PrimaryColumn({ type: 'smallint' })
  position: number;

  @Column({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;

  @ManyToOne(() => ArtistEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'artist_id' })
  artist?: ArtistEntity;
}
