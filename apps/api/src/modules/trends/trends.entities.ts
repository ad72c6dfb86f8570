import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
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

/*
 * Abstract bases (no @Entity, so no tables of their own): TypeORM gives their columns to each entity that
 * extends them. Parent columns come first in the metadata, so a base holds the leading key columns and
 * the counters, and an entity adds its item key after them: primary keys keep their column order.
 */

/** Public aggregate counters: plays and distinct listeners. */
abstract class TrendsCountColumns {
  @Column({ type: 'integer', default: 0 })
  plays: number;

  @Column({ type: 'integer', default: 0 })
  listeners: number;
}

/** A public per-UTC-day row: keyed by `day` (then by the entity's item key, if any). */
abstract class TrendsDayColumns extends TrendsCountColumns {
  @PrimaryColumn({ type: 'date' })
  day: string;
}

/** A PRIVATE presence row: a listener's plays on a UTC day, keyed by `day` (then item, then listener key). */
abstract class TrendsPresenceColumns {
  @Column({ type: 'integer' })
  plays: number;

  @PrimaryColumn({ type: 'date' })
  day: string;
}

/** A public rolling-window row: keyed by `span` and `end_day` (then by the entity's item key, if any). */
abstract class TrendsWindowColumns extends TrendsCountColumns {
  @PrimaryColumn({ type: 'smallint' })
  span: number;

  @PrimaryColumn({ name: 'end_day', type: 'date' })
  endDay: string;
}

/** Per UTC day and track: plays and distinct listeners (public). */
@Entity('trends_track_days')
export class TrendsTrackDayEntity extends TrendsDayColumns {
  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;
}

/** Per UTC day and artist (catalog id): plays of the artist's tracks and distinct listeners (public). */
@Entity('trends_artist_days')
export class TrendsArtistDayEntity extends TrendsDayColumns {
  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;
}

/** Per UTC day: all plays and distinct listeners (public; the denominator of the rising test). */
@Entity('trends_platform_days')
export class TrendsPlatformDayEntity extends TrendsDayColumns {}

/** PRIVATE: who (listener key) played which track on which UTC day, and how often. */
@Entity('trends_track_presence')
@Index('IX_trends_track_presence_listener', ['trackId', 'listenerKey', 'day'])
export class TrendsTrackPresenceEntity extends TrendsPresenceColumns {
  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;
}

/** PRIVATE: who (listener key) played which artist on which UTC day, and how often. */
@Entity('trends_artist_presence')
@Index('IX_trends_artist_presence_listener', ['artistId', 'listenerKey', 'day'])
export class TrendsArtistPresenceEntity extends TrendsPresenceColumns {
  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;

  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;
}

/** PRIVATE: who (listener key) played anything on which UTC day. */
@Entity('trends_platform_presence')
@Index('IX_trends_platform_presence_listener', ['listenerKey', 'day'])
export class TrendsPlatformPresenceEntity extends TrendsPresenceColumns {
  @PrimaryColumn({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;
}

/*
 * Rolling windows (public aggregates, docs/trends.md "Windows"): per window length (`span`, 7 or 28 days),
 * window end day (the window is the `span` UTC days ending with `end_day`) and item, the plays and the
 * exact distinct listeners of that window. Kept by the same triggers for every window that still matters
 * (end days from today − 1 − span on); a chart reads two rows per item.
 */

/** Per window (span, end day) and track: plays and distinct listeners (public). */
@Entity('trends_track_windows')
export class TrendsTrackWindowEntity extends TrendsWindowColumns {
  @PrimaryColumn({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;
}

/** Per window (span, end day) and artist: plays and distinct listeners (public). */
@Entity('trends_artist_windows')
export class TrendsArtistWindowEntity extends TrendsWindowColumns {
  @PrimaryColumn({ name: 'artist_id', type: 'varchar', length: 22 })
  artistId: string;
}

/** Per window (span, end day): all plays and distinct listeners (public; the rising test's denominator). */
@Entity('trends_platform_windows')
export class TrendsPlatformWindowEntity extends TrendsWindowColumns {}

/** PRIVATE: the salt of the listener keys (one row, created by the migration). */
@Entity('trends_salt')
export class TrendsSaltEntity {
  @PrimaryColumn({ type: 'smallint' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  salt: string;
}

/**
 * PRIVATE: plays stored or removed and not yet counted (docs/trends.md, "Counting"). The triggers on `plays`
 * append one row per (UTC day, track, listener key) a statement changed, `plays` signed (+ stored, − deleted);
 * a fold (TrendsRepository.fold, every few seconds and before a chart is computed) takes rows in id order
 * under one advisory lock, sums them per key and applies them to the presence, day and window rows. Polls no
 * longer update the shared day rows themselves, so they stop waiting on each other.
 */
@Entity('trends_play_queue')
export class TrendsPlayQueueEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'date' })
  day: string;

  @Column({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  @Column({ name: 'listener_key', type: 'uuid' })
  listenerKey: string;

  @Column({ type: 'integer' })
  plays: number;
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
  TrendsPlayQueueEntity,
];
