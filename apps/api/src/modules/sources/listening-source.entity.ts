import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Which listening service a source reads (Spotify stays on the listeners row). */
export type SourceKind = 'lastfm' | 'listenbrainz';

/**
 * active: polled; needs_reconnect: the service refused the credential (Last.fm error 9, ListenBrainz 401);
 * disconnected: the listener disconnected it (credential deleted).
 */
export type SourceStatus = 'active' | 'needs_reconnect' | 'disconnected';

/**
 * A Last.fm or ListenBrainz account a listener connected: the credential (Last.fm session key, ListenBrainz
 * user token) encrypted like Spotify tokens, the incremental cursor and the poll schedule with its lease.
 * One account follows one listener: (kind, account_name) is unique.
 */
@Entity('listening_sources')
@Index('UQ_listening_sources_account', ['kind', 'accountName'], { unique: true })
@Index('IX_listening_sources_listener', ['listenerId'])
@Index('IX_listening_sources_due', ['nextPollAt'], { where: `status = 'active'` })
export class ListeningSourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'listener_id', type: 'uuid' })
  listenerId: string;

  @Column({ type: 'varchar', length: 20 })
  kind: SourceKind;

  /** The user name on the service (Last.fm session name, ListenBrainz user_name). */
  @Column({ name: 'account_name', type: 'varchar', length: 200 })
  accountName: string;

  /** Null once disconnected. */
  @Column({ name: 'credential_enc', type: 'text', nullable: true })
  credentialEnc: string | null;

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status: SourceStatus;

  /** The newest playback start read, unix ms: the next poll asks from there (with an overlap). */
  @Column({ name: 'cursor_ms', type: 'bigint', nullable: true })
  cursorMs: string | null;

  @Column({ name: 'next_poll_at', type: 'timestamptz', nullable: true })
  nextPollAt: Date | null;

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

  @Column({ name: 'connected_at', type: 'timestamptz' })
  connectedAt: Date;
}
