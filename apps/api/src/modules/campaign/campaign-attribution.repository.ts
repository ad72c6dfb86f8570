import { EntityManager } from 'typeorm';
import type { StatusPeriod } from '../attribution/attribution-model';

/**
 * What the attribution module reads and writes of the campaign module's tables (campaigns, clicks,
 * campaign_status_periods), as free functions in the caller's transaction: the campaign module calls
 * attribution's the same way, so neither Nest module imports the other's providers.
 */

/** The campaign's attribution generation, its row locked until the transaction ends (undefined: no campaign). */
export async function lockAttributionGeneration(
  manager: EntityManager,
  campaignId: string,
): Promise<number | undefined> {
  const [campaign] = (await manager.query(
    'SELECT attribution_generation FROM campaigns WHERE id = $1 FOR UPDATE',
    [campaignId],
  )) as Array<{ attribution_generation: number }>;
  return campaign?.attribution_generation;
}

/** Switches the campaign to another attribution generation (what every reader of attributions sees). */
export async function setAttributionGeneration(
  manager: EntityManager,
  campaignId: string,
  generation: number,
): Promise<void> {
  await manager.query('UPDATE campaigns SET attribution_generation = $2 WHERE id = $1', [
    campaignId,
    generation,
  ]);
}

/** The campaigns this listener clicked, by id. */
export async function campaignsClickedBy(manager: EntityManager, listenerId: string): Promise<string[]> {
  return (
    (await manager.query(
      'SELECT DISTINCT campaign_id FROM clicks WHERE listener_id = $1 ORDER BY campaign_id',
      [listenerId],
    )) as Array<{ campaign_id: string }>
  ).map((r) => r.campaign_id);
}

/** The listeners who clicked the campaign (by id when `ordered`). */
export async function listenersWhoClicked(
  manager: EntityManager,
  campaignId: string,
  ordered: boolean,
): Promise<string[]> {
  const rows = (await manager.query(
    ordered
      ? `SELECT DISTINCT listener_id FROM clicks WHERE campaign_id = $1 AND listener_id IS NOT NULL ORDER BY listener_id`
      : `SELECT DISTINCT listener_id FROM clicks WHERE campaign_id = $1 AND listener_id IS NOT NULL`,
    [campaignId],
  )) as Array<{ listener_id: string }>;
  return rows.map((r) => r.listener_id);
}

/** A listener's (non-bot, non-HEAD) clicks of the campaign, oldest first, with their link's label. */
export async function clicksOfListener(
  manager: EntityManager,
  listenerId: string,
  campaignId: string,
): Promise<
  Array<{
    id: string;
    link_id: string;
    clicked_at: Date;
    label: string | null;
    is_bot: boolean;
    is_head: boolean;
  }>
> {
  return (await manager.query(
    `SELECT k.id, k.link_id, k.clicked_at, k.is_bot, k.is_head, l.label
       FROM clicks k LEFT JOIN tracker_links l ON l.id = k.link_id
      WHERE k.listener_id = $1 AND k.campaign_id = $2 AND NOT k.is_bot AND NOT k.is_head
      ORDER BY k.clicked_at, k.id`,
    [listenerId, campaignId],
  )) as Array<{
    id: string;
    link_id: string;
    clicked_at: Date;
    label: string | null;
    is_bot: boolean;
    is_head: boolean;
  }>;
}

/** The campaign's status periods. */
export async function statusPeriods(manager: EntityManager, campaignId: string): Promise<StatusPeriod[]> {
  return (
    (await manager.query('SELECT status, since, until FROM campaign_status_periods WHERE campaign_id = $1', [
      campaignId,
    ])) as Array<{ status: StatusPeriod['status']; since: Date | null; until: Date | null }>
  ).map((r) => ({
    status: r.status,
    since: r.since ? new Date(r.since) : null,
    until: r.until ? new Date(r.until) : null,
  }));
}
