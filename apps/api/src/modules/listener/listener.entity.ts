import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * active: polled; needs_reconnect: Spotify refused the refresh token (invalid_grant / 401 after refresh);
 * dev_mode_blocked: the app's development-mode user cap refused this user (403 "User not registered…");
 * disconnected: the listener disconnected (tokens deleted).
 */
export type ListenerStatus = 'active' | 'needs_reconnect' | 'dev_mode_blocked' | 'disconnected';

/** A Spotify account that connected through a tracker link. Tokens are stored encrypted (AES-256-GCM). */
@Entity('listeners')
@Index('IX_listeners_due', ['nextPollAt'], { where: `status = 'active'` })
export class ListenerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /**
   * Spotify's stable account_id when it gives one, else the user id: the key a listener is known by. Null
   * for a listener who connected only Last.fm or ListenBrainz (no tokens, never due for a Spotify poll).
   */
  @Index('UQ_listeners_spotify_user', { unique: true })
  @Column({ name: 'spotify_user_id', type: 'varchar', length: 100, nullable: true })
  spotifyUserId: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 300, nullable: true })
  displayName: string | null;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status: ListenerStatus;

  @Column({ name: 'access_token_enc', type: 'text', nullable: true })
  accessTokenEnc: string | null;

  @Column({ name: 'refresh_token_enc', type: 'text', nullable: true })
  refreshTokenEnc: string | null;

  @Column({ name: 'token_expires_at', type: 'timestamptz', nullable: true })
  tokenExpiresAt: Date | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  scope: string | null;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timezone: string;

  @Column({ name: 'consented_at', type: 'timestamptz' })
  consentedAt: Date;

  @Column({ name: 'disconnected_at', type: 'timestamptz', nullable: true })
  disconnectedAt: Date | null;

  /** When this listener is next due for a poll (null: never, e.g. disconnected). */
  @Column({ name: 'next_poll_at', type: 'timestamptz', nullable: true })
  nextPollAt: Date | null;

  /** The newest played_at seen, in unix ms: the `after` cursor of the next poll. */
  @Column({ name: 'cursor_ms', type: 'bigint', nullable: true })
  cursorMs: string | null;

  /** Which process holds the poll of this listener, until when (a crashed process's lease expires). */
  @Column({ name: 'lease_owner', type: 'varchar', length: 100, nullable: true })
  leaseOwner: string | null;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'error_count', type: 'integer', default: 0 })
  errorCount: number;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError: string | null;

  @Column({ name: 'last_polled_at', type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  /** played_at of the newest play seen: how active the listener is (drives the adaptive schedule). */
  @Column({ name: 'last_play_at', type: 'timestamptz', nullable: true })
  lastPlayAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
