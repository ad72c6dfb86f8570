import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AlbumEntity } from './catalog/album.entity';
import { ArtistEntity } from './catalog/artist.entity';
import { TrackArtistEntity } from './catalog/track-artist.entity';

/*
 * The trends tables, all kept current by database triggers on `plays` (docs/trends.md).
 *
 * PUBLIC (aggregates, nothing per listener): trends_*_days and the rolling trends_*_windows.
 * PRIVATE (never read by an endpoint, never exported): the *_presence tables, one row per (UTC day, item,
 * listener key) with the listener's plays that day, kept for 56 days (TrendsScheduler prunes older ones).
 * The listener key is md5(salt || listener id) with a salt of this database (`trends_salt`); it lets the
 * triggers keep exact distinct listeners per day and per window, and lets
 * a deleted play (listener erasure) take its listener out of the counts. It is not a listener id column,
 * so erasure's pseudonymisation never rewrites it: erasure deletes the plays, and the triggers the rows.
 */

/** Per UTC day and track: plays and distinct listeners (public). */
@Entity('trends_track_days')
export class TrendsTrackDayEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** Per UTC day and artist (catalog id): plays of the artist's tracks and distinct listeners (public). */
@Entity('trends_artist_days')
export class TrendsArtistDayEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** Per UTC day: all plays and distinct listeners (public; the denominator of the rising test). */
@Entity('trends_platform_days')
export class TrendsPlatformDayEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** PRIVATE: who (listener key) played which track on which UTC day, and how often. */
@Entity('trends_track_presence')
@Index('IX_trends_track_presence_listener', ['trackId', 'listenerKey', 'day'])
export class TrendsTrackPresenceEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;

  @Column({ type: 'integer' })
  plays: number;
}

/** PRIVATE: who (listener key) played which artist on which UTC day, and how often. */
@Entity('trends_artist_presence')
@Index('IX_trends_artist_presence_listener', ['artistId', 'listenerKey', 'day'])
export class TrendsArtistPresenceEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;

  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;

  @Column({ type: 'integer' })
  plays: number;
}

/** PRIVATE: who (listener key) played anything on which UTC day. */
@Entity('trends_platform_presence')
@Index('IX_trends_platform_presence_listener', ['listenerKey', 'day'])
export class TrendsPlatformPresenceEntity {
  @PrimaryColumn({ type: 'date' })
  day: string;

  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;

  @Column({ type: 'integer' })
  plays: number;
}

/*
 * Rolling windows (public aggregates, docs/trends.md "Windows"): per window length (`span`, 7 or 28 days),
 * window end day (the window is the `span` UTC days ending with `end_day`) and item, the plays and the
 * exact distinct listeners of that window. Kept by the same triggers for every window that still matters
 * (end days from today − 1 − span on); a chart reads two rows per item.
 */

/** Per window (span, end day) and track: plays and distinct listeners (public). */
@Entity('trends_track_windows')
export class TrendsTrackWindowEntity {
  @PrimaryColumn({ type: 'smallint' })
  span: number;

  @PrimaryColumn({ name: 'end_day', type: 'date' })
  endDay: string;

  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** Per window (span, end day) and artist: plays and distinct listeners (public). */
@Entity('trends_artist_windows')
export class TrendsArtistWindowEntity {
  @PrimaryColumn({ type: 'smallint' })
  span: number;

  @PrimaryColumn({ name: 'end_day', type: 'date' })
  endDay: string;

  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** Per window (span, end day): all plays and distinct listeners (public; the rising test's denominator). */
@Entity('trends_platform_windows')
export class TrendsPlatformWindowEntity {
  @PrimaryColumn({ type: 'smallint' })
  span: number;

  @PrimaryColumn({ name: 'end_day', type: 'date' })
  endDay: string;

  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** PRIVATE: the salt of the listener keys (one row, created by the migration). */
@Entity('trends_salt')
export class TrendsSaltEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  salt: string;
}

export const trendsEntities = [
  ArtistEntity,
  AlbumEntity,
  TrackArtistEntity,
  TrendsTrackDayEntity,
  TrendsArtistDayEntity,
  TrendsPlatformDayEntity,
  TrendsTrackPresenceEntity,
  TrendsArtistPresenceEntity,
  TrendsPlatformPresenceEntity,
  TrendsTrackWindowEntity,
  TrendsArtistWindowEntity,
  TrendsPlatformWindowEntity,
  TrendsSaltEntity,
];
