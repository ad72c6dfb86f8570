import { EntityManager } from 'typeorm';
import type { PlaySpan } from './play-ingest.repository';

/**
 * What other modules read of the plays table in their own transactions, as free functions (the attribution
 * module runs inside the listener module's storing transactions, so it cannot inject the listener module).
 */

/**
 * Locks the plays' rows, in id order (FOR NO KEY UPDATE): concurrent writers of one play's attributions run
 * one after the other.
 */
export async function lockPlayRows(
  manager: EntityManager,
  playIds: string[],
  span?: PlaySpan,
): Promise<void> {
  if (playIds.length === 0) return;
  // With a span, the plays' months only (see PlaySpan): not every partition of plays locked and planned.
  const inSpan = span ? 'AND played_at BETWEEN $2::timestamptz AND $3::timestamptz' : '';
  await manager.query(
    `SELECT id FROM plays WHERE id = ANY($1::bigint[]) ${inSpan} ORDER BY id FOR NO KEY UPDATE`,
    span ? [playIds, span.from, span.to] : [playIds],
  );
}

/** The highest play id stored so far (0 when none). */
export async function maxPlayId(manager: EntityManager): Promise<string> {
  const [{ max_id }] = (await manager.query('SELECT coalesce(max(id), 0) AS max_id FROM plays')) as Array<{
    max_id: string;
  }>;
  return max_id;
}

/** Plays of `listenerIds` stored after `afterPlayId`, and every play of `allOf`. */
export async function playsStoredSince(
  manager: EntityManager,
  listenerIds: string[],
  afterPlayId: string,
  allOf: string[],
): Promise<string[]> {
  return (
    (await manager.query(
      `SELECT id FROM plays
        WHERE (listener_id = ANY($1::uuid[]) AND id > $2) OR listener_id = ANY($3::uuid[])`,
      [listenerIds, afterPlayId, allOf],
    )) as Array<{ id: string }>
  ).map((r) => String(r.id));
}

/**
 * The tracks by this artist known so far (the catalog the plays wrote): an artist campaign's target set when
 * the campaign module creates it; tracks first seen later join it as their plays are stored (migration
 * ArtistCampaignTracks).
 */
export async function artistTrackIds(manager: EntityManager, artistId: string): Promise<string[]> {
  const rows: Array<{ id: string }> = await manager.query(
    `SELECT id FROM tracks WHERE $1 = ANY (artist_ids) ORDER BY id`,
    [artistId],
  );
  return rows.map((row) => row.id);
}
