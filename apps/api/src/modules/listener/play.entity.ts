import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** poll: read by the polling service; baseline: the last 50 plays imported at connect; import: streaming history. */
export type PlaySource = 'poll' | 'baseline' | 'import';

/** The listening source that reported the play. */
export type PlayOrigin = 'spotify' | 'lastfm' | 'listenbrainz';

/** How a play from another source found its Spotify track (null: a Spotify play, which names it). */
export type PlayMatch = 'spotify_id' | 'isrc' | 'name';

/**
 * One play of a track by a listener. Stored once: unique on (listener, played_at). Append-mostly and large:
 * range-partitioned by month on played_at (migration PartitionClicksAndPlays, database/partitions), so the
 * primary key is (id, played_at); ids still come from one sequence and stay unique across partitions.
 */
@Entity('plays')
@Index('UQ_plays_listener_played_at', ['listenerId', 'playedAt'], { unique: true })
@Index('IX_plays_track_time', ['trackId', 'playedAt'])
/** The retention job's oldest plays first (docs/operations.md, "Retention"). */
@Index('IX_plays_played_at', ['playedAt'])
@Index('IX_plays_listener_track', ['listenerId', 'trackId', 'playedAt'])
export class PlayEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @PrimaryColumn({ name: 'played_at', type: 'timestamptz' })
  playedAt: Date;

  @Column({ name: 'track_id', type: 'varchar', length: 22 })
  trackId: string;

  /** playlist, album, artist, collection… (playlist_v2 normalised to playlist); null: no context (Liked Songs). */
  @Column({ name: 'context_type', type: 'varchar', length: 20, nullable: true })
  contextType: string | null;

  @Column({ name: 'context_uri', type: 'varchar', length: 200, nullable: true })
  contextUri: string | null;

  @Column({ type: 'varchar', length: 10 })
  source: PlaySource;

  /** Streaming-history imports say how long it played; Spotify's API does not. */
  @Column({ name: 'ms_played', type: 'integer', nullable: true })
  msPlayed: number | null;

  /** Which source reported it; a play seen by several is stored once, by the first (docs/listeners.md). */
  @Column({ type: 'varchar', length: 12, default: 'spotify' })
  origin: PlayOrigin;

  @Column({ name: 'match_method', type: 'varchar', length: 10, nullable: true })
  matchMethod: PlayMatch | null;

  /** Other sources that reported this same play after it was stored (their copies were not stored). */
  @Column({ name: 'also_reported_by', type: 'text', array: true, default: '{}' })
  alsoReportedBy: PlayOrigin[];

  /** How sure the match to `track_id` is (1 for Spotify plays): a factor of the attribution score. */
  @Column({ name: 'match_confidence', type: 'real', default: 1 })
  matchConfidence: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
