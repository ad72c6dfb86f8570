import { EntityManager } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';

/**
 * Deletes up to `limit` plays made before `before` (IX_plays_played_at), for the retention job, in its
 * transaction (marked `soundlink.retention`, so the trends trigger keeps their counts). Rows are chosen with
 * FOR UPDATE SKIP LOCKED (several processes share the work) and named by (id, played_at), which stays
 * pruned once `plays` is partitioned by played_at. Attributions of these plays stay (docs/operations.md).
 */
export async function deletePlaysBefore(
  manager: EntityManager,
  before: Date,
  limit: number,
): Promise<number> {
  const result = (await manager.query(
    `WITH due AS (
       SELECT id, played_at FROM plays WHERE played_at < $1
        ORDER BY played_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     DELETE FROM plays p USING due WHERE p.id = due.id AND p.played_at = due.played_at
     RETURNING 1`,
    [before, limit],
  )) as unknown;
  return updatedRows(result).length;
}
