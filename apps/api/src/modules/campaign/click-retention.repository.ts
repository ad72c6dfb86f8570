import { EntityManager } from 'typeorm';
import { updatedRows } from '../../database/updated-rows';

/**
 * The retention job's statements on `clicks` (docs/operations.md, "Retention"). Each touches at most `limit`
 * rows, chosen with FOR UPDATE SKIP LOCKED so that several processes share the work without waiting on each
 * other, and names rows by (id, clicked_at) so it stays pruned once `clicks` is partitioned by clicked_at.
 * The caller runs each in a short transaction of its own with `soundlink.retention` set (see
 * ClickRetention1796485449349: the deletion trigger then leaves the rollups alone).
 */

/**
 * Clears the hashed IP and user agent of up to `limit` clicks made before `before` and from `from` on (the
 * partial index's rows; older ones are deleted by the same run, so clearing them first would be wasted work).
 */
export async function anonymiseClicksBefore(
  manager: EntityManager,
  from: Date,
  before: Date,
  limit: number,
): Promise<number> {
  const rows = (await manager.query(
    `WITH due AS (
       SELECT id, clicked_at FROM clicks
        WHERE ip_hash IS NOT NULL AND clicked_at >= $3 AND clicked_at < $1
        ORDER BY clicked_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     UPDATE clicks k SET ip_hash = NULL, user_agent = NULL
       FROM due WHERE k.id = due.id AND k.clicked_at = due.clicked_at
     RETURNING 1`,
    [before, limit, from],
  )) as unknown;
  return updatedRows(rows).length;
}

/** Deletes up to `limit` clicks of these campaigns made before `before` (IX_clicks_campaign_time). */
export async function deleteClicksBefore(
  manager: EntityManager,
  campaignIds: string[],
  before: Date,
  limit: number,
): Promise<number> {
  const rows = (await manager.query(
    `WITH due AS (
       SELECT id, clicked_at FROM clicks
        WHERE campaign_id = ANY($1::uuid[]) AND clicked_at < $2
        ORDER BY clicked_at LIMIT $3 FOR UPDATE SKIP LOCKED)
     DELETE FROM clicks k USING due WHERE k.id = due.id AND k.clicked_at = due.clicked_at
     RETURNING 1`,
    [campaignIds, before, limit],
  )) as unknown;
  return updatedRows(rows).length;
}

/**
 * Every campaign's click retention in days: its own, else its owner's default, else the operator's maximum,
 * never above the maximum (a lowered CLICK_RETENTION_DAYS caps what owners chose before).
 */
export async function clickRetentionOfCampaigns(
  manager: EntityManager,
  maxDays: number,
  campaignIds?: string[],
): Promise<Array<{ campaignId: string; days: number }>> {
  return (await manager.query(
    `SELECT c.id AS "campaignId",
            least(coalesce(c.click_retention_days, o.click_retention_days, $1::int), $1::int)::int AS days
       FROM campaigns c JOIN owners o ON o.id = c.owner_id
      ${campaignIds ? 'WHERE c.id = ANY($2::uuid[])' : ''}`,
    campaignIds ? [maxDays, campaignIds] : [maxDays],
  )) as Array<{ campaignId: string; days: number }>;
}

/** Marks the current transaction as the retention job's (read by the deletion triggers). */
export async function markRetentionTransaction(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT set_config('soundlink.retention', 'on', true)`);
}
