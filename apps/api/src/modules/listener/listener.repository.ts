import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';
import type { ListenerStatus } from './listener.entity';

/** A listener as their privacy API and a manual sync read them. */
export interface ListenerRow {
  id: string;
  /** Null: the listener connected Last.fm or ListenBrainz only. */
  spotify_user_id: string | null;
  display_name: string | null;
  status: ListenerStatus;
  access_token_enc: string | null;
  refresh_token_enc: string | null;
  token_expires_at: Date | null;
  consented_at: Date;
  created_at: Date;
  disconnected_at: Date | null;
  last_polled_at: Date | null;
  cursor_ms: string | null;
}

/** What a connect stores about the listener (tokens already encrypted). */
export interface ConnectedListener {
  spotifyUserId: string;
  displayName: string | null;
  accessTokenEnc: string;
  refreshTokenEnc: string;
  tokenExpiresAt: Date;
  scope: string;
  consentedAt: Date;
  nextPollAt: Date;
}

/**
 * listeners, plays, tracks and observation_gaps as the listener module reads and writes them outside the
 * play ingest (play-ingest.repository.ts): the connect's upsert, the guard's check, the privacy API.
 */
@Injectable()
export class ListenerRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async exists(listenerId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT id FROM listeners WHERE id = $1', [
      listenerId,
    ]);
    return rows.length > 0;
  }

  async find(listenerId: string): Promise<ListenerRow | undefined> {
    const [row] = (await this.dataSource.query(
      `SELECT id, spotify_user_id, display_name, status, access_token_enc, refresh_token_enc, token_expires_at, consented_at,
              created_at, disconnected_at, last_polled_at, cursor_ms
         FROM listeners WHERE id = $1`,
      [listenerId],
    )) as ListenerRow[];
    return row;
  }

  /**
   * Stores a connected listener (new, or the one with this Spotify account: active again, new tokens and
   * consent) in the connect's transaction; answers its id. created_at is set on the first connect only.
   */
  async upsertConnected(manager: EntityManager, listener: ConnectedListener): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO listeners (spotify_user_id, display_name, status, access_token_enc, refresh_token_enc,
                              token_expires_at, scope, consented_at, disconnected_at, next_poll_at, error_count,
                              last_error, created_at)
       VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, NULL, $8, 0, NULL, $7)
       ON CONFLICT (spotify_user_id) DO UPDATE SET
         display_name = EXCLUDED.display_name, status = 'active',
         access_token_enc = EXCLUDED.access_token_enc, refresh_token_enc = EXCLUDED.refresh_token_enc,
         token_expires_at = EXCLUDED.token_expires_at, scope = EXCLUDED.scope,
         consented_at = EXCLUDED.consented_at, disconnected_at = NULL, next_poll_at = EXCLUDED.next_poll_at,
         error_count = 0, last_error = NULL, updated_at = now()
       RETURNING id`,
      [
        listener.spotifyUserId,
        listener.displayName,
        listener.accessTokenEnc,
        listener.refreshTokenEnc,
        listener.tokenExpiresAt,
        listener.scope,
        listener.consentedAt,
        listener.nextPollAt,
      ],
    )) as Array<{ id: string }>;
    return (row as { id: string }).id;
  }

  /**
   * A listener who connects Last.fm or ListenBrainz without Spotify: no Spotify account, no tokens, never due
   * for a Spotify poll (next_poll_at NULL); their sources are polled by the sources module.
   */
  async createWithoutSpotify(
    manager: EntityManager,
    listener: { displayName: string | null; consentedAt: Date },
  ): Promise<string> {
    const [row] = (await manager.query(
      `INSERT INTO listeners (spotify_user_id, display_name, status, consented_at, next_poll_at, created_at)
       VALUES (NULL, $1, 'active', $2, NULL, $2) RETURNING id`,
      [listener.displayName, listener.consentedAt],
    )) as Array<{ id: string }>;
    return (row as { id: string }).id;
  }

  /**
   * Gives Spotify to a listener who connected only Last.fm or ListenBrainz (their browser's cookie names them):
   * the same fields as upsertConnected. Answers false when that listener has a Spotify account already.
   */
  async attachSpotify(
    manager: EntityManager,
    listenerId: string,
    listener: ConnectedListener,
  ): Promise<boolean> {
    const rows = (await manager.query(
      `UPDATE listeners SET spotify_user_id = $2, display_name = COALESCE($3, display_name), status = 'active',
              access_token_enc = $4, refresh_token_enc = $5, token_expires_at = $6, scope = $7, consented_at = $8,
              disconnected_at = NULL, next_poll_at = $9, error_count = 0, last_error = NULL, updated_at = now()
        WHERE id = $1 AND spotify_user_id IS NULL
      RETURNING id`,
      [
        listenerId,
        listener.spotifyUserId,
        listener.displayName,
        listener.accessTokenEnc,
        listener.refreshTokenEnc,
        listener.tokenExpiresAt,
        listener.scope,
        listener.consentedAt,
        listener.nextPollAt,
      ],
    )) as unknown;
    return updatedRows<{ id: string }>(rows).length > 0;
  }

  /** Locks the listener's row in the caller's transaction; false when there is no such listener. */
  async lock(manager: EntityManager, listenerId: string): Promise<boolean> {
    const rows = (await manager.query('SELECT id FROM listeners WHERE id = $1 FOR UPDATE', [
      listenerId,
    ])) as unknown[];
    return rows.length > 0;
  }

  /**
   * How many clicks and plays name the listener, in one statement (a justified read of clicks, the campaign
   * module's table: the listener's page asks for both at once).
   */
  async counts(listenerId: string): Promise<{ clicks: number; plays: number } | undefined> {
    const [counts] = (await this.dataSource.query(
      `SELECT (SELECT count(*) FROM clicks WHERE listener_id = $1)::int AS clicks,
              (SELECT count(*) FROM plays WHERE listener_id = $1)::int AS plays`,
      [listenerId],
    )) as Array<{ clicks: number; plays: number }>;
    return counts;
  }

  /** The listener's 20 latest plays with their track's name and artists. */
  async recentPlays(
    listenerId: string,
  ): Promise<Array<{ played_at: Date; source: string; track_name: string; artist_names: string[] }>> {
    return (await this.dataSource.query(
      `SELECT p.played_at, p.source, COALESCE(t.name, p.track_id) AS track_name,
              COALESCE(t.artist_names, '{}') AS artist_names
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.listener_id = $1
        ORDER BY p.played_at DESC
        LIMIT 20`,
      [listenerId],
    )) as Array<{ played_at: Date; source: string; track_name: string; artist_names: string[] }>;
  }

  async playCount(listenerId: string): Promise<number> {
    const [row] = (await this.dataSource.query(
      'SELECT count(*)::int AS n FROM plays WHERE listener_id = $1',
      [listenerId],
    )) as Array<{ n: number }>;
    return row?.n ?? 0;
  }

  /** The listener's row as their export shows it (never the tokens). */
  async exportRow(listenerId: string): Promise<Record<string, unknown> | undefined> {
    const [listener] = (await this.dataSource.query(
      `SELECT id, spotify_user_id AS "spotifyUserId", display_name AS "displayName", status, scope, timezone,
              consented_at AS "consentedAt", disconnected_at AS "disconnectedAt", created_at AS "createdAt",
              last_polled_at AS "lastPolledAt", last_play_at AS "lastPlayAt", next_poll_at AS "nextPollAt"
         FROM listeners WHERE id = $1`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
    return listener;
  }

  /** Every play of the listener, oldest first, with its track (their export). */
  async exportPlays(listenerId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.dataSource.query(
      `SELECT p.played_at AS "playedAt", p.track_id AS "trackId", t.name AS "trackName",
              t.artist_names AS "artistNames", t.album_name AS "albumName", p.context_type AS "contextType",
              p.context_uri AS "contextUri", p.source, p.ms_played AS "msPlayed", p.created_at AS "recordedAt"
         FROM plays p LEFT JOIN tracks t ON t.id = p.track_id
        WHERE p.listener_id = $1 ORDER BY p.played_at`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
  }

  /** The periods the listener's plays were not observed (their export). */
  async exportGaps(listenerId: string): Promise<Array<Record<string, unknown>>> {
    return (await this.dataSource.query(
      `SELECT gap_from AS "from", gap_to AS "to", detected_at AS "detectedAt"
         FROM observation_gaps WHERE listener_id = $1 ORDER BY gap_from`,
      [listenerId],
    )) as Array<Record<string, unknown>>;
  }

  /** Tokens deleted, polling stopped, the lease released. */
  async disconnect(listenerId: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE listeners SET status = 'disconnected', access_token_enc = NULL, refresh_token_enc = NULL,
              token_expires_at = NULL, next_poll_at = NULL, lease_owner = NULL, lease_until = NULL,
              disconnected_at = now(), updated_at = now()
        WHERE id = $1`,
      [listenerId],
    );
  }

  /** Polling stops with this status and reason (last_polled_at: when, for the gap a reconnect records). */
  async markStatus(listenerId: string, status: ListenerStatus, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE listeners SET status = $2, next_poll_at = NULL, last_error = $3, last_polled_at = now(), updated_at = now()
        WHERE id = $1`,
      [listenerId, status, reason.slice(0, 300)],
    );
  }
}
