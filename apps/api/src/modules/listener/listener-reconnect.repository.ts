import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { ListenerStatus } from './listener.entity';

/** A listener as it was before a connect: whether and since when nobody polled them. */
export interface ListenerBeforeConnect {
  status: ListenerStatus;
  /** When polling stopped: the failed poll that changed the status, or the disconnect. */
  stoppedAt: Date | null;
}

/** What a reconnect reads and writes about the period nobody polled (the connect's transaction). */
@Injectable()
export class ListenerReconnectRepository {
  /** The listener with this Spotify account before the connect (locked until the transaction ends), if any. */
  async before(manager: EntityManager, spotifyUserId: string): Promise<ListenerBeforeConnect | null> {
    const [row] = (await manager.query(
      `SELECT status,
              CASE WHEN status = 'disconnected' THEN COALESCE(disconnected_at, last_polled_at, updated_at)
                   ELSE COALESCE(last_polled_at, updated_at) END AS stopped_at
         FROM listeners WHERE spotify_user_id = $1 FOR UPDATE`,
      [spotifyUserId],
    )) as Array<{ status: ListenerStatus; stopped_at: Date | null }>;
    return row ? { status: row.status, stoppedAt: row.stopped_at } : null;
  }

  /** Whether the listener's Spotify has been polled since `since` or earlier (active, connected by then). */
  async spotifyActiveSince(manager: EntityManager, listenerId: string, since: Date): Promise<boolean> {
    const rows = (await manager.query(
      `SELECT 1 FROM listeners
        WHERE id = $1 AND status = 'active' AND refresh_token_enc IS NOT NULL AND consented_at <= $2`,
      [listenerId, since],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Records [from, to) as a period the listener's plays were not observed. */
  async recordGap(manager: EntityManager, listenerId: string, from: Date, to: Date): Promise<void> {
    if (from.getTime() >= to.getTime()) return;
    await manager.query(`INSERT INTO observation_gaps (listener_id, gap_from, gap_to) VALUES ($1, $2, $3)`, [
      listenerId,
      from,
      to,
    ]);
  }
}
